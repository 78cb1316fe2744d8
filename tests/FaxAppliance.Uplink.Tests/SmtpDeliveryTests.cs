using FaxAppliance.Uplink.Mail;
using FaxAppliance.Uplink.Smtp;
using MailKit;
using MimeKit;

namespace FaxAppliance.Uplink.Tests;

/// <summary>Delivery against the real Postfix of tools/postfix-rig (STARTTLS, client-certificate, plain and implicit-TLS ports).</summary>
[Collection(PostfixTests.Name)]
public class SmtpDeliveryTests(PostfixRig rig)
{
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(20);

    private SmtpTransportOptions StartTls(string? ca = null) =>
        new("127.0.0.1", rig.SmtpPort) { PinnedCaFile = ca ?? rig["CA"], CheckCertificateRevocation = false, Timeout = TimeSpan.FromSeconds(20) };

    private SmtpTransportOptions ClientCertPort(ClientCertificateOptions? cert) => StartTls() with { Port = rig.ClientCertPort, ClientCertificate = cert };

    private ClientCertificateOptions P12(string key) => new(Pkcs12File: rig[key], Pkcs12Password: rig["P12_PASSWORD"]);

    private static async Task<DeliveryOutcome> SendAsync(SmtpTransportOptions transport, FaxMailRequest request, IProtocolLogger? log = null)
    {
        MimeMessage message = FaxMessageBuilder.Build(request, TestFaxes.Mail).Message!;
        var sender = new SmtpFaxSender(transport, protocolLoggerFactory: log is null ? null : () => log);
        return await sender.SendAsync(message, request.CallId);
    }

    private async Task AssertArrivedIntactAsync(FaxMailRequest request)
    {
        (MimeMessage? mail, _) = await rig.WaitForMailAsync("fax", request.CallId, MailWait);
        Assert.NotNull(mail);
        Assert.Equal(FaxMessageBuilder.MessageIdFor(request.CallId, "fax.test"), mail.MessageId);
        Assert.Equal("Fax from ACME Corp Sales (3 pages)", mail.Subject);
        MimePart tiff = mail.Attachments.OfType<MimePart>().Single();
        Assert.Equal("image/tiff", tiff.ContentType.MimeType);
        using var decoded = new MemoryStream();
        tiff.Content!.DecodeTo(decoded);
        Assert.Equal(File.ReadAllBytes(request.TiffPath), decoded.ToArray());
    }

    private async Task AssertNothingArrivedAsync(string callId) =>
        Assert.Null((await rig.WaitForMailAsync("fax", callId, TimeSpan.FromSeconds(1))).Message);

    [PostfixFact]
    public async Task StartTls_PinnedTestCa_DeliveredIntactWithServerReply()
    {
        FaxMailRequest request = TestFaxes.Request($"starttls-{Guid.NewGuid():N}");
        using var transcript = new MemoryStream();
        DeliveryOutcome outcome = await SendAsync(StartTls(), request, new ProtocolLogger(transcript, leaveOpen: true));
        Assert.True(outcome.IsDelivered, outcome.ToString());
        Assert.Contains("queued as", outcome.ServerReply);
        string log = System.Text.Encoding.UTF8.GetString(transcript.ToArray());
        Assert.Contains("STARTTLS", log);
        await AssertArrivedIntactAsync(request);
    }

    [PostfixFact]
    public async Task StartTls_WrongPinnedCa_RefusedNothingSent()
    {
        FaxMailRequest request = TestFaxes.Request($"wrongca-{Guid.NewGuid():N}");
        DeliveryOutcome outcome = await SendAsync(StartTls(rig["OTHER_CA"]), request);
        Assert.Equal((DeliveryOutcomeKind.PermanentFailure, DeliveryFailureReason.ServerCertificateRejected), (outcome.Kind, outcome.Reason));
        Assert.Contains("pinned CA", outcome.Detail);
        await AssertNothingArrivedAsync(request.CallId);
    }

