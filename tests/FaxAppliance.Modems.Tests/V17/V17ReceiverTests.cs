using FaxAppliance.Modems.Tests.Common;
using Xunit.Abstractions;

namespace FaxAppliance.Modems.Tests.V17;

/// <summary>
/// The V.17 receiver against spandsp's transmitter through the simulated line (A-law in the path). SNR is
/// signal RMS over noise RMS across 0–4 kHz: the transmitter at −14 dBm0 and the line's white noise at
/// −14 − SNR dBm0. CI affords about 10^5 bits a point (at most one error asserted); the modem benchmark
/// measures 10^6 and more.
/// </summary>
public class V17ReceiverTests(ITestOutputHelper output)
{
    /// <summary>Targets: BER below 1e-5 at 14 400 with 25 dB, 12 000 with 21, 9600 with 17, 7200 with 15
    /// (spandsp's receiver needs about 25.5 / 21.5 / 17.5 / 15.5 dB).</summary>
    [Theory]
    [InlineData(14400, 25.0)]
    [InlineData(12000, 21.0)]
    [InlineData(9600, 17.0)]
    [InlineData(7200, 15.0)]
    public void V17Receiver_SpanDspTransmitterAtTargetSnr_BerBelow1e5(int rate, double snr)
    {
        using var rig = new V17TestRig(rate, V17TestRig.Line(-14 - snr, seed: 11));
        rig.Burst(rig.Reference(rate), shortTrain: false, V17TestRig.SecondsFor(rate, 105_000));
        AssertBits(rig, 0, 100_000, maxErrors: 1);
    }

    /// <summary>±20 Hz carrier offset (spandsp's own receiver fails to train at +20 Hz) and ±200 ppm
    /// clock offset, at the target SNR + 3 dB, long train.</summary>
    [Theory]
    [InlineData(14400, 28.0, 20.0, 0.0)]
    [InlineData(14400, 28.0, -20.0, 0.0)]
    [InlineData(14400, 28.0, 0.0, 200.0)]
    [InlineData(14400, 28.0, 0.0, -200.0)]
    [InlineData(14400, 28.0, 20.0, 200.0)]
    [InlineData(14400, 28.0, -20.0, -200.0)]
    [InlineData(7200, 18.0, 20.0, -200.0)]
    [InlineData(7200, 18.0, -20.0, 200.0)]
    public void V17Receiver_CarrierAndClockOffsets_TrainsAndDecodes(int rate, double snr, double hz, double ppm)
    {
        using var rig = new V17TestRig(rate, V17TestRig.Line(-14 - snr, hz, ppm, seed: 5));
        rig.Burst(rig.Reference(rate), shortTrain: false, V17TestRig.SecondsFor(rate, 50_000));
        AssertBits(rig, 0, 50_000, maxErrors: 0);
        Assert.InRange(rig.Receiver.Statistics.CarrierOffsetHz, hz - 1.0, hz + 1.0);
    }

    /// <summary>The T.30 sequence with the offsets on both bursts: long train + TCF, 0.5 s of silence,
    /// short train + page. The short train must hold at ±200 ppm and ±20 Hz (Debian's spandsp loses it
    /// at 5–20 ppm or 2 Hz).</summary>
    [Theory]
    [InlineData(14400, 20.0, 200.0)]
    [InlineData(14400, -20.0, -200.0)]
    [InlineData(14400, 20.0, -200.0)]
    [InlineData(14400, -20.0, 200.0)]
    [InlineData(12000, 20.0, 200.0)]
    [InlineData(9600, -20.0, -200.0)]
    [InlineData(7200, 20.0, 200.0)]
    public void V17Receiver_ShortTrainAfterLongTrain_HoldsOffsets(int rate, double hz, double ppm)
    {
        using var rig = new V17TestRig(rate, V17TestRig.Line(-14 - 30, hz, ppm, seed: 6));
        rig.Burst(rig.Reference(rate, seed: 1), shortTrain: false, 1.6, silenceAfter: 0.5);
        rig.Burst(rig.Reference(rate, shortTrain: true, seed: 2), shortTrain: true, V17TestRig.SecondsFor(rate, 30_000, shortTrain: true));
        output.WriteLine($"learned {rig.Receiver.Statistics.CarrierOffsetHz:0.00} Hz, {rig.Receiver.Statistics.SymbolTimingPpm:0} ppm");
        AssertBits(rig, 1, 30_000, maxErrors: 0);
        Assert.Equal(2, rig.Log.Count(ModemStatus.TrainingSucceeded));
        Assert.False(rig.Log.Has(ModemStatus.TrainingFailed), rig.Log.ToString());
    }

