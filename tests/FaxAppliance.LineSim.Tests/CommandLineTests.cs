using System.Text.Json.Nodes;
using FaxAppliance.Testing;
using NAudio.Wave;

namespace FaxAppliance.LineSim.Tests;

/// <summary>The linesim command as a user or rig runs it: exit codes, one-line errors, reports.</summary>
public class CommandLineTests
{
    private static readonly string LineSimDll = Path.Combine(AppContext.BaseDirectory, "FaxAppliance.LineSim.dll");

    [Theory]
    [InlineData("bridge --a x --b y --bogus 1", "unknown option '--bogus'")]
    [InlineData("bridge --a x", "option '--b' is required")]
    [InlineData("bridge --a x --b y --noise loud", "option '--noise': 'loud' is not a number")]
    [InlineData("bridge --a x --b y --codec gsm", "'gsm' is not one of alaw, ulaw, linear")]
    [InlineData("bridge --a x --b y --line-model nowhere", "line model 'nowhere' is unknown")]
    [InlineData("bridge --a x --b y --clock-ppm 90000", "clock offset 90000 ppm is outside")]
    [InlineData("frobnicate", "unknown command 'frobnicate'")]
    [InlineData("send /nonexistent/doc.tif --remote x", "cannot read '/nonexistent/doc.tif'")]
    [InlineData("bridge --a play: --b y", "a: cannot read WAV file ''")]
    [InlineData("bridge --a cat --b record:", "b: cannot create WAV file ''")]
    public void BadInput_ExitsWith2AndOneLineNamingTheProblem(string args, string expected)
    {
        var (code, _, stderr) = LineSim(args.Split(' '));

        Assert.Equal(2, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Send_FileThatIsNotTiff_ExitsWith2()
    {
        string dir = RepoPaths.NewTempDir("nottiff");
        string file = Path.Combine(dir, "doc.tif");
        File.WriteAllText(file, "hello");

        var (code, _, stderr) = LineSim(["send", file, "--remote", "true"]);

        Assert.Equal(2, code);
        Assert.Contains("is not a TIFF file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Bridge_RemoteThatExitsAtOnce_ExitsWith2NamingIt()
    {
        var (code, _, stderr) = LineSim(["bridge", "--a", "exit 3", "--b", "cat /dev/zero"]);

        Assert.Equal(2, code);
        Assert.Contains("a: 'exit 3' ended without writing a block (exit code 3)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Bridge_RemoteThatWritesAPartialBlock_ExitsWith2NamingIt()
    {
        var (code, _, stderr) = LineSim(["bridge", "--a", "cat /dev/zero", "--b", "head -c 1000 /dev/zero"]);

        Assert.Equal(2, code);
        Assert.Contains("wrote a partial block (40 of 320 bytes)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Bridge_EndpointThatNeverReadsItsInput_ExitsWith2InsteadOfHanging()
    {
        // 'cat /dev/zero' writes blocks for ever and never reads: the simulator's writes to it fill the
        // pipe (64 KiB, about 200 blocks) and then must time out, not hang.
        var (code, _, stderr) = LineSim(["bridge", "--a", "cat /dev/zero", "--b", "cat /dev/zero", "--max-seconds", "60", "--endpoint-timeout", "2"]);

        Assert.Equal(2, code);
        Assert.Contains("stopped reading its input", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Bridge_SenderBehind40DbOfLoss_IsStillMeasuredAsActive()
    {
        string dir = RepoPaths.NewTempDir("lossy");
        string played = Path.Combine(dir, "tone.wav");
        using (var w = new WaveFileWriter(played, new WaveFormat(8000, 16, 1)))
        {
            short[] tone = Enumerable.Range(0, 16000).Select(n => (short)Math.Round(5000 * Math.Sin(2 * Math.PI * 1004 * n / 8000.0))).ToArray();
            w.WriteSamples(tone, 0, tone.Length);
        }

        var (code, stdout, stderr) = LineSim(["bridge", "--a", $"play:{played}", "--b", $"record:{Path.Combine(dir, "out.wav")}", "--attenuation", "40", "--noise", "-75", "--codec", "linear"]);

        Assert.True(code == 0, stderr);
        JsonNode ab = JsonNode.Parse(stdout)!["measured"]!["a_to_b"]!;
        Assert.InRange(ab["active_s"]!.GetValue<double>(), 1.9, 2.0);
        Assert.InRange(ab["sent_level_dbm0"]!.GetValue<double>() - ab["received_level_dbm0"]!.GetValue<double>(), 39.9, 40.1);
        Assert.InRange(ab["snr_db"]!.GetValue<double>(), 21.3, 22.3); // a −13.2 dBm0 tone less 40 dB over −75 dBm0 of noise: 21.8 dB
    }

    [Fact]
    public void Bridge_PlayIntoRecordOverCleanLinearLine_RecordsTheSamplesExactly()
    {
        string dir = RepoPaths.NewTempDir("wav");
        string played = Path.Combine(dir, "in.wav");
        string recorded = Path.Combine(dir, "out.wav");
        var rng = new Random(5);
        short[] samples = Enumerable.Range(0, 8000 + 77).Select(_ => (short)rng.Next(-20000, 20000)).ToArray();
        using (var w = new WaveFileWriter(played, new WaveFormat(8000, 16, 1)))
        {
            w.WriteSamples(samples, 0, samples.Length);
        }

        var (code, stdout, stderr) = LineSim(["bridge", "--a", $"play:{played}", "--b", $"record:{recorded}", "--codec", "linear"]);

        Assert.True(code == 0, stderr);
        JsonNode report = JsonNode.Parse(stdout)!;
        Assert.Equal("a hung up", report["call"]!["ended_by"]!.GetValue<string>());
        using var r = new WaveFileReader(recorded);
        var got = new byte[r.Length];
        r.ReadExactly(got);
        short[] heard = new short[got.Length / 2];
        Buffer.BlockCopy(got, 0, heard, 0, got.Length);
        Assert.Equal(samples, heard.AsSpan(0, samples.Length).ToArray());
        Assert.All(heard.AsSpan(samples.Length).ToArray(), s => Assert.Equal(0, s)); // the last block padded with silence
    }

    [Fact]
    public void Bridge_ReferenceSenderIntoApplianceEndpoint_FaxArrivesPixelIdentical()
    {
        string dir = RepoPaths.NewTempDir("endpoint");
        string doc = Path.Combine(dir, "doc.tif");
        string report = Path.Combine(dir, "report.json");
        string outDir = Path.Combine(dir, "rx");
        var (made, _, err) = ProcessRunner.Run(RepoPaths.FaxRemote, ["mkpages", doc, "2"]);
        Assert.True(made == 0, err);
        string appliance = $"dotnet '{LineSimDll}' endpoint receive --out '{outDir}'";

        var (code, _, stderr) = LineSim(["bridge", "--a", $"'{RepoPaths.FaxRemote}' send '{doc}' --ecm off", "--b", appliance, "--report", report]);

        JsonNode r = JsonNode.Parse(File.ReadAllText(report))!;
        Assert.True(code == 0, $"{stderr}\n{r.ToJsonString()}");
        Assert.True(r["remote"]!["a"]!["completed"]!.GetValue<bool>());
        Assert.True(r["remote"]!["b"]!["completed"]!.GetValue<bool>());
        Assert.Equal(2, r["remote"]!["b"]!["pages"]!.GetValue<int>());
        Assert.Equal(Pixels(doc), Pixels(Path.Combine(outDir, "fax.tif")));
        Assert.True(File.Exists(Path.Combine(outDir, "call-trace.jsonl")));
    }

    private static List<string> Pixels(string path)
    {
        var (code, stdout, err) = ProcessRunner.Run(RepoPaths.FaxRemote, ["pixels", path]);
        Assert.True(code == 0, err);
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!["hash"]!.GetValue<string>()).ToList();
    }

    [Fact]
    public void Receive_RemoteCallsTheAppliance_ItRingsAnswersAfterTwoRingsAndTheCallerHearsRingBackUntilThen()
    {
        string dir = RepoPaths.NewTempDir("receive");
        string heardByCaller = Path.Combine(dir, "caller.wav");

        var (code, stdout, stderr) = LineSim(["receive", "--remote", $"record:{heardByCaller}", "--out", Path.Combine(dir, "rx"), "--answer-after-rings", "2", "--max-seconds", "12", "--codec", "linear"]);

        Assert.True(code == 1, stderr); // ran; no fax (the caller is a recorder, not a fax machine)
        JsonNode appliance = JsonNode.Parse(stdout)!["appliance"]!;
        Assert.Equal(2, appliance["rings_before_answer"]!.GetValue<int>());
        Assert.Equal(8.0, appliance["answered_at_s"]!.GetValue<double>()); // rings of 2 s, 4 s apart
        Assert.Equal(600, appliance["frames_captured"]!.GetValue<long>()); // every block went through the capture loop

        using var r = new WaveFileReader(heardByCaller);
        var bytes = new byte[r.Length];
        r.ReadExactly(bytes);
        double[] caller = new double[bytes.Length / 2];
        for (int i = 0; i < caller.Length; i++)
        {
            caller[i] = BitConverter.ToInt16(bytes, 2 * i);
        }

        // Ring-back (425 Hz) during the first second, silence in 1–5 s; after answering at 8 s, 0.2 s of silence and then
        // CED (T.30 §4.1.3: 2100 Hz, 2.6–4 s) at −11 dBm0.
        Assert.InRange(ToneAnalysis.EstimateFrequency(caller.AsSpan(0, 8000), 425, chunk: 100), 424.9, 425.1);
        Assert.InRange(ToneAnalysis.LevelDbm0(caller.AsSpan(0, 8000)), -13.2, -12.8);
        Assert.All(caller.AsSpan(8000, 32000).ToArray(), v => Assert.Equal(0, v));
        Assert.True(ToneAnalysis.LevelDbm0(caller.AsSpan(8 * 8000, 800)) < -60);
        Assert.InRange(ToneAnalysis.EstimateFrequency(caller.AsSpan((int)(8.5 * 8000), 16000), 2100, chunk: 100), 2099, 2101);
        Assert.InRange(ToneAnalysis.LevelDbm0(caller.AsSpan((int)(8.5 * 8000), 16000)), -11.3, -10.7);
    }

    [Fact]
    public void Bridge_WithCapture_RecordsWhatEachSideSentInStereo()
    {
        string dir = RepoPaths.NewTempDir("capture");
        string played = Path.Combine(dir, "in.wav");
        string capture = Path.Combine(dir, "call.wav");
        short[] samples = Enumerable.Range(0, 1600).Select(i => (short)(i * 7 - 5000)).ToArray();
        using (var w = new WaveFileWriter(played, new WaveFormat(8000, 16, 1)))
        {
            w.WriteSamples(samples, 0, samples.Length);
        }

        var (code, _, stderr) = LineSim(["bridge", "--a", $"play:{played}", "--b", $"record:{Path.Combine(dir, "out.wav")}", "--capture", capture, "--attenuation", "20"]);

        Assert.True(code == 0, stderr);
        using var r = new WaveFileReader(capture);
        Assert.Equal(2, r.WaveFormat.Channels);
        var bytes = new byte[r.Length];
        r.ReadExactly(bytes);
        for (int i = 0; i < samples.Length; i++)
        {
            Assert.Equal(samples[i], BitConverter.ToInt16(bytes, 4 * i));     // left: A as sent, before the line's loss
            Assert.Equal(0, BitConverter.ToInt16(bytes, 4 * i + 2));          // right: the recorder sends silence
        }
    }

    private static (int Code, string Stdout, string Stderr) LineSim(IEnumerable<string> args) =>
        ProcessRunner.Run("dotnet", new[] { LineSimDll }.Concat(args));
}
