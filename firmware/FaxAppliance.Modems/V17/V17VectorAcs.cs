using System.Numerics;
using System.Runtime.Intrinsics;

namespace FaxAppliance.Modems.V17;

/// <summary>The forms of the V.17 add-compare-select, all exact (identical metrics and decisions).</summary>
internal enum V17AcsForm
{
    /// <summary>The plain loop in <see cref="V17ViterbiDecoder"/>.</summary>
    Scalar,

    /// <summary><see cref="V17VectorAcs"/>: 4 states a vector.</summary>
    Vector256,

    /// <summary><see cref="V17Vector128Acs"/>: 2 states a vector.</summary>
    Vector128,
}

/// <summary>
/// Add-compare-select of the V.17 trellis (ITU-T V.17 §2.4) for all 8 states at once, without branches
/// (the choice among predecessors is data-dependent and defeats branch prediction). Gives exactly the
/// results of the scalar form in <see cref="V17ViterbiDecoder"/>: the same double sums, the first of equal
/// predecessors in <see cref="V17Trellis"/> order, the first state of least metric.
/// <para>
/// The structure used (checked against <see cref="V17Trellis"/> when the type loads): the 4 predecessors
/// of states 0–3 are states 0, 2, 4, 6 and those of states 4–7 are 1, 3, 5, 7, in that order, so
/// predecessor i of state 4h + n is state 2i + h; the subset on that branch is <see cref="EvenSubsets"/> /
/// <see cref="OddSubsets"/>[i][n] (only even subsets leave even states: Y0 is the state's bit 0).
/// </para>
/// </summary>
internal static class V17VectorAcs
{
    private const int States = V17Trellis.States;

    // Subset of branch i into state n (low half: states 0–3) / 4 + n (high half: states 4–7), [4i + n].
    internal static ReadOnlySpan<byte> EvenSubsets => [0, 6, 2, 4, 6, 0, 4, 2, 2, 4, 0, 6, 4, 2, 6, 0];

    internal static ReadOnlySpan<byte> OddSubsets => [1, 5, 7, 3, 3, 7, 5, 1, 7, 3, 1, 5, 5, 1, 3, 7];

    /// <summary>Whether <see cref="EvenSubsets"/> / <see cref="OddSubsets"/> and the predecessor structure
    /// above hold for <see cref="V17Trellis"/> (both vector forms rest on them).</summary>
    internal static readonly bool TablesMatchTrellis = MatchesTrellis();

    /// <summary>Whether the vector form is fast here and matches the trellis (always true on x64 with AVX).</summary>
    public static readonly bool Usable = Vector256.IsHardwareAccelerated && TablesMatchTrellis;

    /// <summary>The fastest exact form here: 256-bit vectors (x64 with AVX), else 128-bit vectors (arm64
    /// AdvSimd, x64 without AVX), else the scalar loop.</summary>
    internal static readonly V17AcsForm Preferred =
        Usable ? V17AcsForm.Vector256 : V17Vector128Acs.Usable ? V17AcsForm.Vector128 : V17AcsForm.Scalar;

    /// <summary>The form <see cref="V17ViterbiDecoder"/> runs: <see cref="Preferred"/>, forced by tests to
    /// compare the forms on one machine (all give identical results, so a change is never visible).</summary>
    internal static V17AcsForm Form = Preferred;