    [PostfixFact]
    public async Task StartTls_SystemStoreDoesNotKnowTestCa_RefusedNothingSent()
    {
        FaxMailRequest request = TestFaxes.Request($"systemstore-{Guid.NewGuid():N}");
        DeliveryOutcome outcome = await SendAsync(StartTls() with { PinnedCaFile = null }, request);
        Assert.Equal(DeliveryOutcomeKind.PermanentFailure, outcome.Kind);
        Assert.Equal(DeliveryFailureReason.TlsHandshakeFailed, outcome.Reason);
        await AssertNothingArrivedAsync(request.CallId);
    }

    [PostfixFact]
    public async Task StartTlsRequired_ServerWithoutStartTls_NothingSentErrorSaysSo()
    {
        FaxMailRequest request = TestFaxes.Request($"nostarttls-{Guid.NewGuid():N}");
        DeliveryOutcome outcome = await SendAsync(StartTls() with { Port = rig.PlainPort }, request);
        Assert.Equal((DeliveryOutcomeKind.PermanentFailure, DeliveryFailureReason.StartTlsUnavailable), (outcome.Kind, outcome.Reason));
        Assert.Contains("STARTTLS", outcome.Detail);
        await AssertNothingArrivedAsync(request.CallId);
    }

    [PostfixFact]
    public async Task PlaintextExplicitlyAllowed_PlainPort_Delivered()
    {
        FaxMailRequest request = TestFaxes.Request($"plain-{Guid.NewGuid():N}");
        DeliveryOutcome outcome = await SendAsync(StartTls() with { Port = rig.PlainPort, Security = SmtpSecurity.PlaintextExplicitlyAllowed }, request);
        Assert.True(outcome.IsDelivered, outcome.ToString());
        await AssertArrivedIntactAsync(request);
    }

    [PostfixFact]
    public async Task ImplicitTls_WrapperPort_Delivered()
    {
        FaxMailRequest request = TestFaxes.Request($"implicit-{Guid.NewGuid():N}");
        DeliveryOutcome outcome = await SendAsync(StartTls() with { Port = rig.ImplicitTlsPort, Security = SmtpSecurity.ImplicitTls }, request);
        Assert.True(outcome.IsDelivered, outcome.ToString());
        await AssertArrivedIntactAsync(request);
    }

    [PostfixFact]
    public async Task ClientCertPort_AcceptedPkcs12Certificate_Delivered()
    {
        FaxMailRequest request = TestFaxes.Request($"ccert-p12-{Guid.NewGuid():N}");
        DeliveryOutcome outcome = await SendAsync(ClientCertPort(P12("CLIENT_P12")), request);
        Assert.True(outcome.IsDelivered, outcome.ToString());
        await AssertArrivedIntactAsync(request);
    }

    [PostfixFact]
    public async Task ClientCertPort_AcceptedPemCertificateAndKey_Delivered()
    {
        FaxMailRequest request = TestFaxes.Request($"ccert-pem-{Guid.NewGuid():N}");
        DeliveryOutcome outcome = await SendAsync(ClientCertPort(new(PemCertificateFile: rig["CLIENT_CRT"], PemKeyFile: rig["CLIENT_KEY"])), request);
        Assert.True(outcome.IsDelivered, outcome.ToString());
        await AssertArrivedIntactAsync(request);
    }

    [PostfixFact]
    public async Task ClientCertPort_NoCertificate_RefusedAndReported()
    {
        FaxMailRequest request = TestFaxes.Request($"ccert-none-{Guid.NewGuid():N}");
        DeliveryOutcome outcome = await SendAsync(ClientCertPort(null), request);
        Assert.True(outcome is { Kind: DeliveryOutcomeKind.PermanentFailure, Reason: DeliveryFailureReason.SecurityPolicyRefused, StatusCode: 421 },
            outcome.ToString());
        Assert.Contains("No client certificate presented", outcome.ServerReply);
        await AssertNothingArrivedAsync(request.CallId);
    }

