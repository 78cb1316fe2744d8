using FaxAppliance.Routing.Config;
using FaxAppliance.Routing.Decisions;
using FaxAppliance.Routing.Model;

namespace FaxAppliance.Routing.Tests.Config;

public class RoutingConfigTests
{
    internal const string Valid = """
        {
          "board": "ignored: other sections belong to other parts of the appliance",
          "routing": {
            // comments are allowed in the appliance configuration
            "dialPlans": [
              { "name": "HQ", "numberRanges": [ { "from": "2000", "to": "2999" }, "+49 30 1234 2001" ], "extensionLength": 4 },
              { "name": "Lab", "extensionLength": 3, "faxEnabled": false }
            ],
            "mailboxPolicies": [
              { "name": "Fax", "allowFax": true, "delivery": "mail" },
              { "name": "Relay", "allowFax": true, "delivery": "relay",
                "faxServerUris": "sip:fax1.example.net;transport=tls;sip:10.0.0.7:5080;transport=tcp" },
              { "name": "Default" }
            ],
            "mailboxes": [
              { "extension": "2001", "did": "+49 30 1234 2001", "email": "ann@example.net", "displayName": "Ann",
                "policy": "Fax", "dialPlan": "HQ" },
              { "extension": "2002", "email": "bob@example.net", "policy": "Relay", "dialPlan": "HQ", "faxEnabled": true },
              { "extension": "301", "email": "lab@example.net", "policy": "Fax", "dialPlan": "Lab" }
            ],
            "lines": [ { "id": "line1", "defaultMailbox": "2001" }, { "id": "line2" } ],
            "unknownRecipient": { "catchAll": "2001" }
          }
        }
        """;

    [Fact]
    public void TryLoad_ValidDocument_GivesTheModel()
    {
        Assert.True(RoutingConfig.TryLoad(Valid, out RoutingConfig? config, out IReadOnlyList<ConfigError> errors), string.Join("\n", errors));
        Assert.Empty(errors);
        Assert.Equal(2, config!.DialPlans.Count);
        Assert.Equal([new NumberRange("2000", "2999"), new NumberRange("+493012342001", "+493012342001")], config.DialPlans[0].NumberRanges);
        Assert.True(config.DialPlans[0].FaxEnabled);
        Assert.False(config.DialPlans[1].FaxEnabled);
        Assert.False(config.MailboxPolicies[2].AllowFax);
        Assert.Equal(FaxDelivery.Mail, config.MailboxPolicies[2].Delivery);
        Assert.Equal(["sip:fax1.example.net;transport=tls", "sip:10.0.0.7:5080;transport=tcp"], config.MailboxPolicies[1].Servers.Select(s => s.ToString()));
        Assert.Equal("+493012342001", config.Mailboxes[0].Did);
        Assert.Equal("2001", config.CatchAllMailbox);
        Assert.Null(config.Lines[1].DefaultMailbox);
    }

    [Fact]
    public void TryLoad_ValidDocument_RoutesAsConfigured()
    {
        Assert.True(RoutingConfig.TryLoad(Valid, out RoutingConfig? config, out _));
        var router = new FaxRouter(config!);
        Assert.Equal(RoutingOutcome.Mail, router.Decide(new FaxRecipientHints { LineId = "line1" }).Outcome);
        Assert.Equal(RoutingOutcome.Relay, router.Decide(new FaxRecipientHints { SubAddress = "2002" }).Outcome);
        Assert.Equal(RoutingReasonCode.DialPlanFaxDisabled, router.Decide(new FaxRecipientHints { SubAddress = "301" }).RefusalCode);
        Assert.Equal("ann@example.net", router.Decide(new FaxRecipientHints { LineId = "line2" }).EmailAddress);
    }

    [Fact]
    public void TryLoad_RefusingUnknownRecipients_HasNoCatchAll()
    {
        string json = """{"routing": {"unknownRecipient": "refuse"}}""";
        Assert.True(RoutingConfig.TryLoad(json, out RoutingConfig? config, out _));
        Assert.Null(config!.CatchAllMailbox);
    }

