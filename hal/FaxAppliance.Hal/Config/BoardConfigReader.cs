using System.Globalization;
using System.Text.Json;
using FaxAppliance.Hal.Audio;
using FaxAppliance.Hal.Line;
using static FaxAppliance.Hal.Config.RaspberryPiPins;

namespace FaxAppliance.Hal.Config;

/// <summary>
/// Walks a board-config.json document field by field, collecting every problem with its path instead of
/// stopping at the first. Never throws on bad input: malformed JSON, wrong types, unknown fields, bad values
/// and bad UTF-8 all end up in the error list.
/// </summary>
internal sealed partial class BoardConfigReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 16,
    };

    private static readonly string[] RootFields = ["kind", "audio", "daa", "simulated"];
    private static readonly string[] AudioFields = ["sampleRate", "frameMs", "law", "alsaDevice"];
    private static readonly string[] DaaFields = ["spi", "resetGpio", "interruptGpio", "ringDetectGpio"];
    private static readonly string[] SpiFields = ["bus", "chipSelect", "clockHz"];
    private static readonly string[] SimulatedFields = ["ringCadenceMs", "onHookVolts", "offHookVolts", "offHookMilliamps"];

    private readonly List<BoardConfigError> _errors;

    // GPIO → what uses it, for the unknown/duplicate pin checks.
    private readonly Dictionary<int, string> _pinOwners = [];

    private BoardConfigReader(List<BoardConfigError> errors) => _errors = errors;

    /// <summary>Reads a configuration; returns null and fills <paramref name="errors"/> when it is not valid.</summary>
    public static BoardConfig? Read(ReadOnlyMemory<byte> utf8Json, List<BoardConfigError> errors)
    {
        if (utf8Json.Length > BoardConfig.MaxFileBytes)
        {
            errors.Add(new BoardConfigError(string.Empty, $"the file is {utf8Json.Length} bytes, more than the {BoardConfig.MaxFileBytes} allowed"));
            return null;
        }

        if (utf8Json.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8Json = utf8Json[3..]; // UTF-8 byte order mark
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException e)
        {
            errors.Add(new BoardConfigError(string.Empty, DescribeSyntaxError(e)));
            return null;
        }

        using (document)
        {
            try
            {
                return new BoardConfigReader(errors).ReadRoot(document.RootElement);
            }
            catch (InvalidOperationException)
            {
                // JsonElement.GetString and property names throw this for text that is not valid UTF-8.
                errors.Add(new BoardConfigError(string.Empty, "the file is not valid UTF-8 text"));
                return null;
            }
        }
    }

    private static string DescribeSyntaxError(JsonException e)
    {
        string reason = e.Message;
        int cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0)
        {
            reason = reason[..cut];
        }

        if (e.LineNumber is long line && e.BytePositionInLine is long column)
        {
            return string.Create(CultureInfo.InvariantCulture, $"not valid JSON at line {line + 1}, column {column + 1}: {reason}");
        }

        return $"not valid JSON: {reason}";
    }

    private BoardConfig? ReadRoot(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Error(string.Empty, $"expected a JSON object at the top, got {Describe(root)}");
            return null;
        }

        CheckFields(root, string.Empty, RootFields);
        BoardKind? kind = ReadKind(root);

        // "auto" and "rpi" may run on the Raspberry Pi board, so its wiring must be there and right.
        bool needsHardware = kind is BoardKind.Auto or BoardKind.RaspberryPi;
        AudioConfig? audio = ReadAudio(root, needsHardware);
        DaaConfig? daa = ReadDaa(root, needsHardware);
        SimulatedConfig simulated = ReadSimulated(root);
        if (_errors.Count > 0 || kind is null || audio is null)
        {
            return null;
        }

        return new BoardConfig(kind.Value, audio, daa, simulated);
    }

    private BoardKind? ReadKind(JsonElement root)
    {
        if (!root.TryGetProperty("kind", out JsonElement given) || given.ValueKind == JsonValueKind.Null)
        {
            return BoardKind.Auto;
        }

        if (!TryGetString(root, string.Empty, "kind", required: false, null, out string? text))
        {
            return null;
        }

        switch (text!.ToUpperInvariant())
        {
            case "AUTO":
                return BoardKind.Auto;
            case "SIMULATED":
                return BoardKind.Simulated;
            case "RPI":
                return BoardKind.RaspberryPi;
            default:
                Error("kind", $"unknown board kind \"{text}\" (expected \"auto\", \"simulated\" or \"rpi\")");
                return null;
        }
    }

    private AudioConfig? ReadAudio(JsonElement root, bool needsHardware)
    {
        if (!TryGetObject(root, string.Empty, "audio", required: true, "sample rate, frame length and companding law", out JsonElement audio))
        {
            return null;
        }

        CheckFields(audio, "audio", AudioFields);
        int sampleRate = AudioFrame.SampleRate;
        if (TryGetInt(audio, "audio", "sampleRate", required: false, null, out int rate))
        {
            sampleRate = rate;
            if (rate != AudioFrame.SampleRate)
            {
                Error("audio.sampleRate", $"must be {AudioFrame.SampleRate} (G.711 telephone audio is sampled at 8000 samples/s); got {rate}");
            }
        }

        int frameMs = AudioFrame.Milliseconds;
        if (TryGetInt(audio, "audio", "frameMs", required: false, null, out int ms))
        {
            frameMs = ms;
            if (ms != AudioFrame.Milliseconds)
            {
                Error("audio.frameMs", $"must be {AudioFrame.Milliseconds} (the appliance moves audio in 20 ms frames of 160 samples); got {ms}");
            }
        }

        CompandingLaw? law = null;
        if (TryGetString(audio, "audio", "law", required: true, "\"alaw\" or \"ulaw\", the PCM format the DAA is set to", out string? lawText))
        {
            law = lawText!.ToUpperInvariant() switch
            {
                "ALAW" => CompandingLaw.ALaw,
                "ULAW" or "MULAW" => CompandingLaw.MuLaw,
                _ => null,
            };
            if (law is null)
            {
                Error("audio.law", $"unknown companding law \"{lawText}\" (expected \"alaw\" or \"ulaw\")");
            }
        }

        string? alsaDevice = null;
        if (TryGetString(audio, "audio", "alsaDevice", needsHardware, "kind \"auto\" and \"rpi\" need the ALSA device of the I2S codec link, e.g. \"hw:CARD=faxdaa,DEV=0\"", out string? device))
        {
            if (string.IsNullOrWhiteSpace(device) || device.AsSpan().ContainsAny(" \t\r\n"))
            {
                Error("audio.alsaDevice", $"\"{device}\" is not an ALSA device name (e.g. \"hw:CARD=faxdaa,DEV=0\" or \"hw:1,0\")");
            }
            else
            {
                alsaDevice = device;
            }
        }

        return law is null ? null : new AudioConfig(sampleRate, frameMs, law.Value, alsaDevice);
    }

    private SimulatedConfig ReadSimulated(JsonElement root)
    {
        SimulatedConfig defaults = SimulatedConfig.Default;
        if (!TryGetObject(root, string.Empty, "simulated", required: false, null, out JsonElement simulated))
        {
            return defaults;
        }

        CheckFields(simulated, "simulated", SimulatedFields);
        RingCadence cadence = ReadCadence(simulated) ?? defaults.RingCadence;
        double onHook = ReadRange(simulated, "onHookVolts", defaults.OnHookVolts, 1, 150, "V");
        double offHook = ReadRange(simulated, "offHookVolts", defaults.OffHookVolts, 0, 150, "V");
        double current = ReadRange(simulated, "offHookMilliamps", defaults.OffHookMilliamps, 1, 150, "mA");
        if (offHook >= onHook)
        {
            Error("simulated.offHookVolts", string.Create(CultureInfo.InvariantCulture, $"must be below onHookVolts ({onHook} V): a line's voltage drops when it is seized; got {offHook}"));
        }

        return new SimulatedConfig(cadence, onHook, offHook, current);
    }

    private RingCadence? ReadCadence(JsonElement simulated)
    {
        const string Path = "simulated.ringCadenceMs";
        if (!TryGetMember(simulated, "simulated", "ringCadenceMs", required: false, null, out JsonElement array))
        {
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            Error(Path, $"expected an array of on/off times in milliseconds, e.g. [2000, 4000]; got {Describe(array)}");
            return null;
        }

        int count = array.GetArrayLength();
        if (count == 0 || count % 2 != 0 || count > 2 * RingCadenceTracker.MaxSegments)
        {
            Error(Path, $"expected pairs of on and off times (2 to {2 * RingCadenceTracker.MaxSegments} numbers); got {count}");
            return null;
        }

        var times = new int[count];
        bool ok = true;
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            string itemPath = string.Create(CultureInfo.InvariantCulture, $"{Path}[{i}]");
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out int t))
            {
                Error(itemPath, $"expected a whole number of milliseconds, got {Describe(item)}");
                ok = false;
            }
            else if (t < 50 || t > 30_000)
            {
                Error(itemPath, $"must be between 50 and 30000 ms; got {t}");
                ok = false;
            }
            else
            {
                times[i] = t;
            }

            i++;
        }

        return ok ? RingCadence.FromMilliseconds(times) : null;
    }

    private double ReadRange(JsonElement obj, string name, double fallback, double min, double max, string unit)
    {
        if (!TryGetMember(obj, "simulated", name, required: false, null, out JsonElement value))
        {
            return fallback;
        }

        string path = "simulated." + name;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double number))
        {
            Error(path, $"expected a number of {unit}, got {Describe(value)}");
            return fallback;
        }

        if (number < min || number > max)
        {
            Error(path, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max} {unit}; got {number}"));
            return fallback;
        }

        return number;
    }
}
