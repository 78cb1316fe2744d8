using BenchmarkDotNet.Attributes;
using FaxAppliance.Benchmarks.Ber;
using FaxAppliance.Modems;
using FaxAppliance.SpanDsp;

namespace FaxAppliance.Benchmarks.Speed;

/// <summary>
/// Time per 20 ms block of each receiver on the same samples (a reference transmitter's PRBS, 10 s of
/// signal = 500 blocks per operation), ours against spandsp's in the same run: BenchmarkDotNet reports
/// the ratio to the baseline and the bytes allocated per block. Receivers are created once, outside the
/// measurement, and deliver to counting sinks, so only the per-block work is timed; each operation
/// replays the 10 s burst (silence, training, data), as successive bursts of a call.
/// </summary>
[MemoryDiagnoser]
public class ReceiverSpeed
{
    private const int Blocks = 500;
    private short[] _samples = [];
    private ModemUnderTest _modem = null!;
    private SpanDspReceiver? _reference;
    private IBlockReceiver? _ours;

    /// <summary>Modem and rate, by name.</summary>
    [ParamsSource(nameof(ModemNames))]
    public string Modem { get; set; } = "";

    /// <summary>The modems measured: those we have a receiver for.</summary>
    public static IEnumerable<string> ModemNames => Modems.All.Where(m => m.Timed is not null).Select(m => m.Name);

    /// <summary>Makes 10 s of signal.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _modem = Modems.All.Single(m => m.Name == Modem);
        var prbs = new Prbs();
        using var tx = new SpanDspTransmitter(_modem.Kind, _modem.BitRate, prbs.Next);
        _samples = new short[Blocks * 160];
        for (int i = 0; i < _samples.Length; i += 160)
        {
            tx.Generate(_samples.AsSpan(i, 160));
        }

        // A second of silence at the end, so that each replay is a new burst for both receivers.
        _samples.AsSpan(_samples.Length - 8000).Clear();
        _reference = new SpanDspReceiver(_modem.Kind, _modem.BitRate, collectBits: false);
        _ours = _modem.Timed!();
    }

    /// <summary>Releases spandsp's receiver.</summary>
    [GlobalCleanup]
    public void Cleanup() => _reference?.Dispose();

    /// <summary>spandsp's receiver (the baseline).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Blocks)]
    public long SpanDsp()
    {
        for (int i = 0; i < _samples.Length; i += 160)
        {
            _reference!.Process(_samples.AsSpan(i, 160));
        }

        return _reference!.BitCount;
    }

    /// <summary>Our receiver on the same blocks.</summary>
    [Benchmark(OperationsPerInvoke = Blocks)]
    public long Ours()
    {
        for (int i = 0; i < _samples.Length; i += 160)
        {
            _ours!.Process(_samples.AsSpan(i, 160));
        }

        return _ours!.BitCount;
    }
}

/// <summary>One of our receivers behind a counting sink, for timing.</summary>
public interface IBlockReceiver
{
    /// <summary>Processes a block.</summary>
    void Process(ReadOnlySpan<short> block);

    /// <summary>Bits delivered.</summary>
    long BitCount { get; }
}

/// <summary>Counts bits, allocates nothing.</summary>
public struct CountingSink : IBitSink
{
    /// <summary>Bits counted.</summary>
    public long Count { get; private set; }

    /// <inheritdoc/>
    public void PutBit(int bit) => Count++;

    /// <inheritdoc/>
    public readonly void OnStatus(ModemStatus status)
    {
    }
}
