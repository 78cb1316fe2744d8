using FaxAppliance.Routing.FaxServers;
using FaxAppliance.Routing.Model;

namespace FaxAppliance.Routing.Decisions;

/// <summary>What happens to a fax.</summary>
public enum RoutingOutcome
{
    /// <summary>Deliver by mail to <see cref="RoutingDecision.EmailAddress"/>.</summary>
    Mail,

    /// <summary>Relay to <see cref="RoutingDecision.RelayUris"/>, tried in order.</summary>
    Relay,

    /// <summary>Refuse the fax (see <see cref="RoutingDecision.RefusalCode"/>).</summary>
    Refuse,
}

/// <summary>
/// The result of routing one fax: where it goes (or why it is refused) and every step that led there, in order,
/// for the web page's "why was this fax refused / where did it go".
/// </summary>
public sealed class RoutingDecision
{
    private RoutingDecision(RoutingOutcome outcome, Mailbox? mailbox, IReadOnlyList<RoutingReason> reasons)
    {
        Outcome = outcome;
        Mailbox = mailbox;
        Reasons = reasons;
    }

    /// <summary>Mail, relay or refuse.</summary>
    public RoutingOutcome Outcome { get; }

    /// <summary>The mailbox the fax was routed to, if a mailbox was found (also set for some refusals).</summary>
    public Mailbox? Mailbox { get; }

    /// <summary>Every step of the decision in order; the last one states the outcome.</summary>
    public IReadOnlyList<RoutingReason> Reasons { get; }

    /// <summary>For <see cref="RoutingOutcome.Mail"/>: the address to send to.</summary>
    public string? EmailAddress { get; private init; }

    /// <summary>For <see cref="RoutingOutcome.Mail"/>: the recipient's display name, if any.</summary>
    public string? DisplayName { get; private init; }

    /// <summary>For <see cref="RoutingOutcome.Relay"/>: the fax servers in failover order; empty otherwise.</summary>
    public IReadOnlyList<FaxServerUri> RelayUris { get; private init; } = [];

    /// <summary>For <see cref="RoutingOutcome.Refuse"/>: why (the code of the last reason).</summary>
    public RoutingReasonCode? RefusalCode => Outcome == RoutingOutcome.Refuse ? Reasons[^1].Code : null;

    /// <summary>For <see cref="RoutingOutcome.Refuse"/>: why, as text.</summary>
    public string? RefusalText => Outcome == RoutingOutcome.Refuse ? Reasons[^1].Text : null;

    internal static RoutingDecision Mail(Mailbox mailbox, List<RoutingReason> reasons) =>
        new(RoutingOutcome.Mail, mailbox, reasons) { EmailAddress = mailbox.EmailAddress, DisplayName = mailbox.DisplayName };

    internal static RoutingDecision Relay(Mailbox mailbox, IReadOnlyList<FaxServerUri> uris, List<RoutingReason> reasons) =>
        new(RoutingOutcome.Relay, mailbox, reasons) { RelayUris = uris };

    internal static RoutingDecision Refuse(Mailbox? mailbox, List<RoutingReason> reasons) =>
        new(RoutingOutcome.Refuse, mailbox, reasons);

    /// <inheritdoc/>
    public override string ToString() => Outcome + ": " + Reasons[^1].Text;
}

/// <summary>
/// Everything known about whom a fax is for. Analog calls fill <see cref="LineId"/> and possibly
/// <see cref="SubAddress"/>; SIP calls fill the header values as received (raw strings, parsed defensively).
/// </summary>
public sealed record FaxRecipientHints
{
    /// <summary>The analog line the call came in on.</summary>
    public string? LineId { get; init; }

    /// <summary>The T.30 sub-address (SUB frame, in the identity format of T.30 §5.3.6.2.4), as received.</summary>
    public string? SubAddress { get; init; }

    /// <summary>The SIP Request-URI.</summary>
    public string? RequestUri { get; init; }

    /// <summary>The SIP To header value.</summary>
    public string? To { get; init; }

    /// <summary>Diversion header values (RFC 5806) in the order the header lines appeared.</summary>
    public IReadOnlyList<string>? Diversion { get; init; }

    /// <summary>History-Info header values (RFC 7044) in the order the header lines appeared.</summary>
    public IReadOnlyList<string>? HistoryInfo { get; init; }
}
