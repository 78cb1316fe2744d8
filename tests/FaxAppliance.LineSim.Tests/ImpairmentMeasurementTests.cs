using FaxAppliance.Hal.Simulated.Line;
using FaxAppliance.Testing;

namespace FaxAppliance.LineSim.Tests;

/// <summary>
/// Each impairment, measured at the output of the simulated line, comes out as requested:
/// attenuation ±0.05 dB, noise ±0.2 dB, frequency offset ±0.01 Hz, clock offset ±1 ppm,
/// echo level ±0.1 dB at the requested delay, and the shifter and resampler keep a tone at least
/// 45 dB above their own distortion across 300–3400 Hz.
/// </summary>
public class ImpairmentMeasurementTests
{
    private const int Block = LineDirection.BlockSamples;

    [Theory]
    [InlineData(0.0)]
    [InlineData(10.0)]
    [InlineData(26.5)]
    public void Attenuation_ToneThroughLine_LosesRequestedDb(double attenuation)
    {
        var line = new SimulatedLine(new LineImpairments { AttenuationDb = attenuation, Codec = LineCodec.Linear });
        double amplitude = FaxAppliance.Dsp.Levels.SineAmplitudeFromDbm0(-10);
        double[] heardByB = RunAToB(line, ToneAnalysis.Sine(1004, amplitude, 16000));

        double level = ToneAnalysis.LevelDbm0(heardByB.AsSpan(800));

        Assert.InRange(level, -10 - attenuation - 0.05, -10 - attenuation + 0.05);
    }

    [Theory]
    [InlineData(-40.0, LineCodec.Linear)]
    [InlineData(-65.0, LineCodec.Linear)]
    [InlineData(-30.0, LineCodec.ALaw)]
    public void Noise_SilenceThroughLine_ComesOutAtRequestedLevel(double noise, LineCodec codec)
    {
        var line = new SimulatedLine(new LineImpairments { NoiseDbm0 = noise, Codec = codec, Seed = 3 });
        double[] heardByB = RunAToB(line, new double[80000]);

        double level = ToneAnalysis.LevelDbm0(heardByB);

        Assert.InRange(level, noise - 0.2, noise + 0.2);
    }

    [Theory]
    [InlineData(7.0)]
    [InlineData(-20.0)]
    [InlineData(2.0)]
    public void FrequencyOffset_ToneThroughLine_ShiftedByRequestedHz(double offset)
    {
        var line = new SimulatedLine(new LineImpairments { FrequencyOffsetHz = offset, Codec = LineCodec.Linear });
        double[] heardByB = RunAToB(line, ToneAnalysis.Sine(1800, 8000, 80000));

        double measured = ToneAnalysis.EstimateFrequency(heardByB.AsSpan(1000), 1800, chunk: 100); // ±40 Hz unambiguous

        Assert.InRange(measured - 1800, offset - 0.01, offset + 0.01);
    }

    [Theory]
    [InlineData(50.0)]
    [InlineData(-100.0)]
    [InlineData(200.0)]
    public void ClockOffset_BothDirections_ScaleFrequenciesByRequestedPpm(double ppm)
    {
        var line = new SimulatedLine(new LineImpairments { ClockPpm = ppm, Codec = LineCodec.Linear });
        double[] tone = ToneAnalysis.Sine(2000, 8000, 80000);
        var heardByA = new double[tone.Length];
        var heardByB = new double[tone.Length];
        Run(line, tone, tone, heardByA, heardByB);
        int skip = line.AToB.LatencySamples + 500;

        // B's clock is fast by ppm: what A hears of B is sped up, what B hears of A slowed down.
        double ppmHeardByA = (ToneAnalysis.EstimateFrequency(heardByA.AsSpan(skip), 2000) / 2000 - 1) * 1e6;
        double ppmHeardByB = (ToneAnalysis.EstimateFrequency(heardByB.AsSpan(skip), 2000) / 2000 - 1) * 1e6;

        Assert.InRange(ppmHeardByA, ppm - 1, ppm + 1);
        Assert.InRange(ppmHeardByB, -ppm - 1, -ppm + 1);
    }

