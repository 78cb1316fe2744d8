using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaxAppliance.LineSim.Endpoints;

namespace FaxAppliance.LineSim;

/// <summary>
/// <c>tools/linesim replay CAPTURE.wav</c>: feeds what the appliance heard in a recorded call (channel 2 of a
/// receive/send capture) to a fresh <see cref="ApplianceEndpoint"/> of this build, block by block, ignores what it
/// sends, and reports its outcome and T.30 trace as receive/send do. The remote is the recording: no process, no
/// line model (the impairments are already in the recorded audio).
///
/// The session starts on the recorded <c>session_start_block</c> (metadata): the trace's clock is line time since the
/// session's first block, so a replay that reaches the same decisions has the same trace, timestamps included.
/// The appliance starts off-hook (no ringing): ringing is not audio, and answering only decides that first block.
/// </summary>
public static class ReplayCommand
{
    /// <summary>Runs the command; exit code 0 the replayed call completed, 1 it did not, 2 bad input.</summary>
    public static int Run(string[] args)
    {
        Options o = Options.Parse(args, ["--role", "--out", "--report", "--document"], impairments: false, maxPositionals: 1);
        string path = o.Positionals.Count == 1 ? o.Positionals[0] : throw new UsageException("replay needs the CAPTURE.wav to replay");
        using ReplayCapture capture = ReplayCapture.TryOpen(path, out string error) ?? throw new UsageException($"cannot replay '{path}': {error}");
        JsonObject meta = capture.Metadata ?? [];
        string role = Role(o.Get("--role"), Text(meta, "role"));
        long start = StartBlock(meta, capture.Blocks);
        string? reportPath = o.Get("--report");

        string detail;
        IReadOnlyList<FaxAppliance.Fax.Pages.PageBitmap>? document = null;
        if (role == "receive")
        {
            detail = Program.PrepareOutDir(o.Get("--out") ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetFileNameWithoutExtension(path) + "-replay"));
        }
        else
        {
            if (o.Get("--out") is not null)
            {
                throw new UsageException("option '--out' is for receive replays (a send replay stores no pages)");
            }

            detail = Program.CheckTiff(o.Get("--document") ?? Text(meta, "document")
                ?? throw new UsageException("a send replay needs the document: give --document FILE.tif (the capture does not name it)"));
            CheckDocument(detail, Text(meta, "document_sha256"));
            document = Program.LoadDocument(detail);
        }

        var clock = Stopwatch.StartNew();
        using var appliance = new ApplianceEndpoint(role, detail, ring: false, document: document);
        Span<short> ignored = stackalloc short[ReplayCapture.BlockSamples];
        Span<short> heard = stackalloc short[ReplayCapture.BlockSamples];
        long block = start;
        bool up = appliance.TryRead(ignored);
        while (up && capture.TryReadHeard(block, heard))
        {
            appliance.Write(heard);
            block++;
            up = appliance.TryRead(ignored);
        }

        string endedBy = up ? "end of the recording" : "appliance hung up";
        appliance.HangUp();
        JsonObject outcome = appliance.Finish() ?? [];
        bool completed = outcome["completed"]?.GetValueKind() == JsonValueKind.True;
        var report = new JsonObject
        {
            ["linesim"] = "replay",
            ["completed"] = completed,
            ["asked"] = new JsonObject { ["capture"] = Path.GetFullPath(path), ["role"] = role, ["file"] = detail },
            ["recording"] = new JsonObject
            {
                ["blocks"] = capture.Blocks,
                ["session_start_block"] = start,
                ["metadata"] = capture.Metadata?.DeepClone(),
            },
            ["call"] = new JsonObject
            {
                ["blocks"] = block - start,
                ["duration_s"] = Math.Round((block - start) * 0.02, 2),
                ["ended_by"] = endedBy,
                ["wall_s"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
            },
            ["appliance"] = outcome,
        };
        Report.Write(report, reportPath);
        return completed ? 0 : 1;
    }

    /// <summary>The metadata a receive/send capture carries: what a replay needs to start the appliance the same way.</summary>
    public static JsonObject Metadata(string role, ApplianceEndpoint appliance, string detail, string remote)
    {
        ArgumentNullException.ThrowIfNull(appliance);
        var meta = new JsonObject
        {
            ["version"] = 1,
            ["role"] = role,
            ["channels"] = new JsonArray("appliance_sent", "remote_sent", "appliance_heard"),
            ["session_start_block"] = appliance.SessionStartBlock,
            ["call_id"] = appliance.Record?.CallId,
            ["remote"] = remote,
        };
        if (role == "send")
        {
            meta["document"] = detail;
            meta["document_sha256"] = Sha256(detail);
        }

        return meta;
    }

    private static string Role(string? asked, string? recorded)
    {
        if (asked is not null and not ("receive" or "send"))
        {
            throw new UsageException($"option '--role': '{asked}' is not one of receive, send");
        }

        if (asked is not null && recorded is not null && asked != recorded)
        {
            throw new UsageException($"option '--role': the capture is of a {recorded} call, not {asked}");
        }

        return asked ?? recorded switch
        {
            "receive" or "send" => recorded,
            null => throw new UsageException("the capture has no metadata naming its role: give --role receive|send"),
            _ => throw new UsageException($"the capture's metadata names an unknown role '{recorded}'"),
        };
    }

    private static long StartBlock(JsonObject meta, long blocks)
    {
        JsonNode? node = meta["session_start_block"];
        if (node is null)
        {
            if (meta.ContainsKey("session_start_block"))
            {
                throw new UsageException("the recorded appliance never connected (no session start): there is no call to replay");
            }

            return 0; // no metadata: the session starts with the recording
        }

        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number || !v.TryGetValue(out long start) || start < 0 || start >= blocks)
        {
            throw new UsageException($"the capture's session_start_block {node.ToJsonString()} is not a block of its {blocks}");
        }

        return start;
    }

    private static string? Text(JsonObject meta, string name) =>
        meta[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static void CheckDocument(string path, string? recordedHash)
    {
        if (recordedHash is not null && !string.Equals(Sha256(path), recordedHash, StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"'{path}' is not the document the recorded call sent (its SHA-256 differs)");
        }
    }

    private static string Sha256(string path)
    {
        try
        {
            using FileStream f = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(f));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read '{path}': {e.Message}", e);
        }
    }
}
