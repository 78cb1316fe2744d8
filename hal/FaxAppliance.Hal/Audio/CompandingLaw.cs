namespace FaxAppliance.Hal.Audio;

/// <summary>
/// The G.711 companding law of the codes an audio port carries. A board setting: the Si3050's PCM
/// interface is programmed for one of them (register 33, PCM/SPI Mode Select, field PCMF), and it must
/// match what the rest of the network uses (A-law in Europe and most of the world, µ-law in North America and Japan).
/// </summary>
public enum CompandingLaw
{
    /// <summary>ITU-T G.711 A-law.</summary>
    ALaw,

    /// <summary>ITU-T G.711 µ-law.</summary>
    MuLaw,
}
