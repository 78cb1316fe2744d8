using System.Globalization;

namespace FaxAppliance.Routing.Sip;

/// <summary>The number a redirected SIP call was originally made to, and how it was found.</summary>
/// <param name="Number">Normalised number of the original called party.</param>
/// <param name="Entry">The header entry it came from.</param>
/// <param name="Explanation">Human-readable account for the routing reasons.</param>
public sealed record OriginalCalledParty(string Number, SipAddress Entry, string Explanation);

/// <summary>
/// Finds the original called party of a redirected call in History-Info (RFC 7044) or Diversion (RFC 5806) header
/// values, the way a unified-messaging server finds whose mailbox a forwarded call belongs to.
/// </summary>
public static class RedirectionHeaders
{
    private const int MaxIndexParts = 16;

    /// <summary>
    /// The original called party from History-Info header values (several header lines form one list, RFC 3261 §7.3.1).
    /// </summary>
    /// <remarks>
    /// RFC 7044 §5: every hi-entry carries an index ("1", "1.1", "1.1.1", ...) that records the order in which the
    /// request was (re)targeted; entries are ordered by it here, not trusted to arrive in order. Also RFC 7044 §5: an
    /// hi-entry added because the target <i>user</i> changed (a diversion, e.g. call forwarding to the fax server)
    /// carries "mp" whose value is the index of the entry it was mapped from. The party the call was diverted from is
    /// therefore the entry named by the first (lowest-index) "mp"; without any "mp" (only "rc" retargeting to contacts
    /// of the same user, or no tags at all) it is the first hi-entry, i.e. the original Request-URI.
    /// </remarks>
    /// <param name="values">The header values, or null.</param>
    /// <param name="party">The original called party, or null.</param>
    /// <param name="explanation">What was found or why nothing usable was.</param>
    /// <returns>True when an original called number was found.</returns>
    public static bool TryFindInHistoryInfo(IReadOnlyList<string>? values, out OriginalCalledParty? party, out string explanation)
    {
        party = null;
        if (!TryParseAll(values, "History-Info", out List<SipAddress> entries, out explanation))
        {
            return false;
        }

        var indexed = new List<(int[] Index, string Text, SipAddress Entry)>();
        foreach (SipAddress entry in entries)
        {
            if (entry.TryGetParameter("index", out string? text) && TryParseIndex(text, out int[]? index))
            {
                indexed.Add((index!, text!, entry));
            }
        }

        if (indexed.Count == 0)
        {
            explanation = "History-Info has no entry with a valid index";
            return false;
        }

        indexed.Sort((a, b) => CompareIndex(a.Index, b.Index));
        (int[] Index, string Text, SipAddress Entry) chosen = indexed[0];
        string why = "the first entry (the original Request-URI, RFC 7044 §5)";
        foreach ((int[] _, string text, SipAddress entry) in indexed)
        {
            if (entry.TryGetParameter("mp", out string? mapped) && mapped is not null)
            {
                int from = indexed.FindIndex(e => e.Text == mapped);
                if (from >= 0)
                {
                    chosen = indexed[from];
                    why = $"the target diverted from (mp={mapped} on entry index={text}, RFC 7044 §5)";
                }

                break;
            }
        }

        if (!chosen.Entry.TryGetNumber(out string? number))
        {
            explanation = $"History-Info entry index={chosen.Text} <{chosen.Entry.Uri}> names no telephone number";
            return false;
        }

        explanation = $"History-Info entry index={chosen.Text} <{chosen.Entry.Uri}> is {why}";
        party = new OriginalCalledParty(number!, chosen.Entry, explanation);
        return true;
    }

    /// <summary>The original called party from Diversion header values.</summary>
    /// <remarks>
    /// RFC 5806: each diverting proxy adds its Diversion entry <i>on top</i> of those already present, so the first
    /// entry is the most recent diversion and the <b>last</b> entry names the party originally called (the RFC 7544
    /// mapping examples show the same: the last Diversion entry becomes History-Info index=1). The entry chosen is
    /// therefore the last one, not the first.
    /// </remarks>
    /// <param name="values">The header values in the order the header lines appeared, or null.</param>
    /// <param name="party">The original called party, or null.</param>
    /// <param name="explanation">What was found or why nothing usable was.</param>
    /// <returns>True when an original called number was found.</returns>
    public static bool TryFindInDiversion(IReadOnlyList<string>? values, out OriginalCalledParty? party, out string explanation)
    {
        party = null;
        if (!TryParseAll(values, "Diversion", out List<SipAddress> entries, out explanation))
        {
            return false;
        }

        SipAddress last = entries[^1];
        string reason = last.TryGetParameter("reason", out string? r) && r is not null ? $" (reason={r})" : "";
        if (!last.TryGetNumber(out string? number))
        {
            explanation = $"the original Diversion entry <{last.Uri}> names no telephone number";
            return false;
        }

        explanation = $"Diversion entry {entries.Count} of {entries.Count} <{last.Uri}>{reason} is the first diversion, i.e. the number originally called (RFC 5806: newest entry on top)";
        party = new OriginalCalledParty(number!, last, explanation);
        return true;
    }

    private static bool TryParseAll(IReadOnlyList<string>? values, string header, out List<SipAddress> entries, out string explanation)
    {
        entries = [];
        explanation = "";
        if (values is null || values.Count == 0)
        {
            explanation = $"no {header} header";
            return false;
        }

        foreach (string value in values)
        {
            if (!SipAddressParser.TryParseList(value, out IReadOnlyList<SipAddress> parsed, out string? error))
            {
                explanation = $"{header} header not understood: {error}";
                entries = [];
                return false;
            }

            if (entries.Count + parsed.Count > SipAddressParser.MaxEntries)
            {
                explanation = $"{header} has more than {SipAddressParser.MaxEntries} entries";
                entries = [];
                return false;
            }

            entries.AddRange(parsed);
        }

        return true;
    }

    // RFC 7044 §5 hi-index = "index" EQUAL 1*DIGIT *(DOT 1*DIGIT).
    private static bool TryParseIndex(string? text, out int[]? index)
    {
        index = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        string[] parts = text.Split('.');
        if (parts.Length > MaxIndexParts)
        {
            return false;
        }

        var result = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length is 0 or > 6 || !int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out result[i]))
            {
                return false;
            }
        }

        index = result;
        return true;
    }

    private static int CompareIndex(int[] a, int[] b)
    {
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            int c = a[i].CompareTo(b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}
