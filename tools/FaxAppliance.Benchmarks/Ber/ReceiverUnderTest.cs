using FaxAppliance.SpanDsp;

namespace FaxAppliance.Benchmarks.Ber;

/// <summary>A receiver measured by the sweep: fed blocks, it collects data bits.</summary>
public interface IReceiverUnderTest : IDisposable
{
    /// <summary>"ours" or "spandsp".</summary>
    string Implementation { get; }

    /// <summary>Feeds a block.</summary>
    void Process(ReadOnlySpan<short> block);

    /// <summary>Data bits received so far.</summary>
    IReadOnlyList<byte> Bits { get; }
}

/// <summary>Creates receivers of one modem at one rate.</summary>
public sealed record ModemUnderTest(string Name, SpanDspModemKind Kind, int BitRate, Func<int, IReceiverUnderTest>? Ours, double LowestSnrDb = 8, Func<Speed.IBlockReceiver>? Timed = null)
{
    /// <summary>The SNRs swept: 13 points 2 dB apart from <see cref="LowestSnrDb"/>.</summary>
    public IEnumerable<double> Snrs => Enumerable.Range(0, 13).Select(k => LowestSnrDb + 2 * k);

    /// <summary>The reference receiver.</summary>
    public IReceiverUnderTest Reference() => new SpanDspReceiverUnderTest(Kind, BitRate);
}

/// <summary>spandsp's receiver.</summary>
public sealed class SpanDspReceiverUnderTest(SpanDspModemKind kind, int bitRate) : IReceiverUnderTest
{
    private readonly SpanDspReceiver _rx = new(kind, bitRate);

    /// <inheritdoc/>
    public string Implementation => "spandsp";

    /// <inheritdoc/>
    public IReadOnlyList<byte> Bits => _rx.Bits;

    /// <inheritdoc/>
    public void Process(ReadOnlySpan<short> block) => _rx.Process(block);

    /// <inheritdoc/>
    public void Dispose() => _rx.Dispose();
}
