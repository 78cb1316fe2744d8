using System.Diagnostics;
using System.Reflection;
using CsCheck;
using FaxAppliance.Modems.V17;
using Xunit.Abstractions;

namespace FaxAppliance.Modems.Tests.V17;

/// <summary>The three add-compare-select forms of the V.17 Viterbi decoder (scalar loop, 256-bit and
/// 128-bit vectors) give bit-identical metrics, survivors and best state on the same inputs, ties included.
/// The tests force each form on this machine through <see cref="V17VectorAcs.Form"/>; they are in one
/// class so they never run concurrently with each other (other classes never change the form).</summary>
public class V17VectorAcsTests(ITestOutputHelper output)
{
    private const int States = V17Trellis.States;

    [Fact]
    public void AllForms_RandomChainsWithManyTies_AgreeBitForBitOverMillionsOfSteps()
    {
        // Distances: a few dyadic values (exact sums, ties everywhere), continuous values, the full range of
        // clamped inputs (squared distances up to ~8e6). Chains carry the metrics from step to step.
        Gen<float> tieDistance = Gen.OneOfConst(0f, 0.5f, 1f, 2f, 4f);
        Gen<float> distance = Gen.OneOf(tieDistance, Gen.Float[0f, 100f], Gen.Float[0f, 8e6f]);
        Gen<double> metric = Gen.OneOf(Gen.OneOfConst(0.0, 0.5, 1.0, 2.0, 1e6), Gen.Double[0.0, 1e3]);
        long steps = 0;
        Gen.Select(metric.Array[States], Gen.OneOf(tieDistance.Array[States], distance.Array[States]).Array[1, 64])
            .Sample(
                (start, chain) =>
                {
                    var forms = new Forms(start);
                    foreach (float[] d in chain)
                    {
                        forms.StepAndCompare(d);
                    }

                    Interlocked.Add(ref steps, chain.Length);
                },
                iter: 70_000);

        output.WriteLine($"steps compared: {steps:N0}");
        Assert.True(steps >= 1_500_000, $"only {steps} steps");
    }

    [Fact]
    public void AllForms_EveryZeroOneMetricAndDistancePattern_AgreeOnTies()
    {
        // Exhaustive over {0, 1}: 2^8 metric patterns × 2^8 distance patterns, most with ties.
        var d = new float[States];
        var m = new double[States];
        int ties = 0;
        for (int mp = 0; mp < 256; mp++)
        {
            for (int dp = 0; dp < 256; dp++)
            {
                for (int k = 0; k < States; k++)
                {
                    m[k] = (mp >> k) & 1;
                    d[k] = (dp >> k) & 1;
                }

                var forms = new Forms(m);
                forms.StepAndCompare(d);
                ties += forms.TiedStates;
            }
        }

        Assert.True(ties > 100_000, $"only {ties} tied states");
    }

    [Fact]
    public void AllTies_EveryFormKeepsTheFirstPredecessorAndState0()
    {
        var forms = new Forms(new double[States]);
        forms.StepAndCompare(new float[States]);
        Assert.Equal(0, forms.BestState);
        for (int s = 0; s < States; s++)
        {
            Assert.Equal(V17Trellis.Predecessor(s, 0) & 7, forms.SurvivorState[s]);
        }
    }

    [Fact]
    public void OneStrictlyBetterLaterBranch_IsChosen_ButAnEqualOneIsNot()
    {
        // State 5 (odd half, lane 1 of states 4,5): branch 2 comes from state 5 with subset 3 (OddSubsets).
        var metric = new double[] { 9, 9, 9, 9, 9, 0, 9, 9 };
        var d = new float[] { 4, 4, 4, 1, 4, 4, 4, 4 };
        var forms = new Forms(metric);
        forms.StepAndCompare(d);
        Assert.Equal(5, forms.SurvivorState[5]);
        Assert.Equal(5, forms.BestState);

        // Make branch 0 into state 5 (from state 1, subset 5) equal to branch 2: the first stays.
        metric = [9, 0, 9, 9, 9, 0, 9, 9];
        d = [4, 4, 4, 1, 4, 1, 4, 4];
        forms = new Forms(metric);
        forms.StepAndCompare(d);
        Assert.Equal(1, forms.SurvivorState[5]);
    }

    [Theory]
    [InlineData(14400, 17.0)]
    [InlineData(14400, 21.0)]
    [InlineData(9600, 14.0)]
    [InlineData(7200, 10.0)]
    public void Decoder_EachFormForced_SameRingMetricsAndDecisionsEverySymbol(int rate, double snrDb)
    {
        var (_, _, points) = V17TestSupport.Encode(rate, 30_000, seed: (ulong)rate + 7);
        DecodeWithEachFormAndCompare(rate, V17TestSupport.AddNoise(rate, points, snrDb, seed: 11));
    }

