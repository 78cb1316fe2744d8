using CsCheck;
using FaxAppliance.Routing.Sip;

namespace FaxAppliance.Routing.Tests.Sip;

public class SipAddressParserTests
{
    [Fact]
    public void NameAddr_WithQuotedDisplayNameAndTag_IsParsed()
    {
        // RFC 3261 §20.39 example To header (with a tag).
        Assert.True(SipAddressParser.TryParseSingle("\"The \\\"Operator\\\"\" <sip:operator@cs.columbia.edu>;tag=287447", out SipAddress? a, out string? error), error);
        Assert.Equal("The \"Operator\"", a!.DisplayName);
        Assert.Equal("sip:operator@cs.columbia.edu", a.Uri);
        Assert.True(a.TryGetParameter("TAG", out string? tag));
        Assert.Equal("287447", tag);
    }

    [Fact]
    public void AddrSpec_ParametersAfterItBelongToTheHeader()
    {
        // RFC 3261 §20.10: without angle brackets, ';' ends the URI and starts header parameters.
        Assert.True(SipAddressParser.TryParseSingle("sip:+12125551212@server.phone2net.com;tag=887s", out SipAddress? a, out _));
        Assert.Null(a!.DisplayName);
        Assert.Equal("sip:+12125551212@server.phone2net.com", a.Uri);
        Assert.True(a.TryGetParameter("tag", out _));
    }

    [Fact]
    public void TokenDisplayName_AndCommaInsideQuotes_DoNotSplitEntries()
    {
        Assert.True(SipAddressParser.TryParseList("Bob Smith <sip:bob@a.example>, \"Doe, Jane\" <tel:+1-212-555-0101>;x", out IReadOnlyList<SipAddress> list, out string? error), error);
        Assert.Equal(2, list.Count);
        Assert.Equal("Bob Smith", list[0].DisplayName);
        Assert.Equal("Doe, Jane", list[1].DisplayName);
        Assert.True(list[1].TryGetParameter("x", out string? value));
        Assert.Null(value);
    }

    [Theory]
    [InlineData("<tel:+1-212-555-0101>", "+12125550101")]
    [InlineData("<tel:7042;phone-context=example.com>", "7042")]
    [InlineData("<sip:+49(30)1234-5678@gw.example;user=phone>", "+493012345678")]
    [InlineData("<sip:2001;isub=77@pbx.example>", "2001")]
    [InlineData("<sips:%2B4930123@pbx.example>", "+4930123")]
    [InlineData("<sip:2001:secret@pbx.example>", "2001")]
    public void TryGetNumber_TelAndSipUserParts_AreNormalised(string value, string number)
    {
        Assert.True(SipAddressParser.TryParseSingle(value, out SipAddress? a, out _));
        Assert.True(a!.TryGetNumber(out string? n));
        Assert.Equal(number, n);
    }

    [Theory]
    [InlineData("sip:pbx.example")]
    [InlineData("sip:fax@pbx.example")]
    [InlineData("mailto:a@b.example")]
    [InlineData("sip:%2G1@pbx.example")]
    [InlineData("sip:12%@pbx.example")]
    [InlineData("tel:")]
    public void TryGetNumber_NoNumber_IsFalse(string uri) =>
        Assert.False(SipAddress.TryGetNumber(uri, out _));

    [Theory]
    [InlineData("", "empty header value")]
    [InlineData("<sip:a@b", "'<' at position 0 has no '>'")]
    [InlineData("\"Bob <sip:a@b>", "quoted string at position 0 is not closed")]
    [InlineData("\"Bob\" sip:a@b", "expected '<' after the display name at position 6")]
    [InlineData("<sip:a@b>,,<sip:c@d>", "empty entry at position 10")]
    [InlineData("<sip:a@b>;=1", "parameter without a name at position 10")]
    [InlineData("<sip:a@b>;x=", "parameter 'x' has '=' but no value at position 12")]
    [InlineData("<nothing>", "'nothing' is not a URI (no scheme)")]
    [InlineData("<sip:a@b> junk", "unexpected 'j' at position 10")]
    public void BadValue_GivesReasonWithPosition(string value, string message)
    {
        Assert.False(SipAddressParser.TryParseList(value, out IReadOnlyList<SipAddress> list, out string? error));
        Assert.Empty(list);
        Assert.Equal(message, error);
    }

    [Fact]
    public void TooLongValue_IsRejectedBeforeParsing()
    {
        Assert.False(SipAddressParser.TryParseList("<sip:1@a>;" + new string('x', SipAddressParser.MaxHeaderLength), out _, out string? error));
        Assert.Equal($"header value longer than {SipAddressParser.MaxHeaderLength} characters", error);
    }

    [Fact]
    public void TooManyEntries_AreRejected()
    {
        string value = string.Join(",", Enumerable.Repeat("<sip:1@a>", SipAddressParser.MaxEntries + 1));
        Assert.False(SipAddressParser.TryParseList(value, out _, out string? error));
        Assert.Equal($"more than {SipAddressParser.MaxEntries} entries", error);
    }

    private static readonly Gen<string> HeaderLike = Gen.OneOf(
        Gen.String,
        Gen.Char["<>\";,=\\@:sipte+-.() 0123x"].Array[0, 80].Select(c => new string(c)));

    [Fact]
    public void RandomText_ParsesOrGivesAReason_NeverThrows() =>
        HeaderLike.Sample(text =>
        {
            bool ok = SipAddressParser.TryParseList(text, out IReadOnlyList<SipAddress> list, out string? error);
            Assert.Equal(ok, error is null);
            Assert.Equal(ok, list.Count > 0);
            foreach (SipAddress a in list)
            {
                a.TryGetNumber(out _);
            }

            SipAddress.TryGetNumber(text, out _);
        }, iter: 20_000);

    [Fact]
    public void EveryPrefixOfAValidValue_ParsesOrGivesAReason()
    {
        const string Value = "\"Ann, Sales\" <sip:+49-30-1234@gw.example;user=phone>;index=1.1;mp=1, <tel:2001>;reason=\"no-answer\"";
        Assert.True(SipAddressParser.TryParseList(Value, out _, out _));
        for (int i = 0; i <= Value.Length; i++)
        {
            bool ok = SipAddressParser.TryParseList(Value[..i], out IReadOnlyList<SipAddress> list, out string? error);
            Assert.Equal(ok, error is null);
            Assert.Equal(ok, list.Count > 0);
        }
    }
}
