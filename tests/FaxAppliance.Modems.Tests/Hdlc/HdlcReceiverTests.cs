using CsCheck;
using FaxAppliance.Dsp.Signal;
using FaxAppliance.Modems.Hdlc;

namespace FaxAppliance.Modems.Tests.Hdlc;

/// <summary>The HDLC receiver on damaged and hostile bit streams.</summary>
public class HdlcReceiverTests
{
    private static readonly byte[] Dis = [0xFF, 0x13, 0x80, 0x00, 0xEE, 0xF8, 0x80, 0x80, 0x91, 0x80, 0x80, 0x80, 0x18];

    [Fact]
    public void HdlcReceiver_SingleBitFlippedInFrame_ReportsTheFrameWithBadCrc()
    {
        byte[] frame = Enumerable.Repeat((byte)0x55, 30).ToArray(); // no runs of ones: a flip cannot make a flag
        List<int> bits = HdlcTestSupport.Transmit([frame], preambleFlags: 10);
        for (int k = 0; k < 30 * 8; k += 7)
        {
            var damaged = new List<int>(bits);
            damaged[80 + k] ^= 1;
            (FrameCollector sink, HdlcReceiver rx) = HdlcTestSupport.Receive(damaged);
            Assert.Single(sink.Frames);
            Assert.False(sink.Frames[0].CrcOk);
            Assert.Equal(1, rx.BadFrames);
            Assert.Equal(0, rx.GoodFrames);
        }
    }

    [Fact]
    public void HdlcReceiver_AbortMidFrame_ReportsAbortAndOnlyTheNextFrame()
    {
        List<int> first = HdlcTestSupport.Transmit([Dis], preambleFlags: 10);
        List<int> second = HdlcTestSupport.Transmit([[0xFF, 0x13, 0x2F]], preambleFlags: 5);
        var bits = first.Take(80 + 50).Concat(Enumerable.Repeat(1, 15)).Concat(second).ToList();
        (FrameCollector sink, HdlcReceiver rx) = HdlcTestSupport.Receive(bits);
        Assert.Equal(new byte[] { 0xFF, 0x13, 0x2F }, Assert.Single(sink.Frames).Data);
        Assert.True(sink.Frames[0].CrcOk);
        Assert.Equal(1, rx.Aborts);
        Assert.Contains(ModemStatus.Abort, sink.Statuses);
        Assert.Equal(ModemStatus.FramingOk, sink.Statuses[0]);
    }

    [Fact]
    public void HdlcReceiver_MarkIdleAfterTheLastFrame_IsNotAnAbort()
    {
        var bits = HdlcTestSupport.Transmit([Dis]).Concat(Enumerable.Repeat(1, 100)).ToList();
        (FrameCollector sink, HdlcReceiver rx) = HdlcTestSupport.Receive(bits);
        Assert.Equal(Dis, Assert.Single(sink.Frames).Data);
        Assert.Equal(0, rx.Aborts);
        Assert.DoesNotContain(ModemStatus.Abort, sink.Statuses);
    }

    [Fact]
    public void HdlcReceiver_FrameLongerThanTheMaximum_IsDroppedAndCounted()
    {
        List<int> bits = HdlcTestSupport.Transmit([new byte[40], Dis, new byte[17], new byte[16]], maxFrameBytes: 64);
        (FrameCollector sink, HdlcReceiver rx) = HdlcTestSupport.Receive(bits, maxFrameBytes: 16);
        Assert.Equal(2, sink.Frames.Count);
        Assert.Equal(Dis, sink.Frames[0].Data);
        Assert.Equal(new byte[16], sink.Frames[1].Data);
        Assert.Equal(2, rx.OversizeFrames);
    }