    [Theory]
    [InlineData(14400)]
    [InlineData(12000)]
    [InlineData(7200)]
    public void Decoder_EachFormForced_IntegerLatticeInputFullOfTies_SameEverySymbol(int rate)
    {
        // Whole-number coordinates lie midway between the odd-valued points: equal subset distances and
        // equal path metrics on most symbols.
        var random = new Random(rate);
        var input = new V17Point[20_000];
        for (int n = 0; n < input.Length; n++)
        {
            input[n] = new V17Point(random.Next(-9, 10), random.Next(-9, 10));
        }

        DecodeWithEachFormAndCompare(rate, input);
    }

    private static void DecodeWithEachFormAndCompare(int rate, V17Point[] noisy)
    {
        V17AcsForm[] forms = [V17AcsForm.Scalar, V17AcsForm.Vector256, V17AcsForm.Vector128];
        var decoders = new V17ViterbiDecoder[forms.Length];
        for (int f = 0; f < forms.Length; f++)
        {
            decoders[f] = new V17ViterbiDecoder();
            decoders[f].Restart(rate, differentialState: 1, trellisState: 0);
        }

        double[][] metrics = Array.ConvertAll(decoders, d => Field<double[]>(d, "_metric"));
        byte[][] states = Array.ConvertAll(decoders, d => Field<byte[]>(d, "_survivorState"));
        byte[][] labels = Array.ConvertAll(decoders, d => Field<byte[]>(d, "_survivorLabel"));
        V17AcsForm saved = V17VectorAcs.Form;
        try
        {
            foreach (V17Point p in noisy)
            {
                V17VectorAcs.Form = forms[0];
                bool decided = decoders[0].Decode(p.Re, p.Im, out int bits);
                for (int f = 1; f < forms.Length; f++)
                {
                    V17VectorAcs.Form = forms[f];
                    Assert.Equal(decided, decoders[f].Decode(p.Re, p.Im, out int otherBits));
                    Assert.Equal(bits, otherBits);
                    Assert.Equal(decoders[0].BestPathLabel, decoders[f].BestPathLabel);
                    Assert.Equal(decoders[0].DecidedLabel, decoders[f].DecidedLabel);
                    AssertBitsEqual(metrics[0], metrics[f]);
                    Assert.Equal(states[0], states[f]);
                    Assert.Equal(labels[0], labels[f]);
                }
            }
        }
        finally
        {
            V17VectorAcs.Form = saved;
        }
    }

