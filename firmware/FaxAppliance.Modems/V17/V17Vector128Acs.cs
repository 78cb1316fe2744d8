using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FaxAppliance.Modems.V17;

/// <summary>
/// Add-compare-select of the V.17 trellis (ITU-T V.17 §2.4) with 128-bit vectors, two states a vector,
/// without branches: the form for arm64 (AdvSimd), where <see cref="V17VectorAcs"/>'s 256-bit vectors are
/// not hardware-accelerated. Exactly the results of the scalar form in <see cref="V17ViterbiDecoder"/> and
/// of <see cref="V17VectorAcs"/>: the same double sums, the first of equal predecessors in
/// <see cref="V17Trellis"/> order (a later branch replaces the survivor only when strictly less), the
/// first state of least metric.
/// <para>
/// Structure (from <see cref="V17VectorAcs.EvenSubsets"/> / <see cref="V17VectorAcs.OddSubsets"/>, which
/// are checked against the trellis when the type loads): predecessor i of state 4h + n is state 2i + h.
/// Reading the tables by pairs of states, only 8 pairs of subset distances dᵢ occur:
/// <code>
///   A = (d0, d6)  B = (d2, d4)  C = (d1, d5)  D = (d3, d7)     A', B', C', D' = the same, lanes swapped
///   states 0,1:  m0 + A    m2 + A'   m4 + B    m6 + B'
///   states 2,3:  m0 + B    m2 + B'   m4 + A    m6 + A'
///   states 4,5:  m1 + C    m3 + D    m5 + D'   m7 + C'
///   states 6,7:  m1 + D'   m3 + C'   m5 + C    m7 + D
/// </code>
/// (columns: branches i = 0…3, mₖ = metric of state k in both lanes), so the distances are built once as
/// 8 lane pairs and no cross-lane shuffle is needed in the compare chain.
/// </para>
/// Valid for metrics and distances that are finite, not negative and not −0 (what the decoder feeds:
/// squared distances of clamped coordinates and metrics renormalized by subtraction).
/// </summary>
internal static class V17Vector128Acs
{
    /// <summary>Whether 128-bit vectors are hardware-accelerated and the tables match the trellis.</summary>
    public static bool Usable => Vector128.IsHardwareAccelerated && V17VectorAcs.TablesMatchTrellis;

