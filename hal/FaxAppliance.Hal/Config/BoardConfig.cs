using System.Diagnostics.CodeAnalysis;
using FaxAppliance.Hal.Audio;
using FaxAppliance.Hal.Line;

namespace FaxAppliance.Hal.Config;

/// <summary>The audio settings (board-config.json <c>audio</c>).</summary>
/// <param name="SampleRate"><c>sampleRate</c>: always 8000.</param>
/// <param name="FrameMilliseconds"><c>frameMs</c>: always 20.</param>
/// <param name="Law"><c>law</c>: <c>"alaw"</c> or <c>"ulaw"</c>, the PCM format the DAA is set to.</param>
/// <param name="AlsaDevice"><c>alsaDevice</c>: the ALSA PCM device of the I2S codec link (Raspberry Pi board only).</param>
public sealed record AudioConfig(int SampleRate, int FrameMilliseconds, CompandingLaw Law, string? AlsaDevice);

/// <summary>The DAA's SPI connection (board-config.json <c>daa.spi</c>).</summary>
/// <param name="Bus"><c>bus</c>: SPI controller number (0, 1, 3–6 on the 40-pin header).</param>
/// <param name="ChipSelect"><c>chipSelect</c>: chip-select line of that bus.</param>
/// <param name="ClockHz"><c>clockHz</c>: SCLK frequency.</param>
public sealed record SpiConfig(int Bus, int ChipSelect, int ClockHz)
{
    /// <summary>The spidev node Linux creates for it, e.g. /dev/spidev0.0.</summary>
    public string DevicePath => $"/dev/spidev{Bus}.{ChipSelect}";
}

/// <summary>How the DAA is wired (board-config.json <c>daa</c>). GPIO numbers are BCM numbers.</summary>
/// <param name="Spi"><c>spi</c>: the control interface.</param>
/// <param name="ResetGpio"><c>resetGpio</c>: drives the DAA's RESET pin (active low).</param>
/// <param name="InterruptGpio"><c>interruptGpio</c>: reads the DAA's INT pin (ring, polarity, overload interrupts).</param>
/// <param name="RingDetectGpio"><c>ringDetectGpio</c>: optional separate ring-detect input (the Si3050's RGDT pin); null to use the interrupt.</param>
public sealed record DaaConfig(SpiConfig Spi, int ResetGpio, int InterruptGpio, int? RingDetectGpio);

/// <summary>Settings of the simulated board (board-config.json <c>simulated</c>); every field has a default.</summary>
/// <param name="RingCadence"><c>ringCadenceMs</c>: the cadence the simulated line rings with unless told otherwise.</param>
/// <param name="OnHookVolts"><c>onHookVolts</c>: tip-ring voltage on-hook.</param>
/// <param name="OffHookVolts"><c>offHookVolts</c>: tip-ring voltage off-hook.</param>
/// <param name="OffHookMilliamps"><c>offHookMilliamps</c>: loop current off-hook.</param>
public sealed record SimulatedConfig(RingCadence RingCadence, double OnHookVolts, double OffHookVolts, double OffHookMilliamps)
{
    /// <summary>2 s on / 4 s off, 48 V on-hook, 8 V and 25 mA off-hook.</summary>
    public static SimulatedConfig Default { get; } = new(RingCadence.NorthAmerica, 48, 8, 25);
}

/// <summary>
/// The board configuration, board-config.json: which board, its wiring and its audio format. Load it with
/// <see cref="Load"/> or <see cref="Parse"/>; both check every field and throw one <see cref="BoardConfigException"/>
/// listing every problem, each with the field's path and the reason.
/// </summary>
public sealed class BoardConfig
{
    /// <summary>The file name the host looks for.</summary>
    public const string FileName = "board-config.json";

    /// <summary>Largest file accepted; a board configuration is a few hundred bytes.</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>Creates a configuration from checked parts.</summary>
    public BoardConfig(BoardKind kind, AudioConfig audio, DaaConfig? daa, SimulatedConfig simulated)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(simulated);
        Kind = kind;
        Audio = audio;
        Daa = daa;
        Simulated = simulated;
    }

    /// <summary><c>kind</c>: which board.</summary>
    public BoardKind Kind { get; }

    /// <summary><c>audio</c>: sample rate, frame length, law, ALSA device.</summary>
    public AudioConfig Audio { get; }

    /// <summary><c>daa</c>: the DAA's wiring; present whenever <see cref="Kind"/> is not <see cref="BoardKind.Simulated"/>.</summary>
    public DaaConfig? Daa { get; }

    /// <summary><c>simulated</c>: the simulated board's settings.</summary>
    public SimulatedConfig Simulated { get; }

    /// <summary>A simulated board with the given law and default settings, for when there is no file.</summary>
    public static BoardConfig SimulatedDefault(CompandingLaw law = CompandingLaw.ALaw) =>
        new(BoardKind.Simulated, new AudioConfig(AudioFrame.SampleRate, AudioFrame.Milliseconds, law, null), null, SimulatedConfig.Default);

    /// <summary>Reads and checks a board-config.json file.</summary>
    /// <exception cref="BoardConfigException">The file cannot be read, is not JSON, or has invalid fields.</exception>
    public static BoardConfig Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxFileBytes)
            {
                throw new BoardConfigException(path, [new BoardConfigError(string.Empty, $"cannot read: the file is {info.Length} bytes, more than the {MaxFileBytes} allowed")]);
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException or System.Security.SecurityException)
        {
            throw new BoardConfigException(path, [new BoardConfigError(string.Empty, $"cannot read: {e.Message}")]);
        }

        return Parse(bytes, path);
    }

    /// <summary>Checks a configuration given as UTF-8 JSON.</summary>
    /// <param name="utf8Json">The JSON text; comments and trailing commas are allowed.</param>
    /// <param name="source">Where it came from, for the exception message.</param>
    /// <exception cref="BoardConfigException">Not JSON, or invalid fields.</exception>
    public static BoardConfig Parse(ReadOnlyMemory<byte> utf8Json, string source = FileName)
    {
        if (TryParse(utf8Json, out BoardConfig? config, out IReadOnlyList<BoardConfigError> errors))
        {
            return config;
        }

        throw new BoardConfigException(source, errors);
    }

    /// <summary>Checks a configuration given as UTF-8 JSON without throwing.</summary>
    /// <param name="utf8Json">The JSON text.</param>
    /// <param name="config">The configuration when there were no errors.</param>
    /// <param name="errors">Every problem found, in file order; empty on success.</param>
    /// <returns>True when the configuration is valid.</returns>
    public static bool TryParse(ReadOnlyMemory<byte> utf8Json, [NotNullWhen(true)] out BoardConfig? config, out IReadOnlyList<BoardConfigError> errors)
    {
        var found = new List<BoardConfigError>();
        config = BoardConfigReader.Read(utf8Json, found);
        errors = found;
        if (found.Count > 0)
        {
            config = null;
        }

        return config is not null;
    }
}
