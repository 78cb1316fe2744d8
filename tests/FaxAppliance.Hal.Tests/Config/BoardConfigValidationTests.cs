using System.Text;
using FaxAppliance.Hal.Audio;
using FaxAppliance.Hal.Config;
using FaxAppliance.Hal.Line;
using static FaxAppliance.Hal.Tests.Config.ConfigText;

namespace FaxAppliance.Hal.Tests.Config;

public class BoardConfigValidationTests
{
    [Fact]
    public void ValidRpiConfig_ParsesEveryField()
    {
        BoardConfig config = Valid(ValidRpi);

        Assert.Equal(BoardKind.RaspberryPi, config.Kind);
        Assert.Equal(new AudioConfig(8000, 20, CompandingLaw.ALaw, "hw:CARD=faxdaa,DEV=0"), config.Audio);
        Assert.Equal(new DaaConfig(new SpiConfig(0, 0, 1_000_000), 17, 27, 22), config.Daa);
        Assert.Equal("/dev/spidev0.0", config.Daa!.Spi.DevicePath);
        Assert.Equal(RingCadence.FromMilliseconds(2000, 4000), config.Simulated.RingCadence);
        Assert.Equal((48.0, 8.0, 25.0), (config.Simulated.OnHookVolts, config.Simulated.OffHookVolts, config.Simulated.OffHookMilliamps));
    }

    [Fact]
    public void SimulatedKind_NeedsOnlyTheLaw_AndDefaultsTheRest()
    {
        BoardConfig config = Valid("""{ "kind": "simulated", "audio": { "law": "ulaw" } }""");

        Assert.Equal(BoardKind.Simulated, config.Kind);
        Assert.Equal(CompandingLaw.MuLaw, config.Audio.Law);
        Assert.Equal(8000, config.Audio.SampleRate);
        Assert.Equal(20, config.Audio.FrameMilliseconds);
        Assert.Null(config.Daa);
        Assert.Equal(SimulatedConfig.Default, config.Simulated);
    }

    [Fact]
    public void MissingKind_MeansAuto_WhichNeedsTheDaa()
    {
        Assert.Equal(BoardKind.Auto, Valid(Without("kind")).Kind);
        Single(Without("kind").Replace("\"daa\"", "\"$daa\"", StringComparison.Ordinal), "daa", "missing", "auto");
    }

    [Theory]
    [InlineData("\"raspberry\"", "unknown board kind \"raspberry\"")]
    [InlineData("3", "expected a string, got 3")]
    public void Kind_UnknownOrNotAString_IsNamed(string value, string fragment) => Single(With("kind", value), "kind", fragment);

    [Theory]
    [InlineData("\"RPI\"", BoardKind.RaspberryPi)]
    [InlineData("\"auto\"", BoardKind.Auto)]
    [InlineData("\"Simulated\"", BoardKind.Simulated)]
    public void Kind_IsCaseInsensitive(string value, BoardKind expected) => Assert.Equal(expected, Valid(With("kind", value)).Kind);

    [Fact]
    public void Audio_Missing_IsNamed() => Single(Without("audio"), "audio", "missing");

    [Theory]
    [InlineData("16000")]
    [InlineData("44100")]
    public void SampleRate_Not8000_IsNamedWithTheReason(string value) => Single(With("audio.sampleRate", value), "audio.sampleRate", "must be 8000", "got " + value);

    [Fact]
    public void SampleRate_NotAWholeNumber_IsNamed() => Single(With("audio.sampleRate", "8000.5"), "audio.sampleRate", "expected a whole number");

    [Fact]
    public void FrameLength_Not20Ms_IsNamed() => Single(With("audio.frameMs", "30"), "audio.frameMs", "must be 20", "got 30");

    [Theory]
    [InlineData("\"alaw\"", CompandingLaw.ALaw)]
    [InlineData("\"ulaw\"", CompandingLaw.MuLaw)]
    [InlineData("\"mulaw\"", CompandingLaw.MuLaw)]
    [InlineData("\"ALAW\"", CompandingLaw.ALaw)]
    public void Law_KnownNames_Parse(string value, CompandingLaw expected) => Assert.Equal(expected, Valid(With("audio.law", value)).Audio.Law);

    [Fact]
    public void Law_Unknown_IsNamed() => Single(With("audio.law", "\"linear16\""), "audio.law", "unknown companding law \"linear16\"");

    [Fact]
    public void Law_Missing_IsNamed() => Single(Without("audio.law"), "audio.law", "missing");

