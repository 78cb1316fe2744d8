using System.Text.Json.Nodes;
using FaxAppliance.Gateway;
using FaxAppliance.Gateway.Config;
using FaxAppliance.Hal.Simulated.Line;
using FaxAppliance.LineSim;
using FaxAppliance.LineSim.Endpoints;
using FaxAppliance.Testing;
using FaxAppliance.Uplink.Tests;
using MimeKit;

namespace FaxAppliance.Hil.Tests;

/// <summary>
/// The whole path, as `tools/linesim receive --config` runs it: spandsp calls, the appliance answers on line 1, receives,
/// routes by its configuration (line 1's default mailbox, or the dial plan refusing), spools, and mails the fax through
/// a real Postfix on loopback to the mailbox's Maildir.
/// </summary>
[Collection(PostfixTests.Name)]
public sealed class ApplianceDeliversByMailTests(PostfixRig rig)
{
    private string Config(string spool, bool dialPlanAllowsFax = true, int? port = null, string mailbox = "fax@fax.test") => $$"""
        {
          "fax": { "identity": "+1 555 0100", "ecm": true },
          "routing": {
            "dialPlans": [ { "name": "Office", "extensionLength": 3, "faxEnabled": {{(dialPlanAllowsFax ? "true" : "false")}} } ],
            "mailboxPolicies": [ { "name": "Fax", "allowFax": true, "delivery": "mail" } ],
            "mailboxes": [ { "extension": "100", "email": "{{mailbox}}", "displayName": "Fax Box", "policy": "Fax", "dialPlan": "Office" } ],
            "lines": [ { "id": "line1", "defaultMailbox": "100" } ]
          },
          "mail": {
            "from": "fax-appliance@fax.test", "admin": "admin@fax.test",
            "smtp": { "host": "127.0.0.1", "port": {{port ?? rig.SmtpPort}}, "caFile": "{{rig["CA"]}}", "checkRevocation": false }
          },
          "spool": { "folder": "{{spool}}" }
        }
        """;

