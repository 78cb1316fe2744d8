using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace FaxAppliance.Uplink.Smtp;

/// <summary>Hands one message to the mail server (RFC 5321) over TLS as configured, and says how it went.
/// One connection per message: a fax appliance sends a few mails an hour.</summary>
public sealed partial class SmtpFaxSender
{
    private readonly SmtpTransportOptions options;
    private readonly ILogger logger;
    private readonly Func<IProtocolLogger>? protocolLoggerFactory;

    /// <summary>Creates a sender.</summary>
    /// <param name="options">Server, security, certificates, credentials.</param>
    /// <param name="logger">Structured log; every line carries the call id.</param>
    /// <param name="protocolLoggerFactory">Makes a MailKit protocol logger per connection (the SMTP transcript), or null.</param>
    public SmtpFaxSender(SmtpTransportOptions options, ILogger<SmtpFaxSender>? logger = null, Func<IProtocolLogger>? protocolLoggerFactory = null)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        this.protocolLoggerFactory = protocolLoggerFactory;
    }

    private enum Phase
    {
        Connect,
        Authenticate,
        Send,
    }

    /// <summary>Sends <paramref name="message"/>; never throws for network, TLS or server failures (they are the outcome).</summary>
    /// <param name="message">The message.</param>
    /// <param name="callId">The call the message belongs to (for the log).</param>
    /// <param name="cancellationToken">Cancels the attempt (then <see cref="OperationCanceledException"/> is thrown).</param>
    public async Task<DeliveryOutcome> SendAsync(MimeMessage message, string callId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using IDisposable? scope = logger.BeginScope(new Dictionary<string, object> { ["CallId"] = callId });
        DeliveryOutcome outcome = await SendCoreAsync(message, cancellationToken).ConfigureAwait(false);
        if (outcome.IsDelivered)
        {
            LogDelivered(logger, callId, options.Host, options.Port, outcome.ServerReply);
        }
        else
        {
            LogFailed(logger, callId, options.Host, options.Port, outcome.Kind, outcome.Reason, outcome.StatusCode, outcome.Detail);
        }

        return outcome;
    }

    private async Task<DeliveryOutcome> SendCoreAsync(MimeMessage message, CancellationToken ct)
    {
        X509Certificate2? clientCert = null;
        X509Certificate2? pinnedCa = null;
        try
        {
            try
            {
                clientCert = ClientCertificateLoader.Load(options.ClientCertificate);
                pinnedCa = options.PinnedCaFile is null ? null : X509CertificateLoader.LoadCertificateFromFile(options.PinnedCaFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                return Fail(DeliveryOutcomeKind.PermanentFailure, DeliveryFailureReason.Configuration, $"certificate files unusable: {e.Message}");
            }

            using SmtpClient client = protocolLoggerFactory is null ? new SmtpClient() : new SmtpClient(protocolLoggerFactory());
            var validator = new PinnedCaValidator(pinnedCa, options.CheckCertificateRevocation);
            client.Timeout = (int)Math.Clamp(options.Timeout.TotalMilliseconds, 1, int.MaxValue);
            if (options.LocalDomain is not null)
            {
                client.LocalDomain = options.LocalDomain;
            }

            if (pinnedCa is not null)
            {
                client.CheckCertificateRevocation = false; // the pinned chain below applies the configured revocation mode
                client.ServerCertificateValidationCallback = validator.Validate;
            }
            else
            {
                client.CheckCertificateRevocation = options.CheckCertificateRevocation;
            }

            if (clientCert is not null)
            {
                client.ClientCertificates = [clientCert];
            }

            return await TalkAsync(client, message, validator, ct).ConfigureAwait(false);
        }
        finally
        {
            clientCert?.Dispose();
            pinnedCa?.Dispose();
        }
    }

    private async Task<DeliveryOutcome> TalkAsync(SmtpClient client, MimeMessage message, PinnedCaValidator validator, CancellationToken ct)
    {
        Phase phase = Phase.Connect;
        try
        {
            SecureSocketOptions socketOptions = options.Security switch
            {
                SmtpSecurity.ImplicitTls => SecureSocketOptions.SslOnConnect,
                SmtpSecurity.PlaintextExplicitlyAllowed => SecureSocketOptions.None,
                _ => SecureSocketOptions.StartTls, // RFC 3207: fails if the server does not offer STARTTLS
            };
            await client.ConnectAsync(options.Host, options.Port, socketOptions, ct).ConfigureAwait(false);
            if (options.Credentials is { } credentials)
            {
                phase = Phase.Authenticate;
                await client.AuthenticateAsync(credentials.UserName, credentials.Password, ct).ConfigureAwait(false);
            }

            phase = Phase.Send;
            string reply = await client.SendAsync(message, ct).ConfigureAwait(false);
            await QuitAsync(client).ConfigureAwait(false);
            return new DeliveryOutcome(DeliveryOutcomeKind.Delivered, DeliveryFailureReason.None, 250, reply, "accepted by the server");
        }
        catch (Exception e) when (!ct.IsCancellationRequested && IsDeliveryFailure(e))
        {
            await QuitAsync(client).ConfigureAwait(false);
            return Classify(e, phase, validator.Failure);
        }
    }

    private static bool IsDeliveryFailure(Exception e) =>
        e is SmtpCommandException or SmtpProtocolException or SslHandshakeException or MailKit.Security.AuthenticationException
            or NotSupportedException or SocketException or IOException or TimeoutException or OperationCanceledException
            or System.Security.Authentication.AuthenticationException;

    private static DeliveryOutcome Classify(Exception e, Phase phase, string? certificateFailure)
    {
        switch (e)
        {
            case SmtpCommandException c:
            {
                // RFC 5321 §4.2.1: 4yz transient negative, 5yz permanent negative.
                int code = (int)c.StatusCode;
                DeliveryOutcomeKind kind = code >= 500 ? DeliveryOutcomeKind.PermanentFailure : DeliveryOutcomeKind.TemporaryFailure;
                string what = c.ErrorCode switch
                {
                    SmtpErrorCode.RecipientNotAccepted => $"recipient {c.Mailbox} refused",
                    SmtpErrorCode.SenderNotAccepted => $"sender {c.Mailbox} refused",
                    SmtpErrorCode.MessageNotAccepted => "message refused",
                    _ => $"server refused during {phase.ToString().ToLowerInvariant()}",
                };
                return new DeliveryOutcome(kind, DeliveryFailureReason.ServerReply, code, c.Message, what);
            }

            case SmtpProtocolException p when ClosingReply(p.Message) is string reply:
                // RFC 5321 §3.8: the server closes with 421; MailKit reports that as an unexpected disconnect.
                return IsSecurityStatus(reply) && phase == Phase.Connect
                    ? new DeliveryOutcome(DeliveryOutcomeKind.PermanentFailure, DeliveryFailureReason.SecurityPolicyRefused, 421, reply,
                        "the server refused the session for a security reason (client certificate?); nothing was sent")
                    : new DeliveryOutcome(DeliveryOutcomeKind.TemporaryFailure, DeliveryFailureReason.ServerReply, 421, reply,
                        $"the server closed the session during {phase.ToString().ToLowerInvariant()}");
            case SslHandshakeException h:
                return certificateFailure is not null
                    ? Fail(DeliveryOutcomeKind.PermanentFailure, DeliveryFailureReason.ServerCertificateRejected,
                        $"server certificate rejected, nothing sent: {certificateFailure}")
                    : Fail(DeliveryOutcomeKind.PermanentFailure, DeliveryFailureReason.TlsHandshakeFailed,
                        $"TLS handshake failed, nothing sent: {FirstLine(h.Message)}");
            case NotSupportedException when phase == Phase.Connect:
                return Fail(DeliveryOutcomeKind.PermanentFailure, DeliveryFailureReason.StartTlsUnavailable,
                    "STARTTLS is required but the server does not offer it; nothing was sent");
            case NotSupportedException or MailKit.Security.AuthenticationException:
                return Fail(DeliveryOutcomeKind.PermanentFailure, DeliveryFailureReason.AuthenticationFailed, $"SMTP AUTH failed: {e.Message}");
            case TimeoutException or OperationCanceledException:
                return Fail(DeliveryOutcomeKind.TemporaryFailure, DeliveryFailureReason.Timeout, "the server did not answer in time");
            case System.Security.Authentication.AuthenticationException:
                return Fail(DeliveryOutcomeKind.PermanentFailure, DeliveryFailureReason.TlsHandshakeFailed, $"TLS failed, nothing sent: {e.Message}");
            default:
                return Fail(DeliveryOutcomeKind.TemporaryFailure, DeliveryFailureReason.ConnectionFailed, $"connection failed: {e.Message}");
        }
    }

    /// <summary>The server's closing text carried in MailKit's disconnect message ("…: 4.7.1 text"), or null.</summary>
    private static string? ClosingReply(string message)
    {
        int colon = message.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        string reply = message[(colon + 2)..].Trim();
        return reply.Length >= 5 && reply[0] is '4' or '5' && reply[1] == '.' ? reply : null;
    }

    /// <summary>RFC 3463 §3.8: enhanced status class X.7.XXX is "security or policy status".</summary>
    private static bool IsSecurityStatus(string reply) => reply.Length >= 4 && reply[2] == '7' && reply[3] == '.';

    private static string FirstLine(string text)
    {
        int nl = text.IndexOf('\n', StringComparison.Ordinal);
        return (nl < 0 ? text : text[..nl]).Trim();
    }

    private static DeliveryOutcome Fail(DeliveryOutcomeKind kind, DeliveryFailureReason reason, string detail) =>
        new(kind, reason, null, null, detail);

    private static async Task QuitAsync(SmtpClient client)
    {
        if (!client.IsConnected)
        {
            return;
        }

        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.DisconnectAsync(quit: true, cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SmtpProtocolException or SmtpCommandException or OperationCanceledException or SocketException)
        {
            // Already gone; the outcome is decided.
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Call {CallId}: delivered to {Host}:{Port}: {ServerReply}")]
    private static partial void LogDelivered(ILogger logger, string callId, string host, int port, string? serverReply);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Call {CallId}: delivery to {Host}:{Port} failed: {Kind} {Reason} {StatusCode} {Detail}")]
    private static partial void LogFailed(ILogger logger, string callId, string host, int port, DeliveryOutcomeKind kind, DeliveryFailureReason reason, int? statusCode, string detail);

    /// <summary>Validates the server certificate against one pinned CA (RFC 5280 §6 path validation by .NET's X509Chain).</summary>
    private sealed class PinnedCaValidator(X509Certificate2? ca, bool checkRevocation)
    {
        public string? Failure { get; private set; }

        public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            if (certificate is null || ca is null)
            {
                Failure = "the server sent no certificate";
                return false;
            }

            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                Failure = $"the certificate does not name the server ({certificate.Subject})";
                return false;
            }

            using var pinned = new X509Chain();
            pinned.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            pinned.ChainPolicy.CustomTrustStore.Add(ca);
            pinned.ChainPolicy.RevocationMode = checkRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
            if (chain is not null)
            {
                foreach (X509ChainElement element in chain.ChainElements)
                {
                    pinned.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            using X509Certificate2 leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            if (pinned.Build(leaf))
            {
                Failure = null;
                return true;
            }

            Failure = $"{certificate.Subject} issued by {certificate.Issuer} does not chain to the pinned CA {ca.Subject}: " +
                string.Join("; ", pinned.ChainStatus.Select(s => s.StatusInformation.Trim()));
            return false;
        }
    }
}
