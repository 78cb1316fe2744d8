using System.Text.Json.Nodes;
using FaxAppliance.Fax.Records;
using FaxAppliance.Gateway;
using FaxAppliance.Routing.Decisions;

namespace FaxAppliance.LineSim.Endpoints;

/// <summary>
/// The appliance's path after the fax in `linesim receive --config`: the routing decision, the spool, and one delivery
/// attempt per due fax (a temporary failure stays queued for the appliance's next attempt; the simulator does not wait
/// out the backoff). The report says where the fax went and what the mail server answered.
/// </summary>
internal static class GatewayDelivery
{
    public static JsonObject Finish(InboundFaxGateway gateway, InboundCall call, CallRecord record)
    {
        RoutingDecision decision = gateway.EndCall(call, record);
        var attempts = new JsonArray();
        for (int i = 0; i < 16; i++)
        {
            DeliveryAttempt? attempt = gateway.DeliverNextAsync().GetAwaiter().GetResult();
            if (attempt is null)
            {
                break;
            }

            attempts.Add(new JsonObject
            {
                ["call_id"] = attempt.CallId,
                ["recipient"] = attempt.Recipient,
                ["outcome"] = attempt.Outcome.Kind.ToString(),
                ["server_reply"] = attempt.Outcome.ServerReply,
                ["detail"] = attempt.Outcome.Detail,
                ["spool"] = attempt.SpoolStatus.ToString(),
                ["admin_notified"] = attempt.AdminNotified?.Kind.ToString(),
            });
        }

        FaxAppliance.Spool.CallRecord? spooled = gateway.Spool.GetCall(call.Ticket.CallId);
        var reasons = new JsonArray();
        foreach (RoutingReason r in decision.Reasons)
        {
            reasons.Add(r.Text);
        }

        return new JsonObject
        {
            ["route"] = decision.Outcome.ToString(),
            ["recipient"] = decision.EmailAddress,
            ["reasons"] = reasons,
            ["spool_state"] = spooled?.State.ToString(),
            ["spool_note"] = spooled?.EndNote,
            ["message_id"] = call.Ticket.MessageId,
            ["fax_file"] = call.Ticket.TiffPath,
            ["attempts"] = attempts,
            ["next_attempt_at"] = spooled?.NextAttemptAt?.ToString("O"),
        };
    }
}
