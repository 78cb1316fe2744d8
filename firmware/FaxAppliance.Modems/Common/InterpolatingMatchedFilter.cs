using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FaxAppliance.Modems.Common;

/// <summary>
/// The receiver's matched (root-raised-cosine) filter evaluated at any fractional sampling instant: a
/// polyphase bank of <see cref="Phases"/> sub-filters with linear interpolation between neighbouring
/// phases, so the symbol-timing loop can move the sampling instant smoothly. It runs only at the
/// output rate (two outputs a symbol), not at the input rate.
/// <para>
/// The hot path (<see cref="EvaluateInterleaved"/>) works on interleaved complex samples in single
/// precision (rounding some 140 dB below the signal, far under the G.711 floor) with SIMD vectors
/// (256-bit where the machine has them, else 128-bit: NEON on the ARM board):
/// each sub-filter is stored with every tap duplicated (re, im lanes) together with its difference
/// to the next sub-filter, so the interpolated output is Σx·a + w·Σx·(b − a), two fused
/// multiply-adds a vector.
/// </para>
/// </summary>
public sealed class InterpolatingMatchedFilter
{
    /// <summary>Sub-filters per sample; with linear interpolation between them the timing
    /// quantisation error is far below the G.711 noise floor.</summary>
    public const int Phases = 64;

    /// <summary>Rows of the interleaved bank are padded to a multiple of this many floats (zeros), so
    /// that any SIMD width up to 512 bits covers a row in whole vectors.</summary>
    public const int RowAlignment = 16;

    private readonly double[] _bank; // (Phases + 1) rows of Length taps
    private readonly float[] _pairs; // Phases rows of RowWidth floats: tap i of sub-filter p at 2i and 2i + 1
    private readonly float[] _diffs; // the same layout: sub-filter p + 1 minus sub-filter p

    /// <summary>Designs the filter for <paramref name="samplesPerSymbol"/> samples a symbol.</summary>
    public InterpolatingMatchedFilter(double samplesPerSymbol, double rollOff, int spanSymbols)
    {
        double[] proto = RootRaisedCosine.Design(samplesPerSymbol, rollOff, spanSymbols, Phases);
        // Taps per phase: an even number so that the window is symmetric about the interpolation point.
        Length = ((int)Math.Ceiling((double)proto.Length / Phases) + 1) & ~1;
        HalfLength = Length / 2;
        RowWidth = (2 * Length + RowAlignment - 1) / RowAlignment * RowAlignment;
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

        _pairs = new float[Phases * RowWidth];
        _diffs = new float[Phases * RowWidth];
        for (int p = 0; p < Phases; p++)
        {
            for (int i = 0; i < Length; i++)
            {
                double a = _bank[p * Length + i], b = _bank[(p + 1) * Length + i];
                _pairs[p * RowWidth + 2 * i] = _pairs[p * RowWidth + 2 * i + 1] = (float)a;
                _diffs[p * RowWidth + 2 * i] = _diffs[p * RowWidth + 2 * i + 1] = (float)(b - a);
            }
        }
    }

    /// <summary>Taps of each sub-filter.</summary>
    public int Length { get; }

    /// <summary>Half of <see cref="Length"/>: the output at time n + f (0 ≤ f &lt; 1) needs input samples
    /// n − HalfLength + 1 … n + HalfLength.</summary>
    public int HalfLength { get; }

    /// <summary>Floats <see cref="EvaluateInterleaved"/> reads from its first sample on: 2 × <see cref="Length"/>
    /// rounded up to <see cref="RowAlignment"/> (the padding meets zero taps).</summary>
    public int RowWidth { get; }

