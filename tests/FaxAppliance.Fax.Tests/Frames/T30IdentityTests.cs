using System.Buffers;
using System.Text;
using CsCheck;
using FaxAppliance.Fax.T30;

namespace FaxAppliance.Fax.Tests.Frames;

public class T30IdentityTests
{
    [Fact]
    public void Encode_InternationalNumber_IsReversedAndSpacePadded()
    {
        byte[] fif = new byte[T30Identity.Length];

        Assert.Equal(20, T30Identity.Encode("+49 30 1234567", fif));

        // T.30 §5.3.6.2.4: the last character is transmitted first; the rest of the 20 octets are spaces.
        Assert.Equal("7654321 03 94+      ", Encoding.ASCII.GetString(fif));
    }

    [Fact]
    public void TryDecode_EncodedNumber_GivesItBack()
    {
        byte[] fif = new byte[T30Identity.Length];
        T30Identity.Encode("+49 30 1234567", fif);

        Assert.Equal(OperationStatus.Done, T30Identity.TryDecode(fif, out string id, out string? error));
        Assert.Null(error);
        Assert.Equal("+49 30 1234567", id);
    }

    [Fact]
    public void TryDecode_NonPrintableOctets_BecomeQuestionMarks()
    {
        // Reading order "A\x01B\x7F\xFF9" sent last character first, padded.
        byte[] fif = [0x39, 0xFF, 0x7F, 0x42, 0x01, 0x41, .. Enumerable.Repeat((byte)' ', 14)];

        Assert.Equal(OperationStatus.Done, T30Identity.TryDecode(fif, out string id, out _));
        Assert.Equal("A?B??9", id);
    }

    [Fact]
    public void TryDecode_OtherPrintableAscii_IsKeptAndTrimmed()
    {
        byte[] fif = Encoding.ASCII.GetBytes("  ,ynapmoC xaF tseT ");

        Assert.Equal(OperationStatus.Done, T30Identity.TryDecode(fif, out string id, out _));
        Assert.Equal("Test Fax Company,", id);
    }

    [Fact]
    public void TryDecode_LongerThanTwentyOctets_InvalidData()
    {
        Assert.Equal(OperationStatus.InvalidData, T30Identity.TryDecode(new byte[21], out string id, out string? error));
        Assert.Equal(string.Empty, id);
        Assert.Contains("20", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+49-30-1234567")]
    [InlineData("ABC")]
    [InlineData("123456789012345678901")]
    public void Encode_InvalidIdentity_Throws(string id)
    {
        byte[] fif = new byte[T30Identity.Length];
        Assert.Throws<ArgumentException>(() => T30Identity.Encode(id, fif));
    }

    [Fact]
    public void EncodeThenDecode_AnyValidIdentity_GivesItBackTrimmed()
    {
        Gen.Char["0123456789+ "].Array[0, 20].Select(chars => new string(chars)).Sample(text =>
        {
            byte[] fif = new byte[T30Identity.Length];
            T30Identity.Encode(text, fif);

            Assert.Equal(OperationStatus.Done, T30Identity.TryDecode(fif, out string id, out _));
            Assert.Equal(text.Trim(' '), id);
        }, iter: 2000);
    }
}
