using CsCheck;
using FaxAppliance.Modems.Tests.Common;
using FaxAppliance.Modems.Tests.V29;
using FaxAppliance.Modems.V17;
using Xunit.Abstractions;

namespace FaxAppliance.Modems.Tests.V17;

/// <summary>Noise, lost carrier, lost packets, bad input, API boundaries, statistics and the
/// allocation-free hot path of the V.17 receiver.</summary>
public class V17ReceiverRobustnessTests(ITestOutputHelper output)
{
    [Fact]
    public void V17Receiver_Minus45Dbm0Noise_NeverTrains()
    {
        using var rig = new V17TestRig(14400, V17TestRig.Line(-45.0, seed: 3));
        rig.Burst(b => Array.Clear(b), shortTrain: false, 20.0);
        Assert.False(rig.Log.Has(ModemStatus.TrainingSucceeded), rig.Log.ToString());
        Assert.Empty(rig.Log.Bits);
    }

    [Fact]
    public void V17Receiver_LoudNoise_NeverTrains()
    {
        using var rig = new V17TestRig(14400, V17TestRig.Line(-20.0, seed: 4));
        rig.Burst(b => Array.Clear(b), shortTrain: false, 20.0);
        Assert.False(rig.Log.Has(ModemStatus.TrainingSucceeded), rig.Log.ToString());
        Assert.Empty(rig.Log.Bits);
    }

    [Fact]
    public void V17Receiver_V29Signal_NeverTrains()
    {
        var tx = new FaxAppliance.Modems.V29.V29Transmitter(9600);
        var source = new Prbs15Source(1);
        using var rig = new V17TestRig(14400, V17TestRig.Line());
        rig.Burst(b => tx.Generate(b, ref source), shortTrain: false, 3.0);
        Assert.False(rig.Log.Has(ModemStatus.TrainingSucceeded), rig.Log.ToString());
    }

    /// <summary>The carrier is lost in the middle of a page (the line goes silent); the receiver reports
    /// it, delivers nothing during the silence, and trains again on the next transmission.</summary>
    [Fact]
    public void V17Receiver_CarrierLostMidPage_RecoversOnNextTraining()
    {
        Action<short[]> first = V17TestRig.Ours(14400, seed: 1), second = V17TestRig.Ours(14400, seed: 2);
        int block = 0;
        void Transmit(short[] b)
        {
            block++;
            if (block <= 150)
            {
                first(b); // 1.4 s of training, 1.6 s of data
            }
            else if (block <= 175)
            {
                Array.Clear(b); // lost: 0.5 s
            }
            else
            {
                second(b);
            }
        }

        using var rig = new V17TestRig(14400, V17TestRig.Line(-50));
        rig.Burst(Transmit, shortTrain: false, 3.0 + 0.5 + V17TestRig.SecondsFor(14400, 30_000));
        output.WriteLine(rig.Log.ToString());
        Assert.Equal(2, rig.Log.Count(ModemStatus.TrainingSucceeded));
        int lost = rig.Log.Statuses.First(s => s.Status == ModemStatus.CarrierDown).BitIndex;
        int again = rig.Log.Statuses.Last(s => s.Status == ModemStatus.TrainingSucceeded).BitIndex;
        Assert.Equal(lost, again); // no bits while the carrier was away
        (int n1, int e1) = Prbs15Checker.Count(rig.Log.Bits.GetRange(0, lost - 300), 0);
        Assert.True(n1 > 15_000, $"{n1} bits checked before the loss");
        Assert.Equal(0, e1);
        (int n, int errors) = Prbs15Checker.Count(rig.Log.Bits.GetRange(again, rig.Log.Bits.Count - again - 300), 0);
        Assert.True(n > 30_000, $"{n} bits checked after the retrain");
        Assert.Equal(0, errors);
    }

