using FaxAppliance.Modems.V21;
using FaxAppliance.Testing;

namespace FaxAppliance.Modems.Tests.V21;

/// <summary>The V.21 channel 2 transmitter's frequencies, level, bit clock and phase continuity.</summary>
public class V21TransmitterTests
{
    [Theory]
    [InlineData(1, 1650.0)]
    [InlineData(0, 1850.0)]
    public void V21Transmitter_MarkAndSpace_AreAtTheV21Channel2FrequenciesWithin6Hz(int bit, double expectedHz)
    {
        double[] y = Generate(new ConstantBits(bit), 8000);
        double f = ToneAnalysis.EstimateFrequency(y, expectedHz);
        Assert.InRange(f, expectedHz - 0.5, expectedHz + 0.5); // V.21 allows ±6 Hz; ours is exact
        Assert.True(ToneAnalysis.PurityDb(y, f) > 60, "the tone is not clean");
    }

    [Theory]
    [InlineData(-13.0)]
    [InlineData(-6.0)]
    [InlineData(-43.0)]
    public void V21Transmitter_Level_IsTheLevelSet(double dbm0)
    {
        var tx = new V21Transmitter();
        tx.SetLevel(dbm0);
        double[] y = Generate(new AlternatingBits(), 8000, tx);
        Assert.InRange(ToneAnalysis.LevelDbm0(y), dbm0 - 0.1, dbm0 + 0.1);
    }

    [Fact]
    public void V21Transmitter_DefaultLevel_IsMinus13Dbm0()
    {
        Assert.Equal(-13.0, new V21Transmitter().LevelDbm0);
    }

    [Fact]
    public void V21Transmitter_BitClock_IsExactly300BitsPerSecond()
    {
        var tx = new V21Transmitter();
        var source = new AlternatingBits();
        short[] block = new short[160];
        for (int i = 0; i < 50 * 60; i++)
        {
            tx.Generate(block, ref source);
        }

        // 60 s: 18 000 bits, plus the bit started by the first sample of the next block.
        Assert.Equal(18_000, tx.BitsSent);
    }

    [Fact]
    public void V21Transmitter_BitChanges_ArePhaseContinuous()
    {
        var tx = new V21Transmitter();
        double[] y = Generate(new AlternatingBits(), 4000, tx);
        double amplitude = FaxAppliance.Dsp.Levels.SineAmplitudeFromDbm0(tx.LevelDbm0);
        double maxStep = amplitude * 2 * Math.PI * 1850 / 8000 * 1.01 + 1; // the steepest slope of the space tone
        for (int n = 1; n < y.Length; n++)
        {
            Assert.True(Math.Abs(y[n] - y[n - 1]) <= maxStep, $"jump of {y[n] - y[n - 1]:F0} at sample {n}");
        }
    }

    [Fact]
    public void V21Transmitter_LevelOutOfRange_IsRejected()
    {
        var tx = new V21Transmitter();
        Assert.Throws<ArgumentOutOfRangeException>(() => tx.SetLevel(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => tx.SetLevel(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => tx.SetLevel(-100));
    }

    private static double[] Generate<TSource>(TSource source, int count, V21Transmitter? tx = null)
        where TSource : struct, IBitSource
    {
        tx ??= new V21Transmitter();
        short[] samples = new short[count];
        tx.Generate(samples, ref source);
        return samples.Select(s => (double)s).ToArray();
    }

    private readonly struct ConstantBits(int bit) : IBitSource
    {
        public int GetBit() => bit;
    }

    private struct AlternatingBits : IBitSource
    {
        private int _next;

        public int GetBit() => _next ^= 1;
    }
}
