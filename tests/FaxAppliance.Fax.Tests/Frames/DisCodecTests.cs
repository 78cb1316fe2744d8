using System.Buffers;
using CsCheck;
using FaxAppliance.Fax.T30;
using static FaxAppliance.Fax.Tests.Frames.FrameTestData;

namespace FaxAppliance.Fax.Tests.Frames;

public class DisCodecTests
{
    /// <summary>
    /// Derived by hand from T.30 Table 2 (bit n is octet (n-1)/8, mask 1 &lt;&lt; ((n-1)%8)):
    /// octet 1 (bits 1-8)   00: nothing.
    /// octet 2 (bits 9-16)  EE: bit 10 ready to receive 02; bits 11-14 "1101" V.27ter+V.29+V.17 = 04+08+20;
    ///                          bit 15 fine 40; bit 16 MR 80.
    /// octet 3 (bits 17-24) A6: bits 17-18 "01" A3 = 02; bits 19-20 "10" B4 = 04; bits 21-23 "010" 10 ms = 20;
    ///                          bit 24 extend 80.
    /// octet 4 (bits 25-32) C4: bit 27 ECM 04; bit 31 MMR 40; bit 32 extend 80.
    /// octet 5 (bits 33-40) 80: bit 40 extend.
    /// octet 6 (bits 41-48) 01: bit 41 superfine; bit 48 clear: last octet.
    /// </summary>
    private static readonly FaxCapabilities HandDerived = new()
    {
        Modems = ModemSupport.V27ter | ModemSupport.V29 | ModemSupport.V17,
        Compressions = Compressions.MH | Compressions.MR | Compressions.MMR,
        Resolutions = Resolutions.Standard | Resolutions.Fine | Resolutions.Superfine,
        MaxWidth = PageWidth.A3_2432,
        MaxLength = RecordingLength.B4,
        Ecm = true,
        MinScanLineMs = 10,
        ReadyToReceive = true,
    };

    private const string HandDerivedFif = "00EEA6C48001";

    /// <summary>What spandsp offers with V.17, ECM, MR and MMR, fine, A4, ready to receive, 0 ms scan line time.</summary>
    private static readonly FaxCapabilities SpandspCaps = new()
    {
        Modems = ModemSupport.V27ter | ModemSupport.V29 | ModemSupport.V17,
        Compressions = Compressions.MH | Compressions.MR | Compressions.MMR,
        Resolutions = Resolutions.Standard | Resolutions.Fine,
        Ecm = true,
        MinScanLineMs = 0,
        ReadyToReceive = true,
    };

    [Fact]
    public void Encode_HandDerivedCapabilities_GivesTableTwoBits()
    {
        Span<byte> fif = stackalloc byte[DisCodec.MaxEncodedLength];
        int length = DisCodec.Encode(HandDerived, fif);
        Assert.Equal(HandDerivedFif, ToHex(fif[..length]));
    }

    [Fact]
    public void TryDecode_HandDerivedFif_GivesCapabilities()
    {
        Assert.Equal(OperationStatus.Done, DisCodec.TryDecode(Hex(HandDerivedFif), out FaxCapabilities caps, out string? error));
        Assert.Null(error);
        Assert.Equal(HandDerived, caps);
    }

