namespace FaxAppliance.Dsp.Signal;

/// <summary>
/// A streaming real FIR filter over doubles. State is a doubled delay line sized in the constructor,
/// so filtering a block allocates nothing.
/// </summary>
public sealed class FirFilter
{
    private readonly double[] _taps;
    private readonly double[] _history; // twice the length, so a window is always contiguous
    private int _pos;

    /// <summary>Creates a filter with the given impulse response (copied).</summary>
    public FirFilter(ReadOnlySpan<double> taps)
    {
        if (taps.IsEmpty)
        {
            throw new ArgumentException("A filter needs at least one tap.", nameof(taps));
        }

        // Stored reversed so that the convolution is a forward dot product over the history window.
        _taps = taps.ToArray();
        Array.Reverse(_taps);
        _history = new double[2 * taps.Length];
    }

    /// <summary>Number of taps.</summary>
    public int Length => _taps.Length;

    /// <summary>Filters one sample.</summary>
    public double Process(double x)
    {
        int n = _taps.Length;
        _history[_pos] = x;
        _history[_pos + n] = x;
        _pos++;
        if (_pos == n)
        {
            _pos = 0;
        }

        // The window _history[_pos .. _pos + n) holds the last n inputs, oldest first.
        ReadOnlySpan<double> window = _history.AsSpan(_pos, n);
        double acc = 0;
        for (int i = 0; i < n; i++)
        {
            acc += window[i] * _taps[i];
        }

        return acc;
    }

    /// <summary>Filters a block in place.</summary>
    public void Process(Span<double> block)
    {
        for (int i = 0; i < block.Length; i++)
        {
            block[i] = Process(block[i]);
        }
    }

    /// <summary>Clears the delay line.</summary>
    public void Reset()
    {
        Array.Clear(_history);
        _pos = 0;
    }
}
