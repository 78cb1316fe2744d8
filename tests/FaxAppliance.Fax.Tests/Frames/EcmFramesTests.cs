using System.Buffers;
using CsCheck;
using FaxAppliance.Fax.T30;
using static FaxAppliance.Fax.Tests.Frames.FrameTestData;

namespace FaxAppliance.Fax.Tests.Frames;

public class EcmFramesTests
{
    [Fact]
    public void TryParseFcd_GivesFrameNumberAndData()
    {
        byte[] fif = [0x2A, 0x01, 0x02, 0x03];

        Assert.Equal(OperationStatus.Done, EcmFrames.TryParseFcd(fif, out int number, out ReadOnlySpan<byte> data, out _));
        Assert.Equal(42, number);
        Assert.Equal("010203", ToHex(data));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(258)]
    public void TryParseFcd_NoDataOrTooMuch_InvalidData(int length)
    {
        Assert.Equal(OperationStatus.InvalidData, EcmFrames.TryParseFcd(new byte[length], out _, out _, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void BuildPps_MpsPageThreeBlockOneFullBlock_GivesFourOctets()
    {
        byte[] fif = new byte[EcmFrames.PpsLength];

        Assert.Equal(4, EcmFrames.BuildPps(fif, T30Fcf.Mps, pageCounter: 3, blockCounter: 1, frameCount: 256));
        Assert.Equal("4E0301FF", ToHex(fif));
    }

    [Fact]
    public void TryParsePps_PostPageFcfWithXBit_IsNormalized()
    {
        Assert.Equal(OperationStatus.Done, EcmFrames.TryParsePps([0x2F, 0x07, 0x02, 0x00], out byte fcf, out int page, out int block, out int frames, out _));
        Assert.Equal(T30Fcf.Eop, fcf);
        Assert.Equal((7, 2, 1), (page, block, frames));
    }

    [Theory]
    [InlineData("00 00 00 00", "")]   // PPS-NULL is valid
    [InlineData("FA 00 00 00", "DCN")]
    [InlineData("4E 00 00", "octets")]
    public void TryParsePps_Validation(string hex, string reason)
    {
        OperationStatus status = EcmFrames.TryParsePps(Hex(hex), out _, out _, out _, out _, out string? error);
        Assert.Equal(reason.Length == 0 ? OperationStatus.Done : OperationStatus.InvalidData, status);
        Assert.True(reason.Length == 0 || error!.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void BuildPps_ThenParse_RoundTrips()
    {
        Gen.Select(Gen.OneOfConst(T30Fcf.Null, T30Fcf.Eom, T30Fcf.Mps, T30Fcf.Eop, T30Fcf.PriEom, T30Fcf.PriMps, T30Fcf.PriEop),
            Gen.Int[0, 10000], Gen.Int[0, 10000], Gen.Int[1, 256]).Sample((fcf, page, block, count) =>
        {
            byte[] fif = new byte[EcmFrames.PpsLength];
            EcmFrames.BuildPps(fif, fcf, page, block, count);

            Assert.Equal(OperationStatus.Done, EcmFrames.TryParsePps(fif, out byte f, out int p, out int b, out int c, out _));
            Assert.Equal((fcf, page % 256, block % 256, count), (f, p, b, c));
        }, iter: 2000);
    }

    [Fact]
    public void BuildPpr_FramesZeroNineAndLast_SetLineOrderBits()
    {
        bool[] flags = new bool[256];
        flags[0] = flags[9] = flags[255] = true;
        byte[] fif = new byte[EcmFrames.PprLength];

        Assert.Equal(32, EcmFrames.BuildPpr(fif, flags));
        Assert.Equal(0x01, fif[0]);
        Assert.Equal(0x02, fif[1]);
        Assert.Equal(0x80, fif[31]);
        Assert.Equal(3, fif.Sum(b => System.Numerics.BitOperations.PopCount(b)));
    }

    [Fact]
    public void BuildPpr_ThenParse_RoundTrips()
    {
        Gen.Bool.Array[256].Sample(flags =>
        {
            byte[] fif = new byte[EcmFrames.PprLength];
            EcmFrames.BuildPpr(fif, flags);
            bool[] back = new bool[256];

            Assert.Equal(OperationStatus.Done, EcmFrames.TryParsePpr(fif, back, out _));
            Assert.Equal(flags, back);
        }, iter: 500);
    }

    [Fact]
    public void TryParsePpr_Short_InvalidData()
    {
        Assert.Equal(OperationStatus.InvalidData, EcmFrames.TryParsePpr(new byte[31], new bool[256], out string? error));
        Assert.Contains("32", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("V.29 9600", "0004")]    // bit 11: octet 2 mask 04
    [InlineData("V.17 14400", "0020")]   // bit 14: octet 2 mask 20
    [InlineData("V.27ter 2400", "0000")]
    public void BuildCtc_PutsDcsRateCodeInBitsElevenToFourteen(string rate, string expected)
    {
        SignallingRate r = SignallingRate.StepDownOrder.ToArray().First(x => x.ToString() == rate);
        byte[] fif = new byte[EcmFrames.CtcLength];

        Assert.Equal(2, EcmFrames.BuildCtc(fif, r));
        Assert.Equal(expected, ToHex(fif));
        Assert.Equal(OperationStatus.Done, EcmFrames.TryParseCtc(fif, out SignallingRate back, out _));
        Assert.Equal(r, back);
    }

    [Theory]
    [InlineData("00 30")]
    [InlineData("00")]
    public void TryParseCtc_InvalidRateOrShort_InvalidData(string hex)
    {
        Assert.Equal(OperationStatus.InvalidData, EcmFrames.TryParseCtc(Hex(hex), out _, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