    /// <summary>
    /// The filter output at fraction <paramref name="frac"/> (0 ≤ frac &lt; 1) past the sample
    /// <c>re[first + HalfLength − 1]</c>, where <paramref name="re"/>/<paramref name="im"/> hold
    /// <see cref="Length"/> consecutive input samples from <paramref name="first"/>.
    /// </summary>
    public Complex Evaluate(ReadOnlySpan<double> re, ReadOnlySpan<double> im, int first, double frac)
    {
        int p = PhaseOf(frac, out double w);
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

    /// <summary>
    /// As <see cref="Evaluate"/>, on interleaved samples: <paramref name="iq"/> holds (re, im) pairs, and
    /// at least <see cref="RowWidth"/> floats from sample <paramref name="first"/> (float index 2·first)
    /// must be readable; the ones past <see cref="Length"/> samples are multiplied by zero.
    /// </summary>
    public Complex EvaluateInterleaved(ReadOnlySpan<float> iq, int first, double frac)
    {
        int p = PhaseOf(frac, out double w);
        ReadOnlySpan<float> x = iq.Slice(2 * first, RowWidth);
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ra = ref _pairs[p * RowWidth];
        ref float rd = ref _diffs[p * RowWidth];
        Vector128<float> sum = Vector256.IsHardwareAccelerated
            ? Accumulate256(ref rx, ref ra, ref rd, RowWidth, (float)w)
            : Accumulate128(ref rx, ref ra, ref rd, RowWidth, (float)w);

        // sum = (re, im, re, im): add the halves.
        Vector128<float> both = sum + Vector128.Shuffle(sum, Vector128.Create(2, 3, 0, 1));
        return new Complex(both.GetElement(0), both.GetElement(1));
    }

    // The timing loop waits on every output (its next instant depends on this one), so the latency of
    // the dot product matters more than its throughput: two independent accumulator pairs, one fused
    // interpolation, and a short pairwise reduction to (re, im, re, im).
    private static Vector128<float> Accumulate256(ref float rx, ref float ra, ref float rd, int width, float w)
    {
        Vector256<float> accA = Vector256<float>.Zero, accD = Vector256<float>.Zero;
        Vector256<float> accA2 = Vector256<float>.Zero, accD2 = Vector256<float>.Zero;
        // width is a multiple of RowAlignment = 16 floats: two 256-bit vectors.
        for (int k = 0; k < width; k += 16)
        {
            Vector256<float> v = Vector256.LoadUnsafe(ref rx, (nuint)k);
            Vector256<float> v2 = Vector256.LoadUnsafe(ref rx, (nuint)(k + 8));
            accA = Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref ra, (nuint)k), accA);
            accD = Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref rd, (nuint)k), accD);
            accA2 = Vector256.FusedMultiplyAdd(v2, Vector256.LoadUnsafe(ref ra, (nuint)(k + 8)), accA2);
            accD2 = Vector256.FusedMultiplyAdd(v2, Vector256.LoadUnsafe(ref rd, (nuint)(k + 8)), accD2);
        }

        Vector256<float> acc = Vector256.FusedMultiplyAdd(Vector256.Create(w), accD + accD2, accA + accA2);
        return acc.GetLower() + acc.GetUpper();
    }

    private static Vector128<float> Accumulate128(ref float rx, ref float ra, ref float rd, int width, float w)
    {
        Vector128<float> accA = Vector128<float>.Zero, accD = Vector128<float>.Zero;
        Vector128<float> accA2 = Vector128<float>.Zero, accD2 = Vector128<float>.Zero;
        // width is a multiple of RowAlignment = 16 floats: four 128-bit vectors.
        for (int k = 0; k < width; k += 8)
        {
            Vector128<float> v = Vector128.LoadUnsafe(ref rx, (nuint)k);
            Vector128<float> v2 = Vector128.LoadUnsafe(ref rx, (nuint)(k + 4));
            accA = Vector128.FusedMultiplyAdd(v, Vector128.LoadUnsafe(ref ra, (nuint)k), accA);
            accD = Vector128.FusedMultiplyAdd(v, Vector128.LoadUnsafe(ref rd, (nuint)k), accD);
            accA2 = Vector128.FusedMultiplyAdd(v2, Vector128.LoadUnsafe(ref ra, (nuint)(k + 4)), accA2);
            accD2 = Vector128.FusedMultiplyAdd(v2, Vector128.LoadUnsafe(ref rd, (nuint)(k + 4)), accD2);
        }

        return Vector128.FusedMultiplyAdd(Vector128.Create(w), accD + accD2, accA + accA2);
    }

    private static int PhaseOf(double frac, out double w)
    {
        double fp = frac * Phases;
        int p = (int)fp;
        if ((uint)p >= Phases)
        {
            p = p < 0 ? 0 : Phases - 1;
        }

        w = fp - p;
        return p;
    }

    // Sub-filter p, tap i multiplies input sample n − HalfLength + 1 + i for an output at n + p/Phases:
    // that is the prototype at time (p/Phases + HalfLength − 1 − i) samples.
    private double Tap(double[] proto, int centre, int p, int i)
    {
        int d = centre + p + (HalfLength - 1 - i) * Phases;
        return d >= 0 && d < proto.Length ? proto[d] : 0.0;
    }
}