    /// <summary>A failed short train (the page's train cut short) must not spoil what the long train
    /// learned: the next short train trains and decodes at a clock and carrier offset.</summary>
    [Fact]
    public void V17Receiver_FailedShortTrain_KeepsTheLongTrainsState()
    {
        using var rig = new V17TestRig(14400, V17TestRig.Line(-44, 15.0, 150.0, seed: 8));
        rig.Burst(rig.Reference(14400, seed: 1), shortTrain: false, 1.6, silenceAfter: 0.5);
        Action<short[]> cut = rig.Reference(14400, shortTrain: true, seed: 2);
        rig.Burst(cut, shortTrain: true, 0.1, silenceAfter: 0.5); // 100 ms: into the short train's segment 2
        rig.Burst(rig.Reference(14400, shortTrain: true, seed: 3), shortTrain: true, V17TestRig.SecondsFor(14400, 30_000, true));
        output.WriteLine(rig.Log.ToString());
        Assert.True(rig.Log.Has(ModemStatus.TrainingFailed), rig.Log.ToString());
        (int n, int errors) = rig.Errors(2);
        Assert.True(n >= 30_000, $"only {n} bits checked");
        Assert.Equal(0, errors);
    }

    /// <summary>A lost 20 ms packet, bridged with FillIn: the receiver stays trained and the data after a
    /// short burst are clean again.</summary>
    [Fact]
    public void V17Receiver_FillInLostPacket_StaysTrainedAndResumes()
    {
        var tx = new V17Transmitter(14400);
        var source = new Prbs15Source(0x1234);
        var rx = new V17Receiver(14400);
        var log = new ReceivedLog();
        var sink = new LogSink(log);
        int block = 0, gapBit = 0;
        QamLink.Run(b => tx.Generate(b, ref source), b =>
        {
            if (++block == 100)
            {
                gapBit = log.Bits.Count;
                rx.FillIn(b.Length); // the packet never arrived
            }
            else
            {
                rx.Process(b, ref sink);
            }
        }, QamLink.Line(), 200);
        output.WriteLine(log.ToString());
        Assert.Equal(1, log.Count(ModemStatus.TrainingSucceeded));
        Assert.False(log.Has(ModemStatus.CarrierDown));
        Assert.True(rx.Trained);
        var before = Prbs15Checker.Count(log.Bits.Take(gapBit).ToList(), 0);
        var after = Prbs15Checker.Count(log.Bits.Skip(gapBit + 600).ToList(), 0);
        output.WriteLine($"before {before}, after {after}");
        Assert.Equal(0, before.Errors);
        Assert.Equal(0, after.Errors);
        Assert.True(after.Checked > 25_000, $"{after.Checked} bits checked after the gap");
    }

    [Fact]
    public void V17Receiver_TooLongFillIn_DropsTheCarrier()
    {
        var rx = new V17Receiver(9600);
        var sink = new CountingSink();
        var tx = new V17Transmitter(9600);
        var source = new Prbs15Source(2);
        var block = new short[160];
        for (int i = 0; i < 100; i++)
        {
            tx.Generate(block, ref source);
            rx.Process(block, ref sink);
        }

        Assert.True(rx.Trained);
        rx.FillIn(V17Receiver.MaxFillInSamples + 1);
        Assert.False(rx.Trained);
        Assert.False(rx.Statistics.CarrierPresent);
    }

