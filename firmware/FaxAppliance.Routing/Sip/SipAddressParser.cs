namespace FaxAppliance.Routing.Sip;

/// <summary>
/// A small, defensive parser for header values made of comma-separated name-addr / addr-spec entries with parameters
/// (RFC 3261 §20.39 To, RFC 5806 Diversion, RFC 7044 History-Info). It never throws; bad input gives a reason.
/// </summary>
/// <remarks>
/// Grammar handled (RFC 3261 §25.1, simplified to what routing needs):
/// <code>
/// entry        = ( name-addr / addr-spec ) *( ";" param )
/// name-addr    = [ display-name ] "&lt;" uri "&gt;"
/// display-name = *( token LWS ) / quoted-string
/// addr-spec    = uri without ',' ';' or '?' (§20.10: such a URI must be in angle brackets)
/// param        = token [ "=" ( token / quoted-string ) ]
/// </code>
/// </remarks>
public static class SipAddressParser
{
    /// <summary>Longest header value accepted.</summary>
    public const int MaxHeaderLength = 8192;

    /// <summary>Most entries accepted in one header value.</summary>
    public const int MaxEntries = 32;

    /// <summary>Most parameters accepted on one entry.</summary>
    public const int MaxParameters = 16;

    /// <summary>Parses a header value into its entries.</summary>
    /// <param name="value">The header value (after "Name:").</param>
    /// <param name="entries">Entries in order (empty on failure).</param>
    /// <param name="error">Why the value was rejected, with the character position; null on success.</param>
    /// <returns>True when the whole value parsed.</returns>
    public static bool TryParseList(string? value, out IReadOnlyList<SipAddress> entries, out string? error)
    {
        entries = [];
        error = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "empty header value";
            return false;
        }

        if (value.Length > MaxHeaderLength)
        {
            error = $"header value longer than {MaxHeaderLength} characters";
            return false;
        }

        var list = new List<SipAddress>();
        int position = 0;
        while (true)
        {
            if (list.Count == MaxEntries)
            {
                error = $"more than {MaxEntries} entries";
                return false;
            }

            if (!TryParseEntry(value, ref position, out SipAddress? entry, out error))
            {
                return false;
            }

            list.Add(entry!);
            SkipSpace(value, ref position);
            if (position == value.Length)
            {
                break;
            }

            if (value[position] != ',')
            {
                error = $"unexpected '{value[position]}' at position {position}";
                return false;
            }

            position++;
        }

        entries = list;
        return true;
    }

    /// <summary>Parses a header value that holds exactly one entry (e.g. To).</summary>
    /// <param name="value">The header value.</param>
    /// <param name="entry">The entry, or null.</param>
    /// <param name="error">Why it was rejected; null on success.</param>
    /// <returns>True when the value is one valid entry.</returns>
    public static bool TryParseSingle(string? value, out SipAddress? entry, out string? error)
    {
        entry = null;
        if (!TryParseList(value, out IReadOnlyList<SipAddress> entries, out error))
        {
            return false;
        }

        if (entries.Count != 1)
        {
            error = $"{entries.Count} entries where one was expected";
            return false;
        }

        entry = entries[0];
        return true;
    }

    private static bool TryParseEntry(string text, ref int position, out SipAddress? entry, out string? error)
    {
        entry = null;
        SkipSpace(text, ref position);
        if (position == text.Length || text[position] == ',')
        {
            error = $"empty entry at position {position}";
            return false;
        }

        string? displayName = null;
        string uri;
        if (text[position] == '"')
        {
            if (!TryReadQuoted(text, ref position, out displayName, out error))
            {
                return false;
            }

            SkipSpace(text, ref position);
            if (position == text.Length || text[position] != '<')
            {
                error = $"expected '<' after the display name at position {position}";
                return false;
            }
        }
        else
        {
            int scan = position;
            while (scan < text.Length && text[scan] is not ('<' or ',' or ';' or '"'))
            {
                scan++;
            }

            if (scan < text.Length && text[scan] == '<')
            {
                string name = text[position..scan].Trim();
                displayName = name.Length == 0 ? null : name;
                position = scan;
            }
        }

        if (position < text.Length && text[position] == '<')
        {
            int close = text.IndexOf('>', position + 1);
            if (close < 0)
            {
                error = $"'<' at position {position} has no '>'";
                return false;
            }

            uri = text[(position + 1)..close].Trim();
            position = close + 1;
        }
        else
        {
            int start = position;
            while (position < text.Length && text[position] is not (';' or ',' or ' ' or '\t'))
            {
                position++;
            }

            uri = text[start..position];
        }

        if (uri.Length == 0 || !uri.Contains(':', StringComparison.Ordinal))
        {
            error = $"'{Shorten(uri)}' is not a URI (no scheme)";
            return false;
        }

        var parameters = new List<KeyValuePair<string, string?>>();
        if (!TryReadParameters(text, ref position, parameters, out error))
        {
            return false;
        }

        entry = new SipAddress(displayName, uri, parameters);
        return true;
    }

    private static bool TryReadParameters(string text, ref int position, List<KeyValuePair<string, string?>> parameters, out string? error)
    {
        error = null;
        while (true)
        {
            SkipSpace(text, ref position);
            if (position == text.Length || text[position] != ';')
            {
                return true;
            }

            position++;
            SkipSpace(text, ref position);
            int start = position;
            while (position < text.Length && IsTokenChar(text[position]))
            {
                position++;
            }

            if (position == start)
            {
                error = $"parameter without a name at position {start}";
                return false;
            }

            if (parameters.Count == MaxParameters)
            {
                error = $"more than {MaxParameters} parameters on one entry";
                return false;
            }

            string name = text[start..position];
            string? value = null;
            SkipSpace(text, ref position);
            if (position < text.Length && text[position] == '=')
            {
                position++;
                SkipSpace(text, ref position);
                if (position < text.Length && text[position] == '"')
                {
                    if (!TryReadQuoted(text, ref position, out value, out error))
                    {
                        return false;
                    }
                }
                else
                {
                    int valueStart = position;
                    // gen-value = token / host / quoted-string; a host may be an IPv6 reference, so ':', '[' and ']' are allowed.
                    while (position < text.Length && (IsTokenChar(text[position]) || text[position] is ':' or '[' or ']'))
                    {
                        position++;
                    }

                    if (position == valueStart)
                    {
                        error = $"parameter '{Shorten(name)}' has '=' but no value at position {valueStart}";
                        return false;
                    }

                    value = text[valueStart..position];
                }
            }

            parameters.Add(new KeyValuePair<string, string?>(name, value));
        }
    }

    // RFC 3261 §25.1 quoted-string = SWS DQUOTE *(qdtext / quoted-pair) DQUOTE; quoted-pair = "\" char.
    private static bool TryReadQuoted(string text, ref int position, out string? value, out string? error)
    {
        int start = position;
        var builder = new System.Text.StringBuilder();
        position++;
        while (position < text.Length)
        {
            char c = text[position++];
            if (c == '"')
            {
                value = builder.ToString();
                error = null;
                return true;
            }

            if (c == '\\')
            {
                if (position == text.Length)
                {
                    break;
                }

                c = text[position++];
            }

            builder.Append(c);
        }

        value = null;
        error = $"quoted string at position {start} is not closed";
        return false;
    }

    // RFC 3261 §25.1 token characters.
    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '!' or '%' or '*' or '_' or '+' or '`' or '\'' or '~';

    private static void SkipSpace(string text, ref int position)
    {
        while (position < text.Length && text[position] is ' ' or '\t' or '\r' or '\n')
        {
            position++;
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 37), "...");
}
