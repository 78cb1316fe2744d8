using FaxAppliance.Modems.Tests.Common;
using FaxAppliance.Modems.V27ter;
using Xunit.Abstractions;

namespace FaxAppliance.Modems.Tests.V27ter;

/// <summary>
/// V.27ter receiver against our own and spandsp's transmitter through the simulated line (A-law in
/// the path); SNR is signal RMS over noise RMS across 0–4 kHz. CI affords about 10^5 bits a point;
/// the modem benchmark measures 10^6 and more.
/// </summary>
public class V27terReceiverTests
{
    private readonly ITestOutputHelper _out;

    public V27terReceiverTests(ITestOutputHelper output) => _out = output;

    [Theory]
    [InlineData(4800)]
    [InlineData(2400)]
    public void V27terReceiver_OwnTransmitterCleanLine_DecodesWithoutErrors(int rate)
    {
        using var rig = new V27terTestRig().Run(rate, V27terTestRig.Ours(rate), QamLink.Line(), V27terTestRig.SecondsFor(rate, 20_000));
        AssertBits(rig, 20_000, 0);
    }

    [Theory]
    [InlineData(4800)]
    [InlineData(2400)]
    public void V27terReceiver_SpanDspTransmitterCleanLine_DecodesWithoutErrors(int rate)
    {
        using var rig = new V27terTestRig();
        rig.Run(rate, rig.Reference(rate), QamLink.Line(), V27terTestRig.SecondsFor(rate, 20_000));
        AssertBits(rig, 20_000, 0);
        Assert.Equal(1, rig.Log.Count(ModemStatus.TrainingSucceeded));
    }

    /// <summary>Targets: BER below 1e-5 at 4800 with 16 dB, 2400 with 10 dB. Here: 10^5+ bits, at most one error.</summary>
    [Theory]
    [InlineData(4800, 16.0)]
    [InlineData(2400, 10.0)]
    public void V27terReceiver_SpanDspTransmitterAtTargetSnr_BerBelow1e5(int rate, double snr)
    {
        using var rig = new V27terTestRig();
        rig.Run(rate, rig.Reference(rate), QamLink.Line(-14 - snr, seed: 11), V27terTestRig.SecondsFor(rate, 105_000));
        AssertBits(rig, 100_000, 1);
    }

    [Theory]
    [InlineData(4800, 16.0)]
    [InlineData(2400, 10.0)]
    public void V27terReceiver_OwnTransmitterAtTargetSnr_BerBelow1e5(int rate, double snr)
    {
        using var rig = new V27terTestRig().Run(rate, V27terTestRig.Ours(rate), QamLink.Line(-14 - snr, seed: 12), V27terTestRig.SecondsFor(rate, 105_000));
        AssertBits(rig, 100_000, 1);
    }

    /// <summary>±20 Hz carrier and ±100 ppm clock offsets at the target SNR + 3 dB.</summary>
    [Theory]
    [InlineData(4800, 19.0, 20.0, 100.0)]
    [InlineData(4800, 19.0, -20.0, -100.0)]
    [InlineData(4800, 19.0, 20.0, -100.0)]
    [InlineData(4800, 19.0, -20.0, 100.0)]
    [InlineData(2400, 13.0, 20.0, 100.0)]
    [InlineData(2400, 13.0, -20.0, -100.0)]
    public void V27terReceiver_CarrierAndClockOffsets_TrainsAndDecodes(int rate, double snr, double hz, double ppm)
    {
        using var rig = new V27terTestRig();
        rig.Run(rate, rig.Reference(rate), QamLink.Line(-14 - snr, hz, ppm, seed: 5), V27terTestRig.SecondsFor(rate, 40_000));
        AssertBits(rig, 39_000, 0);
        Assert.InRange(rig.Receiver.Statistics.CarrierOffsetHz, hz - 1.5, hz + 1.5);
    }

    [Theory]
    [InlineData(4800, -43.0)]
    [InlineData(4800, -6.0)]
    [InlineData(2400, -43.0)]
    [InlineData(2400, -6.0)]
    public void V27terReceiver_ReceiveLevelExtremes_TrainsAndDecodes(int rate, double dbm0)
    {
        using var rig = new V27terTestRig();
        rig.Run(rate, rig.Reference(rate, dbm0), QamLink.Line(), V27terTestRig.SecondsFor(rate, 20_000));
        AssertBits(rig, 20_000, 0);
        Assert.InRange(rig.Receiver.Statistics.SignalLevelDbm0, dbm0 - 1.5, dbm0 + 1.5);
    }

