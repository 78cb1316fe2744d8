namespace FaxAppliance.Hal.Config;

/// <summary>Which board the appliance drives (board-config.json <c>kind</c>).</summary>
public enum BoardKind
{
    /// <summary><c>"auto"</c>: the Raspberry Pi board where its hardware is found, the simulated board elsewhere.</summary>
    Auto,

    /// <summary><c>"simulated"</c>: the in-process simulated board (line simulator, development, tests).</summary>
    Simulated,

    /// <summary><c>"rpi"</c>: the Raspberry Pi reference board (Si3050 DAA on SPI, audio on I2S).</summary>
    RaspberryPi,
}
