using FaxAppliance.Routing.Sip;

namespace FaxAppliance.Routing.Tests.Sip;

public class RedirectionHeadersTests
{
    [Fact]
    public void HistoryInfo_DiversionToFaxServer_GivesTheUserDivertedFrom()
    {
        // RFC 7044 style: 1 = original target, 1.1 = its contact (rc), 1.2 = fax server reached by forwarding (mp=1).
        string[] values =
        [
            "<sip:+4930123402@pbx.example>;index=1, <sip:2002@10.0.0.9?Reason=SIP%3Bcause%3D480>;index=1.1;rc=1",
            "<sip:fax@appliance.example?Reason=SIP%3Bcause%3D302>;index=1.2;mp=1",
        ];
        Assert.True(RedirectionHeaders.TryFindInHistoryInfo(values, out OriginalCalledParty? party, out string why), why);
        Assert.Equal("+4930123402", party!.Number);
        Assert.Equal("History-Info entry index=1 <sip:+4930123402@pbx.example> is the target diverted from (mp=1 on entry index=1.2, RFC 7044 §5)", why);
    }

    [Fact]
    public void HistoryInfo_EntriesOutOfOrder_AreOrderedByIndex()
    {
        string[] values = ["<sip:2003@pbx.example>;index=1.1.1;mp=1.1, <sip:2002@pbx.example>;index=1.1;mp=1, <sip:2001@pbx.example>;index=1"];
        Assert.True(RedirectionHeaders.TryFindInHistoryInfo(values, out OriginalCalledParty? party, out _));
        Assert.Equal("2001", party!.Number);
    }

    [Fact]
    public void HistoryInfo_WithoutMp_GivesTheFirstEntry()
    {
        string[] values = ["<sip:2005@pbx.example>;index=1.1;rc=1", "<tel:+1-212-555-0105>;index=1"];
        Assert.True(RedirectionHeaders.TryFindInHistoryInfo(values, out OriginalCalledParty? party, out string why));
        Assert.Equal("+12125550105", party!.Number);
        Assert.Contains("the first entry (the original Request-URI, RFC 7044 §5)", why);
    }

    [Theory]
    [InlineData("<sip:2001@a>;index=x", "History-Info has no entry with a valid index")]
    [InlineData("<sip:2001@a>", "History-Info has no entry with a valid index")]
    [InlineData("<sip:2001@a;index=1", "History-Info header not understood: '<' at position 0 has no '>'")]
    [InlineData("<sip:pilot@a>;index=1", "History-Info entry index=1 <sip:pilot@a> names no telephone number")]
    public void HistoryInfo_Unusable_SaysWhy(string value, string expected)
    {
        Assert.False(RedirectionHeaders.TryFindInHistoryInfo([value], out OriginalCalledParty? party, out string why));
        Assert.Null(party);
        Assert.Equal(expected, why);
    }

    [Fact]
    public void Diversion_SeveralDiversions_GivesTheLastEntry_TheNumberOriginallyCalled()
    {
        // RFC 5806 / RFC 7544 examples: newest diversion on top; user1 was called first.
        string[] values =
        [
            "<sip:2003@pbx.example>;reason=unconditional;counter=1;privacy=off, <sip:2002@pbx.example>;reason=user-busy;counter=1",
            "<tel:+49-30-1234-2001>;reason=no-answer;counter=1",
        ];
        Assert.True(RedirectionHeaders.TryFindInDiversion(values, out OriginalCalledParty? party, out string why), why);
        Assert.Equal("+493012342001", party!.Number);
        Assert.Equal("Diversion entry 3 of 3 <tel:+49-30-1234-2001> (reason=no-answer) is the first diversion, i.e. the number originally called (RFC 5806: newest entry on top)", why);
    }

    [Fact]
    public void Diversion_Absent_SaysSo()
    {
        Assert.False(RedirectionHeaders.TryFindInDiversion(null, out _, out string why));
        Assert.Equal("no Diversion header", why);
    }
}
