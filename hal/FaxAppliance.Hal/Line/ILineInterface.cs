using FaxAppliance.Hal.Audio;

namespace FaxAppliance.Hal.Line;

/// <summary>
/// One analog (FXO) line interface: a DAA such as the Si3050 with its codec. The parts are separate device
/// classes so a backend can share one (the simulated board implements them all; the Raspberry Pi board drives
/// the DAA over SPI and the audio over I2S).
/// </summary>
/// <remarks>
/// Times in every event, status and frame timestamp are on one monotonic clock, <see cref="Now"/>, that starts
/// near zero when the board opens. Events are raised on HAL threads.
/// </remarks>
public interface ILineInterface : IDisposable
{
    /// <summary>Human-readable name of the board, for logs ("simulated", "Si3050 on SPI0.0").</summary>
    string Description { get; }

    /// <summary>The board's monotonic clock.</summary>
    TimeSpan Now { get; }

    /// <summary>The hook switch.</summary>
    IHookSwitch Hook { get; }

    /// <summary>The ring detector.</summary>
    IRingDetector Ring { get; }

    /// <summary>Line voltage, loop current and polarity.</summary>
    ILineMonitor Monitor { get; }

    /// <summary>The audio path in 20 ms G.711 frames.</summary>
    IAudioPort Audio { get; }
}
