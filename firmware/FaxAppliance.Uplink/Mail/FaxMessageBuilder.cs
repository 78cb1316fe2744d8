using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MimeKit;
using MimeKit.Cryptography;

namespace FaxAppliance.Uplink.Mail;

/// <summary>The composed mail, or why none could be composed.</summary>
/// <param name="Message">The message, or null when <paramref name="Error"/> says why not.</param>
/// <param name="Error">Why no message was composed, or null.</param>
public readonly record struct FaxMessageResult(MimeMessage? Message, string? Error);

/// <summary>Composes the mail that carries a received fax to its mailbox (RFC 5322, MIME RFC 2045–2049).</summary>
public static class FaxMessageBuilder
{
    /// <summary>The header that carries the call id (an X- header, RFC 822 §4.7.5 / RFC 6648 tolerates existing ones).</summary>
    public const string CallIdHeader = "X-Fax-Call-Id";

    private const int MaxNameChars = 40;

    /// <summary>Composes the mail for <paramref name="request"/>; signs it with DKIM when configured.</summary>
    /// <returns>The message, or an error (bad address, unreadable TIFF, unusable DKIM key); never throws for those.</returns>
    public static FaxMessageResult Build(FaxMailRequest request, FaxMailOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (!MailboxAddress.TryParse(request.RecipientAddress, out MailboxAddress? to) || to.Address.Length == 0)
        {
            return new(null, $"recipient address '{request.RecipientAddress}' is not an email address");
        }

        if (!MailboxAddress.TryParse(options.FromAddress, out MailboxAddress? from) || from.Address.Length == 0)
        {
            return new(null, $"sender address '{options.FromAddress}' is not an email address");
        }

        byte[] tiff;
        try
        {
            tiff = File.ReadAllBytes(request.TiffPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new(null, $"fax image {request.TiffPath} cannot be read: {e.Message}");
        }

        to.Name = Clean(request.RecipientName);
        from.Name = Clean(options.FromName);
        string remote = RemoteLabel(request);
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(to);
        message.Subject = $"Fax from {remote} ({request.Pages} {(request.Pages == 1 ? "page" : "pages")})";
        message.Date = request.ReceivedAt;
        string domain = options.MessageIdDomain ?? from.Domain;
        message.MessageId = MessageIdFor(request.CallId, domain);
        message.Headers.Add(CallIdHeader, Clean(request.CallId));

        var body = new TextPart("plain") { Text = BodyText(request, remote) };
        var attachment = new MimePart("image", "tiff")
        {
            Content = new MimeContent(new MemoryStream(tiff, writable: false)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = FileNameFor(request),
        };
        message.Body = new Multipart("mixed") { body, attachment };

        if (options.Dkim is { } dkim)
        {
            string? error = Sign(message, dkim);
            if (error is not null)
            {
                return new(null, error);
            }
        }

        return new(message, null);
    }

    /// <summary>The Message-ID for a call (RFC 5322 §3.6.4): the same call id always gives the same id, so a
    /// re-delivery after a crash is recognisably the same message. Ids that are not plain atext are hashed.</summary>
    public static string MessageIdFor(string callId, string domain)
    {
        ArgumentNullException.ThrowIfNull(callId);
        bool plain = callId.Length is > 0 and <= 64 && callId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') &&
            !callId.StartsWith('.') && !callId.EndsWith('.') && !callId.Contains("..", StringComparison.Ordinal);
        string left = plain ? callId : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(callId)))[..32];
        return $"fax.{left}@{domain}";
    }

    /// <summary>The attachment's file name: fax-&lt;yyyyMMdd-HHmmss&gt;-&lt;remote&gt;.tif, only [A-Za-z0-9+_-] from the remote.</summary>
    public static string FileNameFor(FaxMailRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string source = request.RemoteNumber.Length > 0 ? request.RemoteNumber : request.RemoteIdentity;
        var name = new StringBuilder(MaxNameChars);
        foreach (char c in source)
        {
            if (name.Length == MaxNameChars)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '_')
            {
                name.Append(c);
            }
            else if (c == ' ' && name.Length > 0 && name[^1] != '_')
            {
                name.Append('_');
            }
        }

        string remote = name.ToString().Trim('_');
        string stamp = request.ReceivedAt.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        return remote.Length == 0 ? $"fax-{stamp}.tif" : $"fax-{stamp}-{remote}.tif";
    }

    private static string RemoteLabel(FaxMailRequest r)
    {
        string identity = Clean(r.RemoteIdentity).Trim();
        string number = Clean(r.RemoteNumber).Trim();
        if (identity.Length > 0)
        {
            return identity;
        }

        return number.Length > 0 ? number : "unknown sender";
    }

    private static string BodyText(FaxMailRequest r, string remote)
    {
        var s = new StringBuilder();
        IFormatProvider inv = CultureInfo.InvariantCulture;
        s.Append(inv, $"You have received a fax from {remote}.\n\n");
        s.Append(inv, $"Remote number:   {Or(Clean(r.RemoteNumber), "unknown")}\n");
        s.Append(inv, $"Remote identity: {Or(Clean(r.RemoteIdentity), "none sent")}\n");
        s.Append(inv, $"Pages:           {r.Pages}\n");
        s.Append(inv, $"Received:        {r.ReceivedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC\n");
        s.Append(inv, $"Duration:        {(int)r.Duration.TotalMinutes}:{r.Duration.Seconds:00} (m:ss)\n");
        s.Append(inv, $"Rate:            {r.BitRate} bit/s\n");
        s.Append(inv, $"ECM:             {(r.Ecm ? "yes" : "no")}\n");
        s.Append(inv, $"Page quality:    {PageQuality(r.BadRowsPerPage)}\n");
        s.Append(inv, $"Call id:         {Clean(r.CallId)}\n");
        return s.ToString();
    }

    private static string PageQuality(IReadOnlyList<int> badRows)
    {
        if (badRows.Count == 0 || badRows.All(b => b == 0))
        {
            return "all pages clean";
        }

        var parts = new List<string>();
        for (int i = 0; i < badRows.Count; i++)
        {
            if (badRows[i] > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"page {i + 1}: {badRows[i]} bad rows"));
            }
        }

        return string.Join(", ", parts);
    }

    private static string Or(string value, string fallback) => value.Trim().Length > 0 ? value : fallback;

    /// <summary>Removes control characters (no header injection through a TSI or call id).</summary>
    private static string Clean(string value) =>
        value.Any(char.IsControl) ? new string(value.Where(c => !char.IsControl(c)).ToArray()) : value;

    private static string? Sign(MimeMessage message, DkimOptions dkim)
    {
        try
        {
            // RFC 6376 §3.4: relaxed/relaxed survives the re-folding relays do.
            var signer = new DkimSigner(dkim.PrivateKeyFile, dkim.Domain, dkim.Selector, DkimSignatureAlgorithm.RsaSha256)
            {
                HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            };
            message.Prepare(EncodingConstraint.SevenBit);
            signer.Sign(message, ["From", "To", "Subject", "Date", "Message-ID", CallIdHeader]);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException or NotSupportedException)
        {
            return $"DKIM key {dkim.PrivateKeyFile} is unusable: {e.Message}";
        }
    }
}
