namespace FaxAppliance.Hal.Config;

/// <summary>
/// Which BCM GPIOs of the Raspberry Pi's 40-pin header the fixed-function interfaces take, for the pin checks of
/// board-config.json. Sources: BCM2711 ARM Peripherals §5.3 (alternative function assignments) and the
/// firmware's spiN-Ncs overlays (default chip-select pins); the header is the same on the Pi 3, 4 and 5.
/// </summary>
internal static class RaspberryPiPins
{
    /// <summary>Highest BCM GPIO on the 40-pin header.</summary>
    public const int MaxHeaderGpio = 27;

    /// <summary>GPIO 0 and 1 (ID_SD, ID_SC) are kept for the HAT ID EEPROM (Raspberry Pi HAT specification).</summary>
    public static bool IsHatEepromPin(int gpio) => gpio is 0 or 1;

    /// <summary>The PCM/I2S pins the audio uses: PCM_CLK, PCM_FS, PCM_DIN, PCM_DOUT on GPIO 18–21 (ALT0).</summary>
    public static string? PcmFunction(int gpio) => gpio switch
    {
        18 => "PCM_CLK",
        19 => "PCM_FS",
        20 => "PCM_DIN",
        21 => "PCM_DOUT",
        _ => null,
    };

    /// <summary>Whether an SPI bus is on the header, and if not why.</summary>
    public static string? SpiBusProblem(int bus) => bus switch
    {
        0 or 1 or 3 or 4 or 5 or 6 => null,
        2 => "SPI2 is not on the 40-pin header (Compute Modules only)",
        _ => "there is no such SPI bus (the 40-pin header has SPI0, SPI1 and, on the Pi 4 and 5, SPI3–SPI6)",
    };

    /// <summary>Number of hardware chip selects of a bus on the header.</summary>
    public static int ChipSelectCount(int bus) => bus == 1 ? 3 : 2;

    /// <summary>The GPIO of an SPI function of a bus on the header, or -1. Functions: SCLK, MOSI, MISO, CE0–CE2.</summary>
    public static int SpiPin(int bus, SpiFunction function) => (bus, function) switch
    {
        (0, SpiFunction.Sclk) => 11,
        (0, SpiFunction.Mosi) => 10,
        (0, SpiFunction.Miso) => 9,
        (0, SpiFunction.Ce0) => 8,
        (0, SpiFunction.Ce1) => 7,
        (1, SpiFunction.Sclk) => 21,
        (1, SpiFunction.Mosi) => 20,
        (1, SpiFunction.Miso) => 19,
        (1, SpiFunction.Ce0) => 18,
        (1, SpiFunction.Ce1) => 17,
        (1, SpiFunction.Ce2) => 16,
        (3, SpiFunction.Sclk) => 3,
        (3, SpiFunction.Mosi) => 2,
        (3, SpiFunction.Miso) => 1,
        (3, SpiFunction.Ce0) => 0,
        (3, SpiFunction.Ce1) => 24,
        (4, SpiFunction.Sclk) => 7,
        (4, SpiFunction.Mosi) => 6,
        (4, SpiFunction.Miso) => 5,
        (4, SpiFunction.Ce0) => 4,
        (4, SpiFunction.Ce1) => 25,
        (5, SpiFunction.Sclk) => 15,
        (5, SpiFunction.Mosi) => 14,
        (5, SpiFunction.Miso) => 13,
        (5, SpiFunction.Ce0) => 12,
        (5, SpiFunction.Ce1) => 26,
        (6, SpiFunction.Sclk) => 21,
        (6, SpiFunction.Mosi) => 20,
        (6, SpiFunction.Miso) => 19,
        (6, SpiFunction.Ce0) => 18,
        (6, SpiFunction.Ce1) => 27,
        _ => -1,
    };

    /// <summary>The pins of an SPI connection.</summary>
    internal enum SpiFunction
    {
        Sclk,
        Mosi,
        Miso,
        Ce0,
        Ce1,
        Ce2,
    }
}