    [Fact]
    public void AlsaDevice_MissingForRpi_IsNamed() => Single(Without("audio.alsaDevice"), "audio.alsaDevice", "missing", "ALSA");

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"hw 0\"")]
    public void AlsaDevice_EmptyOrWithSpaces_IsNamed(string value) => Single(With("audio.alsaDevice", value), "audio.alsaDevice", "is not an ALSA device name");

    [Fact]
    public void Daa_MissingForRpi_IsNamed() => Single(Without("daa"), "daa", "missing");

    [Fact]
    public void Spi_Missing_IsNamed() => Single(Without("daa.spi"), "daa.spi", "missing", "SPI");

    [Fact]
    public void SpiBus_Missing_IsNamed() => Single(Without("daa.spi.bus"), "daa.spi.bus", "missing");

    [Theory]
    [InlineData("2", "SPI2 is not on the 40-pin header")]
    [InlineData("7", "there is no such SPI bus")]
    [InlineData("-1", "there is no such SPI bus")]
    [InlineData("\"0\"", "expected a whole number, got a string")]
    public void SpiBus_OutOfRangeOrWrongType_IsNamed(string value, string fragment) => Single(With("daa.spi.bus", value), "daa.spi.bus", fragment);

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public void SpiBus_SharingThePcmPins_IsRefused(int bus)
    {
        BoardConfigError error = Single(With("daa.spi.bus", bus.ToString()), "daa.spi.bus", $"SPI{bus}", "I2S audio");
        Assert.Contains("GPIO 2", error.Message, StringComparison.Ordinal); // 19, 20 or 21
    }

    [Fact]
    public void SpiBus3_IsAccepted() => Assert.Equal(3, Valid(With("daa.spi.bus", "3")).Daa!.Spi.Bus);

    [Fact]
    public void ChipSelect_Missing_IsNamed() => Single(Without("daa.spi.chipSelect"), "daa.spi.chipSelect", "missing");

    [Theory]
    [InlineData("2", "SPI0 has chip selects 0 to 1")]
    [InlineData("-1", "SPI0 has chip selects 0 to 1")]
    public void ChipSelect_OutOfRange_IsNamed(string value, string fragment) => Single(With("daa.spi.chipSelect", value), "daa.spi.chipSelect", fragment);

    [Theory]
    [InlineData("100000000")]
    [InlineData("100")]
    public void SpiClock_OutOfRange_IsNamed(string value) => Single(With("daa.spi.clockHz", value), "daa.spi.clockHz", "must be between");

    [Fact]
    public void SpiClock_Missing_Defaults() => Assert.Equal(1_000_000, Valid(Without("daa.spi.clockHz")).Daa!.Spi.ClockHz);

    [Theory]
    [InlineData("daa.resetGpio", "40", "unknown GPIO 40")]
    [InlineData("daa.interruptGpio", "-3", "unknown GPIO -3")]
    [InlineData("daa.ringDetectGpio", "28", "unknown GPIO 28")]
    public void Gpio_NotOnTheHeader_IsUnknown(string path, string value, string fragment) => Single(With(path, value), path, fragment);

    [Fact]
    public void Gpio_UsedTwice_NamesTheOtherField() => Single(With("daa.interruptGpio", "17"), "daa.interruptGpio", "GPIO 17 is already used by daa.resetGpio");

    [Theory]
    [InlineData("daa.resetGpio", "10", "SPI0 MOSI")]
    [InlineData("daa.resetGpio", "8", "SPI0 CE0")]
    [InlineData("daa.interruptGpio", "18", "PCM_CLK")]
    [InlineData("daa.ringDetectGpio", "21", "PCM_DOUT")]
    public void Gpio_TakenByTheSpiBusOrTheAudio_IsRefused(string path, string value, string owner) => Single(With(path, value), path, "already used by", owner);

    [Fact]
    public void Gpio_ChipSelectOneFreesCeZero()
    {
        BoardConfig config = Valid(With("daa.spi.chipSelect", "1").Replace("\"resetGpio\":17", "\"resetGpio\":8", StringComparison.Ordinal));
        Assert.Equal(8, config.Daa!.ResetGpio);
    }

    [Fact]
    public void Gpio_HatEepromPin_IsRefused() => Single(With("daa.resetGpio", "0"), "daa.resetGpio", "HAT ID EEPROM");

    [Fact]
    public void Gpio_RequiredOnesMissing_AreNamed()
    {
        Single(Without("daa.resetGpio"), "daa.resetGpio", "missing", "RESET");
        Single(Without("daa.interruptGpio"), "daa.interruptGpio", "missing", "INT");
    }

    [Fact]
    public void RingDetectGpio_IsOptional()
    {
        Assert.Null(Valid(Without("daa.ringDetectGpio")).Daa!.RingDetectGpio);
        Assert.Null(Valid(With("daa.ringDetectGpio", "null")).Daa!.RingDetectGpio);
    }

    [Theory]
    [InlineData("[2000]", "simulated.ringCadenceMs", "pairs")]
    [InlineData("[]", "simulated.ringCadenceMs", "pairs")]
    [InlineData("\"2s/4s\"", "simulated.ringCadenceMs", "expected an array")]
    [InlineData("[2000, 10]", "simulated.ringCadenceMs[1]", "between 50 and 30000")]
    [InlineData("[2000, \"4000\"]", "simulated.ringCadenceMs[1]", "expected a whole number")]
    public void RingCadence_Bad_NamesTheElement(string value, string path, string fragment) => Single(With("simulated.ringCadenceMs", value), path, fragment);

    [Fact]
    public void RingCadence_DoubleRing_Parses() =>
        Assert.Equal(RingCadence.FromMilliseconds(400, 200, 400, 2000), Valid(With("simulated.ringCadenceMs", "[400, 200, 400, 2000]")).Simulated.RingCadence);

    [Fact]
    public void SimulatedVoltages_OutOfRangeOrInverted_AreNamed()
    {
        Single(With("simulated.onHookVolts", "500"), "simulated.onHookVolts", "between");
        Single(With("simulated.offHookVolts", "60"), "simulated.offHookVolts", "below onHookVolts");
        Single(With("simulated.offHookMilliamps", "\"25\""), "simulated.offHookMilliamps", "expected a number");
    }

    [Theory]
    [InlineData("daa.spi", "buss")]
    [InlineData("audio", "samplerate")]
    public void UnknownField_IsNamed(string parent, string name) =>
        Single(With(parent + "." + name, "0"), parent + "." + name, "unknown field", "expected one of");

    [Fact]
    public void UnknownTopLevelField_IsNamed() => Single(With("board", "{}"), "board", "unknown field");

    [Fact]
    public void DollarFields_AreComments() => Valid(With("daa.$comment", "\"wired as on the schematic\""));

    [Fact]
    public void DuplicateField_IsNamed() =>
        Single(ValidRpi.Replace("\"resetGpio\": 17,", "\"resetGpio\": 17, \"resetGpio\": 23,", StringComparison.Ordinal), "daa.resetGpio", "given more than once");

    [Fact]
    public void WrongSectionType_IsNamed() => Single(With("daa", "[1, 2]"), "daa", "expected an object, got an array");

    [Fact]
    public void SeveralProblems_AreAllReported()
    {
        string json = With("audio.sampleRate", "16000").Replace("\"bus\":0", "\"bus\":9", StringComparison.Ordinal).Replace("\"law\":\"alaw\"", "\"law\":\"xlaw\"", StringComparison.Ordinal);
        IReadOnlyList<BoardConfigError> errors = Errors(json);

        Assert.Equal(["audio.sampleRate", "audio.law", "daa.spi.bus"], errors.Select(e => e.Path).ToArray());
    }

    [Fact]
    public void MalformedJson_GivesLineAndColumn()
    {
        const string Json = "{\n  \"kind\": \"rpi\"\n  \"audio\": {}\n}";
        BoardConfigError error = Assert.Single(Errors(Json));

        Assert.Equal(string.Empty, error.Path);
        Assert.StartsWith("not valid JSON at line 3, column 3:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"rpi\"")]
    [InlineData("{")]
    public void NotAnObject_IsReported(string json) => Assert.Single(Errors(json));

    [Fact]
    public void CommentsTrailingCommasAndByteOrderMark_AreAccepted()
    {
        string json = "\uFEFF// the board\n" + ValidRpi.Replace("\"ringDetectGpio\": 22", "\"ringDetectGpio\": 22, /* optional */", StringComparison.Ordinal);
        Assert.Equal(BoardKind.RaspberryPi, Valid(json).Kind);
    }

    [Fact]
    public void Parse_ThrowsBoardConfigException_WithEveryError()
    {
        var e = Assert.Throws<BoardConfigException>(() => BoardConfig.Parse(Encoding.UTF8.GetBytes(With("audio.frameMs", "10")), "test.json"));

        Assert.Equal("test.json", e.ConfigSource);
        BoardConfigError error = Assert.Single(e.Errors);
        Assert.Equal("audio.frameMs", error.Path);
        Assert.Contains("test.json is not valid: audio.frameMs: must be 20", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_SaysItCannotRead()
    {
        string path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), BoardConfig.FileName);
        var e = Assert.Throws<BoardConfigException>(() => BoardConfig.Load(path));

        Assert.StartsWith("cannot read", Assert.Single(e.Errors).Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ReadsAFile()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, ValidRpi);
            Assert.Equal(BoardKind.RaspberryPi, BoardConfig.Load(path).Kind);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
