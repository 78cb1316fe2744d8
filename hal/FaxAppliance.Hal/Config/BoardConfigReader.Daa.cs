using System.Globalization;
using System.Text.Json;
using static FaxAppliance.Hal.Config.RaspberryPiPins;

namespace FaxAppliance.Hal.Config;

/// <summary>The <c>daa</c> section: SPI bus and chip select, and the GPIOs, with the pin checks.</summary>
internal sealed partial class BoardConfigReader
{
    private const int MinSpiClockHz = 10_000;
    private const int MaxSpiClockHz = 16_000_000;
    private const int DefaultSpiClockHz = 1_000_000;

    private DaaConfig? ReadDaa(JsonElement root, bool needsHardware)
    {
        const string Why = "kind \"auto\" and \"rpi\" need the DAA's wiring; use kind \"simulated\" for a machine without the board";
        if (!TryGetObject(root, string.Empty, "daa", needsHardware, Why, out JsonElement daa))
        {
            return null;
        }

        CheckFields(daa, "daa", DaaFields);

        // The DAA's audio runs over the PCM/I2S pins whatever else is configured.
        for (int gpio = 0; gpio <= MaxHeaderGpio; gpio++)
        {
            if (PcmFunction(gpio) is { } function)
            {
                _pinOwners[gpio] = $"the I2S audio ({function})";
            }
        }

        SpiConfig? spi = ReadSpi(daa);
        int? reset = ReadGpio(daa, "resetGpio", required: true, "the GPIO wired to the DAA's RESET pin");
        int? interrupt = ReadGpio(daa, "interruptGpio", required: true, "the GPIO wired to the DAA's INT pin");
        int? ringDetect = ReadGpio(daa, "ringDetectGpio", required: false, null);
        if (spi is null || reset is null || interrupt is null)
        {
            return null;
        }

        return new DaaConfig(spi, reset.Value, interrupt.Value, ringDetect);
    }

    private SpiConfig? ReadSpi(JsonElement daa)
    {
        if (!TryGetObject(daa, "daa", "spi", required: true, "the Si3050 is controlled over SPI; give bus and chipSelect", out JsonElement spi))
        {
            return null;
        }

        CheckFields(spi, "daa.spi", SpiFields);
        bool hasBus = TryGetInt(spi, "daa.spi", "bus", required: true, "the SPI controller, e.g. 0 for /dev/spidev0.*", out int bus);
        bool hasCs = TryGetInt(spi, "daa.spi", "chipSelect", required: true, "the chip-select line, e.g. 0 for /dev/spidev0.0", out int chipSelect);
        int clockHz = DefaultSpiClockHz;
        if (TryGetInt(spi, "daa.spi", "clockHz", required: false, null, out int clock))
        {
            clockHz = clock;
            if (clock < MinSpiClockHz || clock > MaxSpiClockHz)
            {
                Error("daa.spi.clockHz", string.Create(CultureInfo.InvariantCulture, $"must be between {MinSpiClockHz} and {MaxSpiClockHz} Hz; got {clock}"));
            }
        }

        if (!hasBus)
        {
            return null;
        }

        if (SpiBusProblem(bus) is { } problem)
        {
            Error("daa.spi.bus", string.Create(CultureInfo.InvariantCulture, $"{problem}; got {bus}"));
            return null;
        }

        string busName = string.Create(CultureInfo.InvariantCulture, $"SPI{bus}");
        string? clash = Clashes(bus, busName, SpiFunction.Sclk, SpiFunction.Mosi, SpiFunction.Miso);
        if (clash is not null)
        {
            Error("daa.spi.bus", clash);
            return null;
        }

        if (!hasCs)
        {
            return null;
        }

        int chipSelects = ChipSelectCount(bus);
        if (chipSelect < 0 || chipSelect >= chipSelects)
        {
            Error("daa.spi.chipSelect", string.Create(CultureInfo.InvariantCulture, $"{busName} has chip selects 0 to {chipSelects - 1}; got {chipSelect}"));
            return null;
        }

        clash = Clashes(bus, busName, SpiFunction.Ce0 + chipSelect);
        if (clash is not null)
        {
            Error("daa.spi.chipSelect", clash);
            return null;
        }

        foreach (SpiFunction function in (ReadOnlySpan<SpiFunction>)[SpiFunction.Sclk, SpiFunction.Mosi, SpiFunction.Miso, SpiFunction.Ce0 + chipSelect])
        {
            _pinOwners[SpiPin(bus, function)] = $"{busName} {function.ToString().ToUpperInvariant()} (daa.spi)";
        }

        return new SpiConfig(bus, chipSelect, clockHz);
    }

    // One message for every pin of the bus that something else already uses, or null.
    private string? Clashes(int bus, string busName, params ReadOnlySpan<SpiFunction> functions)
    {
        var clashes = new List<string>();
        foreach (SpiFunction function in functions)
        {
            int gpio = SpiPin(bus, function);
            if (_pinOwners.TryGetValue(gpio, out string? owner))
            {
                clashes.Add(string.Create(CultureInfo.InvariantCulture, $"{function.ToString().ToUpperInvariant()} on GPIO {gpio}, already used by {owner}"));
            }
        }

        return clashes.Count == 0 ? null : $"{busName} needs {string.Join("; ", clashes)}";
    }

    private int? ReadGpio(JsonElement daa, string name, bool required, string? why)
    {
        if (!TryGetInt(daa, "daa", name, required, why, out int gpio))
        {
            return null;
        }

        string path = "daa." + name;
        if (gpio < 0 || gpio > MaxHeaderGpio)
        {
            Error(path, string.Create(CultureInfo.InvariantCulture, $"unknown GPIO {gpio}: the 40-pin header has BCM GPIO 0 to {MaxHeaderGpio}"));
            return null;
        }

        if (IsHatEepromPin(gpio))
        {
            Error(path, string.Create(CultureInfo.InvariantCulture, $"GPIO {gpio} is kept for the HAT ID EEPROM (ID_SD/ID_SC)"));
            return null;
        }

        if (_pinOwners.TryGetValue(gpio, out string? owner))
        {
            Error(path, string.Create(CultureInfo.InvariantCulture, $"GPIO {gpio} is already used by {owner}"));
            return null;
        }

        _pinOwners[gpio] = path;
        return gpio;
    }
}