    [PostfixFact]
    public async Task ClientCertPort_CertificateFromOtherCa_RefusedAndReported()
    {
        FaxMailRequest request = TestFaxes.Request($"ccert-wrong-{Guid.NewGuid():N}");
        DeliveryOutcome outcome = await SendAsync(ClientCertPort(P12("WRONG_CLIENT_P12")), request);
        Assert.True(outcome is { Kind: DeliveryOutcomeKind.PermanentFailure, Reason: DeliveryFailureReason.SecurityPolicyRefused }, outcome.ToString());
        Assert.Contains("client certificate", outcome.ServerReply, StringComparison.OrdinalIgnoreCase);
        await AssertNothingArrivedAsync(request.CallId);
    }

    [PostfixFact]
    public async Task ClientCertPort_TrustedButUnlistedCertificate_PermanentRecipientRefusal()
    {
        FaxMailRequest request = TestFaxes.Request($"ccert-unlisted-{Guid.NewGuid():N}");
        DeliveryOutcome outcome = await SendAsync(ClientCertPort(P12("OTHER_CLIENT_P12")), request);
        Assert.Equal((DeliveryOutcomeKind.PermanentFailure, 554), (outcome.Kind, outcome.StatusCode));
        await AssertNothingArrivedAsync(request.CallId);
    }

    [PostfixFact]
    public async Task AuthPort_RightCredentials_Delivered()
    {
        FaxMailRequest request = TestFaxes.Request($"auth-{Guid.NewGuid():N}");
        var credentials = new SmtpCredentials(rig["AUTH_USER"], rig["AUTH_PASSWORD"]);
        DeliveryOutcome outcome = await SendAsync(StartTls() with { Port = rig.AuthPort, Credentials = credentials }, request);
        Assert.True(outcome.IsDelivered, outcome.ToString());
        await AssertArrivedIntactAsync(request);
    }

    [PostfixFact]
    public async Task AuthPort_WrongPassword_PermanentAuthenticationFailure()
    {
        FaxMailRequest request = TestFaxes.Request($"auth-wrong-{Guid.NewGuid():N}");
        var credentials = new SmtpCredentials(rig["AUTH_USER"], "not-the-password");
        DeliveryOutcome outcome = await SendAsync(StartTls() with { Port = rig.AuthPort, Credentials = credentials }, request);
        Assert.True(outcome is { Kind: DeliveryOutcomeKind.PermanentFailure, Reason: DeliveryFailureReason.AuthenticationFailed }, outcome.ToString());
        await AssertNothingArrivedAsync(request.CallId);
    }

    [PostfixFact]
    public async Task AuthPort_NoCredentials_RecipientRefused()
    {
        FaxMailRequest request = TestFaxes.Request($"auth-none-{Guid.NewGuid():N}");
        DeliveryOutcome outcome = await SendAsync(StartTls() with { Port = rig.AuthPort }, request);
        Assert.True(outcome is { Kind: DeliveryOutcomeKind.PermanentFailure, StatusCode: 554 }, outcome.ToString());
        await AssertNothingArrivedAsync(request.CallId);
    }

    [PostfixFact]
    public async Task ServerDown_ConnectionRefused_TemporaryFailure()
    {
        DeliveryOutcome outcome = await SendAsync(StartTls() with { Port = rig.DownPort }, TestFaxes.Request("down"));
        Assert.Equal((DeliveryOutcomeKind.TemporaryFailure, DeliveryFailureReason.ConnectionFailed), (outcome.Kind, outcome.Reason));
    }

    [PostfixFact]
    public async Task UnknownRecipient_550_PermanentFailure()
    {
        DeliveryOutcome outcome = await SendAsync(StartTls(), TestFaxes.Request("unknown", "nobody-here@fax.test"));
        Assert.Equal((DeliveryOutcomeKind.PermanentFailure, DeliveryFailureReason.ServerReply, 550), (outcome.Kind, outcome.Reason, outcome.StatusCode));
        Assert.Contains("nobody-here@fax.test", outcome.Detail);
    }

    [PostfixFact]
    public async Task OtherDomain_RelayDenied_PermanentFailure()
    {
        DeliveryOutcome outcome = await SendAsync(StartTls(), TestFaxes.Request("relay", "someone@elsewhere.example"));
        Assert.Equal((DeliveryOutcomeKind.PermanentFailure, 554), (outcome.Kind, outcome.StatusCode));
        Assert.Contains("Relay access denied", outcome.ServerReply);
    }
}