    [Fact]
    public void V17Receiver_Statistics_ReportLevelSnrOffsetsAndConstellation()
    {
        using var rig = new V17TestRig(9600, V17TestRig.Line(-50, 12.0, 80.0));
        rig.Burst(rig.Reference(9600, dbm0: -20), shortTrain: false, 2.5, silenceAfter: 0);
        ModemStatistics s = rig.Receiver.Statistics;
        Assert.True(s.Trained && s.CarrierPresent);
        Assert.InRange(s.SignalLevelDbm0, -21.0, -19.0);
        Assert.InRange(s.EqualizerSnrDb, 22.0, 60.0);
        Assert.InRange(s.CarrierOffsetHz, 11.0, 13.0);
        Assert.InRange(Math.Abs(s.SymbolTimingPpm), 50.0, 110.0);
        Assert.True(s.Symbols > 2000);
        var re = new float[ModemStatistics.ConstellationCapacity];
        var im = new float[ModemStatistics.ConstellationCapacity];
        int n = s.CopyConstellation(re, im);
        Assert.Equal(ModemStatistics.ConstellationCapacity, n);
        for (int i = 0; i < n; i++)
        {
            int label = V17Constellations.Nearest(9600, re[i], im[i]);
            float d = V17Constellations.Point(9600, label).DistanceSquared(re[i], im[i]);
            Assert.True(d < 1.0, $"point {re[i]},{im[i]} is {Math.Sqrt(d)} from the constellation");
        }
    }

    [Fact]
    public void V17Receiver_RandomBlocks_NeverThrowOrProduceNaN()
    {
        Gen.Short.Array[0, 480].Array[1, 40].Sample(blocks =>
        {
            var rx = new V17Receiver(14400);
            var sink = new CountingSink();
            foreach (short[] b in blocks)
            {
                rx.Process(b, ref sink);
                rx.FillIn(b.Length % 7);
                V29RobustnessTests.AssertFinite(rx.Statistics);
            }
        }, iter: 200);
    }

    [Fact]
    public void V17Receiver_TrainedThenGarbage_NeverThrowOrProduceNaN()
    {
        var tx = new V17Transmitter(14400);
        var source = new Prbs15Source(9);
        var rng = new Random(5);
        var rx = new V17Receiver(14400);
        var sink = new CountingSink();
        var block = new short[160];
        for (int i = 0; i < 400; i++)
        {
            tx.Generate(block, ref source);
            if (i > 100)
            {
                // Clipping, DC, full-scale noise and silence in turn.
                for (int k = 0; k < block.Length; k++)
                {
                    block[k] = (i % 4) switch
                    {
                        0 => (short)Math.Clamp(block[k] * 40, short.MinValue, short.MaxValue),
                        1 => short.MaxValue,
                        2 => (short)rng.Next(short.MinValue, short.MaxValue + 1),
                        _ => 0,
                    };
                }
            }

            rx.Process(block, ref sink);
            V29RobustnessTests.AssertFinite(rx.Statistics);
        }
    }

    [Fact]
    public void V17Receiver_ProcessBlock_AllocatesNothing()
    {
        var tx = new V17Transmitter(14400);
        var source = new Prbs15Source(9);
        var rx = new V17Receiver(14400);
        var sink = new CountingSink();
        var block = new short[160];
        for (int i = 0; i < 100; i++)
        {
            tx.Generate(block, ref source);
            rx.Process(block, ref sink);
        }

        Assert.True(rx.Trained);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            tx.Generate(block, ref source);
            rx.Process(block, ref sink);
        }

        rx.FillIn(160);
        rx.Restart(14400, shortTrain: true);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(sink.Bits > 100 * 160 * 14400 / 8000 - 200);
    }

    [Fact]
    public void V17Receiver_EmptyBlock_IsAccepted()
    {
        var rx = new V17Receiver(7200);
        var sink = new CountingSink();
        rx.Process(ReadOnlySpan<short>.Empty, ref sink);
        rx.FillIn(0);
        Assert.Equal(0, sink.Bits);
    }

    [Theory]
    [InlineData(2400)]
    [InlineData(4800)]
    [InlineData(0)]
    public void V17Receiver_BadBitRate_IsRejected(int rate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new V17Receiver(rate));
        Assert.Throws<ArgumentOutOfRangeException>(() => new V17Receiver(14400).Restart(rate, false));
    }

    [Fact]
    public void V17Receiver_NegativeFillIn_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new V17Receiver(14400).FillIn(-1));
    }
}
