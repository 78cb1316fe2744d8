using System.Buffers;
using CsCheck;
using FaxAppliance.Fax.T30;
using static FaxAppliance.Fax.Tests.Frames.FrameTestData;

namespace FaxAppliance.Fax.Tests.Frames;

public class T30FrameParserTests
{
    [Fact]
    public void TryParse_FinalDis_GivesFcfFinalAndInfo()
    {
        byte[] frame = Hex("FF 13 80 00 EE F0");

        Assert.Equal(OperationStatus.Done, T30FrameParser.TryParse(frame, out T30Frame parsed, out string? error));

        Assert.Null(error);
        Assert.Equal(T30Fcf.Dis, parsed.Fcf);
        Assert.False(parsed.XBit);
        Assert.True(parsed.Final);
        Assert.Equal("00EEF0", ToHex(parsed.Info));
        Assert.Equal("DIS", parsed.Name);
    }

    [Theory]
    [InlineData("FF 03 83", T30Fcf.Dcs, true, false)]
    [InlineData("FF 13 82", T30Fcf.Dcs, false, true)]
    [InlineData("FF 13 81", T30Fcf.Dtc, false, true)]   // DTC: fixed first bit, no X bit
    [InlineData("FF 13 13", T30Fcf.Ctc, true, true)]
    [InlineData("FF 13 11", T30Fcf.Isp, false, true)]   // ISP, not CTC with X
    [InlineData("FF 13 FB", T30Fcf.Dcn, true, true)]
    public void TryParse_SeparatesXBitFromFcf(string hex, byte fcf, bool x, bool final)
    {
        Assert.Equal(OperationStatus.Done, T30FrameParser.TryParse(Hex(hex), out T30Frame parsed, out _));

        Assert.Equal(fcf, parsed.Fcf);
        Assert.Equal(x, parsed.XBit);
        Assert.Equal(final, parsed.Final);
        Assert.True(parsed.Info.IsEmpty);
    }

    [Theory]
    [InlineData("", "too short")]
    [InlineData("FF 13", "too short")]
    [InlineData("FE 13 80", "address")]
    [InlineData("FF 12 80", "control")]
    [InlineData("FF 00 80", "control")]
    public void TryParse_BadFrame_InvalidDataWithReason(string hex, string reason)
    {
        Assert.Equal(OperationStatus.InvalidData, T30FrameParser.TryParse(Hex(hex), out _, out string? error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_DcsWithXBit_WritesHeaderAndInfo()
    {
        Span<byte> buffer = stackalloc byte[8];
        int length = T30FrameParser.Build(buffer, T30Fcf.Dcs, xBit: true, final: true, Hex("00 62 F0 4C"));

        Assert.Equal("FF13830062F04C", ToHex(buffer[..length]));
    }

    [Fact]
    public void Build_DestinationTooSmall_Throws()
    {
        byte[] buffer = new byte[4];
        Assert.Throws<ArgumentException>(() => T30FrameParser.Build(buffer, T30Fcf.Mcf, false, true, new byte[2]));
    }

    [Fact]
    public void Build_ThenTryParse_GivesBackEveryField()
    {
        byte[] fcfs = T30FcfTests.WrittenForms.Select(row => (byte)row[2]).ToArray();
        Gen.Select(Gen.OneOfConst(fcfs), Gen.Bool, Gen.Bool, Gen.Byte.Array[0, 300]).Sample((fcf, x, final, info) =>
        {
            byte[] buffer = new byte[3 + info.Length];
            int length = T30FrameParser.Build(buffer, fcf, x, final, info);

            Assert.Equal(OperationStatus.Done, T30FrameParser.TryParse(buffer.AsSpan(0, length), out T30Frame parsed, out _));
            Assert.Equal(fcf, parsed.Fcf);
            Assert.Equal(x && !T30Fcf.HasNoXBit(fcf), parsed.XBit);
            Assert.Equal(final, parsed.Final);
            Assert.True(parsed.Info.SequenceEqual(info));
        }, iter: 2000);
    }

    [Fact]
    public void TryParse_AllocatesNothing()
    {
        byte[] frame = Hex("FF 13 83 00 62 F0 4C");
        T30FrameParser.TryParse(frame, out _, out _); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            T30FrameParser.TryParse(frame, out _, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
