using CsCheck;
using FaxAppliance.Modems.Hdlc;

namespace FaxAppliance.Modems.Tests.Hdlc;

/// <summary>HDLC transmitter into HDLC receiver: frames, transparency (zero-bit insertion), FCS.</summary>
public class HdlcRoundTripTests
{
    [Fact]
    public void Crc16Itu_CheckValueOf123456789_Is906E()
    {
        // CRC-16/X.25 (the HDLC FCS of T.30 §5.3.7): the catalogue check value.
        Assert.Equal(0x906E, Crc16Itu.Compute("123456789"u8));
    }

    [Fact]
    public void Crc16Itu_DataFollowedByItsFcsLowOctetFirst_LeavesTheGoodResidue()
    {
        byte[] data = "123456789"u8.ToArray();
        ushort fcs = Crc16Itu.Compute(data);
        byte[] withFcs = [.. data, (byte)fcs, (byte)(fcs >> 8)];
        Assert.True(Crc16Itu.Check(withFcs));
        Assert.Equal(Crc16Itu.GoodResidue, Crc16Itu.Update(Crc16Itu.Initial, withFcs));
        withFcs[3] ^= 0x10;
        Assert.False(Crc16Itu.Check(withFcs));
    }

    [Fact]
    public void Hdlc_AnyFrameOf0To260Octets_ComesBackIdenticalWithGoodCrc()
    {
        Gen.Byte.Array[0, 260].Sample(frame =>
        {
            List<int> bits = HdlcTestSupport.Transmit([frame], preambleFlags: 5);
            (FrameCollector sink, HdlcReceiver rx) = HdlcTestSupport.Receive(bits);
            Assert.Single(sink.Frames);
            Assert.True(sink.Frames[0].CrcOk);
            Assert.Equal(frame, sink.Frames[0].Data);
            Assert.Equal(0, rx.BadFrames);
        }, iter: 300);
    }

    [Fact]
    public void Hdlc_SeveralFramesInOneTransmission_AllComeBackInOrder()
    {
        Gen.Byte.Array[0, 80].Array[1, 12].Sample(frames =>
        {
            (FrameCollector sink, _) = HdlcTestSupport.Receive(HdlcTestSupport.Transmit(frames));
            Assert.Equal(frames.Length, sink.Frames.Count);
            for (int i = 0; i < frames.Length; i++)
            {
                Assert.True(sink.Frames[i].CrcOk);
                Assert.Equal(frames[i], sink.Frames[i].Data);
            }
        }, iter: 100);
    }

    [Theory]
    [InlineData(0xFF)]
    [InlineData(0x7E)]
    [InlineData(0x7F)]
    [InlineData(0xFE)]
    [InlineData(0x3F)]
    [InlineData(0xF8)]
    public void Hdlc_FrameFullOfOnesOrFlagOctets_IsStuffedAndComesBack(int octet)
    {
        byte[] frame = Enumerable.Repeat((byte)octet, 260).ToArray();
        List<int> bits = HdlcTestSupport.Transmit([frame], preambleFlags: 3);
        AssertNoSixOnesOutsideFlags(bits);
        (FrameCollector sink, _) = HdlcTestSupport.Receive(bits);
        Assert.Single(sink.Frames);
        Assert.True(sink.Frames[0].CrcOk);
        Assert.Equal(frame, sink.Frames[0].Data);
    }

    [Fact]
    public void HdlcTransmitter_OctetFF_SentLsbFirstWithAZeroAfterFiveOnes()
    {
        List<int> bits = HdlcTestSupport.Transmit([[0xFF, 0x00]], preambleFlags: 1);
        int[] flag = [0, 1, 1, 1, 1, 1, 1, 0];
        Assert.Equal(flag, bits.Take(8));
        Assert.Equal(new[] { 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, bits.Skip(8).Take(17));
    }

    [Fact]
    public void HdlcTransmitter_T30Preamble_Is38FlagsThenFrameThenClosingFlagsThenMark()
    {
        Assert.Equal(38, HdlcTransmitter.PreambleFlagsFor(300)); // T.30 §5.3.1: 1 s ± 15 %
        var tx = new HdlcTransmitter();
        tx.Start(HdlcTransmitter.PreambleFlagsFor(300));
        Assert.True(tx.TryQueueFrame([0xFF, 0x13, 0x80]));
        tx.Finish();
        Assert.False(tx.TryQueueFrame([0xFF]));
        var bits = new List<int>();
        while (!tx.Completed)
        {
            bits.Add(tx.GetBit());
        }

        for (int i = 0; i < 38; i++)
        {
            Assert.Equal(new[] { 0, 1, 1, 1, 1, 1, 1, 0 }, bits.Skip(8 * i).Take(8));
        }

        Assert.Equal(1, tx.FramesSent);
        Assert.Equal(new[] { 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 1 }, bits.TakeLast(17)); // closing flags, then mark
        Assert.Equal(1, tx.GetBit());
        Assert.Equal(1, tx.GetBit());
    }

    [Fact]
    public void HdlcTransmitter_QueueFullOrFrameTooLong_RefusesClearly()
    {
        var tx = new HdlcTransmitter(maxFrameBytes: 10, queueCapacity: 2);
        tx.Start(1);
        Assert.True(tx.TryQueueFrame(new byte[10]));
        Assert.True(tx.TryQueueFrame(new byte[3]));
        Assert.False(tx.TryQueueFrame(new byte[3]));
        Assert.Throws<ArgumentException>(() => tx.TryQueueFrame(new byte[11]));
        Assert.Throws<ArgumentOutOfRangeException>(() => tx.Start(-1));
    }

    [Fact]
    public void HdlcTransmitter_EmptyQueueBeforeFinish_SendsFlagsAsTimeFill()
    {
        var tx = new HdlcTransmitter();
        tx.Start(1);
        var bits = new List<int>();
        for (int i = 0; i < 80; i++)
        {
            bits.Add(tx.GetBit());
        }

        Assert.False(tx.Completed);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(new[] { 0, 1, 1, 1, 1, 1, 1, 0 }, bits.Skip(8 * i).Take(8));
        }
    }

    private static void AssertNoSixOnesOutsideFlags(List<int> bits)
    {
        // Every run of six ones must be a flag (0 111111 0); longer runs only after the end (mark).
        int run = 0;
        for (int i = 0; i < bits.Count; i++)
        {
            if (bits[i] == 1)
            {
                run++;
                Assert.True(run <= 6, $"seven ones at bit {i}");
            }
            else
            {
                if (run == 6)
                {
                    Assert.True(i >= 7 && bits[i - 7] == 0, $"six ones not framed as a flag at bit {i}");
                }

                run = 0;
            }
        }
    }
}