    [Theory]
    [InlineData("""{"routing": {"mailboxPolicies": [{"name": "Fax"}], "mailboxes": [{"extension": "1"}, {"extension": "2"}, {"extension": "3"}, {"extension": "4", "policy": "Sales"}]}}""",
        "routing.mailboxes[3].policy: no mailbox policy named 'Sales'")]
    [InlineData("""{"routing": {"mailboxes": [{"extension": "1", "dialPlan": "HQ"}]}}""", "routing.mailboxes[0].dialPlan: no dial plan named 'HQ'")]
    [InlineData("""{"routing": {"dialPlans": [{"name": "A", "extensionLength": 4}, {"name": "a", "extensionLength": 4}]}}""",
        "routing.dialPlans[1].name: dial plan 'a' is already defined at routing.dialPlans[0]")]
    [InlineData("""{"routing": {"mailboxPolicies": [{"name": "P"}, {"name": "P"}]}}""", "routing.mailboxPolicies[1].name: mailbox policy 'P' is already defined at routing.mailboxPolicies[0]")]
    [InlineData("""{"routing": {"mailboxes": [{"extension": "2001"}, {"did": "20-01"}]}}""", "routing.mailboxes[1].did: number '2001' already belongs to the mailbox at routing.mailboxes[0]")]
    [InlineData("""{"routing": {"lines": [{"id": "l1"}, {"id": "l1"}]}}""", "routing.lines[1].id: line 'l1' is already defined at routing.lines[0]")]
    [InlineData("""{"routing": {"lines": [{"id": "l1", "defaultMailbox": "2001"}]}}""", "routing.lines[0].defaultMailbox: no mailbox with extension or DID '2001'")]
    [InlineData("""{"routing": {"unknownRecipient": {"catchAll": "9"}}}""", "routing.unknownRecipient.catchAll: no mailbox with extension or DID '9'")]
    [InlineData("""{"routing": {"unknownRecipient": "drop"}}""", "routing.unknownRecipient: expected \"refuse\" or {\"catchAll\": \"<extension or DID>\"}, not \"drop\"")]
    [InlineData("""{"routing": {"dialPlans": [{"name": "A", "numberRanges": [{"from": "2000", "to": "2999"}]}, {"name": "B", "numberRanges": ["2500"]}]}}""",
        "routing.dialPlans[1].numberRanges[0]: 2500 overlaps 2000-2999 at routing.dialPlans[0].numberRanges[0]")]
    [InlineData("""{"routing": {"dialPlans": [{"name": "A", "numberRanges": [{"from": "300", "to": "2000"}]}]}}""",
        "routing.dialPlans[0].numberRanges[0]: '300' and '2000' differ in length; a range covers numbers of one length")]
    [InlineData("""{"routing": {"dialPlans": [{"name": "A", "numberRanges": [{"from": "3000", "to": "2000"}]}]}}""", "routing.dialPlans[0].numberRanges[0]: '3000' is greater than '2000'")]
    [InlineData("""{"routing": {"dialPlans": [{"name": "A"}]}}""", "routing.dialPlans[0]: a dial plan needs numberRanges or extensionLength (or both)")]
    [InlineData("""{"routing": {"dialPlans": [{"name": "A", "extensionLength": 0}]}}""", "routing.dialPlans[0].extensionLength: 0 is out of range (1-32)")]
    [InlineData("""{"routing": {"dialPlans": [{"name": "A", "extensionLength": 4}], "mailboxes": [{"extension": "123", "dialPlan": "A"}]}}""",
        "routing.mailboxes[0].extension: extension '123' has 3 digits but dial plan 'A' uses 4-digit extensions")]
    [InlineData("""{"routing": {"dialPlans": [{"name": "A", "numberRanges": ["2000"]}], "mailboxes": [{"extension": "3000", "dialPlan": "A"}]}}""",
        "routing.mailboxes[0].dialPlan: neither the extension nor the DID of mailbox 3000 lies in the number ranges of dial plan 'A' (2000)")]
    [InlineData("""{"routing": {"mailboxPolicies": [{"name": "P", "faxServerUris": "sip:a.example;transport=tcp;sip:b.example:70000;transport=tcp"}]}}""",
        "routing.mailboxPolicies[0].faxServerUris: fax server URI 2 ('sip:b.example:70000;transport=tcp'): port 70000 is out of range (1-65535)")]
    [InlineData("""{"routing": {"mailboxPolicies": [{"name": "P", "faxServerUris": ["sip:a.example;transport=tcp", "sip:b@b.example;transport=tcp"]}]}}""",
        "routing.mailboxPolicies[0].faxServerUris[1]: fax server URI 1 ('sip:b@b.example;transport=tcp'): user part 'b' is not allowed: a fax server URI names a host (sip:<host>[:<port>];transport=<udp|tcp|tls>)")]
    [InlineData("""{"routing": {"mailboxPolicies": [{"name": "P", "delivery": "fax"}]}}""", "routing.mailboxPolicies[0].delivery: 'fax' is not a delivery (mail or relay)")]
    [InlineData("""{"routing": {"mailboxPolicies": [{"name": "P", "allowFax": "yes"}]}}""", "routing.mailboxPolicies[0].allowFax: expected true or false, found a string")]
    [InlineData("""{"routing": {"mailboxes": [{"extension": "12a"}]}}""", "routing.mailboxes[0].extension: '12a' is not a number (digits, an optional leading '+', separators '-', '.', '(', ')' and spaces; at most 32)")]
    [InlineData("""{"routing": {"mailboxes": [{"extension": "1", "email": "ann.example.net"}]}}""", "routing.mailboxes[0].email: 'ann.example.net' is not an email address (local-part@domain)")]
    [InlineData("""{"routing": {"mailboxes": [{"email": "a@b.example"}]}}""", "routing.mailboxes[0]: a mailbox needs an extension or a did (or both)")]
    [InlineData("""{"routing": {"mailboxes": [{"extension": "1", "emial": "a@b.example"}]}}""",
        "routing.mailboxes[0].emial: unknown setting (expected one of: extension, did, email, displayName, faxEnabled, policy, dialPlan)")]
    [InlineData("""{"routing": {"mailboxes": {}}}""", "routing.mailboxes: expected an array, found an object")]
    [InlineData("""{"routing": {"lines": [{"id": ""}]}}""", "routing.lines[0].id: must not be empty")]
    [InlineData("""{"routing": []}""", "routing: expected an object, found an array")]
    [InlineData("""{"board": {}}""", "routing: missing")]
    [InlineData("""[]""", "json: the configuration must be a JSON object")]
    [InlineData("", "json: the configuration is empty")]
    public void TryLoad_BadDocument_GivesAnErrorNamingThePath(string json, string expected)
    {
        Assert.False(RoutingConfig.TryLoad(json, out RoutingConfig? config, out IReadOnlyList<ConfigError> errors));
        Assert.Null(config);
        Assert.Contains(expected, errors.Select(e => e.ToString()));
    }

    [Fact]
    public void TryLoad_MalformedJson_GivesLineAndPosition()
    {
        Assert.False(RoutingConfig.TryLoad("{\n  \"routing\": {\n    \"lines\": [ }\n}", out _, out IReadOnlyList<ConfigError> errors));
        ConfigError error = Assert.Single(errors);
        Assert.Equal("json: not valid JSON at line 3, position 16", error.ToString());
    }

    [Fact]
    public void TryLoad_ManyErrors_AreCapped()
    {
        string mailboxes = string.Join(",", Enumerable.Range(0, 300).Select(_ => "{\"extension\": \"x\"}"));
        Assert.False(RoutingConfig.TryLoad($"{{\"routing\": {{\"mailboxes\": [{mailboxes}]}}}}", out _, out IReadOnlyList<ConfigError> errors));
        Assert.Equal(RoutingConfig.MaxErrors + 1, errors.Count);
        Assert.Equal("routing: 200 more errors not shown", errors[^1].ToString());
    }
}
