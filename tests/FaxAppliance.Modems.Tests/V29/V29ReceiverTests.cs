using FaxAppliance.Modems.Tests.Common;
using FaxAppliance.Modems.V29;
using Xunit.Abstractions;

namespace FaxAppliance.Modems.Tests.V29;

/// <summary>
/// V.29 receiver against our own and spandsp's transmitter through the simulated line (A-law in the
/// path). SNR is signal RMS over noise RMS across 0–4 kHz: the transmitter at −14 dBm0 and the line's
/// white noise at −14 − SNR dBm0. CI affords about 10^5 bits a point; the modem benchmark measures
/// 10^6 and more.
/// </summary>
public class V29ReceiverTests
{
    private readonly ITestOutputHelper _out;

    public V29ReceiverTests(ITestOutputHelper output) => _out = output;

    [Theory]
    [InlineData(9600)]
    [InlineData(7200)]
    [InlineData(4800)]
    public void V29Receiver_OwnTransmitterCleanLine_DecodesWithoutErrors(int rate)
    {
        using var rig = new V29TestRig().Run(rate, V29TestRig.Ours(rate), QamLink.Line(), V29TestRig.SecondsFor(rate, 20_000));
        AssertBits(rig, 20_000, maxErrors: 0);
    }

    [Theory]
    [InlineData(9600)]
    [InlineData(7200)]
    [InlineData(4800)]
    public void V29Receiver_SpanDspTransmitterCleanLine_DecodesWithoutErrors(int rate)
    {
        using var rig = new V29TestRig();
        rig.Run(rate, rig.Reference(rate), QamLink.Line(), V29TestRig.SecondsFor(rate, 20_000));
        AssertBits(rig, 20_000, maxErrors: 0);
        Assert.Equal(1, rig.Log.Count(ModemStatus.TrainingSucceeded));
    }

    /// <summary>Targets: BER below 1e-5 at 9600 with 22 dB, 7200 with 18 dB (4800, with no target
    /// of its own, is held to 7200's). Here: 10^5+ bits, at most one error.</summary>
    [Theory]
    [InlineData(9600, 22.0)]
    [InlineData(7200, 18.0)]
    [InlineData(4800, 18.0)]
    public void V29Receiver_SpanDspTransmitterAtTargetSnr_BerBelow1e5(int rate, double snr)
    {
        using var rig = new V29TestRig();
        rig.Run(rate, rig.Reference(rate), QamLink.Line(-14 - snr, seed: 11), V29TestRig.SecondsFor(rate, 110_000));
        AssertBits(rig, 100_000, maxErrors: 1);
    }

    /// <summary>±20 Hz carrier and ±100 ppm clock offsets at the target SNR + 3 dB.</summary>
    [Theory]
    [InlineData(9600, 25.0, 20.0, 100.0)]
    [InlineData(9600, 25.0, -20.0, -100.0)]
    [InlineData(9600, 25.0, 20.0, -100.0)]
    [InlineData(9600, 25.0, -20.0, 100.0)]
    [InlineData(7200, 21.0, 20.0, 100.0)]
    [InlineData(7200, 21.0, -20.0, -100.0)]
    [InlineData(4800, 21.0, -20.0, 100.0)]
    public void V29Receiver_CarrierAndClockOffsets_TrainsAndDecodes(int rate, double snr, double hz, double ppm)
    {
        using var rig = new V29TestRig();
        rig.Run(rate, rig.Reference(rate), QamLink.Line(-14 - snr, hz, ppm, seed: 5), V29TestRig.SecondsFor(rate, 50_000));
        AssertBits(rig, 50_000, maxErrors: 0);
        Assert.InRange(rig.Receiver.Statistics.CarrierOffsetHz, hz - 1.0, hz + 1.0);
    }

    [Theory]
    [InlineData(9600, -43.0)]
    [InlineData(9600, -6.0)]
    [InlineData(7200, -43.0)]
    [InlineData(4800, -43.0)]
    public void V29Receiver_ReceiveLevelExtremes_TrainsAndDecodes(int rate, double dbm0)
    {
        using var rig = new V29TestRig();
        rig.Run(rate, rig.Reference(rate, dbm0), QamLink.Line(), V29TestRig.SecondsFor(rate, 20_000));
        AssertBits(rig, 20_000, maxErrors: 0);
        Assert.InRange(rig.Receiver.Statistics.SignalLevelDbm0, dbm0 - 1.5, dbm0 + 1.5);
    }

    [Fact]
    public void V29Receiver_Minus45Dbm0Noise_NeverTrains()
    {
        using var rig = new V29TestRig().Run(9600, b => Array.Clear(b), QamLink.Line(-45.0, seed: 3), 20.0);
        Assert.False(rig.Log.Has(ModemStatus.TrainingSucceeded), rig.Log.ToString());
        Assert.Empty(rig.Log.Bits);
    }

