using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FaxAppliance.Modems.Common;

/// <summary>
/// Nearest-point decisions over one fixed subset of a constellation, with SIMD vectors: the same decision
/// as <see cref="Slicer.Nearest"/> (the first of equally near points in <c>allowed</c> order wins), built
/// once per rate so that a symbol costs a few vector operations instead of a branchy loop over the points.
/// </summary>
public sealed class PointSlicer
{
    /// <summary>Points are padded to a multiple of this many (far away, never chosen) so that any SIMD
    /// width up to 512 bits covers them in whole vectors.</summary>
    private const int Alignment = 8;

    /// <summary>Coordinate of the padding points: farther than anything a receiver slices.</summary>
    private const double Far = 1e150;

    private readonly double[] _re;
    private readonly double[] _im;
    private readonly byte[] _index; // position in the allowed list → index into the constellation

    /// <summary>Builds the slicer for the points <paramref name="allowed"/> of <paramref name="points"/>.</summary>
    public PointSlicer(ReadOnlySpan<Complex> points, ReadOnlySpan<byte> allowed)
    {
        if (allowed.IsEmpty)
        {
            throw new ArgumentException("at least one point is needed", nameof(allowed));
        }

        int n = (allowed.Length + Alignment - 1) / Alignment * Alignment;
        _re = new double[n];
        _im = new double[n];
        _index = new byte[n];
        for (int i = 0; i < n; i++)
        {
            bool real = i < allowed.Length;
            _re[i] = real ? points[allowed[i]].Real : Far;
            _im[i] = real ? points[allowed[i]].Imaginary : Far;
            _index[i] = real ? allowed[i] : allowed[0];
        }
    }

    /// <summary>The index (into the constellation) of the allowed point nearest to <paramref name="z"/>.</summary>
    public int Nearest(Complex z)
    {
        return Vector256.IsHardwareAccelerated ? Nearest256(z) : NearestVector(z);
    }

    // The decision waits on the equalizer and the next symbol's update waits on it, so latency counts:
    // the smallest distance by a min tree, then the first point at that distance from lane masks.
    private int Nearest256(Complex z)
    {
        ref double pr = ref MemoryMarshal.GetArrayDataReference(_re);
        ref double pi = ref MemoryMarshal.GetArrayDataReference(_im);
        Vector256<double> zr = Vector256.Create(z.Real);
        Vector256<double> zi = Vector256.Create(z.Imaginary);
        Vector256<double> smallest = Vector256.Create(double.MaxValue);
        for (int k = 0; k < _re.Length; k += 4)
        {
            smallest = Vector256.MinNative(smallest, Distance(zr, zi, ref pr, ref pi, k));
        }

        smallest = Vector256.MinNative(smallest, Vector256.Create(smallest.GetUpper(), smallest.GetLower()));
        smallest = Vector256.MinNative(smallest, Vector256.Shuffle(smallest, Vector256.Create(1L, 0, 3, 2)));
        for (int k = 0; k < _re.Length; k += 4)
        {
            uint at = Vector256.Equals(Distance(zr, zi, ref pr, ref pi, k), smallest).ExtractMostSignificantBits();
            if (at != 0)
            {
                return _index[k + BitOperations.TrailingZeroCount(at)];
            }
        }

        return _index[0]; // NaN: no distance compares equal
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Distance(Vector256<double> zr, Vector256<double> zi, ref double pr, ref double pi, int k)
    {
        Vector256<double> dr = zr - Vector256.LoadUnsafe(ref pr, (nuint)k);
        Vector256<double> di = zi - Vector256.LoadUnsafe(ref pi, (nuint)k);
        return (dr * dr) + (di * di);
    }

    private int NearestVector(Complex z)
    {
        int count = Vector<double>.Count;
        ref double pr = ref MemoryMarshal.GetArrayDataReference(_re);
        ref double pi = ref MemoryMarshal.GetArrayDataReference(_im);
        var zr = new Vector<double>(z.Real);
        var zi = new Vector<double>(z.Imaginary);
        var lane = Vector<long>.Indices;
        var step = new Vector<long>(count);
        var best = new Vector<double>(double.MaxValue);
        var bestAt = Vector<long>.Zero;
        for (int k = 0; k < _re.Length; k += count)
        {
            Vector<double> dr = zr - Vector.LoadUnsafe(ref pr, (nuint)k);
            Vector<double> di = zi - Vector.LoadUnsafe(ref pi, (nuint)k);
            Vector<double> d = (dr * dr) + (di * di);
            Vector<long> closer = Vector.LessThan(d, best); // strict: the earlier point keeps a tie
            best = Vector.ConditionalSelect(closer, d, best);
            bestAt = Vector.ConditionalSelect(closer, lane, bestAt);
            lane += step;
        }

        // Across lanes: the smallest distance, and of equal ones the earliest point.
        double bestDistance = best[0];
        long at = bestAt[0];
        for (int j = 1; j < count; j++)
        {
            double d = best[j];
            long a = bestAt[j];
            if (d < bestDistance || (d == bestDistance && a < at))
            {
                bestDistance = d;
                at = a;
            }
        }

        return _index[(int)at];
    }
}
