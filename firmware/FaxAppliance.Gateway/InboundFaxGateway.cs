using System.Text.Json;
using FaxAppliance.Fax.Pages;
using FaxAppliance.Gateway.Config;
using FaxAppliance.Imaging.Storage;
using FaxAppliance.Routing.Decisions;
using FaxAppliance.Spool;
using FaxAppliance.Uplink.Mail;
using FaxAppliance.Uplink.Smtp;
using FaxRecord = FaxAppliance.Fax.Records.CallRecord;
using SpoolOutcome = FaxAppliance.Spool.CallOutcome;

namespace FaxAppliance.Gateway;

/// <summary>A call the gateway accepted: its spool ticket and the page store the T.30 engine writes to.</summary>
/// <param name="Ticket">The spool's call (id, folder, TIFF path, Message-ID).</param>
/// <param name="Pages">Give this to the engine: each commit is durable and counted in the spool before it returns.</param>
/// <param name="LineId">The analog line (or SIP trunk) the call came on.</param>
public sealed record InboundCall(CallTicket Ticket, IPageStore Pages, string LineId);

/// <summary>What happened to a delivery attempt.</summary>
/// <param name="CallId">The call.</param>
/// <param name="Recipient">Where it went.</param>
/// <param name="Outcome">The mail server's verdict.</param>
/// <param name="SpoolStatus">What the spool recorded.</param>
/// <param name="AdminNotified">After a permanent failure: how sending the administrator's notice went (null: none sent).</param>
public sealed record DeliveryAttempt(string CallId, string Recipient, DeliveryOutcome Outcome, SpoolStatus SpoolStatus, DeliveryOutcome? AdminNotified = null);

/// <summary>
/// Everything after the fax call on the receive side: admission (disk space, routing), the durable spool behind the
/// engine's page store, the routing decision once the sub-address is known, and delivery by mail from the spool's queue.
/// One instance per appliance; the spool is the single source of truth, so a restart picks up where it stopped.
/// </summary>
public sealed class InboundFaxGateway : IDisposable
{
    private readonly ApplianceConfig _config;
    private readonly FaxSpool _spool;
    private readonly FaxRouter _router;
    private readonly SmtpFaxSender? _sender;