    [Fact]
    public void V29Receiver_LoudNoise_NeverTrains()
    {
        using var rig = new V29TestRig().Run(9600, b => Array.Clear(b), QamLink.Line(-20.0, seed: 4), 20.0);
        Assert.False(rig.Log.Has(ModemStatus.TrainingSucceeded), rig.Log.ToString());
        Assert.Empty(rig.Log.Bits);
    }

    [Fact]
    public void V29Receiver_V27terSignal_NeverTrains()
    {
        var tx = new FaxAppliance.Modems.V27ter.V27terTransmitter(4800);
        var source = new Prbs15Source(1);
        using var rig = new V29TestRig().Run(9600, b => tx.Generate(b, ref source), QamLink.Line(), 3.0);
        Assert.False(rig.Log.Has(ModemStatus.TrainingSucceeded), rig.Log.ToString());
    }

    /// <summary>A transmission cut in segment 3, silence, then a whole one: the first training fails,
    /// the second succeeds and its data are clean.</summary>
    [Fact]
    public void V29Receiver_FailedTraining_RecoversOnNextTraining()
    {
        Action<short[]> first = V29TestRig.Ours(9600), second = V29TestRig.Ours(9600);
        int block = 0;
        void Transmit(short[] b)
        {
            block++;
            if (block <= 8)
            {
                first(b); // 160 ms: into segment 3
            }
            else if (block <= 20)
            {
                Array.Clear(b);
            }
            else
            {
                second(b);
            }
        }

        using var rig = new V29TestRig().Run(9600, Transmit, QamLink.Line(-40), 3.0);
        _out.WriteLine(rig.Log.ToString());
        Assert.True(rig.Log.Has(ModemStatus.TrainingFailed), rig.Log.ToString());
        Assert.Equal(1, rig.Log.Count(ModemStatus.TrainingSucceeded));
        AssertBits(rig, 20_000, maxErrors: 0);
    }

    /// <summary>A lost 20 ms packet, bridged with FillIn: the receiver stays trained and the data after
    /// a short burst are clean again.</summary>
    [Fact]
    public void V29Receiver_FillInLostPacket_StaysTrainedAndResumes()
    {
        var tx = new V29Transmitter(9600);
        var source = new Prbs15Source(0x1234);
        var rx = new V29Receiver(9600);
        var log = new ReceivedLog();
        var sink = new LogSink(log);
        int block = 0, gapBit = 0;
        QamLink.Run(b => tx.Generate(b, ref source), b =>
        {
            if (++block == 60)
            {
                gapBit = log.Bits.Count;
                rx.FillIn(b.Length); // the packet never arrived
            }
            else
            {
                rx.Process(b, ref sink);
            }
        }, QamLink.Line(), 150);
        _out.WriteLine(log.ToString());
        Assert.Equal(1, log.Count(ModemStatus.TrainingSucceeded));
        Assert.False(log.Has(ModemStatus.CarrierDown));
        Assert.True(rx.Trained);
        var before = Prbs15Checker.Count(log.Bits.Take(gapBit).ToList(), 0);
        var after = Prbs15Checker.Count(log.Bits.Skip(gapBit + 300).ToList(), 0);
        Assert.Equal(0, before.Errors);
        Assert.Equal(0, after.Errors);
        Assert.True(after.Checked > 15_000, $"{after.Checked} bits checked after the gap");
        // 149 blocks of signal less the 608 training symbols; the filters' delays and the coasting
        // across the gap cost a few dozen symbols more.
        int expected = ((150 - 1) * 160 * 9600 / 8000) - (608 * 4);
        Assert.InRange(log.Bits.Count, expected - 400, expected);
    }

    [Fact]
    public void V29Receiver_Statistics_ReportLevelSnrOffsetAndConstellation()
    {
        using var rig = new V29TestRig();
        rig.Run(9600, rig.Reference(9600, -20), QamLink.Line(-45, 12.0, 50.0), 2.0);
        ModemStatistics s = rig.Receiver.Statistics;
        Assert.True(s.Trained && s.CarrierPresent);
        Assert.InRange(s.SignalLevelDbm0, -21.5, -18.5);
        Assert.InRange(s.EqualizerSnrDb, 20.0, 60.0);
        Assert.InRange(s.CarrierOffsetHz, 11.0, 13.0);
        Assert.InRange(s.SymbolTimingPpm, -200.0, 100.0);
        Assert.True(s.Symbols > 3000);
        var re = new float[ModemStatistics.ConstellationCapacity];
        var im = new float[ModemStatistics.ConstellationCapacity];
        int n = s.CopyConstellation(re, im);
        Assert.Equal(ModemStatistics.ConstellationCapacity, n);
        for (int i = 0; i < n; i++)
        {
            // Every point near one of the 16 (the farthest is 5 from the origin).
            double best = V29Constellation.Points.Min(p => (p - new System.Numerics.Complex(re[i], im[i])).Magnitude);
            Assert.True(best < 0.7, $"point {re[i]},{im[i]} is {best} from the constellation");
        }
    }

    private void AssertBits(V29TestRig rig, int minBits, int maxErrors)
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
