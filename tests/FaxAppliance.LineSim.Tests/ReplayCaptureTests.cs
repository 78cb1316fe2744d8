using System.Text;
using System.Text.Json.Nodes;
using FaxAppliance.Testing;
using NAudio.Wave;

namespace FaxAppliance.LineSim.Tests;

/// <summary>
/// A capture file is outside input (it comes from the field): every bad one gives exit code 2 and one line saying
/// what is wrong; the parser never throws, whatever the bytes, and reading blocks allocates nothing.
/// </summary>
public class ReplayCaptureTests
{
    private static readonly string LineSimDll = Path.Combine(AppContext.BaseDirectory, "FaxAppliance.LineSim.dll");

    public static TheoryData<string, string> BadCaptures() => new()
    {
        { "empty", "the file is empty" },
        { "text", "not a WAV file (no RIFF/WAVE header)" },
        { "mono", "it is mono; a replayable capture has 3 channels" },
        { "stereo", "it is stereo (a bridge capture" },
        { "44k", "the audio is 44100 Hz 16-bit; a capture is 8000 Hz 16-bit" },
        { "8bit", "the audio is 8000 Hz 8-bit; a capture is 8000 Hz 16-bit" },
        { "float", "the audio is not PCM (format tag 0x0003)" },
        { "truncated", "truncated: the RIFF header says" },
        { "partial-block", "is not a whole number of 20 ms blocks" },
        { "unclosed", "it was never closed" },
        { "no-audio", "it holds no audio" },
        { "bad-json", "the metadata chunk is not JSON" },
        { "foreign-json", "the metadata chunk is not a JSON object with \"format\"" },
        { "bad-role", "unknown role 'fax'" },
        { "bad-start", "session_start_block 9 is not a block of its 3" },
        { "never-connected", "the recorded appliance never connected" },
        { "no-metadata", "the capture has no metadata naming its role: give --role receive|send" },
    };

    [Theory]
    [MemberData(nameof(BadCaptures))]
    public void Replay_BadCapture_ExitsWith2AndOneLineSayingWhy(string kind, string expected)
    {
        string dir = RepoPaths.NewTempDir("replay-bad");
        string path = Path.Combine(dir, kind + ".wav");
        Make(kind, path);

        var (code, stdout, stderr) = ProcessRunner.Run("dotnet", [LineSimDll, "replay", path, "--out", Path.Combine(dir, "out")]);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void TryOpen_EveryPrefixOfAGoodCapture_IsRefusedWithAReason()
    {
        string dir = RepoPaths.NewTempDir("replay-prefix");
        string good = Path.Combine(dir, "good.wav");
        WriteCapture(good, blocks: 3, new JsonObject { ["role"] = "receive", ["session_start_block"] = 1 });
        byte[] bytes = File.ReadAllBytes(good);
        string prefix = Path.Combine(dir, "prefix.wav");

        for (int n = 0; n < bytes.Length; n++)
        {
            File.WriteAllBytes(prefix, bytes[..n]);
            using ReplayCapture? c = ReplayCapture.TryOpen(prefix, out string error);
            Assert.True(c is null, $"a {n}-byte prefix of {bytes.Length} was accepted");
            Assert.False(string.IsNullOrWhiteSpace(error));
        }

        using ReplayCapture whole = ReplayCapture.TryOpen(good, out string none) ?? throw new Xunit.Sdk.XunitException(none);
        Assert.Equal(3, whole.Blocks);
        Assert.Equal("receive", whole.Metadata!["role"]!.GetValue<string>());
    }

    [Fact]
    public void TryOpen_RandomlyCorruptedCaptures_NeverThrow()
    {
        string dir = RepoPaths.NewTempDir("replay-fuzz");
        string good = Path.Combine(dir, "good.wav");
        WriteCapture(good, blocks: 2, new JsonObject { ["role"] = "send", ["document"] = "/x.tif" });
        byte[] bytes = File.ReadAllBytes(good);
        string bad = Path.Combine(dir, "bad.wav");
        var random = new Random(20261127);
        Span<short> heard = stackalloc short[160];
        int accepted = 0;

        for (int i = 0; i < 2000; i++)
        {
            byte[] b = (byte[])bytes.Clone();
            int changes = random.Next(1, 6);
            for (int k = 0; k < changes; k++)
            {
                // Mostly in the headers and the metadata, where the structure is.
                int at = random.Next(2) == 0 ? random.Next(Math.Min(48, b.Length)) : random.Next(b.Length);
                b[at] = (byte)random.Next(256);
            }

            File.WriteAllBytes(bad, random.Next(4) == 0 ? b[..random.Next(b.Length)] : b);
            using ReplayCapture? c = ReplayCapture.TryOpen(bad, out string error);
            if (c is null)
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
                continue;
            }

            accepted++;
            for (long n = 0; c.TryReadHeard(n, heard); n++)
            {
                Assert.True(n < c.Blocks);
            }
        }

        Assert.InRange(accepted, 1, 1999); // some corruptions hit only audio samples, most break the structure
    }

