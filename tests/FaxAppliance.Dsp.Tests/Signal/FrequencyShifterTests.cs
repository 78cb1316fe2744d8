using FaxAppliance.Dsp.Signal;
using FaxAppliance.Testing;

namespace FaxAppliance.Dsp.Tests.Signal;

public class FrequencyShifterTests
{
    public static TheoryData<double, double> Tones()
    {
        var data = new TheoryData<double, double>();
        foreach (double f in new[] { 300.0, 500, 1004, 1700, 1800, 2400, 3000, 3400 })
        {
            foreach (double offset in new[] { -20.0, -7, 2, 7, 20 })
            {
                data.Add(f, offset);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Tones))]
    public void Shift_ToneAcrossVoiceBand_ComesOutAtShiftedFrequencyAtLeast45DbClean(double freq, double offset)
    {
        var shifter = new FrequencyShifter(offset);
        double[] x = ToneAnalysis.Sine(freq, 10000, 16000);
        shifter.Process(x);
        ReadOnlySpan<double> settled = x.AsSpan(1000);

        double purity = ToneAnalysis.PurityDb(settled, freq + offset);
        var (amplitude, _) = ToneAnalysis.Fit(settled, freq + offset);

        Assert.True(purity >= 45, $"{freq} Hz shifted by {offset} Hz: tone only {purity:F1} dB above distortion");
        Assert.InRange(amplitude, 10000 * 0.98, 10000 * 1.02);
    }

    [Fact]
    public void Shift_MeasuredOffset_MatchesRequestWithin10MilliHertz()
    {
        var shifter = new FrequencyShifter(7.0);
        double[] x = ToneAnalysis.Sine(1000, 8000, 80000);
        shifter.Process(x);

        double measured = ToneAnalysis.EstimateFrequency(x.AsSpan(2000), 1000);

        Assert.InRange(measured - 1000, 6.99, 7.01);
    }
}