    [Theory]
    [InlineData(300.0)]
    [InlineData(1000.0)]
    [InlineData(1800.0)]
    [InlineData(2700.0)]
    [InlineData(3400.0)]
    public void ShifterAndResampler_ToneAcrossVoiceBand_StaysAtLeast45DbAboveDistortion(double freq)
    {
        var line = new SimulatedLine(new LineImpairments { FrequencyOffsetHz = 7, ClockPpm = 100, Codec = LineCodec.Linear });
        double[] heardByB = RunAToB(line, ToneAnalysis.Sine(freq, 10000, 40000));
        double expected = (freq + 7) / (1 + 100e-6); // the shift, then B's fast clock stretches A's signal

        double purity = ToneAnalysis.PurityDb(heardByB.AsSpan(line.AToB.LatencySamples + 500), expected);

        Assert.True(purity >= 45, $"{freq} Hz: tone only {purity:F1} dB above distortion");
    }

    [Fact]
    public void Echo_OwnTransmission_ReturnsAtRequestedLossAndDelay()
    {
        var line = new SimulatedLine(new LineImpairments { EchoReturnLossDb = 20, EchoDelayMs = 12.5, Codec = LineCodec.Linear });
        var impulse = new double[16000];
        impulse[4000] = 20000;
        double[] tone = ToneAnalysis.Sine(1004, 10000, 16000);
        var heardByA = new double[16000];
        var heardByB = new double[16000];

        Run(line, impulse, new double[16000], heardByA, heardByB);
        int delay = Array.IndexOf(heardByA, heardByA.Max()) - 4000;
        var fresh = new SimulatedLine(line.Impairments);
        Run(fresh, tone, new double[16000], heardByA, heardByB);
        double echoLoss = ToneAnalysis.LevelDbm0(tone.AsSpan(800)) - ToneAnalysis.LevelDbm0(heardByA.AsSpan(800));

        Assert.Equal(100, delay); // 12.5 ms at 8000 samples/s
        Assert.InRange(echoLoss, 19.9, 20.1);
    }

    [Fact]
    public void Direction_AToBOnly_LeavesTheOtherDirectionClean()
    {
        var line = new SimulatedLine(new LineImpairments { AttenuationDb = 12, NoiseDbm0 = -50, Direction = LineDirectionSelection.AToB, Codec = LineCodec.Linear });
        double[] tone = ToneAnalysis.Sine(1004, 8000, 16000);
        var heardByA = new double[16000];
        var heardByB = new double[16000];

        Run(line, tone, tone, heardByA, heardByB);

        Assert.Equal(tone.Select(v => Math.Round(v)), heardByA); // bit-transparent back to A
        Assert.InRange(ToneAnalysis.LevelDbm0(tone) - ToneAnalysis.LevelDbm0(heardByB), 11.5, 12.5);
    }

    [Fact]
    public void Seed_SameSeed_RepeatsBitForBit_OtherSeedDiffers()
    {
        LineImpairments imp = new() { NoiseDbm0 = -40, FrequencyOffsetHz = 3, ClockPpm = 30, Seed = 42 };
        double[] tone = ToneAnalysis.Sine(1500, 8000, 8000);

        double[] first = RunAToB(new SimulatedLine(imp), tone);
        double[] second = RunAToB(new SimulatedLine(imp), tone);
        double[] other = RunAToB(new SimulatedLine(imp with { Seed = 43 }), tone);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Process_PerBlock_AllocatesNothing()
    {
        var line = new SimulatedLine(new LineImpairments { NoiseDbm0 = -40, FrequencyOffsetHz = 3, ClockPpm = 30, EchoReturnLossDb = 20, LineModel = "ad5-edd2" });
        var a = new short[Block];
        var b = new short[Block];
        var toA = new short[Block];
        var toB = new short[Block];
        for (int i = 0; i < 100; i++)
        {
            line.Exchange(a, b, toA, toB);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 500; i++)
        {
            line.Exchange(a, b, toA, toB);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static double[] RunAToB(SimulatedLine line, double[] fromA)
    {
        var heardByA = new double[fromA.Length];
        var heardByB = new double[fromA.Length];
        Run(line, fromA, new double[fromA.Length], heardByA, heardByB);
        return heardByB;
    }

    private static void Run(SimulatedLine line, double[] fromA, double[] fromB, double[] heardByA, double[] heardByB)
    {
        var a = new short[Block];
        var b = new short[Block];
        var toA = new short[Block];
        var toB = new short[Block];
        for (int start = 0; start + Block <= fromA.Length; start += Block)
        {
            for (int i = 0; i < Block; i++)
            {
                a[i] = (short)Math.Round(fromA[start + i]);
                b[i] = (short)Math.Round(fromB[start + i]);
            }

            line.Exchange(a, b, toA, toB);
            for (int i = 0; i < Block; i++)
            {
                heardByA[start + i] = toA[i];
                heardByB[start + i] = toB[i];
            }
        }
    }
}
