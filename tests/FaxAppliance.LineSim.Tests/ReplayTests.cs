using System.Text.Json.Nodes;
using FaxAppliance.Testing;
using NAudio.Wave;

namespace FaxAppliance.LineSim.Tests;

/// <summary>
/// A call with the reference remote (spandsp), captured with <c>--capture</c>, replayed with <c>linesim replay</c>: the
/// appliance makes the same decisions. The whole T.30 trace must be equal, timestamps included: its clock is line
/// time since the session's first block, and the replay starts the session on the recorded block. What may differ is
/// said where it is skipped (the call id, the board-clock times of the line monitor, the folder).
/// </summary>
public class ReplayTests
{
    private static readonly string LineSimDll = Path.Combine(AppContext.BaseDirectory, "FaxAppliance.LineSim.dll");

    // What the appliance decided: compared between a call and its replay.
    private static readonly string[] DecisionFields =
        ["completed", "status_text", "pages", "bit_rate", "modem", "ecm", "compression", "remote_identity", "failed_trainings", "page_records"];

    [Fact]
    public void Receive_ReferenceSendsTwoPages_ReplayOfCaptureMakesTheSameDecisions()
    {
        string dir = RepoPaths.NewTempDir("replay-rx");
        string doc = MakePages(dir, 2, seed: 31);
        string capture = Path.Combine(dir, "call.wav");

        (int code, JsonObject call) = Receive(dir, doc, "rx", capture, "");
        (int replayCode, JsonObject replay) = Replay(dir, capture, "--out", Path.Combine(dir, "replayed"));

        Assert.Equal(0, code);
        Assert.Equal(0, replayCode);
        Assert.Equal(100, call["session_start_block"]!.GetValue<long>()); // answered after one ring: 2 s of line time
        Assert.Equal(0, replay["session_start_block"]!.GetValue<long>()); // the replay starts at the recorded block
        AssertSameDecisions(call, replay);
        Assert.Equal(Pixels(doc), Pixels(call["fax_file"]!.GetValue<string>()));
        Assert.Equal(Pixels(call["fax_file"]!.GetValue<string>()), Pixels(replay["fax_file"]!.GetValue<string>()));
        using var r = new WaveFileReader(capture);
        Assert.Equal(3, r.WaveFormat.Channels);
    }

    [Fact]
    public void Receive_RemoteHangsUpMidPage_ReplayFailsWithTheSameReasonAndPartialPage()
    {
        string dir = RepoPaths.NewTempDir("replay-hangup");
        string doc = MakePages(dir, 2, seed: 32);
        string capture = Path.Combine(dir, "failed.wav");

        // The reference's audio-time limit (50 s, of which 2 s ringing) ends the call in page 2 (page 1 takes 11.9–36.7 s).
        (int code, JsonObject call) = Receive(dir, doc, "rx", capture, " --timeout 50");
        (int replayCode, JsonObject replay) = Replay(dir, capture);

        Assert.Equal(1, code);
        Assert.Equal(1, replayCode);
        Assert.Equal("the line was released before the call ended", call["status_text"]!.GetValue<string>());
        JsonNode lastPage = call["page_records"]!.AsArray()[^1]!;
        Assert.Equal(2, lastPage["page"]!.GetValue<int>());
        Assert.True(lastPage["partial"]!.GetValue<bool>());
        AssertSameDecisions(call, replay);
        Assert.Equal(Pixels(call["fax_file"]!.GetValue<string>()), Pixels(replay["fax_file"]!.GetValue<string>()));
    }

    [Fact]
    public void Receive_RecordingCutWhereTheRemoteHungUp_ReplaysAsTheRealHangUp()
    {
        string dir = RepoPaths.NewTempDir("replay-cut");
        string doc = MakePages(dir, 2, seed: 33);
        string full = Path.Combine(dir, "full.wav");
        string failed = Path.Combine(dir, "failed.wav");
        string cut = Path.Combine(dir, "cut.wav");
        Assert.Equal(0, Receive(dir, doc, "rx-full", full, "").Code);
        (int code, JsonObject hungUp) = Receive(dir, doc, "rx-failed", failed, " --timeout 50");
        using (var r = new WaveFileReader(failed))
        {
            CutCapture(full, cut, r.SampleCount);
        }

        (int replayCode, JsonObject replay) = Replay(dir, cut);

        Assert.Equal(1, code);
        Assert.Equal(1, replayCode);
        AssertSameDecisions(hungUp, replay);
    }

    [Fact]
    public void Send_ApplianceSendsToReference_ReplayWithTheRecordedDocumentMakesTheSameDecisions()
    {
        string dir = RepoPaths.NewTempDir("replay-tx");
        string doc = MakePages(dir, 2, seed: 34);
        string capture = Path.Combine(dir, "call.wav");
        string received = Path.Combine(dir, "remote.tif");

        var (code, stdout, stderr) = LineSim(["send", doc, "--remote", $"'{RepoPaths.FaxRemote}' recv '{received}' --ecm off", "--capture", capture]);
        Assert.True(code == 0, stderr);
        JsonObject call = JsonNode.Parse(stdout)!["appliance"]!.AsObject();
        (int replayCode, JsonObject replay) = Replay(dir, capture); // the document comes from the capture's metadata

        Assert.Equal(0, replayCode);
        Assert.Equal(Pixels(doc), Pixels(received));
        AssertSameDecisions(call, replay, traceOf: o => o["trace"]!.GetValue<string>());
    }

