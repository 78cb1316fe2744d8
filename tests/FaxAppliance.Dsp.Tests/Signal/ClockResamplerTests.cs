using FaxAppliance.Dsp.Signal;
using FaxAppliance.Testing;

namespace FaxAppliance.Dsp.Tests.Signal;

public class ClockResamplerTests
{
    public static TheoryData<double, double> Tones()
    {
        var data = new TheoryData<double, double>();
        foreach (double f in new[] { 300.0, 1004, 1800, 2400, 3000, 3400 })
        {
            foreach (double ppm in new[] { -200.0, -50, 20, 100, 200, 1000 })
            {
                data.Add(f, ppm);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Tones))]
    public void Resample_ToneAcrossVoiceBand_ScalesFrequencyAndStaysAtLeast45DbClean(double freq, double ppm)
    {
        double step = 1 + ppm * 1e-6;
        var resampler = new ClockResampler(step);
        double[] x = ToneAnalysis.Sine(freq, 10000, 24000);
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i += 160)
        {
            resampler.Process(x.AsSpan(i, 160), y.AsSpan(i, 160));
        }

        ReadOnlySpan<double> settled = y.AsSpan(resampler.NominalLag + 200);
        double purity = ToneAnalysis.PurityDb(settled, freq * step);

        Assert.True(purity >= 45, $"{freq} Hz at {ppm} ppm: tone only {purity:F1} dB above distortion");
        Assert.Equal(0, resampler.Slips);
    }

    [Theory]
    [InlineData(100.0)]
    [InlineData(-100.0)]
    [InlineData(200.0)]
    public void Resample_MeasuredClockOffset_MatchesRequestWithin1Ppm(double ppm)
    {
        var resampler = new ClockResampler(1 + ppm * 1e-6);
        double[] x = ToneAnalysis.Sine(2000, 10000, 80000);
        var y = new double[x.Length];
        resampler.Process(x, y);

        double measured = ToneAnalysis.EstimateFrequency(y.AsSpan(resampler.NominalLag + 200), 2000);
        double measuredPpm = (measured / 2000 - 1) * 1e6;

        Assert.InRange(measuredPpm, ppm - 1, ppm + 1);
    }

    [Fact]
    public void Resample_LongCallWithSilentTurnarounds_KeepsLagBoundedWithoutSlips()
    {
        // 10 minutes of 30 s bursts separated by 1 s of silence, at +200 ppm: the drift of a whole
        // call (960 samples) exceeds the lead, but realignment in the silences absorbs it.
        var resampler = new ClockResampler(1 + 200e-6);
        var block = new double[160];
        var output = new double[160];
        long n = 0;
        for (int second = 0; second < 600; second++)
        {
            bool silent = second % 31 == 30;
            for (int b = 0; b < 50; b++)
            {
                for (int i = 0; i < 160; i++, n++)
                {
                    block[i] = silent ? 0 : 8000 * Math.Sin(2 * Math.PI * 1800 * n / 8000.0);
                }

                resampler.Process(block, output);
            }
        }

        Assert.Equal(0, resampler.Slips);
        Assert.True(resampler.Realignments > 0);
    }

    [Fact]
    public void Construct_RatioBeyondOnePercent_ThrowsNamingTheRatio()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ClockResampler(1.05));
        Assert.Equal("step", ex.ParamName);
    }
}

public class ClockResamplerRealignmentTests
{
    [Theory]
    [InlineData(1000.0)]
    [InlineData(100.0)]
    [InlineData(-1000.0)]
    public void Resample_AfterABurst_OutputIsSilentAndNothingOfTheBurstIsPlayedTwice(double ppm)
    {
        // A 30 s tone, then 2 s of silence: after the tone has played out, every output sample is silent.
        var resampler = new ClockResampler(1 + ppm * 1e-6);
        int toneSamples = 30 * 8000;
        var input = new double[toneSamples + 2 * 8000];
        for (int n = 0; n < toneSamples; n++)
        {
            input[n] = 8000 * Math.Sin(2 * Math.PI * 1000 * n / 8000.0);
        }

        var output = new double[input.Length];
        for (int i = 0; i < input.Length; i += 160)
        {
            resampler.Process(input.AsSpan(i, 160), output.AsSpan(i, 160));
        }

        // Where the output first falls quiet for 20 samples (2.5 ms), the tone has ended; nothing loud may follow.
        int quietFrom = -1;
        for (int i = toneSamples / 2, run = 0; i < output.Length; i++)
        {
            run = Math.Abs(output[i]) < 100 ? run + 1 : 0;
            if (run == 20)
            {
                quietFrom = i - 19;
                break;
            }
        }

        int lastLoud = Array.FindLastIndex(output, v => Math.Abs(v) > 100);
        Assert.True(quietFrom > 0, "the output never fell quiet after the tone");
        Assert.True(lastLoud < quietFrom, $"loud output at {lastLoud}, after the tone had gone quiet at {quietFrom}: the burst's end was replayed");
        Assert.Equal(0, resampler.Slips);
    }
}
