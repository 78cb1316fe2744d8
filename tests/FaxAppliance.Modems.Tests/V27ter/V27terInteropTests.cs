using FaxAppliance.Modems.Tests.Common;
using FaxAppliance.Modems.V27ter;
using FaxAppliance.SpanDsp;
using Xunit.Abstractions;

namespace FaxAppliance.Modems.Tests.V27ter;

/// <summary>Our V.27ter transmitter into spandsp's receiver. Measured: Debian's spandsp 0.0.6 V.27ter
/// receiver loses even its own transmitter with white noise at 22 dB SNR (A-law path), so the
/// interop check is on lines without added noise.</summary>
public class V27terInteropTests
{
    private readonly ITestOutputHelper _out;

    public V27terInteropTests(ITestOutputHelper output) => _out = output;

    [Theory]
    [InlineData(4800, 0.0, 0.0)]
    [InlineData(2400, 0.0, 0.0)]
    [InlineData(4800, 10.0, 0.0)]
    [InlineData(2400, 5.0, 0.0)]
    [InlineData(2400, 0.0, 50.0)]
    public void V27terTransmitter_IntoSpanDspReceiver_DecodesWithoutErrors(int rate, double hz, double ppm)
    {
        var tx = new V27terTransmitter(rate);
        var source = new Prbs15Source(0x4321);
        using var rx = new SpanDspReceiver(SpanDspModemKind.V27ter, rate);
        QamLink.Run(b => tx.Generate(b, ref source), b => rx.Process(b), QamLink.Line(null, hz, ppm), (int)(50 * V27terTestRig.SecondsFor(rate, 20_000)));
        var (n, errors) = Prbs15Checker.Count(rx.Bits, 0);
        _out.WriteLine($"{rate}: {n} bits checked, {errors} errors; statuses {string.Join(",", rx.Statuses)}");
        Assert.True(n >= 20_000, $"only {n} bits checked");
        Assert.Equal(0, errors);
    }

    [Theory]
    [InlineData(4800)]
    [InlineData(2400)]
    public void V27terTransmitter_LevelSetting_MeasuresAtTheLine(int rate)
    {
        var tx = new V27terTransmitter(rate) { LevelDbm0 = -10 };
        var source = new Prbs15Source(3);
        var block = new short[8000];
        tx.Generate(block, ref source); // training
        tx.Generate(block, ref source); // data from 0.97 s at the latest
        double level = FaxAppliance.Dsp.Levels.Dbm0FromRms(FaxAppliance.Dsp.Levels.Rms(block.AsSpan(4000)));
        Assert.InRange(level, -10.5, -9.5);
    }
}
