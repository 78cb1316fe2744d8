using CsCheck;
using FaxAppliance.Modems.Common;
using FaxAppliance.Modems.V17;
using Xunit.Abstractions;

namespace FaxAppliance.Modems.Tests.V17;

/// <summary>The Viterbi decoder: bit exactness, coding gain over the uncoded slicer, 90° transparency,
/// zero allocation, robustness.</summary>
public class V17ViterbiDecoderTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(14400)]
    [InlineData(12000)]
    [InlineData(9600)]
    [InlineData(7200)]
    public void EncoderIntoDecoder_NoNoise_IsBitExactOver100000Symbols(int rate)
    {
        const int Symbols = 100_000;
        var (data, labels, points) = V17TestSupport.Encode(rate, Symbols, seed: (ulong)rate, differentialState: 2);
        var decoder = new V17ViterbiDecoder();
        decoder.Restart(rate, differentialState: 2);
        int n = 0;
        foreach (V17Point p in points)
        {
            if (decoder.Decode(p.Re, p.Im, out int bits))
            {
                Assert.Equal(labels[n], decoder.DecidedLabel);
                Assert.Equal(data[n++], bits);
            }

            Assert.Equal(p, decoder.NearestPoint);
            Assert.Equal(p, decoder.BestPathPoint);
        }

        Assert.Equal(Symbols - decoder.DecisionDelay, n);
        while (decoder.Flush(out int bits))
        {
            Assert.Equal(data[n++], bits);
        }

        Assert.Equal(Symbols, n);
        Assert.Equal(0, decoder.Pending);
    }

    [Theory]
    [InlineData(14400)]
    [InlineData(7200)]
    public void HardDecisionFallback_NoNoise_GivesTheDataWithoutDelay(int rate)
    {
        var (data, _, points) = V17TestSupport.Encode(rate, 5000, seed: 3);
        var decoder = new V17ViterbiDecoder();
        decoder.Restart(rate);
        for (int n = 0; n < points.Length; n++)
        {
            Assert.Equal(data[n], decoder.DecodeHard(points[n].Re, points[n].Im));
        }
    }

    [Theory]
    [InlineData(14400, 21.0)]
    [InlineData(12000, 18.0)]
    [InlineData(9600, 15.0)]
    [InlineData(7200, 12.0)]
    public void Viterbi_InGaussianNoise_MakesFewerErrorsThanTheSlicerGivenFourDecibelsMore(int rate, double snrDb)
    {
        // The coding gain over plain nearest-point slicing of the same constellation. Measured (40 000
        // symbols): the decoder at x dB makes as many symbol errors as the slicer at x + 5 to 6 dB, e.g.
        // 14 400 bit/s at 21 dB: Viterbi 137, slicer 5625, slicer at +4 dB 394, at +5 dB 139. Asserted
        // with margin: fewer than half the slicer's errors at x + 4 dB, and under a tenth at x dB.
        const int Symbols = 40_000;
        var (_, labels, points) = V17TestSupport.Encode(rate, Symbols, seed: 11);
        V17Point[] noisy = V17TestSupport.AddNoise(rate, points, snrDb, seed: 12);
        V17Point[] cleaner = V17TestSupport.AddNoise(rate, points, snrDb + 4, seed: 13);
        int viterbi = V17TestSupport.ViterbiLabelErrors(rate, noisy, labels, V17ViterbiDecoder.DefaultDecisionDelay);
        int slicerSame = V17TestSupport.SlicerLabelErrors(rate, noisy, labels);
        int slicerPlus4 = V17TestSupport.SlicerLabelErrors(rate, cleaner, labels);
        output.WriteLine($"{rate} bit/s, {snrDb} dB: Viterbi {viterbi}, slicer {slicerSame}, slicer at +4 dB {slicerPlus4} symbol errors of {Symbols}");
        Assert.True(slicerPlus4 > 100, "the SNR should be near the threshold, where errors are counted");
        Assert.True(viterbi * 2 < slicerPlus4, $"Viterbi {viterbi} vs slicer at +4 dB {slicerPlus4}");
        Assert.True(viterbi * 10 < slicerSame, $"Viterbi {viterbi} vs slicer {slicerSame}");
    }

    [Theory]
    [InlineData(14400, 1)]
    [InlineData(14400, 2)]
    [InlineData(14400, 3)]
    [InlineData(12000, 1)]
    [InlineData(9600, 3)]
    [InlineData(7200, 2)]
    public void TurningEveryReceivedSymbol_ByQuarterTurns_LeavesTheDescrambledDataUnchanged(int rate, int quarterTurns)
    {
        // The receiver's carrier loop can lock 90°, 180° or 270° off: the trellis code is transparent to
        // that and the differential decoding cancels it, so after the descrambler settles the data are
        // the same.
        const int Symbols = 3000;
        var scrambler = new SelfSynchronizingScrambler(18, 23);
        var encoder = new V17TrellisEncoder();
        encoder.Restart(rate);
        int bitsPerSymbol = encoder.DataBitsPerSymbol;
        var rng = new Random(quarterTurns);
        var sentBits = new List<int>();
        var received = new V17Point[Symbols];
        for (int n = 0; n < Symbols; n++)
        {
            int q = 0;
            for (int i = 0; i < bitsPerSymbol; i++)
            {
                int bit = rng.Next(2);
                sentBits.Add(bit);
                q |= scrambler.Scramble(bit) << i;
            }

            V17Point p = encoder.EncodePoint(q);
            for (int t = 0; t < quarterTurns; t++)
            {
                p = p.Rotate90();
            }

            received[n] = p;
        }

        var decoder = new V17ViterbiDecoder();
        decoder.Restart(rate);
        var descrambler = new SelfSynchronizingScrambler(18, 23);
        var got = new List<int>();
        foreach (V17Point p in received)
        {
            if (decoder.Decode(p.Re, p.Im, out int bits))
            {
                Collect(bits);
            }
        }

        while (decoder.Flush(out int bits))
        {
            Collect(bits);
        }

        // The first symbol's Q1 Q2 (differential start) and the descrambler's 23-bit memory may differ.
        int settle = 2 + 23;
        Assert.Equal(sentBits.Count, got.Count);
        Assert.Equal(sentBits.Skip(settle), got.Skip(settle));

        void Collect(int bits)
        {
            for (int i = 0; i < bitsPerSymbol; i++)
            {
                got.Add(descrambler.Descramble(bits >> i));
            }
        }
    }

    [Theory]
    [InlineData(20.0)]
    [InlineData(22.0)]
    [InlineData(24.0)]
    public void ZeroDelayDecisions_BestPathBeatsNearest_AndTheDelayedDecisionBeatsBoth(double snrDb)
    {
        // Which decision can the equalizer use at zero delay? The nearest point is the uncoded slicer;
        // the best survivor's point for the newest symbol already uses the trellis's history.
        const int Rate = 14400;
        const int Symbols = 100_000;
        var (_, labels, points) = V17TestSupport.Encode(Rate, Symbols, seed: 21);
        V17Point[] noisy = V17TestSupport.AddNoise(Rate, points, snrDb, seed: 22);
        var decoder = new V17ViterbiDecoder();
        decoder.Restart(Rate);
        int nearestErrors = 0, bestPathErrors = 0, delayedErrors = 0, n = 0;
        for (int k = 0; k < Symbols; k++)
        {
            if (decoder.Decode(noisy[k].Re, noisy[k].Im, out _))
            {
                delayedErrors += decoder.DecidedLabel != labels[n++] ? 1 : 0;
            }

            nearestErrors += decoder.NearestLabel != labels[k] ? 1 : 0;
            bestPathErrors += decoder.BestPathLabel != labels[k] ? 1 : 0;
        }

        output.WriteLine($"{snrDb} dB, 14400: nearest {nearestErrors}, best path {bestPathErrors}, delayed {delayedErrors} of {Symbols}");
        Assert.Equal(V17TestSupport.SlicerLabelErrors(Rate, noisy, labels), nearestErrors);
        Assert.True(bestPathErrors * 3 < nearestErrors * 2, $"best path {bestPathErrors} vs nearest {nearestErrors}");
        Assert.True(delayedErrors * 2 < bestPathErrors, $"delayed {delayedErrors} vs best path {bestPathErrors}");
    }

    [Fact]
    public void Decode_AfterWarmUp_AllocatesNothing()
    {
        var decoder = new V17ViterbiDecoder();
        decoder.Restart(14400);
        var (_, _, points) = V17TestSupport.Encode(14400, 2000, seed: 9);
        V17Point[] noisy = V17TestSupport.AddNoise(14400, points, 18, seed: 10);
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
            sum += bits + decoder.BestPathLabel + decoder.NearestLabel + (int)decoder.DecidedPoint.Re;
            sum += decoder.DecodeHard(noisy[n].Im, noisy[n].Re);
        }

        while (decoder.Flush(out int bits))
        {
            sum += bits;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.NotEqual(-1, sum);
    }

    [Fact]
    public void RandomSymbols_IncludingHugeValues_NeverThrow_AndGiveBitsInRange()
    {
        Gen<float> coordinate = Gen.OneOf(
            Gen.Float[-12f, 12f],
            Gen.Float[-3e38f, 3e38f],
            Gen.OneOfConst(0f, -0f, float.MaxValue, float.MinValue, float.Epsilon, 1e-30f, float.PositiveInfinity, float.NegativeInfinity));
        Gen.Select(Gen.OneOfConst(14400, 12000, 9600, 7200), Gen.Int[1, 40], coordinate.Array[0, 400])
            .Sample((rate, delay, values) =>
            {
                var decoder = new V17ViterbiDecoder(delay);
                decoder.Restart(rate, differentialState: values.Length & 3);
                int limit = 1 << V17Constellations.DataBitsPerSymbol(rate);
                for (int i = 0; i + 1 < values.Length; i += 2)
                {
                    if (decoder.Decode(values[i], values[i + 1], out int bits))
                    {
                        Assert.InRange(bits, 0, limit - 1);
                    }

                    Assert.InRange(decoder.BestPathLabel, 0, (2 * limit) - 1);
                    Assert.False(float.IsNaN(decoder.NearestPoint.Re));
                }

                while (decoder.Flush(out int bits))
                {
                    Assert.InRange(bits, 0, limit - 1);
                }
            });
    }

    [Fact]
    public void Constructor_RejectsImpossibleDelays()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new V17ViterbiDecoder(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new V17ViterbiDecoder(V17ViterbiDecoder.MaxDecisionDelay + 1));
        var decoder = new V17ViterbiDecoder();
        Assert.Throws<ArgumentOutOfRangeException>(() => decoder.Restart(14400, differentialState: 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => decoder.Restart(14400, trellisState: 8));
    }
}
