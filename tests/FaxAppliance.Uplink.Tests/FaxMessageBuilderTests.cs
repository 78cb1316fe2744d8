using CsCheck;
using FaxAppliance.Uplink.Mail;
using MimeKit;

namespace FaxAppliance.Uplink.Tests;

public class FaxMessageBuilderTests
{
    private static MimeMessage RoundTrip(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        stream.Position = 0;
        return MimeMessage.Load(stream);
    }

    private static byte[] AttachmentBytes(MimeMessage message)
    {
        MimePart part = message.Attachments.OfType<MimePart>().Single();
        using var decoded = new MemoryStream();
        part.Content!.DecodeTo(decoded);
        return decoded.ToArray();
    }

    [Fact]
    public void Build_ParsedBack_HasHeadersBodyAndTiffAttachment()
    {
        FaxMailRequest request = TestFaxes.Request("call-0042");
        MimeMessage parsed = RoundTrip(FaxMessageBuilder.Build(request, TestFaxes.Mail).Message!);

        Assert.Equal("fax-appliance@fax.test", parsed.From.Mailboxes.Single().Address);
        MailboxAddress to = parsed.To.Mailboxes.Single();
        Assert.Equal(("fax@fax.test", "Erika Mustermann"), (to.Address, to.Name));
        Assert.Equal("Fax from ACME Corp Sales (3 pages)", parsed.Subject);
        Assert.Equal("call-0042", parsed.Headers[FaxMessageBuilder.CallIdHeader]);
        Assert.Equal("fax.call-0042@fax.test", parsed.MessageId);
        Assert.Equal(request.ReceivedAt, parsed.Date);
        Assert.Equal("multipart/mixed", parsed.Body!.ContentType.MimeType);

        string text = parsed.TextBody ?? "";
        foreach (string expected in new[] { "+49 30 1234567", "ACME Corp Sales", "Pages:           3", "1:35", "14400 bit/s", "ECM:             yes", "page 2: 12 bad rows", "call-0042" })
        {
            Assert.Contains(expected, text);
        }

        MimePart tiff = parsed.Attachments.OfType<MimePart>().Single();
        Assert.Equal("image/tiff", tiff.ContentType.MimeType);
        Assert.True(tiff.IsAttachment);
        Assert.Equal("fax-20261127-083015-+49_30_1234567.tif", tiff.FileName);
        Assert.Equal(File.ReadAllBytes(request.TiffPath), AttachmentBytes(parsed));
    }

    [Fact]
    public void Build_AnyTiffBytes_AttachmentRoundTripsExactly()
    {
        Gen.Byte.Array[0, 20_000].Sample(bytes =>
        {
            FaxMailRequest request = TestFaxes.Request("rt", tiff: bytes);
            MimeMessage parsed = RoundTrip(FaxMessageBuilder.Build(request, TestFaxes.Mail).Message!);
            Assert.Equal(bytes, AttachmentBytes(parsed));
        }, iter: 50);
    }

    [Fact]
    public void MessageIdFor_SameCallId_SameId_OtherCallId_OtherId()
    {
        Gen.String.Sample(id =>
        {
            string a = FaxMessageBuilder.MessageIdFor(id, "fax.test");
            Assert.Equal(a, FaxMessageBuilder.MessageIdFor(id, "fax.test"));
            Assert.NotEqual(a, FaxMessageBuilder.MessageIdFor(id + "x", "fax.test"));
            // RFC 5322 §3.6.4: the id must survive a parse as a msg-id.
            Assert.Equal(a, MimeKit.Utils.MimeUtils.ParseMessageId($"<{a}>"));
        });
    }

    [Fact]
    public void Build_TwiceForSameCall_SameMessageIdAndDate()
    {
        FaxMailRequest request = TestFaxes.Request("crash-redelivery");
        MimeMessage first = FaxMessageBuilder.Build(request, TestFaxes.Mail).Message!;
        MimeMessage second = FaxMessageBuilder.Build(request, TestFaxes.Mail).Message!;
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(first.Date, second.Date);
    }

    [Fact]
    public void FileNameFor_AnyRemote_OnlySafeCharacters()
    {
        FaxMailRequest template = TestFaxes.Request("fn");
        Gen.String.Sample(remote =>
        {
            FaxMailRequest request = template with { RemoteNumber = remote };
            string name = FaxMessageBuilder.FileNameFor(request);
            Assert.Matches("^fax-[0-9]{8}-[0-9]{6}(-[A-Za-z0-9+_-]{1,40})?\\.tif$", name);
        }, iter: 200);
    }

    [Fact]
    public void Build_ControlCharactersInRemoteIdentityAndCallId_NoHeaderInjection()
    {
        FaxMailRequest request = TestFaxes.Request("id\r\nBcc: victim@example.org") with { RemoteIdentity = "Evil\r\nBcc: victim@example.org" };
        MimeMessage parsed = RoundTrip(FaxMessageBuilder.Build(request, TestFaxes.Mail).Message!);
        Assert.Empty(parsed.Bcc);
        Assert.DoesNotContain("\n", parsed.Subject ?? "", StringComparison.Ordinal);
        Assert.Equal("idBcc: victim@example.org", parsed.Headers[FaxMessageBuilder.CallIdHeader]);
    }

    [Fact]
    public void Build_MissingTiff_ErrorNamesTheFile()
    {
        FaxMailRequest request = TestFaxes.Request("missing") with { TiffPath = "/nonexistent/fax.tif" };
        FaxMessageResult result = FaxMessageBuilder.Build(request, TestFaxes.Mail);
        Assert.Null(result.Message);
        Assert.Contains("/nonexistent/fax.tif", result.Error);
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("")]
    public void Build_BadRecipient_ErrorNotException(string recipient)
    {
        FaxMessageResult result = FaxMessageBuilder.Build(TestFaxes.Request("bad") with { RecipientAddress = recipient }, TestFaxes.Mail);
        Assert.Null(result.Message);
        Assert.Contains("recipient", result.Error);
    }

    [Fact]
    public void Build_OnePage_SubjectSaysPage()
    {
        MimeMessage m = FaxMessageBuilder.Build(TestFaxes.Request("one") with { Pages = 1, RemoteIdentity = "" }, TestFaxes.Mail).Message!;
        Assert.Equal("Fax from +49 30 1234567 (1 page)", m.Subject);
    }
}