    [PostfixFact]
    public async Task Receive_WithConfig_FaxArrivesInTheMailboxPixelIdentical()
    {
        string dir = RepoPaths.NewTempDir("mail-e2e");
        string doc = Path.Combine(dir, "doc.tif");
        ReferenceBridgeTests.MakePages(doc, 2, seed: 31);
        string configPath = Path.Combine(dir, "appliance.json");
        File.WriteAllText(configPath, Config(Path.Combine(dir, "spool")));

        JsonObject appliance;
        using (InboundFaxGateway gateway = Program.OpenGateway(configPath))
        {
            using var endpoint = new ApplianceEndpoint("receive", Path.Combine(dir, "out"), fax: gateway.Config.Fax, gateway: gateway, lineId: "line1");
            using var remote = new ProcessEndpoint("remote", $"'{RepoPaths.FaxRemote}' send '{doc}' --ecm on");
            appliance = CallRunner.Run(endpoint, remote, new SimulatedLine(new LineImpairments()), maxSeconds: 300).OutcomeA!;
        }

        Assert.True(appliance["completed"]!.GetValue<bool>(), appliance.ToJsonString());
        JsonObject delivery = appliance["delivery"]!.AsObject();
        Assert.Equal("Mail", delivery["route"]!.GetValue<string>());
        Assert.Equal("fax@fax.test", delivery["recipient"]!.GetValue<string>());
        JsonObject attempt = delivery["attempts"]!.AsArray().Single()!.AsObject();
        Assert.Equal("Delivered", attempt["outcome"]!.GetValue<string>());
        Assert.Contains("queued as", attempt["server_reply"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Delivered", delivery["spool_state"]!.GetValue<string>());

        string callId = appliance["call_id"]!.GetValue<string>();
        (MimeMessage? mail, _) = await rig.WaitForMailAsync("fax", callId, TimeSpan.FromSeconds(20));
        Assert.NotNull(mail);
        Assert.Equal("Fax from FAXREMOTE (2 pages)", mail!.Subject);
        Assert.Contains("14400 bit/s", mail.TextBody, StringComparison.Ordinal); // the call's details, kept in the spool
        Assert.Contains("ECM:             yes", mail.TextBody, StringComparison.Ordinal);
        MimePart tiff = mail.Attachments.OfType<MimePart>().Single();
        Assert.Equal("image/tiff", tiff.ContentType.MimeType);
        string attached = Path.Combine(dir, "attached.tif");
        await using (FileStream f = File.Create(attached))
        {
            await tiff.Content!.DecodeToAsync(f);
        }

        Assert.Equal(ReferenceBridgeTests.Pixels(doc), ReferenceBridgeTests.Pixels(attached));
    }

    [PostfixFact]
    public void Receive_DialPlanDisallowsFax_CallIsNotAnsweredAndSaysWhy()
    {
        string dir = RepoPaths.NewTempDir("mail-refused");
        string doc = Path.Combine(dir, "doc.tif");
        ReferenceBridgeTests.MakePages(doc, 1, seed: 32);
        string configPath = Path.Combine(dir, "appliance.json");
        File.WriteAllText(configPath, Config(Path.Combine(dir, "spool"), dialPlanAllowsFax: false));

        JsonObject appliance;
        using (InboundFaxGateway gateway = Program.OpenGateway(configPath))
        {
            using var endpoint = new ApplianceEndpoint("receive", Path.Combine(dir, "out"), fax: gateway.Config.Fax, gateway: gateway, lineId: "line1");
            using var remote = new ProcessEndpoint("remote", $"'{RepoPaths.FaxRemote}' send '{doc}' --ecm on");
            appliance = CallRunner.Run(endpoint, remote, new SimulatedLine(new LineImpairments()), maxSeconds: 60).OutcomeA!;
            Assert.Empty(gateway.Spool.ListCalls()); // nothing accepted, nothing stored
        }

        Assert.False(appliance["completed"]!.GetValue<bool>());
        Assert.Null(appliance["answered_at_s"]);
        Assert.Contains("dial plan", appliance["status_text"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Not enough free space for the spool: the call is not answered (the caller hears ring-back) and says why.</summary>
    [PostfixFact]
    public void Receive_SpoolWithoutSpace_CallIsNotAnswered()
    {
        string dir = RepoPaths.NewTempDir("mail-full");
        string doc = Path.Combine(dir, "doc.tif");
        ReferenceBridgeTests.MakePages(doc, 1, seed: 35);
        string configPath = Path.Combine(dir, "appliance.json");
        // Ask for a terabyte of free space: more than this machine has, as a full disk would be.
        File.WriteAllText(configPath, Config(Path.Combine(dir, "spool")).Replace("\"spool\": {", "\"spool\": { \"minFreeMegabytes\": 1048576,", StringComparison.Ordinal));

        JsonObject appliance;
        using (InboundFaxGateway gateway = Program.OpenGateway(configPath))
        {
            using var endpoint = new ApplianceEndpoint("receive", Path.Combine(dir, "out"), fax: gateway.Config.Fax, gateway: gateway, lineId: "line1");
            using var remote = new ProcessEndpoint("remote", $"'{RepoPaths.FaxRemote}' send '{doc}' --ecm on");
            appliance = CallRunner.Run(endpoint, remote, new SimulatedLine(new LineImpairments()), maxSeconds: 60).OutcomeA!;
            Assert.Empty(gateway.Spool.ListCalls());
        }

        Assert.Null(appliance["answered_at_s"]);
        Assert.Contains("free", appliance["status_text"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The mail server is down when the fax arrives: the fax waits in the spool (temporary failure, attempt counted);
    /// the appliance restarts, the server is back, and the same fax is delivered with the same Message-ID.
    /// </summary>
    [PostfixFact]
    public async Task MailServerDown_FaxStaysQueued_DeliveredAfterRestartWhenItReturns()
    {
        string dir = RepoPaths.NewTempDir("mail-down");
        string doc = Path.Combine(dir, "doc.tif");
        ReferenceBridgeTests.MakePages(doc, 1, seed: 33);
        string configPath = Path.Combine(dir, "appliance.json");
        File.WriteAllText(configPath, Config(Path.Combine(dir, "spool"), port: rig.DownPort));

        JsonObject appliance;
        using (InboundFaxGateway gateway = OpenWithoutBackoff(configPath))
        {
            using var endpoint = new ApplianceEndpoint("receive", Path.Combine(dir, "out"), fax: gateway.Config.Fax, gateway: gateway, lineId: "line1");
            using var remote = new ProcessEndpoint("remote", $"'{RepoPaths.FaxRemote}' send '{doc}' --ecm on");
            appliance = CallRunner.Run(endpoint, remote, new SimulatedLine(new LineImpairments()), maxSeconds: 300).OutcomeA!;
        }

        Assert.True(appliance["completed"]!.GetValue<bool>(), appliance.ToJsonString());
        JsonObject delivery = appliance["delivery"]!.AsObject();
        Assert.Equal("TemporaryFailure", delivery["attempts"]![0]!["outcome"]!.GetValue<string>());
        Assert.Equal("Received", delivery["spool_state"]!.GetValue<string>()); // still queued, nothing lost
        string callId = appliance["call_id"]!.GetValue<string>();

        using (new LoopbackRelay(rig.DownPort, rig.SmtpPort)) // the server is back
        using (InboundFaxGateway restarted = OpenWithoutBackoff(configPath))
        {
            await Task.Delay(50); // the retry is due (1 ms backoff in this test)
            DeliveryAttempt? attempt = await restarted.DeliverNextAsync();
            Assert.NotNull(attempt);
            Assert.Equal(callId, attempt!.CallId);
            Assert.True(attempt.Outcome.IsDelivered, attempt.Outcome.ToString());
            Assert.Equal(FaxAppliance.Spool.CallState.Delivered, restarted.Spool.GetCall(callId)!.State);
            Assert.Null(await restarted.DeliverNextAsync()); // delivered once, the queue is empty
        }

        (MimeMessage? mail, _) = await rig.WaitForMailAsync("fax", callId, TimeSpan.FromSeconds(20));
        Assert.NotNull(mail);
        Assert.Equal(delivery["message_id"]!.GetValue<string>().Trim('<', '>'), mail!.MessageId);
    }

    /// <summary>The mail server refuses the mailbox (550): the fax fails permanently with the server's reason and stays visible.</summary>
    [PostfixFact]
    public void MailboxUnknownAtServer_FailsPermanentlyWithTheServersReason()
    {
        string dir = RepoPaths.NewTempDir("mail-550");
        string doc = Path.Combine(dir, "doc.tif");
        ReferenceBridgeTests.MakePages(doc, 1, seed: 34);
        string configPath = Path.Combine(dir, "appliance.json");
        File.WriteAllText(configPath, Config(Path.Combine(dir, "spool"), mailbox: "nobody@fax.test"));

        JsonObject appliance;
        using (InboundFaxGateway gateway = OpenWithoutBackoff(configPath))
        {
            using var endpoint = new ApplianceEndpoint("receive", Path.Combine(dir, "out"), fax: gateway.Config.Fax, gateway: gateway, lineId: "line1");
            using var remote = new ProcessEndpoint("remote", $"'{RepoPaths.FaxRemote}' send '{doc}' --ecm on");
            appliance = CallRunner.Run(endpoint, remote, new SimulatedLine(new LineImpairments()), maxSeconds: 300).OutcomeA!;
            string callId = appliance["call_id"]!.GetValue<string>();
            FaxAppliance.Spool.CallRecord failed = gateway.Spool.GetCall(callId)!;
            Assert.Equal(FaxAppliance.Spool.CallState.Failed, failed.State);
            Assert.Contains("550", failed.FailureReason, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(gateway.Spool.CallFolder(callId), "fax.tif"))); // kept for the administrator
        }

        Assert.Equal("PermanentFailure", appliance["delivery"]!["attempts"]![0]!["outcome"]!.GetValue<string>());
        Assert.Equal("Delivered", appliance["delivery"]!["attempts"]![0]!["admin_notified"]!.GetValue<string>()); // the administrator was told
        Assert.NotNull(rig.WaitForMailAsync("admin", appliance["call_id"]!.GetValue<string>(), TimeSpan.FromSeconds(20)).GetAwaiter().GetResult().Message);
    }

    private static InboundFaxGateway OpenWithoutBackoff(string configPath)
    {
        Assert.True(ApplianceConfig.TryLoadFile(configPath, out ApplianceConfig? config, out var errors), string.Join("; ", errors));
        InboundFaxGateway? gateway = InboundFaxGateway.Open(config!, out string? error, new FaxAppliance.Spool.SpoolOptions { RetryBase = TimeSpan.FromMilliseconds(1), RetryMax = TimeSpan.FromMilliseconds(1) });
        Assert.True(gateway is not null, error);
        return gateway!;
    }
}
