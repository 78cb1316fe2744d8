using FaxAppliance.Routing.Model;

namespace FaxAppliance.Routing.Sip;

/// <summary>
/// One entry of a header that carries addresses (To, Diversion, History-Info): an optional display name, the URI and
/// the header parameters after it (RFC 3261 §20.10 name-addr / addr-spec, §25.1 generic-param).
/// </summary>
/// <param name="DisplayName">Display name without quotes, or null.</param>
/// <param name="Uri">The URI as written (without angle brackets).</param>
/// <param name="Parameters">Header parameters in order; names as written, values without quotes (null when absent).</param>
public sealed record SipAddress(string? DisplayName, string Uri, IReadOnlyList<KeyValuePair<string, string?>> Parameters)
{
    /// <summary>The value of the first parameter named <paramref name="name"/> (case-insensitive, RFC 3261 §7.3.1).</summary>
    /// <param name="name">Parameter name.</param>
    /// <param name="value">Its value (null for a parameter without value).</param>
    /// <returns>Whether the parameter is present.</returns>
    public bool TryGetParameter(string name, out string? value)
    {
        foreach (KeyValuePair<string, string?> parameter in Parameters)
        {
            if (string.Equals(parameter.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                value = parameter.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>
    /// The telephone number the URI names: the number of a tel: URI (RFC 3966 §3) or the user part of a sip:/sips: URI
    /// (RFC 3261 §19.1.1; user parameters such as ";isub=" cut off, %HH escapes decoded), with visual separators removed.
    /// </summary>
    /// <param name="number">Normalised number (see <see cref="PhoneNumber"/>), or null.</param>
    /// <returns>False when the URI has another scheme, no user part, or a user part that is not a number.</returns>
    public bool TryGetNumber(out string? number) => TryGetNumber(Uri, out number);

    /// <summary>As <see cref="TryGetNumber(out string?)"/> for a bare URI string (e.g. a Request-URI).</summary>
    /// <param name="uri">The URI.</param>
    /// <param name="number">Normalised number, or null.</param>
    /// <returns>Whether the URI names a number.</returns>
    public static bool TryGetNumber(string? uri, out string? number)
    {
        number = null;
        if (string.IsNullOrEmpty(uri) || uri.Length > SipAddressParser.MaxHeaderLength)
        {
            return false;
        }

        ReadOnlySpan<char> text = uri.AsSpan().Trim();
        int colon = text.IndexOf(':');
        if (colon <= 0)
        {
            return false;
        }

        ReadOnlySpan<char> scheme = text[..colon];
        ReadOnlySpan<char> rest = text[(colon + 1)..];
        ReadOnlySpan<char> user;
        if (scheme.Equals("tel", StringComparison.OrdinalIgnoreCase))
        {
            int semicolon = rest.IndexOfAny(';', '?');
            user = semicolon < 0 ? rest : rest[..semicolon];
        }
        else if (scheme.Equals("sip", StringComparison.OrdinalIgnoreCase) || scheme.Equals("sips", StringComparison.OrdinalIgnoreCase))
        {
            int at = rest.IndexOf('@');
            if (at <= 0)
            {
                return false;
            }

            user = rest[..at];
            int colonInUser = user.IndexOf(':');
            user = colonInUser < 0 ? user : user[..colonInUser]; // RFC 3261 §19.1.1: user ":" password
            int semicolon = user.IndexOf(';');
            user = semicolon < 0 ? user : user[..semicolon];
        }
        else
        {
            return false;
        }

        Span<char> decoded = stackalloc char[Math.Min(user.Length, 256)];
        return user.Length <= decoded.Length
            && TryPercentDecode(user, decoded, out int length)
            && PhoneNumber.TryNormalise(decoded[..length], out number);
    }

    // RFC 3261 §25.1 escaped = "%" HEXDIG HEXDIG.
    private static bool TryPercentDecode(ReadOnlySpan<char> text, Span<char> destination, out int written)
    {
        written = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '%')
            {
                if (i + 2 >= text.Length)
                {
                    return false;
                }

                int high = HexValue(text[i + 1]);
                int low = HexValue(text[i + 2]);
                if (high < 0 || low < 0)
                {
                    return false;
                }

                c = (char)((high << 4) | low);
                i += 2;
            }

            destination[written++] = c;
        }

        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