    [Fact]
    public void HdlcReceiver_FramingOk_ReportedAfterTheConfiguredFlagsAndNotBefore()
    {
        var rx = new HdlcReceiver(framingOkFlags: 4);
        var sink = new FrameCollector();
        List<int> bits = HdlcTestSupport.Transmit([], preambleFlags: 10);
        for (int i = 0; i < 3 * 8; i++)
        {
            rx.PutBit(bits[i], ref sink);
        }

        Assert.False(rx.FramingOk);
        Assert.Empty(sink.Statuses);
        for (int i = 3 * 8; i < 4 * 8; i++)
        {
            rx.PutBit(bits[i], ref sink);
        }

        Assert.True(rx.FramingOk);
        Assert.Equal([ModemStatus.FramingOk], sink.Statuses);
    }

    [Fact]
    public void HdlcReceiver_BadFrameWithoutPreamble_IsCountedButNotDelivered()
    {
        List<int> bits = HdlcTestSupport.Transmit([Dis], preambleFlags: 1);
        bits[8 + 20] ^= 1;
        (FrameCollector sink, HdlcReceiver rx) = HdlcTestSupport.Receive(bits);
        Assert.Empty(sink.Frames);
        Assert.Equal(1, rx.BadFrames);
    }

    [Fact]
    public void HdlcReceiver_EveryPrefixOfATransmission_DeliversOnlyWholeFramesInOrder()
    {
        byte[][] frames = [Dis, [0xFF, 0x03, 0x40, 0x20, 0x20], [0xFF, 0x13, 0x80, 0x7E, 0xFF]];
        List<int> bits = HdlcTestSupport.Transmit(frames, preambleFlags: 4);
        for (int cut = 0; cut <= bits.Count; cut += 3)
        {
            (FrameCollector sink, _) = HdlcTestSupport.Receive(bits.Take(cut));
            for (int i = 0; i < sink.Frames.Count; i++)
            {
                Assert.True(sink.Frames[i].CrcOk);
                Assert.Equal(frames[i], sink.Frames[i].Data);
            }
        }
    }

    [Fact]
    public void HdlcReceiver_RandomBitStreams_NeverThrowAndDeliverOnlyBoundedFrames()
    {
        Gen.Int[0, 1].Array[0, 5000].Sample(bits =>
        {
            var rx = new HdlcReceiver(maxFrameBytes: 64);
            var sink = new FrameCollector();
            foreach (int b in bits)
            {
                rx.PutBit(b, ref sink);
            }

            Assert.All(sink.Frames, f => Assert.InRange(f.Data.Length, 0, 64));
        }, iter: 200);
    }

    [Fact]
    public void HdlcReceiver_TwoMillionRandomBits_DeliverNoFrames()
    {
        // 2·10⁶ bits is almost two hours of V.21 noise. A good FCS by chance needs a whole number of
        // octets between two flags (1 in 8 of ~8000 flag pairs) and then 1 in 65 536: ~1.5 % expected.
        var rng = new Xoshiro256(7);
        var rx = new HdlcReceiver();
        var sink = new FrameCounter();
        for (int i = 0; i < 2_000_000; i++)
        {
            rx.PutBit((int)(rng.NextUInt64() >> 63), ref sink);
        }

        Assert.Equal(0, sink.Good);
        Assert.Equal(0, sink.Bad); // framing never established by noise, so bad frames are not reported
        Assert.True(rx.Flags > 5000, $"only {rx.Flags} flags in random bits");
    }

    [Fact]
    public void HdlcReceiverAndTransmitter_PerFrame_AllocateNothing()
    {
        var tx = new HdlcTransmitter();
        var rx = new HdlcReceiver();
        var sink = new FrameCounter();
        byte[] frame = new byte[200];
        for (int i = 0; i < frame.Length; i++)
        {
            frame[i] = (byte)(i * 37);
        }

        void Run(int frames)
        {
            tx.Start(4);
            int queued = 0;
            while (queued < frames || !tx.Completed)
            {
                if (queued < frames && tx.TryQueueFrame(frame))
                {
                    queued++;
                    if (queued == frames)
                    {
                        tx.Finish();
                    }
                }

                rx.PutBit(tx.GetBit(), ref sink);
            }
        }

        Run(5); // warm-up (JIT, statics)
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(50);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(55, sink.Good);
    }
}
