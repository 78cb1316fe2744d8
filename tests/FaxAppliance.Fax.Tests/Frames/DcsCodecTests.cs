using System.Buffers;
using CsCheck;
using FaxAppliance.Fax.T30;
using static FaxAppliance.Fax.Tests.Frames.FrameTestData;

namespace FaxAppliance.Fax.Tests.Frames;

public class DcsCodecTests
{
    /// <summary>
    /// Derived by hand from T.30 Table 2:
    /// octet 1 00; octet 2 62: bit 10 receive 02, bits 11-14 "0001" V.17 14400 = 20, bit 15 fine 40;
    /// octet 3 F0: bits 17-20 "0000" A4/A4, bits 21-23 "111" 0 ms = 70, bit 24 extend 80;
    /// octet 4 4C: bit 27 ECM 04, bit 28 64-octet frames 08, bit 31 MMR 40, bit 32 clear.
    /// </summary>
    private static readonly DcsParameters HandDerivedEcm = new()
    {
        Rate = SignallingRate.V17_14400,
        Compression = Compressions.MMR,
        Resolution = Resolutions.Fine,
        Ecm = true,
        EcmFrameSize = 64,
        MinScanLineMs = 0,
    };

    /// <summary>
    /// By hand: octet 2 8E: bit 10 02, bits 11-14 "1100" V.29 7200 = 04+08, bit 16 MR 80;
    /// octet 3 09: bits 17-18 "10" 255 mm = 01, bits 19-20 "01" unlimited = 08, bits 21-23 "000" 20 ms.
    /// </summary>
    private static readonly DcsParameters HandDerivedNonEcm = new()
    {
        Rate = SignallingRate.V29_7200,
        Compression = Compressions.MR,
        Width = PageWidth.B4_2048,
        Length = RecordingLength.Unlimited,
        MinScanLineMs = 20,
    };

    [Theory]
    [InlineData(true, "0062F04C")]
    [InlineData(false, "008E09")]
    public void Encode_HandDerived_GivesTableTwoBits(bool ecm, string expected)
    {
        Span<byte> fif = stackalloc byte[DcsCodec.MaxEncodedLength];
        int length = DcsCodec.Encode(ecm ? HandDerivedEcm : HandDerivedNonEcm, fif);
        Assert.Equal(expected, ToHex(fif[..length]));
    }

    [Theory]
    [InlineData(true, "0062F04C")]
    [InlineData(false, "008E09")]
    public void TryDecode_HandDerived_GivesParameters(bool ecm, string hex)
    {
        Assert.Equal(OperationStatus.Done, DcsCodec.TryDecode(Hex(hex), out DcsParameters dcs, out string? error));
        Assert.Null(error);
        Assert.Equal(ecm ? HandDerivedEcm : HandDerivedNonEcm, dcs);
    }

    /// <summary>T.30 Table 2 bits 11-14 in DCS, written "11 12 13 14".</summary>
    [Theory]
    [InlineData("0000", Modulation.V27ter, 2400)]
    [InlineData("0100", Modulation.V27ter, 4800)]
    [InlineData("1000", Modulation.V29, 9600)]
    [InlineData("1100", Modulation.V29, 7200)]
    [InlineData("0001", Modulation.V17, 14400)]
    [InlineData("0101", Modulation.V17, 12000)]
    [InlineData("1001", Modulation.V17, 9600)]
    [InlineData("1101", Modulation.V17, 7200)]
    public void RateCodeTable_EncodesAndDecodes(string written, Modulation modulation, int bitRate)
    {
        byte octet2 = 0x02; // bit 10
        for (int i = 0; i < 4; i++)
        {
            if (written[i] == '1')
            {
                octet2 |= (byte)(1 << (2 + i));
            }
        }

        var dcs = new DcsParameters { Rate = new SignallingRate(modulation, bitRate), MinScanLineMs = 20 };
        Span<byte> fif = stackalloc byte[DcsCodec.MaxEncodedLength];
        int length = DcsCodec.Encode(dcs, fif);
        Assert.Equal(new byte[] { 0x00, octet2, 0x00 }, fif[..length].ToArray());

        Assert.Equal(OperationStatus.Done, DcsCodec.TryDecode(new byte[] { 0, octet2, 0 }, out DcsParameters back, out _));
        Assert.Equal(dcs.Rate, back.Rate);
    }

    [Theory]
    [InlineData("0010")]
    [InlineData("0110")]
    [InlineData("1010")]
    [InlineData("1110")]
    [InlineData("0011")]
    [InlineData("1111")]
    public void TryDecode_InvalidRateCode_InvalidData(string written)
    {
        byte octet2 = 0;
        for (int i = 0; i < 4; i++)
        {
            if (written[i] == '1')
            {
                octet2 |= (byte)(1 << (2 + i));
            }
        }

        Assert.Equal(OperationStatus.InvalidData, DcsCodec.TryDecode(new byte[] { 0, octet2, 0 }, out _, out string? error));
        Assert.Contains("rate", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00 02 80 40", "MMR")]          // bit 31 without bit 27
    [InlineData("00 82 80 44", "MR")]           // bits 16 and 31
    [InlineData("00 02 03", "width")]           // bits 17-18 "11"
    [InlineData("00 02 0C", "length")]          // bits 19-20 "11"
    [InlineData("00 02 30", "scan line")]       // bits 21-23 "110": DIS only
    [InlineData("00 42 80 80 80 01", "resolution")] // bits 15 and 41
    [InlineData("00 02", "too short")]
    public void TryDecode_InvalidCombination_InvalidDataWithReason(string hex, string reason)
    {
        Assert.Equal(OperationStatus.InvalidData, DcsCodec.TryDecode(Hex(hex), out _, out string? error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_AlwaysSetsBitTenReceiveOperation()
    {
        Span<byte> fif = stackalloc byte[DcsCodec.MaxEncodedLength];
        DcsCodec.Encode(new DcsParameters { MinScanLineMs = 20 }, fif);
        Assert.Equal(0x02, fif[1] & 0x02);
    }

    [Fact]
    public void Encode_MmrWithoutEcm_Throws()
    {
        byte[] fif = new byte[DcsCodec.MaxEncodedLength];
        Assert.Throws<ArgumentException>(() => DcsCodec.Encode(new DcsParameters { Compression = Compressions.MMR }, fif));
    }

    [Fact]
    public void TryDecode_FrameSizeBitWithoutEcm_IsIgnored()
    {
        Assert.Equal(OperationStatus.Done, DcsCodec.TryDecode(Hex("00 02 80 08"), out DcsParameters dcs, out _));
        Assert.False(dcs.Ecm);
        Assert.Equal(256, dcs.EcmFrameSize);
    }

    [Fact]
    public void EncodeThenDecode_EveryValidCombination_RoundTrips()
    {
        Dcs.Sample(dcs =>
        {
            byte[] fif = new byte[DcsCodec.MaxEncodedLength];
            int length = DcsCodec.Encode(dcs, fif);

            Assert.Equal(OperationStatus.Done, DcsCodec.TryDecode(fif.AsSpan(0, length), out DcsParameters back, out _));
            Assert.Equal(dcs, back);
        }, iter: 5000);
    }
}
