using FaxAppliance.Modems.Tests.Common;
using FaxAppliance.Modems.V29;
using FaxAppliance.SpanDsp;
using Xunit.Abstractions;

namespace FaxAppliance.Modems.Tests.V29;

/// <summary>Our V.29 transmitter into spandsp's receiver (the reference decides whether we send V.29).</summary>
public class V29InteropTests
{
    private readonly ITestOutputHelper _out;

    public V29InteropTests(ITestOutputHelper output) => _out = output;

    /// <summary>Clean line and impaired lines within what spandsp's own receiver handles from its own
    /// transmitter (measured: it loses V.29 training at a 20 Hz carrier offset even from itself, so the
    /// carrier offset here is 10 Hz).</summary>
    [Theory]
    [InlineData(9600, null, 0.0, 0.0)]
    [InlineData(7200, null, 0.0, 0.0)]
    [InlineData(4800, null, 0.0, 0.0)]
    [InlineData(9600, -36.0, 0.0, 0.0)]
    [InlineData(9600, -39.0, 10.0, 100.0)]
    [InlineData(7200, -35.0, -10.0, -100.0)]
    public void V29Transmitter_IntoSpanDspReceiver_DecodesWithoutErrors(int rate, double? noise, double hz, double ppm)
    {
        var tx = new V29Transmitter(rate);
        var source = new Prbs15Source(0x4321);
        using var rx = new SpanDspReceiver(SpanDspModemKind.V29, rate);
        QamLink.Run(b => tx.Generate(b, ref source), b => rx.Process(b), QamLink.Line(noise, hz, ppm), (int)(50 * V29TestRig.SecondsFor(rate, 20_000)));
        var (n, errors) = Prbs15Checker.Count(rx.Bits, 0);
        _out.WriteLine($"{rate}: {n} bits checked, {errors} errors; statuses {string.Join(",", rx.Statuses)}");
        Assert.True(n >= 20_000, $"only {n} bits checked");
        Assert.Equal(0, errors);
    }

    [Theory]
    [InlineData(9600)]
    [InlineData(7200)]
    [InlineData(4800)]
    public void V29Transmitter_LevelSetting_MeasuresAtTheLine(int rate)
    {
        var tx = new V29Transmitter(rate) { LevelDbm0 = -10 };
        var source = new Prbs15Source(3);
        var block = new short[8000];
        tx.Generate(block, ref source); // training (0.25 s) and data
        tx.Generate(block, ref source); // data only
        double level = FaxAppliance.Dsp.Levels.Dbm0FromRms(FaxAppliance.Dsp.Levels.Rms(block));
        Assert.InRange(level, -10.5, -9.5);
    }
}
