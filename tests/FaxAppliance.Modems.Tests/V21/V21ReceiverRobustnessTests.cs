using CsCheck;
using FaxAppliance.Modems.Hdlc;
using FaxAppliance.Modems.Tests.Hdlc;
using FaxAppliance.Modems.V21;

namespace FaxAppliance.Modems.Tests.V21;

/// <summary>Bad input, the API boundary, and allocation per block.</summary>
public class V21ReceiverRobustnessTests
{
    [Fact]
    public void V21Receiver_RandomBlocksOfAnyLength_NeverThrowNorProduceNaN()
    {
        var gen = Gen.Select(Gen.Short.Array[0, 2000], Gen.Int[0, 3]);
        gen.Sample((samples, kind) =>
        {
            // kind 1: clipping square wave; 2: DC; 3: silence; 0: random.
            if (kind == 1)
            {
                for (int i = 0; i < samples.Length; i++) samples[i] = (i / 3 % 2 == 0) ? short.MaxValue : short.MinValue;
            }
            else if (kind == 2)
            {
                Array.Fill(samples, (short)12000);
            }
            else if (kind == 3)
            {
                Array.Clear(samples);
            }

            var rx = new V21Receiver();
            var sink = new HdlcBitSink<FrameCounter>(new HdlcReceiver(), default);
            rx.Process(samples, ref sink);
            rx.Process(samples, ref sink);
            ModemStatistics s = rx.Statistics;
            Assert.False(double.IsNaN(s.SignalLevelDbm0));
            Assert.False(double.IsNaN(s.CarrierOffsetHz));
            Assert.False(double.IsNaN(s.SymbolTimingPpm));
            Assert.False(double.IsNaN(s.EqualizerSnrDb));
        }, iter: 200);
    }

    [Fact]
    public void V21Receiver_SteadyDcOrSilence_NeverDetectsCarrier()
    {
        var rx = new V21Receiver();
        var sink = new HdlcBitSink<FrameCounter>(new HdlcReceiver(), default);
        for (int i = 0; i < 50; i++)
        {
            rx.Process(new short[400], ref sink);
        }

        Assert.Equal(0, sink.Frames.Statuses);
        short[] dc = Enumerable.Repeat((short)20000, 400).ToArray();
        rx.Process(dc, ref sink); // the step into the DC is a loud click: it may show briefly
        int after = sink.Frames.Statuses;
        for (int i = 0; i < 50; i++)
        {
            rx.Process(dc, ref sink);
            Assert.False(rx.CarrierPresent);
        }

        Assert.Equal(after, sink.Frames.Statuses);
        Assert.Equal(0, sink.Frames.Good + sink.Frames.Bad);
    }

    [Fact]
    public void V21Receiver_InvalidCalls_AreRejectedWithArgumentExceptions()
    {
        var rx = new V21Receiver();
        Assert.Throws<ArgumentOutOfRangeException>(() => rx.Restart(2400, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => rx.FillIn(-1));
        Assert.Throws<ArgumentException>(() => new V21Receiver(carrierOnDbm0: -50, carrierOffDbm0: -40));
        var sink = new HdlcBitSink<FrameCounter>(new HdlcReceiver(), default);
        rx.Process(ReadOnlySpan<short>.Empty, ref sink); // an empty block is fine
        Assert.Equal(300, rx.BitRate);
    }

    [Fact]
    public void V21Receiver_FillInOfAFewBits_KeepsTheBitClockAndLosesOnlyThatFrame()
    {
        // Frames, with 20 ms (6 bits) missing in the middle of the third: that one fails, the rest arrive.
        var tx = new V21Transmitter();
        var hdlcTx = new HdlcTransmitter();
        hdlcTx.Start(38);
        for (int i = 0; i < 6; i++)
        {
            Assert.True(hdlcTx.TryQueueFrame(V21Link.MakeFrame(i, 30, 1)));
        }

        hdlcTx.Finish();
        var source = hdlcTx.Source;
        var rx = new V21Receiver();
        var sink = new HdlcBitSink<FrameCollector>(new HdlcReceiver(), new FrameCollector());
        short[] block = new short[160];
        for (int b = 0; !hdlcTx.Completed || b < 10; b++)
        {
            tx.Generate(block, ref source);
            if (b == 50 + 2 * 50 + 5)
            {
                rx.FillIn(block.Length); // lost packet, inside frame 2 (1 s preamble, ~1 s per frame)
            }
            else
            {
                rx.Process(block, ref sink);
            }
        }

        Assert.Equal(6, rx.BitsFilledIn);
        var good = sink.Frames.GoodFrames.Select(f => (int)f[0]).ToList();
        Assert.Equal(5, good.Count);
        Assert.DoesNotContain(2, good);
    }

    [Fact]
    public void V21ReceiverWithHdlc_PerBlock_AllocatesNothing()
    {
        var tx = new V21Transmitter();
        var hdlcTx = new HdlcTransmitter();
        var rx = new V21Receiver();
        var sink = new HdlcBitSink<FrameCounter>(new HdlcReceiver(), default);
        var source = hdlcTx.Source;
        byte[] frame = V21Link.MakeFrame(1, 30, 1);
        short[] block = new short[160];

        void Run(int blocks)
        {
            for (int b = 0; b < blocks; b++)
            {
                if (hdlcTx.QueuedFrames == 0)
                {
                    hdlcTx.TryQueueFrame(frame);
                }

                tx.Generate(block, ref source);
                rx.Process(block, ref sink);
            }
        }

        hdlcTx.Start(38);
        Run(200); // warm-up: JIT, static tables, first frames
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(500);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(sink.Frames.Good > 5, $"only {sink.Frames.Good} frames");
    }
}
