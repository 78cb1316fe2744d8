using System.Numerics;

namespace FaxAppliance.Modems.Common;

/// <summary>
/// The receiver's matched (root-raised-cosine) filter evaluated at any fractional sampling instant: a
/// polyphase bank of <see cref="Phases"/> sub-filters with linear interpolation between neighbouring
/// phases, so the symbol-timing loop can move the sampling instant smoothly. It runs only at the
/// output rate (two outputs a symbol), not at the input rate.
/// </summary>
public sealed class InterpolatingMatchedFilter
{
    /// <summary>Sub-filters per sample; with linear interpolation between them the timing
    /// quantisation error is far below the G.711 noise floor.</summary>
    public const int Phases = 64;

    private readonly double[] _bank; // (Phases + 1) rows of Length taps

    /// <summary>Designs the filter for <paramref name="samplesPerSymbol"/> samples a symbol.</summary>
    public InterpolatingMatchedFilter(double samplesPerSymbol, double rollOff, int spanSymbols)
    {
        double[] proto = RootRaisedCosine.Design(samplesPerSymbol, rollOff, spanSymbols, Phases);
        // Taps per phase: an even number so that the window is symmetric about the interpolation point.
        Length = ((int)Math.Ceiling((double)proto.Length / Phases) + 1) & ~1;
        HalfLength = Length / 2;
        _bank = new double[(Phases + 1) * Length];
        int centre = (proto.Length - 1) / 2;
        double gain = 0;
        for (int i = 0; i < Length; i++)
        {
            gain += Tap(proto, centre, 0, i);
        }

        for (int p = 0; p <= Phases; p++)
        {
            for (int i = 0; i < Length; i++)
            {
                _bank[p * Length + i] = Tap(proto, centre, p, i) / gain;
            }
        }
    }

    /// <summary>Taps of each sub-filter.</summary>
    public int Length { get; }

    /// <summary>Half of <see cref="Length"/>: the output at time n + f (0 ≤ f &lt; 1) needs input samples
    /// n − HalfLength + 1 … n + HalfLength.</summary>
    public int HalfLength { get; }

    /// <summary>
    /// The filter output at fraction <paramref name="frac"/> (0 ≤ frac &lt; 1) past the sample
    /// <c>re[first + HalfLength − 1]</c>, where <paramref name="re"/>/<paramref name="im"/> hold
    /// <see cref="Length"/> consecutive input samples from <paramref name="first"/>.
    /// </summary>
    public Complex Evaluate(ReadOnlySpan<double> re, ReadOnlySpan<double> im, int first, double frac)
    {
        double fp = frac * Phases;
        int p = (int)fp;
        if (p >= Phases)
        {
            p = Phases - 1;
        }

        double w = fp - p;
        ReadOnlySpan<double> a = _bank.AsSpan(p * Length, Length);
        ReadOnlySpan<double> b = _bank.AsSpan((p + 1) * Length, Length);
        ReadOnlySpan<double> xr = re.Slice(first, Length);
        ReadOnlySpan<double> xi = im.Slice(first, Length);
        double sr = 0, si = 0;
        for (int i = 0; i < Length; i++)
        {
            double h = a[i] + w * (b[i] - a[i]);
            sr += xr[i] * h;
            si += xi[i] * h;
        }

        return new Complex(sr, si);
    }

    // Sub-filter p, tap i multiplies input sample n − HalfLength + 1 + i for an output at n + p/Phases:
    // that is the prototype at time (p/Phases + HalfLength − 1 − i) samples.
    private double Tap(double[] proto, int centre, int p, int i)
    {
        int d = centre + p + (HalfLength - 1 - i) * Phases;
        return d >= 0 && d < proto.Length ? proto[d] : 0.0;
    }
}
