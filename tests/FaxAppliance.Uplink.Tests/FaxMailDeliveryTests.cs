using FaxAppliance.Uplink.Mail;
using FaxAppliance.Uplink.Smtp;
using MimeKit;

namespace FaxAppliance.Uplink.Tests;

/// <summary>The retry loop and the administrator notification, against the real Postfix.</summary>
[Collection(PostfixTests.Name)]
public class FaxMailDeliveryTests(PostfixRig rig)
{
    private static readonly RetryPolicy ThreeTries = new(TimeSpan.FromSeconds(1), 2, TimeSpan.FromMinutes(1), 3);

    private FaxMailDelivery Delivery(int port, List<TimeSpan> waits) =>
        new(new SmtpFaxSender(new SmtpTransportOptions("127.0.0.1", port) { PinnedCaFile = rig["CA"], CheckCertificateRevocation = false }),
            TestFaxes.Mail, ThreeTries, "admin@fax.test", (d, _) => { waits.Add(d); return Task.CompletedTask; });

    [PostfixFact]
    public async Task Temporary450_RetriedWithBackoff_ThenAdminNotified()
    {
        var waits = new List<TimeSpan>();
        string callId = $"tempfail-{Guid.NewGuid():N}";
        FaxDeliveryReport report = await Delivery(rig.SmtpPort, waits).DeliverAsync(TestFaxes.Request(callId, "tempfail@fax.test"));

        Assert.Equal((DeliveryOutcomeKind.TemporaryFailure, 450), (report.Outcome.Kind, report.Outcome.StatusCode));
        Assert.Equal(3, report.Attempts);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], waits);
        Assert.True(report.AdminNotificationOutcome?.IsDelivered, report.AdminNotificationOutcome?.ToString());
        (MimeMessage? notice, _) = await rig.WaitForMailAsync("admin", callId, TimeSpan.FromSeconds(20));
        Assert.NotNull(notice);
        Assert.Contains("450", notice.TextBody);
    }

    [PostfixFact]
    public async Task Permanent550_NoRetry_AdminNotifiedWithServerReply()
    {
        var waits = new List<TimeSpan>();
        string callId = $"permfail-{Guid.NewGuid():N}";
        FaxDeliveryReport report = await Delivery(rig.SmtpPort, waits).DeliverAsync(TestFaxes.Request(callId, "nobody-here@fax.test"));

        Assert.Equal((DeliveryOutcomeKind.PermanentFailure, 550), (report.Outcome.Kind, report.Outcome.StatusCode));
        Assert.Equal(1, report.Attempts);
        Assert.Empty(waits);
        (MimeMessage? notice, _) = await rig.WaitForMailAsync("admin", callId, TimeSpan.FromSeconds(20));
        Assert.NotNull(notice);
        Assert.Contains("nobody-here@fax.test", notice.Subject);
        Assert.Contains("550", notice.TextBody);
        Assert.Empty(notice.Attachments);
    }

    [PostfixFact]
    public async Task ServerDown_RetriedThenFinal_NotificationAlsoFailsTemporarily()
    {
        var waits = new List<TimeSpan>();
        FaxDeliveryReport report = await Delivery(rig.DownPort, waits).DeliverAsync(TestFaxes.Request("down-loop"));
        Assert.Equal(DeliveryFailureReason.ConnectionFailed, report.Outcome.Reason);
        Assert.Equal(3, report.Attempts);
        Assert.Equal(2, waits.Count);
        Assert.Equal(DeliveryOutcomeKind.TemporaryFailure, report.AdminNotificationOutcome?.Kind);
    }

    [PostfixFact]
    public async Task ServerDown_ComesBackDuringBackoff_DeliveredOnLaterAttempt()
    {
        var waits = new List<TimeSpan>();
        LoopbackRelay? relay = null;
        string callId = $"comesback-{Guid.NewGuid():N}";
        var delivery = new FaxMailDelivery(
            new SmtpFaxSender(new SmtpTransportOptions("127.0.0.1", rig.DownPort) { PinnedCaFile = rig["CA"], CheckCertificateRevocation = false }),
            TestFaxes.Mail, ThreeTries, "admin@fax.test",
            (d, _) =>
            {
                waits.Add(d);
                relay ??= new LoopbackRelay(rig.DownPort, rig.SmtpPort); // the server returns while we wait
                return Task.CompletedTask;
            });
        try
        {
            FaxDeliveryReport report = await delivery.DeliverAsync(TestFaxes.Request(callId));
            Assert.True(report.Outcome.IsDelivered, report.Outcome.ToString());
            Assert.Equal(2, report.Attempts);
            Assert.Equal([TimeSpan.FromSeconds(1)], waits);
            Assert.Null(report.AdminNotification);
            Assert.NotNull((await rig.WaitForMailAsync("fax", callId, TimeSpan.FromSeconds(20))).Message);
        }
        finally
        {
            relay?.Dispose();
        }
    }

    [PostfixFact]
    public async Task Delivered_FirstTry_NoNotification()
    {
        var waits = new List<TimeSpan>();
        string callId = $"ok-{Guid.NewGuid():N}";
        FaxDeliveryReport report = await Delivery(rig.SmtpPort, waits).DeliverAsync(TestFaxes.Request(callId));
        Assert.True(report.Outcome.IsDelivered, report.Outcome.ToString());
        Assert.Equal(1, report.Attempts);
        Assert.Null(report.AdminNotification);
        Assert.NotNull((await rig.WaitForMailAsync("fax", callId, TimeSpan.FromSeconds(20))).Message);
    }
}