    [Fact]
    public void Decoder_Vector128Forced_AllocatesNothing()
    {
        V17AcsForm saved = V17VectorAcs.Form;
        try
        {
            V17VectorAcs.Form = V17AcsForm.Vector128;
            var decoder = new V17ViterbiDecoder();
            decoder.Restart(14400);
            var (_, _, points) = V17TestSupport.Encode(14400, 3000, seed: 5);
            V17Point[] noisy = V17TestSupport.AddNoise(14400, points, 18, seed: 6);
            int sum = 0;
            for (int n = 0; n < 200; n++)
            {
                decoder.Decode(noisy[n].Re, noisy[n].Im, out int bits);
                sum += bits;
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int n = 200; n < noisy.Length; n++)
            {
                decoder.Decode(noisy[n].Re, noisy[n].Im, out int bits);
                sum += bits + decoder.BestPathLabel;
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.NotEqual(-1, sum);
        }
        finally
        {
            V17VectorAcs.Form = saved;
        }
    }

    [Fact]
    public void Decoder_TimePerSymbolOfEachForm_IsReported_AndOutputsAgree()
    {
        // A report, not a timed assertion (benchmarks belong in tools/): ns per decoded symbol on this
        // machine (x64) with each form forced; arm64 is not measured here.
        var (_, _, points) = V17TestSupport.Encode(14400, 50_000, seed: 21);
        V17Point[] noisy = V17TestSupport.AddNoise(14400, points, 20, seed: 22);
        V17AcsForm[] forms = [V17AcsForm.Scalar, V17AcsForm.Vector256, V17AcsForm.Vector128];
        var best = new double[forms.Length];
        var checksums = new long[forms.Length];
        Array.Fill(best, double.MaxValue);
        var decoder = new V17ViterbiDecoder();
        V17AcsForm saved = V17VectorAcs.Form;
        try
        {
            // Rounds interleave the forms, so load from other processes and tiering hit all alike.
            for (int round = 0; round < 9; round++)
            {
                for (int f = 0; f < forms.Length; f++)
                {
                    V17VectorAcs.Form = forms[f];
                    decoder.Restart(14400);
                    long checksum = 0;
                    long start = Stopwatch.GetTimestamp();
                    foreach (V17Point p in noisy)
                    {
                        decoder.Decode(p.Re, p.Im, out int bits);
                        checksum = (checksum * 31) + bits + (decoder.BestPathLabel << 8);
                    }

                    best[f] = Math.Min(best[f], Stopwatch.GetElapsedTime(start).TotalNanoseconds / noisy.Length);
                    checksums[f] = checksum;
                }
            }
        }
        finally
        {
            V17VectorAcs.Form = saved;
        }

        for (int f = 0; f < forms.Length; f++)
        {
            output.WriteLine($"{forms[f],-10} {best[f],7:F1} ns/symbol (best of 9 × {noisy.Length:N0} symbols, 14 400 bit/s, 20 dB)");
        }

        output.WriteLine($"preferred here: {V17VectorAcs.Preferred}");
        Assert.All(checksums, c => Assert.Equal(checksums[0], c));
    }

    private static T Field<T>(V17ViterbiDecoder decoder, string name) =>
        (T)typeof(V17ViterbiDecoder).GetField(name, BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(decoder)!;

    private static void AssertBitsEqual(double[] expected, double[] actual)
    {
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[k]), BitConverter.DoubleToInt64Bits(actual[k]));
        }
    }

    /// <summary>The scalar reference (the decoder's loop, straight from <see cref="V17Trellis"/>) and both
    /// vector forms, stepped on the same inputs and compared after every step.</summary>
    private sealed class Forms
    {
        private readonly double[] _scalar = new double[States];
        private readonly double[] _v256 = new double[States];
        private readonly double[] _v128 = new double[States];
        private readonly byte[] _labels256 = new byte[States];
        private readonly byte[] _states256 = new byte[States];
        private readonly byte[] _labels128 = new byte[States];
        private readonly byte[] _states128 = new byte[States];
        private readonly int[] _nearest = new int[States];

        public Forms(double[] metric)
        {
            metric.CopyTo(_scalar, 0);
            metric.CopyTo(_v256, 0);
            metric.CopyTo(_v128, 0);
            for (int k = 0; k < States; k++)
            {
                _nearest[k] = (8 * k) + k; // distinct per subset, as labels are
            }
        }

        public byte[] SurvivorState { get; } = new byte[States];

        public byte[] SurvivorLabel { get; } = new byte[States];

        public int BestState { get; private set; }

        public int TiedStates { get; private set; }

        public void StepAndCompare(float[] distance)
        {
            BestState = ScalarStep(distance);
            int best256 = V17VectorAcs.Step(_v256, distance, _nearest, _states256, _labels256);
            int best128 = V17Vector128Acs.Step(_v128, distance, _nearest, _states128, _labels128);
            Assert.Equal(BestState, best256);
            Assert.Equal(BestState, best128);
            AssertBitsEqual(_scalar, _v256);
            AssertBitsEqual(_scalar, _v128);
            Assert.Equal(SurvivorState, _states256);
            Assert.Equal(SurvivorState, _states128);
            Assert.Equal(SurvivorLabel, _labels256);
            Assert.Equal(SurvivorLabel, _labels128);
        }

        // As V17ViterbiDecoder's scalar loop: double sums, a later branch only when strictly less, the
        // first state of least metric, renormalized by subtracting it.
        private int ScalarStep(float[] distance)
        {
            Span<double> next = stackalloc double[States];
            double least = double.PositiveInfinity;
            int bestState = 0;
            for (int s = 0; s < States; s++)
            {
                double best = 0;
                int ties = 0;
                for (int i = 0; i < 4; i++)
                {
                    int p = V17Trellis.Predecessor(s, i);
                    int previous = p & 7;
                    int subset = V17Trellis.Subset(previous, p >> 3);
                    double m = _scalar[previous] + distance[subset];
                    if (i == 0 || m < best)
                    {
                        best = m;
                        ties = 0;
                        SurvivorState[s] = (byte)previous;
                        SurvivorLabel[s] = (byte)_nearest[subset];
                    }
                    else if (m == best)
                    {
                        ties++;
                    }
                }

                TiedStates += ties > 0 ? 1 : 0;
                next[s] = best;
                if (best < least)
                {
                    least = best;
                    bestState = s;
                }
            }

            for (int s = 0; s < States; s++)
            {
                _scalar[s] = next[s] - least;
            }

            return bestState;
        }
    }
}
