namespace FaxAppliance.Uplink.Mail;

/// <summary>One received fax to be delivered to a mailbox: what the call produced and where it goes.</summary>
/// <param name="CallId">The call's id; it appears in every log line, the call record and the mail (X-Fax-Call-Id, Message-ID).</param>
/// <param name="RemoteIdentity">The sender's identity: the T.30 TSI (§5.3.6.1.4), or empty when the sender sent none.</param>
/// <param name="RemoteNumber">The calling number (caller id or SIP From), or empty when unknown.</param>
/// <param name="Pages">Pages received.</param>
/// <param name="Duration">Duration of the call.</param>
/// <param name="BitRate">The image transfer rate in bit/s (T.30 DCS bits 11–14).</param>
/// <param name="Ecm">Whether error correction mode (T.30 Annex A) was used.</param>
/// <param name="BadRowsPerPage">Rows that failed to decode, per page (the page quality); may be empty.</param>
/// <param name="TiffPath">The received fax as a TIFF-F file (RFC 3949).</param>
/// <param name="RecipientAddress">The mailbox's email address.</param>
/// <param name="RecipientName">The mailbox's display name (may be empty).</param>
/// <param name="ReceivedAt">When the call ended; used for the Date header and the file name so a re-delivery is identical.</param>
public sealed record FaxMailRequest(
    string CallId,
    string RemoteIdentity,
    string RemoteNumber,
    int Pages,
    TimeSpan Duration,
    int BitRate,
    bool Ecm,
    IReadOnlyList<int> BadRowsPerPage,
    string TiffPath,
    string RecipientAddress,
    string RecipientName,
    DateTimeOffset ReceivedAt);

/// <summary>How the appliance composes its mails.</summary>
/// <param name="FromAddress">The sender address of every fax mail (RFC 5322 §3.6.2 From).</param>
/// <param name="FromName">The display name of the sender address.</param>
/// <param name="MessageIdDomain">The right-hand side of the Message-IDs (RFC 5322 §3.6.4); null takes the From address's domain.</param>
/// <param name="Dkim">DKIM signing (RFC 6376), or null for none.</param>
public sealed record FaxMailOptions(
    string FromAddress,
    string FromName = "Fax",
    string? MessageIdDomain = null,
    DkimOptions? Dkim = null);

/// <summary>DKIM signing (RFC 6376) of outgoing mail.</summary>
/// <param name="PrivateKeyFile">PEM file with the RSA private key whose public half is published in DNS.</param>
/// <param name="Domain">The signing domain (d=, RFC 6376 §3.5).</param>
/// <param name="Selector">The selector (s=, RFC 6376 §3.1): the key is published at &lt;selector&gt;._domainkey.&lt;domain&gt;.</param>
public sealed record DkimOptions(string PrivateKeyFile, string Domain, string Selector);
