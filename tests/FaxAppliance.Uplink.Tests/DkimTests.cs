using System.Security.Cryptography;
using FaxAppliance.Uplink.Mail;
using FaxAppliance.Uplink.Smtp;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;

namespace FaxAppliance.Uplink.Tests;

/// <summary>DKIM signing (RFC 6376) checked with MimeKit's verifier, locally and after the trip through Postfix.</summary>
[Collection(PostfixTests.Name)]
public sealed class DkimTests(PostfixRig rig) : IDisposable
{
    private readonly RSA key = RSA.Create(2048);

    private FaxMailOptions Signed()
    {
        string path = TestFaxes.NewFilePath(".pem");
        File.WriteAllText(path, key.ExportRSAPrivateKeyPem());
        return TestFaxes.Mail with { Dkim = new DkimOptions(path, "fax.test", "fax2026") };
    }

    private bool Verifies(MimeMessage message)
    {
        int index = message.Headers.IndexOf(HeaderId.DkimSignature);
        Assert.True(index >= 0, "no DKIM-Signature header");
        var verifier = new DkimVerifier(new OneKeyLocator(PublicKeyFactory.CreateKey(key.ExportSubjectPublicKeyInfo())));
        return verifier.Verify(message, message.Headers[index]);
    }

    private static MimeMessage RoundTrip(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        stream.Position = 0;
        return MimeMessage.Load(stream);
    }

    [Fact]
    public void Build_WithDkim_SignatureVerifiesAndNamesSelectorAndDomain()
    {
        MimeMessage message = RoundTrip(FaxMessageBuilder.Build(TestFaxes.Request("dkim-1"), Signed()).Message!);
        string signature = message.Headers[HeaderId.DkimSignature] ?? "";
        Assert.Contains("d=fax.test", signature);
        Assert.Contains("s=fax2026", signature);
        Assert.Contains("X-Fax-Call-Id", signature, StringComparison.OrdinalIgnoreCase);
        Assert.True(Verifies(message));
    }

    [Fact]
    public void Build_WithDkim_TamperedSubject_DoesNotVerify()
    {
        MimeMessage message = RoundTrip(FaxMessageBuilder.Build(TestFaxes.Request("dkim-2"), Signed()).Message!);
        message.Subject = "Fax from someone else (3 pages)";
        Assert.False(Verifies(message));
    }

    [Fact]
    public void Build_DkimKeyMissing_ErrorNotException()
    {
        FaxMailOptions options = TestFaxes.Mail with { Dkim = new DkimOptions("/nonexistent/dkim.pem", "fax.test", "s") };
        FaxMessageResult result = FaxMessageBuilder.Build(TestFaxes.Request("dkim-3"), options);
        Assert.Null(result.Message);
        Assert.Contains("DKIM", result.Error);
    }

    [PostfixFact]
    public async Task SignedFax_ThroughPostfix_SignatureStillVerifiesAtMailbox()
    {
        string callId = $"dkim-{Guid.NewGuid():N}";
        FaxMailRequest request = TestFaxes.Request(callId);
        var sender = new SmtpFaxSender(new SmtpTransportOptions("127.0.0.1", rig.SmtpPort) { PinnedCaFile = rig["CA"], CheckCertificateRevocation = false });
        DeliveryOutcome outcome = await sender.SendAsync(FaxMessageBuilder.Build(request, Signed()).Message!, callId);
        Assert.True(outcome.IsDelivered, outcome.ToString());
        (MimeMessage? mail, _) = await rig.WaitForMailAsync("fax", callId, TimeSpan.FromSeconds(20));
        Assert.NotNull(mail);
        Assert.True(Verifies(mail));
    }

    public void Dispose() => key.Dispose();

    private sealed class OneKeyLocator(AsymmetricKeyParameter publicKey) : IDkimPublicKeyLocator
    {
        public AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default)
        {
            Assert.Equal(("fax.test", "fax2026"), (domain, selector));
            return publicKey;
        }

        public Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));
    }
}