    /// <summary>Fax pages after TCF: the short train, with the equalizer and rates kept from the long one.</summary>
    [Theory]
    [InlineData(4800)]
    [InlineData(2400)]
    public void V27terReceiver_ShortTrainAfterLongTrain_DecodesWithoutErrors(int rate)
    {
        var rx = new V27terReceiver(rate);
        var log = new ReceivedLog();
        var sink = new LogSink(log);
        QamLink.Run(V27terTestRig.Ours(rate), b => rx.Process(b, ref sink), QamLink.Line(-40, 7, 50, 1), 75);
        Assert.True(rx.Trained, log.ToString());
        QamLink.Run(b => Array.Clear(b), b => rx.Process(b, ref sink), QamLink.Line(-55, 7, 50, 2), 10);
        Assert.False(rx.Trained);

        rx.Restart(rate, shortTrain: true);
        var second = new ReceivedLog();
        var sink2 = new LogSink(second);
        QamLink.Run(V27terTestRig.Ours(rate, shortTrain: true), b => rx.Process(b, ref sink2), QamLink.Line(-40, 7, 50, 3), 75);
        _out.WriteLine(second.ToString());
        Assert.Equal(1, second.Count(ModemStatus.TrainingSucceeded));
        var (n, errors) = Prbs15Checker.Count(second.Bits, 0);
        Assert.True(n > rate, $"{n} bits checked");
        Assert.Equal(0, errors);
    }

    [Fact]
    public void V27terReceiver_Minus45Dbm0Noise_NeverTrains()
    {
        using var rig = new V27terTestRig().Run(4800, b => Array.Clear(b), QamLink.Line(-45.0, seed: 3), 20.0);
        Assert.False(rig.Log.Has(ModemStatus.TrainingSucceeded), rig.Log.ToString());
        Assert.Empty(rig.Log.Bits);
    }

    [Fact]
    public void V27terReceiver_LoudNoise_NeverTrains()
    {
        using var rig = new V27terTestRig().Run(2400, b => Array.Clear(b), QamLink.Line(-20.0, seed: 4), 20.0);
        Assert.False(rig.Log.Has(ModemStatus.TrainingSucceeded), rig.Log.ToString());
        Assert.Empty(rig.Log.Bits);
    }

    [Fact]
    public void V27terReceiver_FailedTraining_RecoversOnNextTraining()
    {
        Action<short[]> first = V27terTestRig.Ours(4800), second = V27terTestRig.Ours(4800);
        int block = 0;
        void Transmit(short[] b)
        {
            block++;
            if (block <= 15)
            {
                first(b); // 300 ms: inside segment 4
            }
            else if (block <= 65)
            {
                Array.Clear(b); // 1 s of line noise only
            }
            else
            {
                second(b);
            }
        }

        using var rig = new V27terTestRig().Run(4800, Transmit, QamLink.Line(-40), 7.0);
        _out.WriteLine(rig.Log.ToString());
        Assert.True(rig.Log.Has(ModemStatus.TrainingFailed), rig.Log.ToString());
        Assert.Equal(1, rig.Log.Count(ModemStatus.TrainingSucceeded));
        AssertBits(rig, 20_000, 0);
    }

    [Fact]
    public void V27terReceiver_FillInLostPacket_StaysTrainedAndResumes()
    {
        Action<short[]> tx = V27terTestRig.Ours(4800);
        var rx = new V27terReceiver(4800);
        var log = new ReceivedLog();
        var sink = new LogSink(log);
        int block = 0, gapBit = 0;
        QamLink.Run(tx, b =>
        {
            if (++block == 100)
            {
                gapBit = log.Bits.Count;
                rx.FillIn(b.Length);
            }
            else
            {
                rx.Process(b, ref sink);
            }
        }, QamLink.Line(), 200);
        Assert.Equal(1, log.Count(ModemStatus.TrainingSucceeded));
        Assert.False(log.Has(ModemStatus.CarrierDown));
        Assert.True(rx.Trained);
        var before = Prbs15Checker.Count(log.Bits.Take(gapBit).ToList(), 0);
        var after = Prbs15Checker.Count(log.Bits.Skip(gapBit + 200).ToList(), 0);
        Assert.Equal(0, before.Errors);
        Assert.Equal(0, after.Errors);
        Assert.True(after.Checked > 9_000, $"{after.Checked} bits checked after the gap");
    }

    private void AssertBits(V27terTestRig rig, int minBits, int maxErrors)
    {
        _out.WriteLine(rig.Log.ToString());
        ModemStatistics s = rig.Receiver.Statistics;
        _out.WriteLine($"eq SNR {s.EqualizerSnrDb:F1} dB, carrier {s.CarrierOffsetHz:F2} Hz, timing {s.SymbolTimingPpm:F1} ppm");
        Assert.True(rig.Log.Has(ModemStatus.TrainingSucceeded), rig.Log.ToString());
        var (n, errors) = rig.Errors();
        _out.WriteLine($"{n} bits checked, {errors} errors");
        Assert.True(n >= minBits, $"only {n} bits checked");
        Assert.True(errors <= maxErrors, $"{errors} errors in {n} bits");
    }
}