    [Fact]
    public void Send_ReplayWithAnotherDocument_ExitsWith2()
    {
        string dir = RepoPaths.NewTempDir("replay-tx-doc");
        string doc = MakePages(dir, 1, seed: 35);
        string other = Path.Combine(dir, "other.tif");
        ReplayCaptureTests.Run(RepoPaths.FaxRemote, ["mkpages", other, "1", "--seed", "36"]);
        string capture = Path.Combine(dir, "call.wav");
        Assert.Equal(0, LineSim(["send", doc, "--remote", $"'{RepoPaths.FaxRemote}' recv '{Path.Combine(dir, "r.tif")}' --ecm off", "--capture", capture]).Code);

        var (code, _, stderr) = LineSim(["replay", capture, "--document", other]);

        Assert.Equal(2, code);
        Assert.Contains("is not the document the recorded call sent", stderr, StringComparison.Ordinal);
    }

    private static void AssertSameDecisions(JsonObject call, JsonObject replay, Func<JsonObject, string>? traceOf = null)
    {
        foreach (string field in DecisionFields)
        {
            Assert.True(JsonNode.DeepEquals(call[field], replay[field]), $"{field}: {call[field]?.ToJsonString()} vs {replay[field]?.ToJsonString()}");
        }

        traceOf ??= o => File.ReadAllText(o["trace_file"]!.GetValue<string>());
        string[] traceA = traceOf(call).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] traceB = traceOf(replay).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] sentA = SentFrames(traceA);
        Assert.True(sentA.Length >= 3, string.Join('\n', traceA)); // at least CSI, DIS and a response
        Assert.Equal(sentA, SentFrames(traceB));
        Assert.Equal(traceA, traceB); // every line, line times included
    }

    private static string[] SentFrames(string[] trace) => trace
        .Select(l => JsonNode.Parse(l)!)
        .Where(e => (string?)e["dir"] == "tx" && (string?)e["kind"] == "frame")
        .Select(e => $"{e["name"]} {e["hex"]}")
        .ToArray();

    private static (int Code, JsonObject Appliance) Receive(string dir, string doc, string outName, string capture, string remoteOptions)
    {
        var (code, stdout, stderr) = LineSim(["receive", "--remote", $"'{RepoPaths.FaxRemote}' send '{doc}' --ecm off{remoteOptions}",
            "--out", Path.Combine(dir, outName), "--capture", capture]);
        Assert.True(code is 0 or 1, stderr);
        return (code, JsonNode.Parse(stdout)!["appliance"]!.AsObject());
    }

    private static (int Code, JsonObject Appliance) Replay(string dir, string capture, params string[] extra)
    {
        string report = Path.Combine(dir, Path.GetFileNameWithoutExtension(capture) + "-replay.json");
        var (code, _, stderr) = LineSim(new[] { "replay", capture, "--report", report }.Concat(extra));
        Assert.True(code is 0 or 1, stderr);
        JsonNode r = JsonNode.Parse(File.ReadAllText(report))!;
        Assert.Equal("replay", r["linesim"]!.GetValue<string>());
        return (code, r["appliance"]!.AsObject());
    }

    // Keeps the first samples of a capture, metadata included: the recording of a call that ended there.
    private static void CutCapture(string from, string to, long samples)
    {
        using ReplayCapture capture = ReplayCapture.TryOpen(from, out string error) ?? throw new Xunit.Sdk.XunitException(error);
        using var r = new WaveFileReader(from);
        byte[] audio = new byte[samples * r.WaveFormat.BlockAlign];
        r.ReadExactly(audio);
        using var w = new WaveFileWriter(to, r.WaveFormat);
        w.Write(audio);
        w.AddChunk(CallCapture.MetadataChunkId, System.Text.Encoding.UTF8.GetBytes(capture.Metadata!.ToJsonString()), ChunkPosition.AfterData);
    }

    private static string MakePages(string dir, int pages, int seed)
    {
        string doc = Path.Combine(dir, "doc.tif");
        ReplayCaptureTests.Run(RepoPaths.FaxRemote, ["mkpages", doc, pages.ToString(), "--seed", seed.ToString()]);
        return doc;
    }

    // Per page: size and a hash of the decoded pixels (libtiff decodes, in the reference tool).
    private static List<string> Pixels(string tiff) => ReplayCaptureTests.Run(RepoPaths.FaxRemote, ["pixels", tiff])
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => JsonNode.Parse(l)!)
        .Select(p => $"page {p["page"]} {p["width"]}x{p["height"]} {p["hash"]}")
        .ToList();

    private static (int Code, string Stdout, string Stderr) LineSim(IEnumerable<string> args) =>
        ProcessRunner.Run("dotnet", new[] { LineSimDll }.Concat(args));
}
