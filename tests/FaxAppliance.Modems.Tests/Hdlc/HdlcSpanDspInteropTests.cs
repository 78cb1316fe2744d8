using CsCheck;
using FaxAppliance.Modems.Hdlc;
using FaxAppliance.SpanDsp;

namespace FaxAppliance.Modems.Tests.Hdlc;

/// <summary>Our HDLC layer against spandsp's (bit order, transparency, FCS and its octet order), both ways.</summary>
public class HdlcSpanDspInteropTests
{
    [Fact]
    public void SpanDspHdlcTransmitter_AnyFrames_OurReceiverGetsThemWithGoodCrc()
    {
        // From one octet: spandsp takes a zero-length frame as "end of transmission".
        Gen.Byte.Array[1, 260].Array[1, 6].Sample(frames =>
        {
            using var tx = new SpanDspHdlcTransmitter();
            tx.Flags(38);
            var rx = new HdlcReceiver();
            var sink = new FrameCollector();
            int next = 0;
            for (int i = 0; i < 40_000 && sink.Frames.Count < frames.Length; i++)
            {
                if (next < frames.Length && tx.Frame(frames[next]))
                {
                    next++;
                }

                int bit = tx.GetBit();
                rx.PutBit(bit < 0 ? 1 : bit, ref sink);
            }

            Assert.Equal(frames.Length, sink.Frames.Count);
            for (int i = 0; i < frames.Length; i++)
            {
                Assert.True(sink.Frames[i].CrcOk);
                Assert.Equal(frames[i], sink.Frames[i].Data);
            }
        }, iter: 40);
    }

    [Fact]
    public void OurHdlcTransmitter_AnyFrames_SpanDspReceiverGetsThemWithGoodCrc()
    {
        Gen.Byte.Array[0, 260].Array[1, 6].Sample(frames =>
        {
            using var rx = new SpanDspHdlcReceiver();
            foreach (int bit in HdlcTestSupport.Transmit(frames))
            {
                rx.PutBit(bit);
            }

            Assert.Equal(frames.Length, rx.Frames.Count);
            for (int i = 0; i < frames.Length; i++)
            {
                Assert.True(rx.Frames[i].Ok);
                Assert.Equal(frames[i], rx.Frames[i].Data);
            }
        }, iter: 40);
    }

    [Fact]
    public void BothReceivers_OnTheSameCorruptedStream_AgreeOnWhichFramesAreGood()
    {
        var rng = new FaxAppliance.Dsp.Signal.Xoshiro256(21);
        byte[][] frames = Enumerable.Range(0, 40).Select(i => FaxAppliance.Modems.Tests.V21.V21Link.MakeFrame(i, 30, 4)).ToArray();
        List<int> bits = HdlcTestSupport.Transmit(frames);
        for (int i = 400; i < bits.Count; i += 150 + (int)(rng.NextUInt64() % 400))
        {
            bits[i] ^= 1;
        }

        using var theirs = new SpanDspHdlcReceiver();
        var ours = new HdlcReceiver();
        var sink = new FrameCollector();
        foreach (int bit in bits)
        {
            theirs.PutBit(bit);
            ours.PutBit(bit, ref sink);
        }

        var theirGood = theirs.Frames.Where(f => f.Ok).Select(f => f.Data[0]).ToList();
        var ourGood = sink.GoodFrames.Select(f => f[0]).ToList();
        Assert.True(ourGood.Count is > 5 and < 40, $"{ourGood.Count} good frames: the damage pattern is not a test");
        Assert.Equal(theirGood, ourGood);
    }
}