    /// <summary>
    /// spandsp's build_dis_or_dtc (the 0.0.6-era static version readable in the xrg/spandsp mirror of t30.c),
    /// derived by hand for supported_modems V27TER|V29|V17, T4_2D and T6, ecm_allowed, fine resolution,
    /// A4 only, no T.37/T.38, receive file set (set_dis_or_dtc adds bit 10). It fills 16 FIF octets:
    /// [3]=00; [4]=DISBIT2 (bit 10) | DISBIT3|4|6 (V.17 set) | DISBIT7 (fine) | DISBIT8 (2D) = EE;
    /// [5]=DISBIT8 (extend) | DISBIT5|6|7 (bits 21-23 "111" = 0 ms) = F0; [6]=extend | DISBIT3 (ECM) | DISBIT7 (T.6) = C4;
    /// [7]=80; [8]=80 | DISBIT4 (bit 44, which that version sets unconditionally) = 88; [9..17]=80; [18]=00.
    /// </summary>
    [Fact]
    public void TryDecode_SpandspOldStyleSixteenOctetDis_GivesCapabilities()
    {
        byte[] fif = Hex("00 EE F0 C4 80 88 80 80 80 80 80 80 80 80 80 00");

        Assert.Equal(OperationStatus.Done, DisCodec.TryDecode(fif, out FaxCapabilities caps, out _));
        Assert.Equal(SpandspCaps, caps);
    }

    /// <summary>
    /// The same capabilities from spandsp's current t30_build_dis_or_dtc + prune_dis_dtc (freeswitch/spandsp),
    /// assuming local_min_scan_time_code 7 and no US letter/legal: it sets bit 45 (metric preferred, 10 in octet 6)
    /// and prunes after the last non-zero octet: 00 EE F0 C4 80 10.
    /// </summary>
    [Fact]
    public void TryDecode_SpandspPrunedDis_GivesCapabilities()
    {
        Assert.Equal(OperationStatus.Done, DisCodec.TryDecode(Hex("00 EE F0 C4 80 10"), out FaxCapabilities caps, out _));
        Assert.Equal(SpandspCaps, caps);
    }

    [Fact]
    public void Encode_SpandspCapabilities_StopsAfterOctetFour()
    {
        Span<byte> fif = stackalloc byte[DisCodec.MaxEncodedLength];
        int length = DisCodec.Encode(SpandspCaps, fif);
        Assert.Equal("00EEF044", ToHex(fif[..length]));
    }

    /// <summary>T.30 Table 2 bits 11-14 in DIS/DTC, written "11 12 13 14".</summary>
    [Theory]
    [InlineData("0000", ModemSupport.V27ter, true)]   // V.27 ter fall-back mode (2400 only)
    [InlineData("0100", ModemSupport.V27ter, false)]
    [InlineData("1000", ModemSupport.V29, false)]
    [InlineData("1100", ModemSupport.V27ter | ModemSupport.V29, false)]
    [InlineData("1101", ModemSupport.V27ter | ModemSupport.V29 | ModemSupport.V17, false)]
    [InlineData("1110", ModemSupport.V27ter | ModemSupport.V29, false)] // 1993: V.27ter, V.29, V.33
    [InlineData("0001", ModemSupport.None, false)]
    [InlineData("1011", ModemSupport.None, false)]
    [InlineData("1111", ModemSupport.None, false)]
    public void TryDecode_ModemCodeTable(string written, ModemSupport expected, bool fallbackOnly)
    {
        byte[] fif = new byte[3];
        for (int i = 0; i < 4; i++)
        {
            if (written[i] == '1')
            {
                fif[1] |= (byte)(1 << (2 + i)); // bit 11 + i is octet 2, mask 1 << (2 + i)
            }
        }

        Assert.Equal(OperationStatus.Done, DisCodec.TryDecode(fif, out FaxCapabilities caps, out _));
        Assert.Equal(expected, caps.Modems);
        Assert.Equal(fallbackOnly, caps.V27terFallbackOnly);
    }

