using FaxAppliance.Routing.Config;
using FaxAppliance.Routing.Model;

namespace FaxAppliance.Routing.Decisions;

/// <summary>
/// Decides where a fax goes. Built once from a <see cref="RoutingConfig"/>; <see cref="Decide"/> never throws, also for
/// configurations that were not validated (a missing reference becomes a refusal with its reason).
/// </summary>
public sealed class FaxRouter
{
    private readonly RoutingConfig _config;
    private readonly Dictionary<string, DialPlan> _dialPlans = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, MailboxPolicy> _policies = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Mailbox> _mailboxes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AnalogLine> _lines = new(StringComparer.Ordinal);

    /// <summary>Creates a router for <paramref name="config"/>. Where names repeat, the first one counts.</summary>
    /// <param name="config">The routing configuration.</param>
    public FaxRouter(RoutingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        foreach (DialPlan plan in config.DialPlans)
        {
            _dialPlans.TryAdd(plan.Name ?? "", plan);
        }

        foreach (MailboxPolicy policy in config.MailboxPolicies)
        {
            _policies.TryAdd(policy.Name ?? "", policy);
        }

        foreach (Mailbox mailbox in config.Mailboxes)
        {
            AddNumber(PhoneNumber.NormaliseOrNull(mailbox.Extension), mailbox);
            AddNumber(PhoneNumber.NormaliseOrNull(mailbox.Did), mailbox);
        }

        foreach (AnalogLine line in config.Lines)
        {
            _lines.TryAdd(line.Id ?? "", line);
        }
    }

    /// <summary>
    /// Decides where the fax described by <paramref name="hints"/> goes. Precedence (the established
    /// unified-messaging rule): a dial plan that disallows fax refuses every mailbox in it whatever the mailbox says;
    /// otherwise the mailbox policy must allow fax and carry what its delivery needs (relay: a fax server URI; mail:
    /// the mailbox's email address); otherwise the mailbox's own switch decides.
    /// </summary>
    /// <param name="hints">Who the fax is for.</param>
    /// <returns>The decision with its reasons in order.</returns>
    public RoutingDecision Decide(FaxRecipientHints hints)
    {
        ArgumentNullException.ThrowIfNull(hints);
        var reasons = new List<RoutingReason>();
        Mailbox? mailbox = new RecipientResolver(_mailboxes, _lines).Resolve(hints, reasons);
        if (mailbox is null)
        {
            if (_config.CatchAllMailbox is null)
            {
                reasons.Add(new(RoutingReasonCode.UnknownRecipientRefused, "no mailbox found for this fax, and unknown recipients are refused by configuration"));
                return RoutingDecision.Refuse(null, reasons);
            }

            if (!TryFindMailbox(_config.CatchAllMailbox, out mailbox))
            {
                reasons.Add(new(RoutingReasonCode.CatchAllMissing, $"no mailbox found for this fax, and the catch-all mailbox '{_config.CatchAllMailbox}' does not exist"));
                return RoutingDecision.Refuse(null, reasons);
            }

            reasons.Add(new(RoutingReasonCode.CatchAll, $"no mailbox found for this fax; using the catch-all mailbox {Describe(mailbox!)}"));
        }

        return ApplyPolicy(mailbox!, reasons);
    }

    /// <summary>Finds a mailbox by extension or DID (visual separators ignored).</summary>
    /// <param name="number">Extension or DID.</param>
    /// <param name="mailbox">The mailbox, or null.</param>
    /// <returns>Whether one exists.</returns>
    public bool TryFindMailbox(string? number, out Mailbox? mailbox)
    {
        mailbox = null;
        string? key = PhoneNumber.NormaliseOrNull(number);
        return key is not null && _mailboxes.TryGetValue(key, out mailbox);
    }

