using FaxAppliance.Routing.Config;
using FaxAppliance.Routing.Decisions;
using FaxAppliance.Routing.Model;

namespace FaxAppliance.Routing.Tests.Decisions;

public class RecipientTests
{
    private static RoutingConfig Config(string? catchAll = null) => new(
        [new DialPlan("HQ", [], 4)],
        [new MailboxPolicy("P", AllowFax: true)],
        [
            new Mailbox("2001", "+49 30 1234 2001", "ann@example.net", "Ann", Policy: "P", DialPlan: "HQ"),
            new Mailbox("2002", null, "bob@example.net", "Bob", Policy: "P", DialPlan: "HQ"),
            new Mailbox("2000", null, "fax-desk@example.net", "Fax desk", Policy: "P", DialPlan: "HQ"),
        ],
        [new AnalogLine("line1", "2001"), new AnalogLine("line2", null), new AnalogLine("line3", "2999")],
        catchAll);

    private static RoutingDecision Decide(FaxRecipientHints hints, string? catchAll = null) => new FaxRouter(Config(catchAll)).Decide(hints);

    [Fact]
    public void Analog_SubAddressNamingAMailbox_OverridesTheLineDefault()
    {
        RoutingDecision d = Decide(new FaxRecipientHints { LineId = "line1", SubAddress = "20 02" });
        Assert.Equal("bob@example.net", d.EmailAddress);
        Assert.Equal("RecipientFromSubAddress: the sender's sub-address (SUB) '2002' names mailbox 2002 (Bob)", d.Reasons[0].ToString());
    }

    [Fact]
    public void Analog_SubAddressNamingADid_IsFound()
    {
        RoutingDecision d = Decide(new FaxRecipientHints { LineId = "line2", SubAddress = "+4930-1234-2001" });
        Assert.Equal("ann@example.net", d.EmailAddress);
    }

    [Theory]
    [InlineData("7777")]
    [InlineData("*12#")]
    public void Analog_UnknownSubAddress_FallsBackToTheLineDefault(string sub)
    {
        RoutingDecision d = Decide(new FaxRecipientHints { LineId = "line1", SubAddress = sub });
        Assert.Equal("ann@example.net", d.EmailAddress);
        Assert.Equal([RoutingReasonCode.SubAddressUnknown, RoutingReasonCode.RecipientFromLineDefault], d.Reasons.Take(2).Select(r => r.Code));
    }

    [Theory]
    [InlineData("line2", RoutingReasonCode.LineDefaultUnusable, "line 'line2' has no default mailbox")]
    [InlineData("line3", RoutingReasonCode.LineDefaultUnusable, "line 'line3' names default mailbox '2999', which does not exist")]
    [InlineData("line9", RoutingReasonCode.LineUnknown, "line 'line9' is not configured")]
    public void Analog_NoUsableDefault_RefusesWhenUnknownRecipientsAreRefused(string line, RoutingReasonCode code, string text)
    {
        RoutingDecision d = Decide(new FaxRecipientHints { LineId = line });
        Assert.Equal([new RoutingReason(code, text), new RoutingReason(RoutingReasonCode.UnknownRecipientRefused, "no mailbox found for this fax, and unknown recipients are refused by configuration")], d.Reasons);
        Assert.Equal(RoutingReasonCode.UnknownRecipientRefused, d.RefusalCode);
    }

    [Fact]
    public void UnknownRecipient_GoesToTheCatchAllMailbox_WhenConfigured()
    {
        RoutingDecision d = Decide(new FaxRecipientHints { LineId = "line2" }, catchAll: "2000");
        Assert.Equal(RoutingOutcome.Mail, d.Outcome);
        Assert.Equal("fax-desk@example.net", d.EmailAddress);
        Assert.Equal("no mailbox found for this fax; using the catch-all mailbox 2000 (Fax desk)", d.Reasons[1].Text);
    }