    [Fact]
    public void TryReadHeard_ReadsChannel3AndAllocatesNothingPerBlock()
    {
        string dir = RepoPaths.NewTempDir("replay-read");
        string path = Path.Combine(dir, "c.wav");
        WriteCapture(path, blocks: 200, new JsonObject { ["role"] = "receive", ["session_start_block"] = 0 });
        using ReplayCapture c = ReplayCapture.TryOpen(path, out string error) ?? throw new Xunit.Sdk.XunitException(error);
        Span<short> heard = stackalloc short[160];
        Assert.True(c.TryReadHeard(0, heard)); // warm up

        long before = GC.GetAllocatedBytesForCurrentThread();
        long sum = 0;
        for (long n = 1; c.TryReadHeard(n, heard); n++)
        {
            sum += heard[5];
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(Enumerable.Range(1, 199).Sum(n => (long)HeardSample(n, 5)), sum); // channel 3, not 1 or 2
        Assert.False(c.TryReadHeard(200, heard));
    }

    internal static string Run(string file, IEnumerable<string> args)
    {
        var (code, stdout, stderr) = ProcessRunner.Run(file, args);
        Assert.True(code == 0, stderr);
        return stdout;
    }

    private static short HeardSample(long block, int i) => (short)(block * 100 + i);

    // A capture as CallCapture writes it: channel 1 and 2 carry other patterns than channel 3.
    private static void WriteCapture(string path, int blocks, JsonObject? metadata)
    {
        using var capture = new CallCapture(path, CallCapture.ApplianceChannels);
        short[] a = new short[160], b = new short[160], heard = new short[160];
        for (int n = 0; n < blocks; n++)
        {
            for (int i = 0; i < 160; i++)
            {
                a[i] = -1000;
                b[i] = 2000;
                heard[i] = HeardSample(n, i);
            }

            capture.Add(a, b, heard);
        }

        if (metadata is not null)
        {
            capture.SetMetadata(metadata);
        }
    }

    private static void Make(string kind, string path)
    {
        switch (kind)
        {
            case "empty": File.WriteAllBytes(path, []); break;
            case "text": File.WriteAllText(path, "this is not a capture, it is a note about one\n"); break;
            case "mono": Wav(path, new WaveFormat(8000, 16, 1), 320); break;
            case "stereo": Wav(path, new WaveFormat(8000, 16, 2), 640); break;
            case "44k": Wav(path, new WaveFormat(44100, 16, 3), 960); break;
            case "8bit": Wav(path, new WaveFormat(8000, 8, 3), 480); break;
            case "float": Wav(path, WaveFormat.CreateIeeeFloatWaveFormat(8000, 3), 1920); break;
            case "partial-block": Wav(path, new WaveFormat(8000, 16, 3), 960 + 6); break;
            case "truncated":
                WriteCapture(path, 3, new JsonObject { ["role"] = "receive", ["session_start_block"] = 0 });
                byte[] all = File.ReadAllBytes(path);
                File.WriteAllBytes(path, all[..(all.Length - 700)]);
                break;
            case "unclosed":
                // A capture whose writer never closed (the process died): NAudio's size fields are still 0.
                WriteCapture(path, 2, null);
                byte[] open = File.ReadAllBytes(path);
                BitConverter.GetBytes(0).CopyTo(open, 4);
                BitConverter.GetBytes(0).CopyTo(open, 40);
                File.WriteAllBytes(path, open);
                break;
            case "no-audio": WithMetadata(path, "{\"format\": \"faxappliance-linesim-capture\", \"role\": \"receive\"}", audioBytes: 0); break;
            case "bad-json": WithMetadata(path, "{\"format\": \"faxappliance-linesim-capture\", "); break;
            case "foreign-json": WithMetadata(path, "[1, 2, 3]"); break;
            case "bad-role": WriteCapture(path, 3, new JsonObject { ["role"] = "fax" }); break;
            case "bad-start": WriteCapture(path, 3, new JsonObject { ["role"] = "receive", ["session_start_block"] = 9 }); break;
            case "never-connected": WriteCapture(path, 3, new JsonObject { ["role"] = "receive", ["session_start_block"] = null }); break;
            case "no-metadata": WriteCapture(path, 3, null); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    private static void Wav(string path, WaveFormat format, int bytes)
    {
        using var w = new WaveFileWriter(path, format);
        w.Write(new byte[bytes]);
    }

    private static void WithMetadata(string path, string json, int audioBytes = 960)
    {
        using var w = new WaveFileWriter(path, new WaveFormat(8000, 16, 3));
        w.Write(new byte[audioBytes]);
        w.AddChunk(CallCapture.MetadataChunkId, Encoding.UTF8.GetBytes(json), ChunkPosition.AfterData);
    }
}
