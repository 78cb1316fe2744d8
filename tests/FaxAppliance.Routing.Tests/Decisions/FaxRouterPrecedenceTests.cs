using FaxAppliance.Routing.Config;
using FaxAppliance.Routing.Decisions;
using FaxAppliance.Routing.FaxServers;
using FaxAppliance.Routing.Model;

namespace FaxAppliance.Routing.Tests.Decisions;

public class FaxRouterPrecedenceTests
{
    public enum PlanState { Enabled, Disabled, None }

    public enum PolicyState { None, Disallows, Allows }

    private static readonly FaxServerUri Server1 = new("fax1.example.net", FaxServerHostKind.DnsName, null, SipTransport.Tls);
    private static readonly FaxServerUri Server2 = new("10.0.0.7", FaxServerHostKind.IPv4, 5080, SipTransport.Tcp);

    public static TheoryData<PlanState, PolicyState, FaxDelivery, bool, bool> EveryCombination()
    {
        var data = new TheoryData<PlanState, PolicyState, FaxDelivery, bool, bool>();
        foreach (PlanState plan in Enum.GetValues<PlanState>())
        {
            foreach (PolicyState policy in Enum.GetValues<PolicyState>())
            {
                foreach (FaxDelivery delivery in Enum.GetValues<FaxDelivery>())
                {
                    foreach (bool needsPresent in new[] { true, false })
                    {
                        foreach (bool mailboxFax in new[] { true, false })
                        {
                            data.Add(plan, policy, delivery, needsPresent, mailboxFax);
                        }
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCombination))]
    public void Decide_EveryCombinationOfSwitches_FollowsThePrecedence(PlanState plan, PolicyState policy, FaxDelivery delivery, bool needsPresent, bool mailboxFax)
    {
        RoutingDecision decision = Route(plan, policy, delivery, needsPresent, mailboxFax);

        // The table, written out: dial plan first, then the policy and what its delivery needs, then the mailbox.
        RoutingReasonCode? refusal =
            plan == PlanState.Disabled ? RoutingReasonCode.DialPlanFaxDisabled
            : policy == PolicyState.None ? RoutingReasonCode.NoPolicy
            : policy == PolicyState.Disallows ? RoutingReasonCode.PolicyFaxNotAllowed
            : !needsPresent && delivery == FaxDelivery.Relay ? RoutingReasonCode.RelayWithoutFaxServer
            : !needsPresent ? RoutingReasonCode.MailWithoutAddress
            : !mailboxFax ? RoutingReasonCode.MailboxFaxDisabled
            : null;

        Assert.Equal(refusal, decision.RefusalCode);
        Assert.Equal(decision.Reasons[^1].Text, decision.RefusalText ?? decision.Reasons[^1].Text);
        if (refusal is null)
        {
            Assert.Equal(delivery == FaxDelivery.Mail ? RoutingOutcome.Mail : RoutingOutcome.Relay, decision.Outcome);
        }
        else
        {
            Assert.Equal(RoutingOutcome.Refuse, decision.Outcome);
            Assert.Empty(decision.RelayUris);
            Assert.Null(decision.EmailAddress);
        }

        // After SUB (ignored) and the line default, the first policy step says what the dial plan did.
        Assert.Equal(
            plan switch { PlanState.Enabled => RoutingReasonCode.DialPlanAllowsFax, PlanState.Disabled => RoutingReasonCode.DialPlanFaxDisabled, _ => RoutingReasonCode.NoDialPlan },
            decision.Reasons[2].Code);
    }

    [Fact]
    public void Decide_Mail_CarriesAddressDisplayNameAndEveryReason()
    {
        RoutingDecision d = Route(PlanState.Enabled, PolicyState.Allows, FaxDelivery.Mail, true, true);
        Assert.Equal(RoutingOutcome.Mail, d.Outcome);
        Assert.Equal("ann@example.net", d.EmailAddress);
        Assert.Equal("Ann Example", d.DisplayName);
        Assert.Equal("2001", d.Mailbox!.Extension);
        Assert.Equal(
        [
            "SubAddressUnknown: the sender's sub-address (SUB) '9999' names no mailbox; ignored",
            "RecipientFromLineDefault: line 'line1' delivers to its default mailbox 2001 (Ann Example)",
            "DialPlanAllowsFax: dial plan 'HQ' allows fax",
            "PolicyAllowsFax: mailbox policy 'P' allows fax, delivery by mail",
            "MailboxFaxEnabled: fax is switched on for mailbox 2001 (Ann Example)",
            "DeliverByMail: delivering by mail to Ann Example <ann@example.net>",
        ], d.Reasons.Select(r => r.ToString()));
    }

    [Fact]
    public void Decide_Relay_GivesTheServersInFailoverOrder()
    {
        RoutingDecision d = Route(PlanState.Enabled, PolicyState.Allows, FaxDelivery.Relay, true, true);
        Assert.Equal(RoutingOutcome.Relay, d.Outcome);
        Assert.Equal([Server1, Server2], d.RelayUris);
        Assert.Equal("relaying to sip:fax1.example.net;transport=tls, then sip:10.0.0.7:5080;transport=tcp (tried in order)", d.Reasons[^1].Text);
    }

    [Theory]
    [InlineData(PlanState.Disabled, PolicyState.Allows, FaxDelivery.Mail, true, true, "dial plan 'HQ' does not allow fax, which refuses every mailbox in it whatever the mailbox's own setting")]
    [InlineData(PlanState.Enabled, PolicyState.None, FaxDelivery.Mail, true, true, "mailbox 2001 (Ann Example) has no mailbox policy; fax is not allowed until a policy allows it")]
    [InlineData(PlanState.Enabled, PolicyState.Disallows, FaxDelivery.Mail, true, true, "mailbox policy 'P' does not allow fax")]
    [InlineData(PlanState.Enabled, PolicyState.Allows, FaxDelivery.Relay, false, true, "mailbox policy 'P' relays faxes but names no fax server URI")]
    [InlineData(PlanState.Enabled, PolicyState.Allows, FaxDelivery.Mail, false, true, "mailbox policy 'P' delivers by mail but mailbox 2001 (Ann Example) has no email address")]
    [InlineData(PlanState.Enabled, PolicyState.Allows, FaxDelivery.Mail, true, false, "fax is switched off for mailbox 2001 (Ann Example)")]
    [InlineData(PlanState.None, PolicyState.Disallows, FaxDelivery.Mail, true, true, "mailbox policy 'P' does not allow fax")]
    public void Decide_Refusal_SaysWhyInWords(PlanState plan, PolicyState policy, FaxDelivery delivery, bool needsPresent, bool mailboxFax, string text) =>
        Assert.Equal(text, Route(plan, policy, delivery, needsPresent, mailboxFax).RefusalText);

    [Fact]
    public void Decide_NoDialPlan_SaysFaxIsAllowedByDefault()
    {
        RoutingDecision d = Route(PlanState.None, PolicyState.Allows, FaxDelivery.Mail, true, true);
        Assert.Equal("mailbox 2001 (Ann Example) is in no dial plan; fax is allowed by default", d.Reasons[2].Text);
    }

    [Fact]
    public void Decide_MailboxWithoutDialPlanName_BelongsToThePlanWhoseRangeHoldsItsNumber()
    {
        var config = new RoutingConfig(
            [new DialPlan("Branch", [new NumberRange("2000", "2999")], FaxEnabled: false)],
            [new MailboxPolicy("P", AllowFax: true)],
            [new Mailbox("2001", null, "ann@example.net", Policy: "P")],
            [],
            null);
        RoutingDecision d = new FaxRouter(config).Decide(new FaxRecipientHints { RequestUri = "sip:2001@appliance.example" });
        Assert.Equal(RoutingReasonCode.DialPlanFaxDisabled, d.RefusalCode);
    }

    [Theory]
    [InlineData("Nope", null, RoutingReasonCode.DialPlanMissing, "mailbox 2001 names dial plan 'Nope', which does not exist")]
    [InlineData(null, "Nope", RoutingReasonCode.PolicyMissing, "mailbox 2001 names mailbox policy 'Nope', which does not exist")]
    public void Decide_DanglingReference_Refuses(string? plan, string? policy, RoutingReasonCode code, string text)
    {
        var config = new RoutingConfig([], [new MailboxPolicy("P", true)], [new Mailbox("2001", null, "a@b.example", Policy: policy ?? "P", DialPlan: plan)], [], null);
        RoutingDecision d = new FaxRouter(config).Decide(new FaxRecipientHints { SubAddress = "2001" });
        Assert.Equal(code, d.RefusalCode);
        Assert.Equal(text, d.RefusalText);
    }

    private static RoutingDecision Route(PlanState plan, PolicyState policy, FaxDelivery delivery, bool needsPresent, bool mailboxFax)
    {
        var plans = plan == PlanState.None ? new List<DialPlan>() : [new DialPlan("HQ", [], 4, plan == PlanState.Enabled)];
        var servers = delivery == FaxDelivery.Relay && needsPresent ? new[] { Server1, Server2 } : [];
        var policies = new List<MailboxPolicy> { new("P", policy == PolicyState.Allows, servers, delivery) };
        string? email = delivery == FaxDelivery.Mail && !needsPresent ? null : "ann@example.net";
        var mailbox = new Mailbox("2001", "+4930123402001", email, "Ann Example", mailboxFax,
            policy == PolicyState.None ? null : "P", plan == PlanState.None ? null : "HQ");
        var config = new RoutingConfig(plans, policies, [mailbox], [new AnalogLine("line1", "2001")], null);
        return new FaxRouter(config).Decide(new FaxRecipientHints { LineId = "line1", SubAddress = "9999" });
    }
}
