using FaxAppliance.Fax.Pages;
using FaxAppliance.Fax.Records;
using FaxAppliance.Fax.T30;
using FaxAppliance.Gateway.Config;
using FaxAppliance.Routing.Config;
using FaxAppliance.Routing.Decisions;
using FaxAppliance.Spool;
using FaxRecord = FaxAppliance.Fax.Records.CallRecord;

namespace FaxAppliance.Gateway.Tests;

public sealed class InboundFaxGatewayTests
{
    private static InboundFaxGateway Open(string dir)
    {
        string json = $$"""
            {
              "routing": {
                "dialPlans": [ { "name": "Office", "extensionLength": 3 }, { "name": "Lab", "extensionLength": 4, "faxEnabled": false } ],
                "mailboxPolicies": [ { "name": "Fax", "allowFax": true, "delivery": "mail" } ],
                "mailboxes": [ { "extension": "100", "email": "office@example.net", "policy": "Fax", "dialPlan": "Office" },
                               { "extension": "2000", "email": "lab@example.net", "policy": "Fax", "dialPlan": "Lab" } ],
                "lines": [ { "id": "line1", "defaultMailbox": "100" } ]
              },
              "spool": { "folder": "{{Path.Combine(dir, "spool")}}" }
            }
            """;
        Assert.True(ApplianceConfig.TryLoad(json, dir, out ApplianceConfig? config, out IReadOnlyList<ConfigError> errors), string.Join("; ", errors));
        return InboundFaxGateway.Open(config!, out string? error) ?? throw new InvalidOperationException(error);
    }

    private static ReceivedPage Page() => new(new PageBitmap(1728, 4, new byte[4 * 216], Resolutions.Standard), Compressions.MH, 0, 0, false);

    [Fact]
    public void BeginCall_RouteIsDurableBeforeTheFirstPage_SoAnInterruptedCallIsStillDelivered()
    {
        string dir = Directory.CreateTempSubdirectory("gw-").FullName;
        string callId;
        using (InboundFaxGateway gateway = Open(dir))
        {
            InboundCall call = gateway.BeginCall("line1", null, () => "REMOTE");
            call.Pages.Commit(Page()); // confirmed (MCF would go out now) ... and the appliance dies here
            callId = call.Ticket.CallId;
        }

        using InboundFaxGateway restarted = Open(dir);
        FaxAppliance.Spool.CallRecord recovered = restarted.Spool.GetCall(callId)!;
        Assert.Equal(CallState.Received, recovered.State); // queued for delivery, not failed
        Assert.Equal("office@example.net", recovered.Route!.Recipient);
        Assert.Equal(1, recovered.Pages);
    }

    [Fact]
    public void EndCall_SubAddressInADialPlanWithoutFax_RefusedKeptAndNotQueued()
    {
        string dir = Directory.CreateTempSubdirectory("gw-").FullName;
        using InboundFaxGateway gateway = Open(dir);
        InboundCall call = gateway.BeginCall("line1", null, () => "REMOTE");
        call.Pages.Commit(Page());
        var record = new FaxRecord(call.Ticket.CallId, T30Role.Answering, DateTimeOffset.Now)
        {
            SubAddress = "2000",
            Outcome = FaxAppliance.Fax.Records.CallOutcome.Completed,
            Reason = "1 page(s) received",
        };

        RoutingDecision decision = gateway.EndCall(call, record);

        Assert.Equal(RoutingOutcome.Refuse, decision.Outcome);
        FaxAppliance.Spool.CallRecord stored = gateway.Spool.GetCall(call.Ticket.CallId)!;
        Assert.Equal(CallState.Failed, stored.State);
        Assert.Contains("not delivered", stored.EndNote, StringComparison.Ordinal);
        Assert.Null(gateway.Spool.ClaimNextDue()); // nothing goes to the line's default mailbox instead
        Assert.True(File.Exists(call.Ticket.TiffPath)); // the fax is kept for the administrator
        Assert.True(File.Exists(Path.Combine(call.Ticket.Folder, InboundFaxGateway.CallDetailsFileName)));
    }
}