    /// <summary>One trellis step: new metrics (renormalized to a minimum of 0) into <paramref name="metric"/>,
    /// each state's predecessor and branch label into the survivor rows.</summary>
    /// <returns>The first state of least metric.</returns>
    public static int Step(
        Span<double> metric,
        ReadOnlySpan<float> distance,
        ReadOnlySpan<int> nearest,
        Span<byte> survivorState,
        Span<byte> survivorLabel)
    {
        // Subset distances by parity, as doubles: E[j] = distance[2j], O[j] = distance[2j + 1].
        var even = Vector256.Create((double)distance[0], distance[2], distance[4], distance[6]);
        var odd = Vector256.Create((double)distance[1], distance[3], distance[5], distance[7]);

        // Branch i's distances per lane, as indices into E / O (subset / 2), constants for vpermpd.
        Vector256<double> low = Vector256.Create(metric[0]) + Vector256.Shuffle(even, Vector256.Create(0L, 3, 1, 2));
        Vector256<double> high = Vector256.Create(metric[1]) + Vector256.Shuffle(odd, Vector256.Create(0L, 2, 3, 1));
        Vector256<double> lowChoice = Vector256<double>.Zero;
        Vector256<double> highChoice = Vector256<double>.Zero;
        Choose(ref low, ref lowChoice, Vector256.Create(metric[2]) + Vector256.Shuffle(even, Vector256.Create(3L, 0, 2, 1)), 1);
        Choose(ref high, ref highChoice, Vector256.Create(metric[3]) + Vector256.Shuffle(odd, Vector256.Create(1L, 3, 2, 0)), 1);
        Choose(ref low, ref lowChoice, Vector256.Create(metric[4]) + Vector256.Shuffle(even, Vector256.Create(1L, 2, 0, 3)), 2);
        Choose(ref high, ref highChoice, Vector256.Create(metric[5]) + Vector256.Shuffle(odd, Vector256.Create(3L, 1, 0, 2)), 2);
        Choose(ref low, ref lowChoice, Vector256.Create(metric[6]) + Vector256.Shuffle(even, Vector256.Create(2L, 1, 3, 0)), 3);
        Choose(ref high, ref highChoice, Vector256.Create(metric[7]) + Vector256.Shuffle(odd, Vector256.Create(2L, 0, 1, 3)), 3);

        // Least metric over the 8 states, in every lane; the first state holding it.
        Vector256<double> least = Vector256.Min(low, high);
        least = Vector256.Min(least, Vector256.Shuffle(least, Vector256.Create(2L, 3, 0, 1)));
        least = Vector256.Min(least, Vector256.Shuffle(least, Vector256.Create(1L, 0, 3, 2)));
        uint atLeast = Vector256.Equals(low, least).ExtractMostSignificantBits()
            | (Vector256.Equals(high, least).ExtractMostSignificantBits() << 4);
        int bestState = BitOperations.TrailingZeroCount(atLeast);

        (low - least).CopyTo(metric);
        (high - least).CopyTo(metric[4..]);

        ReadOnlySpan<byte> evenSubsets = EvenSubsets;
        ReadOnlySpan<byte> oddSubsets = OddSubsets;
        for (int n = 0; n < 4; n++)
        {
            int i = (int)lowChoice.GetElement(n);
            survivorState[n] = (byte)(2 * i);
            survivorLabel[n] = (byte)nearest[evenSubsets[(4 * i) + n]];
            i = (int)highChoice.GetElement(n);
            survivorState[4 + n] = (byte)((2 * i) + 1);
            survivorLabel[4 + n] = (byte)nearest[oddSubsets[(4 * i) + n]];
        }

        return bestState;
    }

    private static void Choose(ref Vector256<double> best, ref Vector256<double> choice, Vector256<double> candidate, double index)
    {
        Vector256<double> better = Vector256.LessThan(candidate, best);
        best = Vector256.ConditionalSelect(better, candidate, best);
        choice = Vector256.ConditionalSelect(better, Vector256.Create(index), choice);
    }

    // The constants above against the trellis: predecessor i of state 4h + n is 2i + h, with the subset
    // of the tables; and the shuffle indices are subset / 2 of the tables.
    private static bool MatchesTrellis()
    {
        ReadOnlySpan<byte> evenSubsets = EvenSubsets;
        ReadOnlySpan<byte> oddSubsets = OddSubsets;
        for (int s = 0; s < States; s++)
        {
            int h = s >> 2;
            int n = s & 3;
            for (int i = 0; i < 4; i++)
            {
                int p = V17Trellis.Predecessor(s, i);
                int subset = V17Trellis.Subset(p & 7, p >> 3);
                int expected = h == 0 ? evenSubsets[(4 * i) + n] : oddSubsets[(4 * i) + n];
                if ((p & 7) != (2 * i) + h || subset != expected)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