    [Fact]
    public void UnknownRecipient_CatchAllThatDoesNotExist_Refuses()
    {
        RoutingDecision d = Decide(new FaxRecipientHints { LineId = "line2" }, catchAll: "2555");
        Assert.Equal(RoutingReasonCode.CatchAllMissing, d.RefusalCode);
        Assert.Equal("no mailbox found for this fax, and the catch-all mailbox '2555' does not exist", d.RefusalText);
    }

    [Fact]
    public void NoHintAtAll_IsRefusedWithAReason()
    {
        RoutingDecision d = Decide(new FaxRecipientHints());
        Assert.Equal("the call carried no line, sub-address or SIP address", d.Reasons[0].Text);
        Assert.Equal(RoutingReasonCode.UnknownRecipientRefused, d.RefusalCode);
    }

    [Fact]
    public void Sip_RedirectedCall_GoesToTheOriginalCalledPartyNotThePilotNumber()
    {
        RoutingDecision d = Decide(new FaxRecipientHints
        {
            RequestUri = "sip:2000@appliance.example",
            To = "<sip:2000@appliance.example>",
            HistoryInfo = ["<sip:2002@pbx.example>;index=1, <sip:2000@appliance.example>;index=1.1;mp=1"],
            Diversion = ["<sip:2001@pbx.example>;reason=no-answer"],
        });
        Assert.Equal("bob@example.net", d.EmailAddress);
        Assert.Equal(RoutingReasonCode.RecipientFromHistoryInfo, d.Reasons[0].Code);
    }

    [Fact]
    public void Sip_DiversionOnly_GivesTheOriginalCalledParty()
    {
        RoutingDecision d = Decide(new FaxRecipientHints
        {
            RequestUri = "sip:2000@appliance.example",
            Diversion = ["<sip:2002@pbx.example>;reason=unconditional, <tel:+49-30-1234-2001>;reason=user-busy"],
        });
        Assert.Equal("ann@example.net", d.EmailAddress);
        Assert.Equal(RoutingReasonCode.RecipientFromDiversion, d.Reasons[0].Code);
    }

    [Fact]
    public void Sip_UnusableHeaders_FallBackToRequestUriThenTo_WithAReasonForEach()
    {
        RoutingDecision d = Decide(new FaxRecipientHints
        {
            RequestUri = "sip:fax@appliance.example",
            To = "\"Bob\" <sip:2002@pbx.example>;tag=1",
            HistoryInfo = ["<sip:2001@a"],
            Diversion = ["<sip:7777@pbx.example>"],
        });
        Assert.Equal("bob@example.net", d.EmailAddress);
        Assert.Equal(
        [
            "HeaderNotUsable: History-Info header not understood: '<' at position 0 has no '>'",
            "NumberUnknown: Diversion entry 1 of 1 <sip:7777@pbx.example> is the first diversion, i.e. the number originally called (RFC 5806: newest entry on top), but 7777 names no mailbox",
            "HeaderNotUsable: the Request-URI 'sip:fax@appliance.example' names no telephone number",
            "RecipientFromTo: the To header names 2002: mailbox 2002 (Bob)",
        ], d.Reasons.Take(4).Select(r => r.ToString()));
    }

    [Fact]
    public void Sip_RequestUriNamingAMailbox_IsUsed()
    {
        RoutingDecision d = Decide(new FaxRecipientHints { RequestUri = "sip:+493012342001@appliance.example;user=phone" });
        Assert.Equal("ann@example.net", d.EmailAddress);
        Assert.Equal("the Request-URI names +493012342001: mailbox 2001 (Ann)", d.Reasons[0].Text);
    }

    [Fact]
    public void Sip_NothingKnown_RefusesOrUsesCatchAll()
    {
        var hints = new FaxRecipientHints { RequestUri = "sip:5555@appliance.example", To = "<sip:5555@appliance.example>" };
        Assert.Equal(RoutingReasonCode.UnknownRecipientRefused, Decide(hints).RefusalCode);
        Assert.Equal("fax-desk@example.net", Decide(hints, catchAll: "2000").EmailAddress);
    }
}
