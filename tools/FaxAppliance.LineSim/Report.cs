using System.Text.Json;
using System.Text.Json.Nodes;
using FaxAppliance.Hal.Simulated.Line;

namespace FaxAppliance.LineSim;

/// <summary>Builds the one-object JSON report of a linesim run.</summary>
public static class Report
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The report of a call between <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static JsonObject Build(string mode, JsonObject asked, SimulatedLine line, CallResult result, string nameA, string nameB)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(result);
        LineImpairments imp = line.Impairments;
        asked["impairments"] = new JsonObject
        {
            ["attenuation_db"] = imp.AttenuationDb,
            ["noise_dbm0"] = imp.NoiseDbm0,
            ["freq_offset_hz"] = imp.FrequencyOffsetHz,
            ["clock_ppm"] = imp.ClockPpm,
            ["echo_return_loss_db"] = imp.EchoReturnLossDb,
            ["echo_delay_ms"] = imp.EchoReturnLossDb is null ? null : imp.EchoDelayMs,
            ["codec"] = imp.Codec switch { LineCodec.ALaw => "alaw", LineCodec.MuLaw => "ulaw", _ => "linear" },
            ["line_model"] = imp.LineModel,
            ["direction"] = imp.Direction switch { LineDirectionSelection.AToB => "ab", LineDirectionSelection.BToA => "ba", _ => "both" },
            ["seed"] = imp.Seed,
        };

        bool completed = result.OutcomeA?["completed"]?.GetValueKind() == JsonValueKind.True
            && result.OutcomeB?["completed"]?.GetValueKind() == JsonValueKind.True;
        var report = new JsonObject
        {
            ["linesim"] = mode,
            ["completed"] = completed,
            ["asked"] = asked,
            ["measured"] = new JsonObject
            {
                [$"{nameA}_to_{nameB}"] = Direction(line.AToB),
                [$"{nameB}_to_{nameA}"] = Direction(line.BToA),
            },
            ["call"] = new JsonObject
            {
                ["blocks"] = result.Blocks,
                ["duration_s"] = Math.Round(result.Blocks * 0.02, 2),
                ["ended_by"] = result.EndedBy,
                ["wall_s"] = Math.Round(result.WallSeconds, 3),
            },
        };
        if (mode == "bridge")
        {
            report["remote"] = new JsonObject { ["a"] = result.OutcomeA?.DeepClone(), ["b"] = result.OutcomeB?.DeepClone() };
        }
        else
        {
            report["appliance"] = result.OutcomeA?.DeepClone();
            report["remote"] = result.OutcomeB?.DeepClone();
        }

        return report;
    }

    /// <summary>Writes the report to <paramref name="path"/>, or to standard output when null.</summary>
    public static void Write(JsonObject report, string? path)
    {
        ArgumentNullException.ThrowIfNull(report);
        string text = report.ToJsonString(Indented);
        if (path is null)
        {
            Console.Out.WriteLine(text);
            return;
        }

        try
        {
            File.WriteAllText(path, text + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write the report to '{path}': {e.Message}", e);
        }
    }

    private static JsonObject Direction(LineDirection d)
    {
        LineDirectionStats s = d.Stats;
        (long realignments, long slips) = d.ClockAdjustments;
        return new JsonObject
        {
            ["active_s"] = Math.Round(s.ActiveBlocks * 0.02, 2),
            ["sent_level_dbm0"] = Db(s.SentLevelDbm0),
            ["received_level_dbm0"] = Db(s.ReceivedSignalLevelDbm0),
            ["noise_level_dbm0"] = Db(s.NoiseLevelDbm0),
            ["echo_level_dbm0"] = Db(s.EchoLevelDbm0),
            ["snr_db"] = Db(s.SnrDb),
            ["clipped_samples"] = s.ClippedSamples,
            ["latency_ms"] = d.LatencySamples / 8.0,
            ["clock_realignments_in_silence"] = realignments,
            ["clock_slips"] = slips,
        };
    }

    private static double? Db(double v) => double.IsFinite(v) ? Math.Round(v, 2) : null;
}