    /// <summary>One trellis step, as <see cref="V17VectorAcs.Step"/>: new metrics (renormalized to a
    /// minimum of 0) into <paramref name="metric"/>, each state's predecessor and branch label into the
    /// survivor rows.</summary>
    /// <returns>The first state of least metric.</returns>
    public static int Step(
        Span<double> metric,
        ReadOnlySpan<float> distance,
        ReadOnlySpan<int> nearest,
        Span<byte> survivorState,
        Span<byte> survivorLabel)
    {
        // Highest index first: one bounds check covers the constant indices below.
        double d7 = distance[7];
        double d0 = distance[0], d1 = distance[1], d2 = distance[2], d3 = distance[3];
        double d4 = distance[4], d5 = distance[5], d6 = distance[6];
        var a = Vector128.Create(d0, d6);
        var a1 = Vector128.Create(d6, d0);
        var b = Vector128.Create(d2, d4);
        var b1 = Vector128.Create(d4, d2);
        var c = Vector128.Create(d1, d5);
        var c1 = Vector128.Create(d5, d1);
        var d = Vector128.Create(d3, d7);
        var d1r = Vector128.Create(d7, d3);

        _ = metric[7];
        var m0 = Vector128.Create(metric[0]);
        var m1 = Vector128.Create(metric[1]);
        var m2 = Vector128.Create(metric[2]);
        var m3 = Vector128.Create(metric[3]);
        var m4 = Vector128.Create(metric[4]);
        var m5 = Vector128.Create(metric[5]);
        var m6 = Vector128.Create(metric[6]);
        var m7 = Vector128.Create(metric[7]);

        // Branch 0 first, then each later branch replaces the survivor only where strictly less.
        Vector128<double> s01 = m0 + a, s23 = m0 + b, s45 = m1 + c, s67 = m1 + d1r;
        Vector128<long> c01 = Vector128<long>.Zero, c23 = c01, c45 = c01, c67 = c01;
        Choose(ref s01, ref c01, m2 + a1, 1);
        Choose(ref s23, ref c23, m2 + b1, 1);
        Choose(ref s45, ref c45, m3 + d, 1);
        Choose(ref s67, ref c67, m3 + c1, 1);
        Choose(ref s01, ref c01, m4 + b, 2);
        Choose(ref s23, ref c23, m4 + a, 2);
        Choose(ref s45, ref c45, m5 + d1r, 2);
        Choose(ref s67, ref c67, m5 + c, 2);
        Choose(ref s01, ref c01, m6 + b1, 3);
        Choose(ref s23, ref c23, m6 + a1, 3);
        Choose(ref s45, ref c45, m7 + c1, 3);
        Choose(ref s67, ref c67, m7 + d, 3);

        // Least metric over the 8 states, in both lanes; the first state holding it: the 8 equality masks
        // narrowed to 16-bit lanes (all ones stay all ones), one sign-bit mask, the lowest bit set.
        Vector128<double> least = Vector128.Min(Vector128.Min(s01, s23), Vector128.Min(s45, s67));
        least = Vector128.Min(least, Vector128.Shuffle(least, Vector128.Create(1L, 0L)));
        Vector128<int> low = Vector128.Narrow(
            Vector128.Equals(s01, least).AsInt64(), Vector128.Equals(s23, least).AsInt64());
        Vector128<int> high = Vector128.Narrow(
            Vector128.Equals(s45, least).AsInt64(), Vector128.Equals(s67, least).AsInt64());
        uint atLeast = Vector128.Narrow(low, high).ExtractMostSignificantBits();
        int bestState = BitOperations.TrailingZeroCount(atLeast);

        (s01 - least).CopyTo(metric);
        (s23 - least).CopyTo(metric[2..]);
        (s45 - least).CopyTo(metric[4..]);
        (s67 - least).CopyTo(metric[6..]);

        _ = survivorState[7];
        _ = survivorLabel[7];
        Survivors(c01, 0, nearest, survivorState, survivorLabel);
        Survivors(c23, 2, nearest, survivorState, survivorLabel);
        Survivors(c45, 4, nearest, survivorState, survivorLabel);
        Survivors(c67, 6, nearest, survivorState, survivorLabel);
        return bestState;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Choose(ref Vector128<double> best, ref Vector128<long> choice, Vector128<double> candidate, long index)
    {
        Vector128<double> better = Vector128.LessThan(candidate, best);
        best = Vector128.ConditionalSelect(better, candidate, best);
        choice = Vector128.ConditionalSelect(better.AsInt64(), Vector128.Create(index), choice);
    }

    // States s and s + 1 (s even): predecessor 2i + h and the label of the nearest point of the branch's
    // subset, i = the chosen branch of each lane.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Survivors(
        Vector128<long> choice, int s, ReadOnlySpan<int> nearest, Span<byte> survivorState, Span<byte> survivorLabel)
    {
        int h = s >> 2;
        ReadOnlySpan<byte> subsets = h == 0 ? V17VectorAcs.EvenSubsets : V17VectorAcs.OddSubsets;
        int n = s & 3;
        int i = (int)choice.GetElement(0);
        survivorState[s] = (byte)((2 * i) + h);
        survivorLabel[s] = (byte)nearest[subsets[(4 * i) + n]];
        i = (int)choice.GetElement(1);
        survivorState[s + 1] = (byte)((2 * i) + h);
        survivorLabel[s + 1] = (byte)nearest[subsets[(4 * i) + n + 1]];
    }
}
