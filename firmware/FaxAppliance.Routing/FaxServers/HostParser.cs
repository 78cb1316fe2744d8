using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FaxAppliance.Routing.FaxServers;

/// <summary>Host and port of a fax server URI (RFC 3261 §25.1 hostport; RFC 1123 §2.1 host names).</summary>
internal static class HostParser
{
    private const int MaxHostLength = 253;
    private const int MaxLabelLength = 63;

    public static bool TryParseHostPort(ReadOnlySpan<char> hostPort, out string? host, out FaxServerHostKind kind, out int? port, out FaxServerUriError error)
    {
        host = null;
        kind = FaxServerHostKind.DnsName;
        port = null;
        ReadOnlySpan<char> hostText;
        ReadOnlySpan<char> portText;
        bool hasPort;
        if (hostPort.StartsWith('['))
        {
            int close = hostPort.IndexOf(']');
            if (close < 0)
            {
                return FaxServerUriParser.Fail(FaxServerUriPart.Host, "'[' without ']' around the IPv6 address", out error);
            }

            ReadOnlySpan<char> inside = hostPort[1..close];
            if (!IPAddress.TryParse(inside, out IPAddress? v6) || v6.AddressFamily != AddressFamily.InterNetworkV6 || inside.Contains('%'))
            {
                return FaxServerUriParser.Fail(FaxServerUriPart.Host, $"'[{FaxServerUriParser.Shorten(inside)}]' is not an IPv6 address", out error);
            }

            ReadOnlySpan<char> after = hostPort[(close + 1)..];
            if (!after.IsEmpty && after[0] != ':')
            {
                return FaxServerUriParser.Fail(FaxServerUriPart.Host, $"unexpected '{FaxServerUriParser.Shorten(after)}' after the IPv6 address", out error);
            }

            host = v6.ToString();
            kind = FaxServerHostKind.IPv6;
            hasPort = !after.IsEmpty;
            portText = hasPort ? after[1..] : [];
        }
        else
        {
            int colon = hostPort.IndexOf(':');
            if (colon >= 0 && hostPort[(colon + 1)..].Contains(':'))
            {
                string message = IPAddress.TryParse(hostPort, out IPAddress? bare) && bare.AddressFamily == AddressFamily.InterNetworkV6
                    ? $"IPv6 address '{FaxServerUriParser.Shorten(hostPort)}' must be in brackets: [{FaxServerUriParser.Shorten(hostPort)}]"
                    : $"host '{FaxServerUriParser.Shorten(hostPort)}' has more than one ':'";
                return FaxServerUriParser.Fail(FaxServerUriPart.Host, message, out error);
            }

            hostText = colon < 0 ? hostPort : hostPort[..colon];
            hasPort = colon >= 0;
            portText = hasPort ? hostPort[(colon + 1)..] : [];
            if (!TryParseName(hostText, out host, out kind, out error))
            {
                return false;
            }
        }

        if (hasPort && !TryParsePort(portText, out port, out error))
        {
            return false;
        }

        error = default;
        return true;
    }

    private static bool TryParsePort(ReadOnlySpan<char> text, out int? port, out FaxServerUriError error)
    {
        port = null;
        if (text.IsEmpty)
        {
            return FaxServerUriParser.Fail(FaxServerUriPart.Port, "missing port number after ':'", out error);
        }

        foreach (char c in text)
        {
            if (c is not (>= '0' and <= '9'))
            {
                return FaxServerUriParser.Fail(FaxServerUriPart.Port, $"port '{FaxServerUriParser.Shorten(text)}' is not a number", out error);
            }
        }

        if (text.Length > 5 || int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) is < 1 or > 65535)
        {
            return FaxServerUriParser.Fail(FaxServerUriPart.Port, $"port {FaxServerUriParser.Shorten(text)} is out of range (1-65535)", out error);
        }

        port = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        error = default;
        return true;
    }

    private static bool TryParseName(ReadOnlySpan<char> text, out string? host, out FaxServerHostKind kind, out FaxServerUriError error)
    {
        host = null;
        kind = FaxServerHostKind.DnsName;
        if (text.IsEmpty)
        {
            return FaxServerUriParser.Fail(FaxServerUriPart.Host, "missing host", out error);
        }

        if (IsDigitsAndDots(text))
        {
            if (!IPAddress.TryParse(text, out IPAddress? v4) || v4.AddressFamily != AddressFamily.InterNetwork || text.Count('.') != 3 || text.Contains("..", StringComparison.Ordinal))
            {
                return FaxServerUriParser.Fail(FaxServerUriPart.Host, $"'{FaxServerUriParser.Shorten(text)}' is not an IPv4 address (four numbers 0-255)", out error);
            }

            host = v4.ToString();
            kind = FaxServerHostKind.IPv4;
            error = default;
            return true;
        }

        if (text.Length > MaxHostLength)
        {
            return FaxServerUriParser.Fail(FaxServerUriPart.Host, $"host name longer than {MaxHostLength} characters", out error);
        }

        ReadOnlySpan<char> remaining = text;
        ReadOnlySpan<char> label = [];
        while (true)
        {
            int dot = remaining.IndexOf('.');
            label = dot < 0 ? remaining : remaining[..dot];
            if (!TryCheckLabel(label, text, out error))
            {
                return false;
            }

            if (dot < 0)
            {
                break;
            }

            remaining = remaining[(dot + 1)..];
        }

        // RFC 3261 §25.1: toplabel = ALPHA / ALPHA *( alphanum / "-" ) alphanum — the last label is not all digits.
        if (IsDigitsAndDots(label))
        {
            return FaxServerUriParser.Fail(FaxServerUriPart.Host, $"top-level label '{FaxServerUriParser.Shorten(label)}' of host '{FaxServerUriParser.Shorten(text)}' is all digits", out error);
        }

        host = text.ToString().ToLowerInvariant();
        error = default;
        return true;
    }

    private static bool TryCheckLabel(ReadOnlySpan<char> label, ReadOnlySpan<char> host, out FaxServerUriError error)
    {
        if (label.IsEmpty)
        {
            return FaxServerUriParser.Fail(FaxServerUriPart.Host, $"empty label in host '{FaxServerUriParser.Shorten(host)}' (two dots in a row, or a leading or trailing dot)", out error);
        }

        if (label.Length > MaxLabelLength)
        {
            return FaxServerUriParser.Fail(FaxServerUriPart.Host, $"label '{FaxServerUriParser.Shorten(label)}' is longer than {MaxLabelLength} characters", out error);
        }

        foreach (char c in label)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return FaxServerUriParser.Fail(FaxServerUriPart.Host, $"label '{FaxServerUriParser.Shorten(label)}' contains '{c}' (letters, digits and '-' only)", out error);
            }
        }

        if (label[0] == '-' || label[^1] == '-')
        {
            return FaxServerUriParser.Fail(FaxServerUriPart.Host, $"label '{FaxServerUriParser.Shorten(label)}' starts or ends with '-'", out error);
        }

        error = default;
        return true;
    }

    private static bool IsDigitsAndDots(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (c is not ((>= '0' and <= '9') or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