    /// <summary>T.30 Table 2 bits 21-23 in DIS, written "21 22 23", and the time at standard resolution.</summary>
    [Theory]
    [InlineData("000", 20, false)]
    [InlineData("001", 40, false)]
    [InlineData("010", 10, false)]
    [InlineData("100", 5, false)]
    [InlineData("110", 20, true)]
    [InlineData("011", 10, true)]
    [InlineData("101", 40, true)]
    [InlineData("111", 0, false)]
    public void TryDecode_ScanLineTimeTable(string written, int ms, bool halved)
    {
        byte[] fif = new byte[3];
        for (int i = 0; i < 3; i++)
        {
            if (written[i] == '1')
            {
                fif[2] |= (byte)(1 << (4 + i)); // bit 21 + i is octet 3, mask 1 << (4 + i)
            }
        }

        Assert.Equal(OperationStatus.Done, DisCodec.TryDecode(fif, out FaxCapabilities caps, out _));
        Assert.Equal(ms, caps.MinScanLineMs);
        Assert.Equal(halved, caps.MinScanLineHalvedAtFine);
    }

    [Fact]
    public void Encode_MinimalCapabilities_IsThreeOctetsWithoutExtendBit()
    {
        Span<byte> fif = stackalloc byte[DisCodec.MaxEncodedLength];
        int length = DisCodec.Encode(new FaxCapabilities { MinScanLineMs = 20 }, fif);
        Assert.Equal("000C00", ToHex(fif[..length])); // bits 11-14 "1100": V.27ter and V.29
    }

    [Fact]
    public void Encode_Password_ExtendsToOctetSevenWithEveryExtendBit()
    {
        Span<byte> fif = stackalloc byte[DisCodec.MaxEncodedLength];
        int length = DisCodec.Encode(new FaxCapabilities { MinScanLineMs = 20, Password = true }, fif);
        Assert.Equal("000C8080808002", ToHex(fif[..length])); // bits 24, 32, 40, 48 set; bit 50 in octet 7
    }

    [Fact]
    public void TryDecode_OctetsAfterClearedExtendBit_AreIgnored()
    {
        // Octet 3 says "no more octets" (bit 24 clear), so the superfine bit in octet 6 does not count.
        Assert.Equal(OperationStatus.Done, DisCodec.TryDecode(Hex("00 0C 00 00 00 01"), out FaxCapabilities caps, out _));
        Assert.Equal(Resolutions.Standard, caps.Resolutions);
    }

    [Fact]
    public void TryDecode_TwoHundredOctetDis_IsAccepted()
    {
        byte[] fif = new byte[200];
        Array.Fill(fif, (byte)0x80);
        fif[1] = 0x2E; // V.17 set, bit 10
        fif[199] = 0x7F;

        Assert.Equal(OperationStatus.Done, DisCodec.TryDecode(fif, out FaxCapabilities caps, out _));
        Assert.Equal(ModemSupport.V27ter | ModemSupport.V29 | ModemSupport.V17, caps.Modems);
        Assert.True(caps.ReadyToReceive);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("00 0C")]
    public void TryDecode_ShorterThanThreeOctets_InvalidData(string hex)
    {
        Assert.Equal(OperationStatus.InvalidData, DisCodec.TryDecode(Hex(hex), out _, out string? error));
        Assert.Contains("too short", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ModemSupport.V17)]
    [InlineData(ModemSupport.V17 | ModemSupport.V29)]
    [InlineData(ModemSupport.None)]
    public void Encode_ModemSetBitsElevenToFourteenCannotSay_Throws(ModemSupport modems)
    {
        byte[] fif = new byte[DisCodec.MaxEncodedLength];
        Assert.Throws<ArgumentException>(() => DisCodec.Encode(new FaxCapabilities { Modems = modems }, fif));
    }

    [Fact]
    public void EncodeThenDecode_EveryValidCombination_RoundTrips()
    {
        Capabilities.Sample(caps =>
        {
            byte[] fif = new byte[DisCodec.MaxEncodedLength];
            int length = DisCodec.Encode(caps, fif);

            Assert.Equal(OperationStatus.Done, DisCodec.TryDecode(fif.AsSpan(0, length), out FaxCapabilities back, out _));
            Assert.Equal(caps, back);
            Assert.Equal(0, fif[length - 1] & 0x80); // the last octet never sets its extend bit
        }, iter: 5000);
    }
}
