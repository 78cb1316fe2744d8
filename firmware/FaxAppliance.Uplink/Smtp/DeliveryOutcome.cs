namespace FaxAppliance.Uplink.Smtp;

/// <summary>The three things a delivery attempt can end in.</summary>
public enum DeliveryOutcomeKind
{
    /// <summary>The server accepted the message (RFC 5321 §4.2.1: 2yz after DATA): it may leave the spool.</summary>
    Delivered,

    /// <summary>Try again later: a 4yz reply (RFC 5321 §4.2.1 "transient negative"), connection refused, a timeout.</summary>
    TemporaryFailure,

    /// <summary>Do not try again: a 5yz reply or a configuration that cannot work; an administrator must act.</summary>
    PermanentFailure,
}

/// <summary>What exactly went wrong (or <see cref="None"/>).</summary>
public enum DeliveryFailureReason
{
    /// <summary>Nothing went wrong.</summary>
    None,

    /// <summary>The server answered a command with a negative reply; see <see cref="DeliveryOutcome.StatusCode"/>.</summary>
    ServerReply,

    /// <summary>No connection (refused, unreachable, name not resolved) or the connection broke.</summary>
    ConnectionFailed,

    /// <summary>The server did not answer in time.</summary>
    Timeout,

    /// <summary>STARTTLS was required but the server does not offer it: nothing was sent.</summary>
    StartTlsUnavailable,

    /// <summary>The server's certificate was not accepted (wrong CA, wrong name, expired): nothing was sent.</summary>
    ServerCertificateRejected,

    /// <summary>The TLS handshake failed for another reason (e.g. the server refused the client certificate).</summary>
    TlsHandshakeFailed,

    /// <summary>The server closed the session for a security or policy reason (RFC 3463 §3.8, X.7.XXX) before any
    /// mail was offered, e.g. a missing or untrusted client certificate: retrying without new configuration cannot help.</summary>
    SecurityPolicyRefused,

    /// <summary>SMTP AUTH failed or is not offered.</summary>
    AuthenticationFailed,

    /// <summary>The message could not be composed or the configuration cannot be used (bad address, unreadable file, bad key).</summary>
    Configuration,
}

/// <summary>The end of one delivery attempt.</summary>
/// <param name="Kind">Delivered, temporary or permanent failure.</param>
/// <param name="Reason">What went wrong.</param>
/// <param name="StatusCode">The SMTP reply code (RFC 5321 §4.2), or null when the server said nothing.</param>
/// <param name="ServerReply">The server's reply text (on success the DATA reply, e.g. "2.0.0 Ok: queued as …").</param>
/// <param name="Detail">A sentence for the log and the web page.</param>
public sealed record DeliveryOutcome(
    DeliveryOutcomeKind Kind,
    DeliveryFailureReason Reason,
    int? StatusCode,
    string? ServerReply,
    string Detail)
{
    /// <summary>Whether the server accepted the message.</summary>
    public bool IsDelivered => Kind == DeliveryOutcomeKind.Delivered;

    /// <inheritdoc/>
    public override string ToString() =>
        StatusCode is int code ? $"{Kind} ({Reason}, {code} {ServerReply}): {Detail}" : $"{Kind} ({Reason}): {Detail}";
}
