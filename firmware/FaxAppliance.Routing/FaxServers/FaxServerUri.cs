namespace FaxAppliance.Routing.FaxServers;

/// <summary>SIP transport named by the URI's transport parameter (RFC 3261 §19.1.1, §19.1.4: compared case-insensitively).</summary>
public enum SipTransport
{
    /// <summary>transport=udp.</summary>
    Udp,

    /// <summary>transport=tcp.</summary>
    Tcp,

    /// <summary>transport=tls.</summary>
    Tls,
}

/// <summary>What kind of host a fax server URI names.</summary>
public enum FaxServerHostKind
{
    /// <summary>A fully qualified domain name (RFC 1123 §2.1 host name).</summary>
    DnsName,

    /// <summary>A dotted IPv4 address.</summary>
    IPv4,

    /// <summary>An IPv6 reference in brackets (RFC 3261 §25.1 IPv6reference).</summary>
    IPv6,
}

/// <summary>
/// A validated fax server URI, <c>sip:&lt;fqdn or IP&gt;[:&lt;port&gt;];transport=&lt;udp|tcp|tls&gt;</c>,
/// the form unified-messaging systems use for their fax partner server.
/// </summary>
/// <param name="Host">Host name or address as written (IPv6 without the brackets, DNS names lower-cased).</param>
/// <param name="HostKind">Kind of host.</param>
/// <param name="Port">Port, or null for the transport's default (5060, 5061 for TLS; RFC 3261 §19.1.1 "port").</param>
/// <param name="Transport">The transport.</param>
public sealed record FaxServerUri(string Host, FaxServerHostKind HostKind, int? Port, SipTransport Transport)
{
    /// <summary>The port to connect to: <see cref="Port"/> or the transport's default.</summary>
    public int EffectivePort => Port ?? (Transport == SipTransport.Tls ? 5061 : 5060);

    /// <summary>Canonical text, e.g. <c>sip:[2001:db8::1]:5062;transport=tls</c>.</summary>
    /// <returns>The URI.</returns>
    public override string ToString()
    {
        string host = HostKind == FaxServerHostKind.IPv6 ? "[" + Host + "]" : Host;
        string port = Port is int p ? ":" + p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        string transport = Transport switch
        {
            SipTransport.Udp => "udp",
            SipTransport.Tcp => "tcp",
            _ => "tls",
        };
        return "sip:" + host + port + ";transport=" + transport;
    }
}

/// <summary>Which part of a fax server URI is wrong.</summary>
public enum FaxServerUriPart
{
    /// <summary>The whole entry (empty, too long).</summary>
    Entry,

    /// <summary>The scheme (must be "sip:").</summary>
    Scheme,

    /// <summary>A user part ("user@") that a fax server URI must not have.</summary>
    UserPart,

    /// <summary>The host.</summary>
    Host,

    /// <summary>The port.</summary>
    Port,

    /// <summary>The transport parameter (missing, empty, unknown, repeated).</summary>
    Transport,

    /// <summary>Another URI parameter.</summary>
    Parameter,
}

/// <summary>Why a fax server URI was rejected.</summary>
/// <param name="Entry">0-based position of the entry in a semicolon-separated list (0 for a single URI).</param>
/// <param name="Part">The part that is wrong.</param>
/// <param name="Message">What is wrong and why, for the administrator.</param>
public readonly record struct FaxServerUriError(int Entry, FaxServerUriPart Part, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => Message;
}
