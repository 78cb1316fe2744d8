using CsCheck;
using FaxAppliance.Routing.Config;
using FaxAppliance.Routing.Decisions;
using FaxAppliance.Routing.FaxServers;
using FaxAppliance.Routing.Model;

namespace FaxAppliance.Routing.Tests.Decisions;

/// <summary>Random (also inconsistent) configurations and hints: Decide never throws and keeps the precedence.</summary>
public class FaxRouterPropertyTests
{
    private static readonly Gen<string> Number = Gen.OneOfConst("2000", "2001", "2002", "+4930123", "301", "99", "x", " ", "");

    private static readonly Gen<string?> Name = Gen.OneOfConst<string?>("A", "B", "a", null, "");

    private static readonly Gen<DialPlan> Plan =
        Gen.Select(Name, Gen.Bool, Gen.Int[0, 5], Gen.Bool).Select((name, ranged, length, fax) =>
            new DialPlan(name!, ranged ? [new NumberRange("2000", "2999")] : [], length == 0 ? null : length, fax));

    private static readonly Gen<MailboxPolicy> Policy =
        Gen.Select(Name, Gen.Bool, Gen.Bool, Gen.Bool).Select((name, allow, servers, relay) =>
            new MailboxPolicy(name!, allow, servers ? [new FaxServerUri("a.example", FaxServerHostKind.DnsName, null, SipTransport.Tcp)] : [],
                relay ? FaxDelivery.Relay : FaxDelivery.Mail));

    private static readonly Gen<Mailbox> MailboxGen =
        Gen.Select(Number.Null(), Number.Null(), Gen.OneOfConst<string?>("a@b.example", null, ""), Gen.Bool, Name, Name)
            .Select((ext, did, email, fax, policy, plan) => new Mailbox(ext, did, email, "N", fax, policy, plan));

    private static readonly Gen<RoutingConfig> Config =
        Gen.Select(Plan.List[0, 3], Policy.List[0, 3], MailboxGen.List[0, 5],
                Gen.Select(Gen.OneOfConst("line1", "line2"), Number.Null()).Select((id, d) => new AnalogLine(id, d)).List[0, 2],
                Number.Null())
            .Select((plans, policies, mailboxes, lines, catchAll) => new RoutingConfig(plans, policies, mailboxes, lines, catchAll));

    private static readonly Gen<string> HeaderValue = Gen.OneOf(
        Gen.String,
        Gen.OneOfConst("<sip:2001@a>;index=1", "<sip:2002@a>;index=1, <sip:2000@b>;index=1.1;mp=1", "<tel:2001>;reason=no-answer", "sip:2001@a", "<sip:x@a"));

    private static readonly Gen<FaxRecipientHints> Hints =
        Gen.Select(Gen.OneOfConst<string?>("line1", "line2", "line9", null), Gen.OneOf(Number, Gen.String).Null(),
                HeaderValue.Null(), HeaderValue.Null(), HeaderValue.Array[0, 2].Null(), HeaderValue.Array[0, 2].Null())
            .Select((line, sub, requestUri, to, diversion, history) => new FaxRecipientHints
            {
                LineId = line,
                SubAddress = sub,
                RequestUri = requestUri,
                To = to,
                Diversion = diversion,
                HistoryInfo = history,
            });

    [Fact]
    public void RandomConfigsAndHints_NeverThrow_AndTheDecisionIsConsistent() =>
        Gen.Select(Config, Hints).Sample((config, hints) =>
        {
            RoutingDecision d = new FaxRouter(config).Decide(hints);
            Assert.NotEmpty(d.Reasons);
            Assert.All(d.Reasons, r => Assert.False(string.IsNullOrWhiteSpace(r.Text)));
            switch (d.Outcome)
            {
                case RoutingOutcome.Mail:
                    Assert.Equal(RoutingReasonCode.DeliverByMail, d.Reasons[^1].Code);
                    Assert.False(string.IsNullOrWhiteSpace(d.EmailAddress));
                    Assert.True(d.Mailbox!.FaxEnabled);
                    break;
                case RoutingOutcome.Relay:
                    Assert.Equal(RoutingReasonCode.DeliverByRelay, d.Reasons[^1].Code);
                    Assert.NotEmpty(d.RelayUris);
                    Assert.True(d.Mailbox!.FaxEnabled);
                    break;
                default:
                    Assert.NotNull(d.RefusalCode);
                    Assert.Equal(d.Reasons[^1].Text, d.RefusalText);
                    break;
            }
        }, iter: 20_000);

    [Fact]
    public void DialPlanWithFaxDisabled_AlwaysRefusesItsMailboxes() =>
        Gen.Select(Policy.List[0, 3], MailboxGen, Gen.Bool).Sample((policies, mailbox, byName) =>
        {
            // The mailbox belongs to the disabled plan by name or (without a name) by its number range.
            Mailbox member = byName ? mailbox with { DialPlan = "Closed" } : mailbox with { DialPlan = null, Extension = "2500" };
            var config = new RoutingConfig(
                [new DialPlan("Closed", [new NumberRange("2000", "2999")], null, FaxEnabled: false)],
                policies, [member], [], null);
            var router = new FaxRouter(config);
            string? number = member.Extension is not null && PhoneNumber.NormaliseOrNull(member.Extension) is not null ? member.Extension : member.Did;
            if (PhoneNumber.NormaliseOrNull(number) is null)
            {
                return; // no number reaches this mailbox
            }

            RoutingDecision d = router.Decide(new FaxRecipientHints { SubAddress = number });
            Assert.Equal(RoutingOutcome.Refuse, d.Outcome);
            Assert.Equal(RoutingReasonCode.DialPlanFaxDisabled, d.RefusalCode);
        }, iter: 5000);
}
