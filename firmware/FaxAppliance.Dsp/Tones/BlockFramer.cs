namespace FaxAppliance.Dsp.Tones;

/// <summary>
/// Cuts the caller's sample stream, whatever its block lengths, into the detectors' 20 ms analysis
/// blocks, removing DC on the way (a one-pole high-pass at about 6 Hz: a line or a codec offset
/// must not count as "other energy" against a tone).
/// </summary>
internal sealed class BlockFramer
{
    /// <summary>DC-blocker pole: corner frequency (1 − a)·fs / 2π ≈ 6 Hz.</summary>
    private const double DcPole = 0.995;

    private readonly double[] _block = new double[ToneConstants.BlockSamples];
    private int _fill;
    private double _x1, _y1;

    /// <summary>Blocks completed since <see cref="Reset"/>.</summary>
    public long BlockIndex { get; private set; }

    /// <summary>The block being filled (complete when <see cref="IsFull"/>).</summary>
    public ReadOnlySpan<double> Block => _block;

    /// <summary>Whether the block is complete and waits for analysis.</summary>
    public bool IsFull => _fill == ToneConstants.BlockSamples;

    /// <summary>Samples taken in since <see cref="Reset"/>.</summary>
    public long SamplesConsumed => BlockIndex * ToneConstants.BlockSamples + _fill;

    /// <summary>Sample index of the first sample of the current block.</summary>
    public long BlockStartSample => BlockIndex * ToneConstants.BlockSamples;

    /// <summary>Starts again at sample 0.</summary>
    public void Reset()
    {
        _fill = 0;
        _x1 = 0;
        _y1 = 0;
        BlockIndex = 0;
    }

    /// <summary>Takes samples until the block is full; returns how many it took.</summary>
    public int Append(ReadOnlySpan<short> samples)
    {
        int n = Math.Min(ToneConstants.BlockSamples - _fill, samples.Length);
        for (int i = 0; i < n; i++)
        {
            double x = samples[i];
            double y = x - _x1 + DcPole * _y1;
            _x1 = x;
            _y1 = y;
            _block[_fill + i] = y;
        }

        _fill += n;
        return n;
    }

    /// <summary>Takes up to <paramref name="count"/> samples of silence (missing audio); returns how many.</summary>
    public int AppendSilence(int count)
    {
        int n = Math.Min(ToneConstants.BlockSamples - _fill, count);
        for (int i = 0; i < n; i++)
        {
            double y = -_x1 + DcPole * _y1;
            _x1 = 0;
            _y1 = y;
            _block[_fill + i] = y;
        }

        _fill += n;
        return n;
    }

    /// <summary>Starts the next block (after the full one was analysed).</summary>
    public void Advance()
    {
        _fill = 0;
        BlockIndex++;
    }
}
