using FaxAppliance.Modems;
using FaxAppliance.Modems.V21;

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

/// <summary>Our V.21 channel 2 receiver.</summary>
public sealed class OurV21 : IReceiverUnderTest
{
    private readonly V21Receiver _rx = new();
    private ListSink _sink = new() { Bits = new List<byte>() };

    /// <inheritdoc/>
    public string Implementation => "ours";

    /// <inheritdoc/>
    public IReadOnlyList<byte> Bits => _sink.Bits;

    /// <inheritdoc/>
    public void Process(ReadOnlySpan<short> block) => _rx.Process(block, ref _sink);

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