    private RoutingDecision ApplyPolicy(Mailbox mailbox, List<RoutingReason> reasons)
    {
        string who = Describe(mailbox);

        // 1. The dial plan: disallowing fax refuses every mailbox in it, whatever the mailbox's own switch says.
        DialPlan? plan = null;
        if (mailbox.DialPlan is null)
        {
            plan = FindPlanByNumber(mailbox);
        }
        else if (!_dialPlans.TryGetValue(mailbox.DialPlan, out plan))
        {
            reasons.Add(new(RoutingReasonCode.DialPlanMissing, $"mailbox {who} names dial plan '{mailbox.DialPlan}', which does not exist"));
            return RoutingDecision.Refuse(mailbox, reasons);
        }

        if (plan is null)
        {
            reasons.Add(new(RoutingReasonCode.NoDialPlan, $"mailbox {who} is in no dial plan; fax is allowed by default"));
        }
        else if (!plan.FaxEnabled)
        {
            reasons.Add(new(RoutingReasonCode.DialPlanFaxDisabled, $"dial plan '{plan.Name}' does not allow fax, which refuses every mailbox in it whatever the mailbox's own setting"));
            return RoutingDecision.Refuse(mailbox, reasons);
        }
        else
        {
            reasons.Add(new(RoutingReasonCode.DialPlanAllowsFax, $"dial plan '{plan.Name}' allows fax"));
        }

        // 2. The mailbox policy: must allow fax (it does not by default) and carry what its delivery needs.
        if (mailbox.Policy is null)
        {
            reasons.Add(new(RoutingReasonCode.NoPolicy, $"mailbox {who} has no mailbox policy; fax is not allowed until a policy allows it"));
            return RoutingDecision.Refuse(mailbox, reasons);
        }

        if (!_policies.TryGetValue(mailbox.Policy, out MailboxPolicy? policy))
        {
            reasons.Add(new(RoutingReasonCode.PolicyMissing, $"mailbox {who} names mailbox policy '{mailbox.Policy}', which does not exist"));
            return RoutingDecision.Refuse(mailbox, reasons);
        }

        if (!policy.AllowFax)
        {
            reasons.Add(new(RoutingReasonCode.PolicyFaxNotAllowed, $"mailbox policy '{policy.Name}' does not allow fax"));
            return RoutingDecision.Refuse(mailbox, reasons);
        }

        if (policy.Delivery == FaxDelivery.Relay && policy.Servers.Count == 0)
        {
            reasons.Add(new(RoutingReasonCode.RelayWithoutFaxServer, $"mailbox policy '{policy.Name}' relays faxes but names no fax server URI"));
            return RoutingDecision.Refuse(mailbox, reasons);
        }

        if (policy.Delivery == FaxDelivery.Mail && string.IsNullOrWhiteSpace(mailbox.EmailAddress))
        {
            reasons.Add(new(RoutingReasonCode.MailWithoutAddress, $"mailbox policy '{policy.Name}' delivers by mail but mailbox {who} has no email address"));
            return RoutingDecision.Refuse(mailbox, reasons);
        }

        string delivery = policy.Delivery == FaxDelivery.Mail ? "delivery by mail" : "delivery by relay";
        reasons.Add(new(RoutingReasonCode.PolicyAllowsFax, $"mailbox policy '{policy.Name}' allows fax, {delivery}"));

        // 3. The mailbox's own switch.
        if (!mailbox.FaxEnabled)
        {
            reasons.Add(new(RoutingReasonCode.MailboxFaxDisabled, $"fax is switched off for mailbox {who}"));
            return RoutingDecision.Refuse(mailbox, reasons);
        }

        reasons.Add(new(RoutingReasonCode.MailboxFaxEnabled, $"fax is switched on for mailbox {who}"));
        if (policy.Delivery == FaxDelivery.Mail)
        {
            string to = string.IsNullOrEmpty(mailbox.DisplayName) ? mailbox.EmailAddress! : $"{mailbox.DisplayName} <{mailbox.EmailAddress}>";
            reasons.Add(new(RoutingReasonCode.DeliverByMail, $"delivering by mail to {to}"));
            return RoutingDecision.Mail(mailbox, reasons);
        }

        reasons.Add(new(RoutingReasonCode.DeliverByRelay, $"relaying to {string.Join(", then ", policy.Servers)} (tried in order)"));
        return RoutingDecision.Relay(mailbox, policy.Servers, reasons);
    }

    private DialPlan? FindPlanByNumber(Mailbox mailbox)
    {
        string? extension = PhoneNumber.NormaliseOrNull(mailbox.Extension);
        string? did = PhoneNumber.NormaliseOrNull(mailbox.Did);
        foreach (DialPlan plan in _config.DialPlans)
        {
            if ((extension is not null && plan.ContainsNumber(extension)) || (did is not null && plan.ContainsNumber(did)))
            {
                return plan;
            }
        }

        return null;
    }

    private void AddNumber(string? number, Mailbox mailbox)
    {
        if (number is not null)
        {
            _mailboxes.TryAdd(number, mailbox);
        }
    }

    internal static string Describe(Mailbox mailbox) =>
        string.IsNullOrEmpty(mailbox.DisplayName) ? mailbox.Label : $"{mailbox.Label} ({mailbox.DisplayName})";
}
