namespace FaxAppliance.Routing.Decisions;

/// <summary>Machine-readable code of one step of a routing decision (the web page may translate or filter on it).</summary>
public enum RoutingReasonCode
{
    /// <summary>The T.30 sub-address (SUB) named a mailbox.</summary>
    RecipientFromSubAddress,

    /// <summary>A SUB was received but names no mailbox (or is not a number); ignored.</summary>
    SubAddressUnknown,

    /// <summary>The analog line's default mailbox was taken.</summary>
    RecipientFromLineDefault,

    /// <summary>The line id is not configured.</summary>
    LineUnknown,

    /// <summary>The line has no default mailbox, or it names no mailbox.</summary>
    LineDefaultUnusable,

    /// <summary>History-Info gave the original called number of a redirected call.</summary>
    RecipientFromHistoryInfo,

    /// <summary>Diversion gave the original called number of a redirected call.</summary>
    RecipientFromDiversion,

    /// <summary>The Request-URI named the mailbox.</summary>
    RecipientFromRequestUri,

    /// <summary>The To header named the mailbox.</summary>
    RecipientFromTo,

    /// <summary>A SIP header was absent, not understood or named no number; the next source was tried.</summary>
    HeaderNotUsable,

    /// <summary>A number was found but names no mailbox; the next source was tried.</summary>
    NumberUnknown,

    /// <summary>No source named a mailbox; the catch-all mailbox was taken.</summary>
    CatchAll,

    /// <summary>No source named a mailbox and unknown recipients are refused by configuration. Refusal.</summary>
    UnknownRecipientRefused,

    /// <summary>The configured catch-all mailbox does not exist. Refusal.</summary>
    CatchAllMissing,

    /// <summary>The mailbox belongs to no dial plan; dial plans allow fax by default.</summary>
    NoDialPlan,

    /// <summary>The mailbox's dial plan allows fax.</summary>
    DialPlanAllowsFax,

    /// <summary>The mailbox names a dial plan that does not exist. Refusal.</summary>
    DialPlanMissing,

    /// <summary>The dial plan disallows fax, which refuses every mailbox in it. Refusal.</summary>
    DialPlanFaxDisabled,

    /// <summary>The mailbox has no mailbox policy; without one fax is not allowed. Refusal.</summary>
    NoPolicy,

    /// <summary>The mailbox names a policy that does not exist. Refusal.</summary>
    PolicyMissing,

    /// <summary>The policy does not allow fax (the default). Refusal.</summary>
    PolicyFaxNotAllowed,

    /// <summary>The policy delivers by relay but names no fax server. Refusal.</summary>
    RelayWithoutFaxServer,

    /// <summary>The policy delivers by mail but the mailbox has no email address. Refusal.</summary>
    MailWithoutAddress,

    /// <summary>The policy allows fax and carries what its delivery needs.</summary>
    PolicyAllowsFax,

    /// <summary>The mailbox's own fax switch is off. Refusal.</summary>
    MailboxFaxDisabled,

    /// <summary>The mailbox's own fax switch is on.</summary>
    MailboxFaxEnabled,

    /// <summary>Outcome: delivered by mail.</summary>
    DeliverByMail,

    /// <summary>Outcome: relayed to fax servers.</summary>
    DeliverByRelay,
}

/// <summary>One step of a routing decision: a code and the sentence the web page shows.</summary>
/// <param name="Code">Machine-readable code.</param>
/// <param name="Text">Human-readable explanation.</param>
public readonly record struct RoutingReason(RoutingReasonCode Code, string Text)
{
    /// <inheritdoc/>
    public override string ToString() => Code + ": " + Text;
}