    [Theory]
    [InlineData(14400, -43.0, true)]
    [InlineData(14400, -6.0, true)]
    [InlineData(14400, -43.0, false)]
    [InlineData(14400, -6.0, false)]
    [InlineData(12000, -43.0, true)]
    [InlineData(9600, -43.0, true)]
    [InlineData(7200, -43.0, true)]
    [InlineData(7200, -6.0, true)]
    public void V17Receiver_ReceiveLevelExtremes_TrainsAndDecodes(int rate, double dbm0, bool spanDsp)
    {
        using var rig = new V17TestRig(rate, V17TestRig.Line());
        rig.Burst(spanDsp ? rig.Reference(rate, dbm0: dbm0) : V17TestRig.Ours(rate, dbm0: dbm0), shortTrain: false, V17TestRig.SecondsFor(rate, 30_000));
        AssertBits(rig, 0, 30_000, maxErrors: 0);
        Assert.InRange(rig.LineStats.ReceivedSignalLevelDbm0, dbm0 - 0.3, dbm0 + 0.3);
        Assert.InRange(rig.LevelAtEnd[0], dbm0 - 1.0, dbm0 + 1.0);
    }

    /// <summary>V.56bis line shapes at 28 dB with ±7 Hz and ±50 ppm on top, long train then short.</summary>
    [Theory]
    [InlineData(14400, "ad5-edd2", 7.0, 50.0)]
    [InlineData(14400, "ad5-edd2", -7.0, -50.0)]
    [InlineData(14400, "ad9", 7.0, -50.0)]
    [InlineData(12000, "edd3", -7.0, 50.0)]
    [InlineData(14400, "ad9-edd2", -7.0, 50.0)]
    [InlineData(9600, "ad5-edd2", 7.0, -50.0)]
    public void V17Receiver_V56bisLineShapes_TrainsAndDecodes(int rate, string model, double hz, double ppm)
    {
        using var rig = new V17TestRig(rate, V17TestRig.Line(-14 - 28, hz, ppm, seed: 9, model: model));
        rig.Burst(rig.Reference(rate, seed: 1), shortTrain: false, V17TestRig.SecondsFor(rate, 30_000), silenceAfter: 0.5);
        AssertBits(rig, 0, 30_000, maxErrors: 0);
        rig.Burst(rig.Reference(rate, shortTrain: true, seed: 2), shortTrain: true, V17TestRig.SecondsFor(rate, 30_000, shortTrain: true));
        AssertBits(rig, 1, 30_000, maxErrors: 0);
    }

    /// <summary>A long page with the clock offset: the timing loop's rate term must hold it. CI runs 25 s
    /// (360 000 bits) of the 90 s the issue asks for; the benchmark runs the full length.</summary>
    [Theory]
    [InlineData(200.0)]
    [InlineData(-200.0)]
    public void V17Receiver_LongBurstWithClockOffset_BerBelow1e5(double ppm)
    {
        using var rig = new V17TestRig(14400, V17TestRig.Line(-14 - 28, 0, ppm, seed: 12));
        rig.Burst(rig.Reference(14400), shortTrain: false, 25.0);
        (int n, int errors) = rig.Errors(0);
        output.WriteLine($"{ppm} ppm: {errors} errors in {n} bits; timing {rig.Receiver.Statistics.SymbolTimingPpm:0} ppm");
        Assert.True(n >= 330_000, $"only {n} bits checked");
        Assert.True(errors <= 3, $"{errors} errors in {n} bits");
    }

    private void AssertBits(V17TestRig rig, int burst, int bits, int maxErrors)
    {
        (int n, int errors) = rig.Errors(burst);
        output.WriteLine($"burst {burst}: {errors} errors in {n} bits; line SNR {rig.LineStats.SnrDb:0.0} dB (noise and A-law); equalizer SNR {rig.SnrAtEnd[burst]:0.0} dB, level {rig.LevelAtEnd[burst]:0.0} dBm0; {rig.Log}");
        Assert.True(n >= bits, $"only {n} bits checked");
        Assert.True(errors <= maxErrors, $"{errors} errors in {n} bits");
    }
}
