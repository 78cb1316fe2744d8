using System.Collections.Concurrent;
using FaxAppliance.Audio;
using FaxAppliance.Hal.Audio;
using FaxAppliance.Hal.Simulated.Board;
using Microsoft.Extensions.Logging;

namespace FaxAppliance.Audio.Tests;

/// <summary>Helpers: a paced simulated board to feed frames, waits with generous timeouts, recording consumers.</summary>
internal static class TestSupport
{
    /// <summary>Long enough for a loaded 2-core machine; a healthy run needs milliseconds.</summary>
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    /// <summary>A board whose line side waits for the capture thread to read each block, so no frame is lost.</summary>
    public static SimulatedBoard PacedBoard(CompandingLaw law = CompandingLaw.ALaw)
    {
        var board = new SimulatedBoard(new SimulatedBoardOptions { Law = law });
        board.LineSide.Pacing = LockstepPacing.WaitForRead;
        board.LineSide.PacingTimeout = Generous;
        return board;
    }

    public static CaptureLoopOptions Options(int ringFrames = 64) => new() { RingFrames = ringFrames, ReadTimeout = Generous, StopTimeout = Generous };

    /// <summary>Sends one block whose every sample is <paramref name="value"/>.</summary>
    public static void Feed(SimulatedBoard board, short value)
    {
        var line = new short[AudioFrame.Samples];
        line.AsSpan().Fill(value);
        board.LineSide.Exchange(line, new short[AudioFrame.Samples]);
    }

    /// <summary>The sample value block <paramref name="k"/> carries in the ordering tests.</summary>
    public static short ValueOf(long k) => (short)(((k * 977) % 16000) - 8000);

    public static void WaitUntil(Func<bool> condition, string what)
    {
        Assert.True(SpinWait.SpinUntil(condition, Generous), "timed out waiting until " + what);
    }
}

/// <summary>Records the sequence, timestamp and first code and sample of each frame into preallocated arrays.</summary>
internal sealed class RecordingConsumer : IFrameConsumer
{
    private readonly long[] _sequences;
    private readonly FrameTimestamp[] _stamps;
    private readonly byte[] _codes;
    private readonly short[] _samples;
    private int _count;

    public RecordingConsumer(int capacity)
    {
        _sequences = new long[capacity];
        _stamps = new FrameTimestamp[capacity];
        _codes = new byte[capacity];
        _samples = new short[capacity];
    }

    public int Count => Volatile.Read(ref _count);

    public Thread? Thread { get; private set; }

    public ReadOnlySpan<long> Sequences => _sequences.AsSpan(0, Count);

    public ReadOnlySpan<FrameTimestamp> Stamps => _stamps.AsSpan(0, Count);

    public ReadOnlySpan<byte> FirstCodes => _codes.AsSpan(0, Count);

    public ReadOnlySpan<short> FirstSamples => _samples.AsSpan(0, Count);

    public void OnFrame(in CapturedFrame frame)
    {
        Thread ??= System.Threading.Thread.CurrentThread;
        int i = _count;
        if (i < _sequences.Length)
        {
            _sequences[i] = frame.Sequence;
            _stamps[i] = frame.Timestamp;
            _codes[i] = frame.Codes[0];
            _samples[i] = frame.Samples[0];
            Volatile.Write(ref _count, i + 1);
        }
    }
}

/// <summary>A logger that keeps every entry.</summary>
internal sealed class ListLogger : ILogger<CaptureLoop>
{
    public ConcurrentQueue<(LogLevel Level, EventId Id, string Message, Exception? Exception)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, eventId, formatter(state, exception), exception));
}
