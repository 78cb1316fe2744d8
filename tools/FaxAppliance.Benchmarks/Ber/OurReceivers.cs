using FaxAppliance.Benchmarks.Speed;
using FaxAppliance.Modems;
using FaxAppliance.Modems.V17;
using FaxAppliance.Modems.V21;
using FaxAppliance.Modems.V27ter;
using FaxAppliance.Modems.V29;

namespace FaxAppliance.Benchmarks.Ber;

/// <summary>Collects bits from one of our receivers (the benchmark's own sink, not the product's).</summary>
public struct ListSink : IBitSink
{
    /// <summary>Where the bits go.</summary>
    public List<byte> Bits { get; init; }

    /// <inheritdoc/>
    public readonly void PutBit(int bit) => Bits.Add((byte)bit);

    /// <inheritdoc/>
    public readonly void OnStatus(ModemStatus status)
    {
    }
}

/// <summary>Our receivers, each behind a collecting sink (BER) or a counting sink (timing). One small
/// class per modem so that every call is direct, as in the product.</summary>
public static class OurReceivers
{
    /// <summary>Our receiver of <paramref name="modem"/> for the BER sweep.</summary>
    public static IReceiverUnderTest Collecting(string modem, int bitRate) => modem switch
    {
        "V.21" => new V21Collect(),
        "V.27ter" => new V27terCollect(bitRate),
        "V.17" => new V17Collect(bitRate),
        _ => new V29Collect(bitRate),
    };

    /// <summary>Our receiver of <paramref name="modem"/> for timing.</summary>
    public static IBlockReceiver Counting(string modem, int bitRate) => modem switch
    {
        "V.21" => new V21Count(),
        "V.27ter" => new V27terCount(bitRate),
        "V.17" => new V17Count(bitRate),
        _ => new V29Count(bitRate),
    };

    private abstract class Collect : IReceiverUnderTest
    {
        protected ListSink _sink = new() { Bits = new List<byte>() };

        public string Implementation => "ours";

        public IReadOnlyList<byte> Bits => _sink.Bits;

        public abstract void Process(ReadOnlySpan<short> block);

        public void Dispose()
        {
        }
    }

    private sealed class V21Collect : Collect
    {
        private readonly V21Receiver _rx = new();

        public override void Process(ReadOnlySpan<short> block) => _rx.Process(block, ref _sink);
    }

    private sealed class V27terCollect(int bitRate) : Collect
    {
        private readonly V27terReceiver _rx = new(bitRate);

        public override void Process(ReadOnlySpan<short> block) => _rx.Process(block, ref _sink);
    }

    private sealed class V29Collect(int bitRate) : Collect
    {
        private readonly V29Receiver _rx = new(bitRate);

        public override void Process(ReadOnlySpan<short> block) => _rx.Process(block, ref _sink);
    }

    private sealed class V17Collect(int bitRate) : Collect
    {
        private readonly V17Receiver _rx = new(bitRate);

        public override void Process(ReadOnlySpan<short> block) => _rx.Process(block, ref _sink);
    }

    private sealed class V17Count(int bitRate) : IBlockReceiver
    {
        private readonly V17Receiver _rx = new(bitRate);
        private CountingSink _sink;

        public long BitCount => _sink.Count;

        public void Process(ReadOnlySpan<short> block) => _rx.Process(block, ref _sink);
    }

    private sealed class V21Count : IBlockReceiver
    {
        private readonly V21Receiver _rx = new();
        private CountingSink _sink;

        public long BitCount => _sink.Count;

        public void Process(ReadOnlySpan<short> block) => _rx.Process(block, ref _sink);
    }

    private sealed class V27terCount(int bitRate) : IBlockReceiver
    {
        private readonly V27terReceiver _rx = new(bitRate);
        private CountingSink _sink;

        public long BitCount => _sink.Count;

        public void Process(ReadOnlySpan<short> block) => _rx.Process(block, ref _sink);
    }

    private sealed class V29Count(int bitRate) : IBlockReceiver
    {
        private readonly V29Receiver _rx = new(bitRate);
        private CountingSink _sink;

        public long BitCount => _sink.Count;

        public void Process(ReadOnlySpan<short> block) => _rx.Process(block, ref _sink);
    }
}