    /// <summary>Opens the gateway over an open spool.</summary>
    public InboundFaxGateway(ApplianceConfig config, FaxSpool spool)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(spool);
        _config = config;
        _spool = spool;
        _router = new FaxRouter(config.Routing);
        _sender = config.Mail is { } mail ? new SmtpFaxSender(mail.Transport) : null;
    }

    /// <summary>
    /// Opens the spool the configuration names (with <paramref name="options"/> for its timings, the Message-ID domain
    /// taken from the configuration) and the gateway over it; null with the reason when the spool cannot be used.
    /// </summary>
    public static InboundFaxGateway? Open(ApplianceConfig config, out string? error, SpoolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        options = (options ?? new SpoolOptions { DeliveredRetention = config.Spool.DeliveredRetention }) with { MessageIdDomain = config.MessageIdDomain };
        SpoolOpenResult opened = FaxSpool.Open(config.Spool.Folder, options);
        error = opened.Error;
        return opened.Spool is null ? null : new InboundFaxGateway(config, opened.Spool);
    }

    /// <summary>The configuration it runs with.</summary>
    public ApplianceConfig Config => _config;

    /// <summary>The spool (history, queue).</summary>
    public FaxSpool Spool => _spool;

    /// <summary>
    /// Whether to answer a call on <paramref name="lineId"/>: enough free space to store it, and a routing decision for
    /// the line's default mailbox that is not a refusal (a dial plan that disallows fax refuses before anything is
    /// received). A sub-address can still change the recipient later.
    /// </summary>
    public (bool Accept, string Reason) Admit(string lineId)
    {
        Admission disk = _spool.CanAcceptCall(_config.Spool.MinFreeBytes);
        if (!disk.Accept)
        {
            return (false, disk.Reason);
        }

        RoutingDecision decision = _router.Decide(new FaxRecipientHints { LineId = lineId });
        return decision.Outcome == RoutingOutcome.Refuse ? (false, $"refused by routing: {decision.RefusalText}") : (true, "accepted");
    }

    /// <summary>Starts a call in the spool and gives the engine its page store.</summary>
    /// <remarks>
    /// The route for the line's default mailbox is recorded now, before the first page is confirmed: if the appliance
    /// dies in the middle of the call, the pages the sender was told about are still delivered after the restart.
    /// </remarks>
    public InboundCall BeginCall(string lineId, string? callingNumber, Func<string?> remoteIdentity)
    {
        DeliveryRoute? early = RouteOf(_router.Decide(new FaxRecipientHints { LineId = lineId }));
        CallTicket ticket = _spool.BeginCall(new CallStart(lineId, callingNumber, early));
        var store = new SpoolPageStore(_spool, ticket, remoteIdentity);
        return new InboundCall(ticket, store, lineId);
    }

    /// <summary>
    /// Ends the call: routes it with everything now known (line, sub-address), records the route and the outcome in the
    /// spool, which queues it for delivery when it has pages and a route.
    /// </summary>
    public RoutingDecision EndCall(InboundCall call, FaxRecord record)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(record);
        if (!string.IsNullOrEmpty(record.RemoteIdentity))
        {
            _spool.SetRemoteIdentity(call.Ticket.CallId, record.RemoteIdentity);
        }

        SaveCallDetails(call.Ticket, record);
        RoutingDecision decision = _router.Decide(new FaxRecipientHints { LineId = call.LineId, SubAddress = record.SubAddress });
        DeliveryRoute? route = RouteOf(decision);
        string note = record.Outcome == Fax.Records.CallOutcome.Completed ? record.Reason : $"call failed: {record.Reason}";
        if (route is null)
        {
            note += decision.Outcome == RoutingOutcome.Refuse ? $"; not delivered: {decision.RefusalText}" : "; not delivered: relay to a fax server is not available yet";
        }

        if (route is null)
        {
            _spool.ClearRoute(call.Ticket.CallId); // the final decision (with the sub-address) overrides the line's
        }

        _spool.EndCall(call.Ticket.CallId, new SpoolOutcome(record.Outcome == Fax.Records.CallOutcome.Completed, note, route));
        return decision;
    }

    /// <summary>
    /// Delivers the next due fax from the queue, if any: one SMTP attempt; 250 marks it delivered, a temporary failure
    /// reschedules it with backoff, a permanent one fails it (and the administrator is told when configured).
    /// </summary>
    /// <returns>The attempt, or null when nothing is due (or no mail server is configured).</returns>
    public async Task<DeliveryAttempt?> DeliverNextAsync(CancellationToken cancellationToken = default)
    {
        if (_sender is null || _config.Mail is not { } mail || _spool.ClaimNextDue() is not { } item)
        {
            return null;
        }

        FaxAppliance.Spool.CallRecord? call = _spool.GetCall(item.CallId);
        CallDetails details = LoadCallDetails(item.TiffPath);
        var request = new FaxMailRequest(
            item.CallId,
            call?.RemoteIdentity ?? details.RemoteIdentity ?? string.Empty,
            call?.RemoteNumber ?? string.Empty,
            item.Pages,
            details.Duration ?? (call?.EndedAt ?? DateTimeOffset.Now) - (call?.StartedAt ?? DateTimeOffset.Now),
            details.BitRate,
            details.Ecm,
            details.BadRows,
            item.TiffPath,
            item.Route.Recipient,
            RecipientName(item.Route),
            call?.EndedAt ?? DateTimeOffset.Now);
        // The mail carries the Message-ID the spool recorded for the call (same domain, same derivation).
        FaxMessageResult built = FaxMessageBuilder.Build(request, mail.Message with { MessageIdDomain = _config.MessageIdDomain });
        if (built.Message is null)
        {
            SpoolStatus failed = _spool.MarkFailed(item, $"the mail could not be built: {built.Error}");
            return new DeliveryAttempt(item.CallId, item.Route.Recipient, new DeliveryOutcome(DeliveryOutcomeKind.PermanentFailure, DeliveryFailureReason.Configuration, null, null, built.Error ?? "the mail could not be built"), failed);
        }

        DeliveryOutcome outcome = await _sender.SendAsync(built.Message, item.CallId, cancellationToken).ConfigureAwait(false);
        SpoolStatus status = outcome.Kind switch
        {
            DeliveryOutcomeKind.Delivered => _spool.MarkDelivered(item, outcome.ToString()),
            DeliveryOutcomeKind.TemporaryFailure => _spool.Reschedule(item, outcome.ToString()),
            _ => _spool.MarkFailed(item, outcome.ToString()),
        };

        DeliveryOutcome? adminNotified = null;
        if (outcome.Kind == DeliveryOutcomeKind.PermanentFailure && mail.AdminAddress is { } admin
            && AdminNotification.Build(request, outcome, item.Attempt, mail.Message, admin) is { } notice)
        {
            // A permanent failure needs a person: the administrator hears of it (the fax stays in the spool, failed).
            adminNotified = await _sender.SendAsync(notice, item.CallId, cancellationToken).ConfigureAwait(false);
        }

        return new DeliveryAttempt(item.CallId, item.Route.Recipient, outcome, status, adminNotified);
    }

    /// <inheritdoc/>
    public void Dispose() => _spool.Dispose();

    /// <summary>The call record's file beside the fax: what the mail's body reports, and what the history shows.</summary>
    public const string CallDetailsFileName = "call.json";

    /// <summary>The call's T.30 trace beside the fax (JSON lines).</summary>
    public const string TraceFileName = "call-trace.jsonl";

    // The call record (rate, ECM, per-page quality, times) and its T.30 trace go into the call's folder, durably,
    // before the spool queues the fax: a delivery after a restart still has every detail for the mail.
    private static void SaveCallDetails(CallTicket ticket, FaxRecord record)
    {
        var details = new CallDetails
        {
            CallId = record.CallId,
            RemoteIdentity = record.RemoteIdentity,
            SubAddress = record.SubAddress,
            BitRate = record.Rate?.BitRate ?? 0,
            Modem = record.Rate?.ToString(),
            Ecm = record.Ecm,
            Compression = record.Compression.ToString(),
            DurationSeconds = record.Duration.TotalSeconds,
            Outcome = record.Outcome.ToString(),
            Reason = record.Reason,
            BadRows = record.Pages.Where(p => p.Response is "MCF" or "RTP" || p.Partial).Select(p => p.BadRows).ToArray(),
            EcmRetransmittedFrames = record.Pages.Sum(p => p.EcmRetransmittedFrames),
        };
        try
        {
            DurableFile.WriteAllBytes(Path.Combine(ticket.Folder, CallDetailsFileName), JsonSerializer.SerializeToUtf8Bytes(details));
            DurableFile.WriteAllBytes(Path.Combine(ticket.Folder, TraceFileName), System.Text.Encoding.UTF8.GetBytes(record.Trace.ToJsonLines()));
        }
        catch (IOException)
        {
            // The fax itself is safe; the mail then reports fewer details.
        }
    }

    private static CallDetails LoadCallDetails(string tiffPath)
    {
        try
        {
            string path = Path.Combine(Path.GetDirectoryName(tiffPath) ?? ".", CallDetailsFileName);
            return File.Exists(path) ? JsonSerializer.Deserialize<CallDetails>(File.ReadAllBytes(path)) ?? new CallDetails() : new CallDetails();
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return new CallDetails(); // a damaged detail file costs the body some details, never the delivery
        }
    }

    private sealed record CallDetails
    {
        public string? CallId { get; init; }

        public string? RemoteIdentity { get; init; }

        public string? SubAddress { get; init; }

        public int BitRate { get; init; }

        public string? Modem { get; init; }

        public bool Ecm { get; init; }

        public string? Compression { get; init; }

        public double? DurationSeconds { get; init; }

        public string? Outcome { get; init; }

        public string? Reason { get; init; }

        public int[] BadRows { get; init; } = [];

        public int EcmRetransmittedFrames { get; init; }

        public TimeSpan? Duration => DurationSeconds is { } s && double.IsFinite(s) && s >= 0 ? TimeSpan.FromSeconds(s) : null;
    }

    // Mail needs an address; a refusal, or relay (the T.38 relay is a later issue), has no route: the fax is kept in the
    // spool as failed, with the reason.
    private static DeliveryRoute? RouteOf(RoutingDecision decision) =>
        decision.Outcome == RoutingOutcome.Mail ? new DeliveryRoute(decision.EmailAddress!, "mail", Explain(decision)) : null;

    private static string Explain(RoutingDecision decision) =>
        JsonSerializer.Serialize(new
        {
            outcome = decision.Outcome.ToString(),
            mailbox = decision.Mailbox?.Label,
            name = decision.DisplayName,
            reasons = decision.Reasons.Select(r => r.Text).ToArray(),
        });

    private static string RecipientName(DeliveryRoute route)
    {
        if (route.DecisionJson is null)
        {
            return string.Empty;
        }

        try
        {
            using JsonDocument d = JsonDocument.Parse(route.DecisionJson);
            return d.RootElement.TryGetProperty("name", out JsonElement n) && n.ValueKind == JsonValueKind.String ? n.GetString() ?? string.Empty : string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }
}

/// <summary>The engine's page store on the spool: the call's TIFF rewritten durably, then the page count committed.</summary>
internal sealed class SpoolPageStore(FaxSpool spool, CallTicket ticket, Func<string?> remoteIdentity) : IPageStore
{
    private readonly TiffPageStore _tiff = new(ticket.TiffPath, remoteIdentity);

    public int Count => _tiff.Count;

    public void Commit(ReceivedPage page)
    {
        _tiff.Commit(page); // temp file, fsync, rename, fsync of the folder
        SpoolStatus status = spool.PageCommitted(ticket.CallId, _tiff.Count);
        if (status != SpoolStatus.Ok)
        {
            throw new IOException($"the spool did not record page {_tiff.Count} of call {ticket.CallId}: {status}");
        }
    }
}
