namespace FaxAppliance.Routing.FaxServers;

/// <summary>
/// Parses fax server URIs (<c>sip:&lt;fqdn or IP&gt;[:&lt;port&gt;];transport=&lt;udp|tcp|tls&gt;</c>) and lists of them.
/// Never throws; every rejection names the part that is wrong and why.
/// </summary>
public static class FaxServerUriParser
{
    /// <summary>Longest single entry accepted.</summary>
    public const int MaxEntryLength = 512;

    /// <summary>Most entries accepted in one list.</summary>
    public const int MaxEntries = 16;

    /// <summary>
    /// Parses a setting holding several fax server URIs separated by semicolons, e.g.
    /// <c>sip:fax1.example.net;transport=tls;sip:10.0.0.7:5080;transport=tcp</c>.
    /// </summary>
    /// <remarks>
    /// The established unified-messaging behaviour (Exchange UM's FaxServerURI) accepts such a list but uses only the
    /// first entry. This appliance instead tries the entries <b>in order as failover</b>: the first that answers gets the fax.
    /// Splitting is unambiguous although ';' also starts URI parameters: a new entry starts only at a ';' that is
    /// followed (after optional spaces) by "sip:" or "sips:"; a URI parameter name is a token (RFC 3261 §25.1) and cannot
    /// contain ':', so no parameter can look like that. Spaces around entries and a trailing ';' are ignored.
    /// </remarks>
    /// <param name="text">The setting.</param>
    /// <param name="uris">The URIs in failover order (empty on failure).</param>
    /// <param name="error">Why the list was rejected, naming the entry and the part; default on success.</param>
    /// <returns>True when every entry is valid and there is at least one.</returns>
    public static bool TryParseList(string? text, out IReadOnlyList<FaxServerUri> uris, out FaxServerUriError error)
    {
        uris = [];
        error = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = new FaxServerUriError(0, FaxServerUriPart.Entry, "no fax server URI given");
            return false;
        }

