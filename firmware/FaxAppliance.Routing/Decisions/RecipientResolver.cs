using FaxAppliance.Routing.Model;
using FaxAppliance.Routing.Sip;

namespace FaxAppliance.Routing.Decisions;

/// <summary>
/// Finds the mailbox a fax is for. Sources, first match wins: the T.30 sub-address (the sender's explicit choice),
/// for SIP the original called party of a redirected call (History-Info, then Diversion), the Request-URI, the To
/// header; for an analog line its default mailbox. Every source tried leaves a reason.
/// </summary>
internal sealed class RecipientResolver(IReadOnlyDictionary<string, Mailbox> mailboxes, IReadOnlyDictionary<string, AnalogLine> lines)
{
    public Mailbox? Resolve(FaxRecipientHints hints, List<RoutingReason> reasons)
    {
        if (!string.IsNullOrWhiteSpace(hints.SubAddress))
        {
            // SUB uses the 20-character identity format of CSI (T.30 §5.3.6.2.4); only a number can name a mailbox.
            string? sub = PhoneNumber.NormaliseOrNull(Printable(hints.SubAddress));
            if (sub is not null && mailboxes.TryGetValue(sub, out Mailbox? bySub))
            {
                reasons.Add(new(RoutingReasonCode.RecipientFromSubAddress, $"the sender's sub-address (SUB) '{sub}' names mailbox {FaxRouter.Describe(bySub)}"));
                return bySub;
            }

            reasons.Add(new(RoutingReasonCode.SubAddressUnknown, $"the sender's sub-address (SUB) '{Printable(hints.SubAddress)}' names no mailbox; ignored"));
        }

        bool sip = hints.RequestUri is not null || hints.To is not null || hints.Diversion is not null || hints.HistoryInfo is not null;
        if (sip)
        {
            Mailbox? bySip = ResolveSip(hints, reasons);
            if (bySip is not null)
            {
                return bySip;
            }
        }

        return hints.LineId is null ? NoHint(sip, reasons) : ResolveLine(hints.LineId, reasons);
    }

    private Mailbox? ResolveSip(FaxRecipientHints hints, List<RoutingReason> reasons)
    {
        // A redirected call: the mailbox is the original called party's, as a unified-messaging server decides.
        if (RedirectionHeaders.TryFindInHistoryInfo(hints.HistoryInfo, out OriginalCalledParty? fromHistory, out string historyWhy))
        {
            if (TryTake(fromHistory!.Number, RoutingReasonCode.RecipientFromHistoryInfo, historyWhy, reasons, out Mailbox? m))
            {
                return m;
            }
        }
        else if (hints.HistoryInfo is not null)
        {
            reasons.Add(new(RoutingReasonCode.HeaderNotUsable, historyWhy));
        }

        if (RedirectionHeaders.TryFindInDiversion(hints.Diversion, out OriginalCalledParty? fromDiversion, out string diversionWhy))
        {
            if (TryTake(fromDiversion!.Number, RoutingReasonCode.RecipientFromDiversion, diversionWhy, reasons, out Mailbox? m))
            {
                return m;
            }
        }
        else if (hints.Diversion is not null)
        {
            reasons.Add(new(RoutingReasonCode.HeaderNotUsable, diversionWhy));
        }

        if (hints.RequestUri is not null)
        {
            if (SipAddress.TryGetNumber(hints.RequestUri, out string? number))
            {
                if (TryTake(number!, RoutingReasonCode.RecipientFromRequestUri, $"the Request-URI names {number}", reasons, out Mailbox? m))
                {
                    return m;
                }
            }
            else
            {
                reasons.Add(new(RoutingReasonCode.HeaderNotUsable, $"the Request-URI '{Printable(hints.RequestUri)}' names no telephone number"));
            }
        }

        if (hints.To is not null)
        {
            if (!SipAddressParser.TryParseSingle(hints.To, out SipAddress? to, out string? error))
            {
                reasons.Add(new(RoutingReasonCode.HeaderNotUsable, $"To header not understood: {error}"));
            }
            else if (!to!.TryGetNumber(out string? number))
            {
                reasons.Add(new(RoutingReasonCode.HeaderNotUsable, $"the To header <{Printable(to.Uri)}> names no telephone number"));
            }
            else if (TryTake(number!, RoutingReasonCode.RecipientFromTo, $"the To header names {number}", reasons, out Mailbox? m))
            {
                return m;
            }
        }

        return null;
    }

    private Mailbox? ResolveLine(string lineId, List<RoutingReason> reasons)
    {
        if (!lines.TryGetValue(lineId, out AnalogLine? line))
        {
            reasons.Add(new(RoutingReasonCode.LineUnknown, $"line '{Printable(lineId)}' is not configured"));
            return null;
        }

        if (line.DefaultMailbox is null)
        {
            reasons.Add(new(RoutingReasonCode.LineDefaultUnusable, $"line '{line.Id}' has no default mailbox"));
            return null;
        }

        string? key = PhoneNumber.NormaliseOrNull(line.DefaultMailbox);
        if (key is null || !mailboxes.TryGetValue(key, out Mailbox? mailbox))
        {
            reasons.Add(new(RoutingReasonCode.LineDefaultUnusable, $"line '{line.Id}' names default mailbox '{line.DefaultMailbox}', which does not exist"));
            return null;
        }

        reasons.Add(new(RoutingReasonCode.RecipientFromLineDefault, $"line '{line.Id}' delivers to its default mailbox {FaxRouter.Describe(mailbox)}"));
        return mailbox;
    }

    private static Mailbox? NoHint(bool sip, List<RoutingReason> reasons)
    {
        if (!sip && reasons.Count == 0)
        {
            reasons.Add(new(RoutingReasonCode.HeaderNotUsable, "the call carried no line, sub-address or SIP address"));
        }

        return null;
    }

    private bool TryTake(string number, RoutingReasonCode code, string why, List<RoutingReason> reasons, out Mailbox? mailbox)
    {
        if (mailboxes.TryGetValue(number, out mailbox))
        {
            reasons.Add(new(code, $"{why}: mailbox {FaxRouter.Describe(mailbox)}"));
            return true;
        }

        reasons.Add(new(RoutingReasonCode.NumberUnknown, $"{why}, but {number} names no mailbox"));
        return false;
    }

    // Reasons end up on a web page: keep them short and free of control characters.
    private static string Printable(string text)
    {
        var span = text.AsSpan(0, Math.Min(text.Length, 80));
        return string.Create(span.Length, text, static (dest, source) =>
        {
            for (int i = 0; i < dest.Length; i++)
            {
                dest[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }
}