        var result = new List<FaxServerUri>();
        int start = 0;
        int entry = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && !(text[i] == ';' && StartsEntry(text.AsSpan(i + 1))))
            {
                continue;
            }

            ReadOnlySpan<char> piece = text.AsSpan(start, i - start).Trim();
            if (i == text.Length)
            {
                piece = piece.TrimEnd(';').TrimEnd();
            }

            if (result.Count == MaxEntries)
            {
                error = new FaxServerUriError(entry, FaxServerUriPart.Entry, $"more than {MaxEntries} fax server URIs");
                return false;
            }

            if (!TryParse(piece, out FaxServerUri? uri, out FaxServerUriError entryError))
            {
                error = entryError with { Entry = entry, Message = $"fax server URI {entry + 1} ('{Shorten(piece)}'): {entryError.Message}" };
                return false;
            }

            result.Add(uri!);
            entry++;
            start = i + 1;
        }

        uris = result;
        return true;
    }

    /// <summary>Parses one fax server URI.</summary>
    /// <param name="text">The URI.</param>
    /// <param name="uri">The URI, or null.</param>
    /// <param name="error">Why it was rejected; default on success.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out FaxServerUri? uri, out FaxServerUriError error)
    {
        uri = null;
        error = default;
        text = text.Trim();
        if (text.IsEmpty)
        {
            return Fail(FaxServerUriPart.Entry, "empty entry", out error);
        }

        if (text.Length > MaxEntryLength)
        {
            return Fail(FaxServerUriPart.Entry, $"longer than {MaxEntryLength} characters", out error);
        }

        if (text.StartsWith("sips:", StringComparison.OrdinalIgnoreCase))
        {
            return Fail(FaxServerUriPart.Scheme, "scheme 'sips:' is not supported: write 'sip:' with ';transport=tls'", out error);
        }

        if (!text.StartsWith("sip:", StringComparison.OrdinalIgnoreCase))
        {
            return Fail(FaxServerUriPart.Scheme, "must start with 'sip:'", out error);
        }

        ReadOnlySpan<char> rest = text[4..];
        int semicolon = rest.IndexOf(';');
        ReadOnlySpan<char> hostPort = (semicolon < 0 ? rest : rest[..semicolon]).TrimEnd();
        ReadOnlySpan<char> parameters = semicolon < 0 ? [] : rest[(semicolon + 1)..];

        int at = hostPort.IndexOf('@');
        if (at >= 0)
        {
            return Fail(FaxServerUriPart.UserPart,
                $"user part '{Shorten(hostPort[..at])}' is not allowed: a fax server URI names a host (sip:<host>[:<port>];transport=<udp|tcp|tls>)",
                out error);
        }

        if (!HostParser.TryParseHostPort(hostPort, out string? host, out FaxServerHostKind kind, out int? port, out error))
        {
            return false;
        }

        if (!TryParseTransport(parameters, semicolon >= 0, out SipTransport transport, out error))
        {
            return false;
        }

        uri = new FaxServerUri(host!, kind, port, transport);
        return true;
    }

    private static bool TryParseTransport(ReadOnlySpan<char> parameters, bool present, out SipTransport transport, out FaxServerUriError error)
    {
        transport = default;
        error = default;
        bool seen = false;
        while (present)
        {
            int next = parameters.IndexOf(';');
            ReadOnlySpan<char> parameter = (next < 0 ? parameters : parameters[..next]).Trim();
            present = next >= 0;
            parameters = present ? parameters[(next + 1)..] : [];
            if (parameter.IsEmpty)
            {
                return Fail(FaxServerUriPart.Parameter, "empty URI parameter (';;' or a ';' with nothing after it)", out error);
            }

            int equals = parameter.IndexOf('=');
            ReadOnlySpan<char> name = (equals < 0 ? parameter : parameter[..equals]).Trim();
            ReadOnlySpan<char> value = equals < 0 ? [] : parameter[(equals + 1)..].Trim();
            if (!name.Equals("transport", StringComparison.OrdinalIgnoreCase))
            {
                return Fail(FaxServerUriPart.Parameter, $"parameter '{Shorten(name)}' is not supported (only ';transport=')", out error);
            }

            if (seen)
            {
                return Fail(FaxServerUriPart.Transport, "transport given twice", out error);
            }

            seen = true;
            if (value.IsEmpty)
            {
                return Fail(FaxServerUriPart.Transport, "transport has no value (udp, tcp or tls)", out error);
            }

            // RFC 3261 §19.1.4: the transport parameter compares case-insensitively.
            if (value.Equals("udp", StringComparison.OrdinalIgnoreCase))
            {
                transport = SipTransport.Udp;
            }
            else if (value.Equals("tcp", StringComparison.OrdinalIgnoreCase))
            {
                transport = SipTransport.Tcp;
            }
            else if (value.Equals("tls", StringComparison.OrdinalIgnoreCase))
            {
                transport = SipTransport.Tls;
            }
            else
            {
                return Fail(FaxServerUriPart.Transport, $"unknown transport '{Shorten(value)}' (udp, tcp or tls)", out error);
            }
        }

        return seen || Fail(FaxServerUriPart.Transport, "missing ';transport=<udp|tcp|tls>'", out error);
    }

    private static bool StartsEntry(ReadOnlySpan<char> after)
    {
        after = after.TrimStart();
        return after.StartsWith("sip:", StringComparison.OrdinalIgnoreCase)
            || after.StartsWith("sips:", StringComparison.OrdinalIgnoreCase);
    }

    internal static bool Fail(FaxServerUriPart part, string message, out FaxServerUriError error)
    {
        error = new FaxServerUriError(0, part, message);
        return false;
    }

    internal static string Shorten(ReadOnlySpan<char> text) =>
        text.Length <= 40 ? text.ToString() : string.Concat(text[..37], "...");
}
