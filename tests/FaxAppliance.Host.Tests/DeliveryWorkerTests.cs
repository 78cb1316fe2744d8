using FaxAppliance.Spool;
using FaxAppliance.Testing;
using FaxAppliance.Uplink.Tests;
using MimeKit;

namespace FaxAppliance.Host.Tests;

/// <summary>The host's delivery worker: when it looks at the queue, a queued fax mailed through a real Postfix, retention.</summary>
[Collection(PostfixTests.Name)]
public sealed class DeliveryWorkerTests(PostfixRig rig)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    [Fact]
    public void Wait_EmptyQueue_IsThePollInterval() => Assert.Equal(Poll, DeliveryWorker.WaitBeforeNextLook(null, Now, Poll));

    [Fact]
    public void Wait_DueSoon_IsUntilItIsDue() =>
        Assert.Equal(TimeSpan.FromMilliseconds(250), DeliveryWorker.WaitBeforeNextLook(Now.AddMilliseconds(250), Now, Poll));

    [Fact]
    public void Wait_DueLater_IsBoundedByThePollInterval() =>
        Assert.Equal(Poll, DeliveryWorker.WaitBeforeNextLook(Now.AddMinutes(30), Now, Poll));

    [Fact]
    public void Wait_Overdue_IsZero() =>
        Assert.Equal(TimeSpan.Zero, DeliveryWorker.WaitBeforeNextLook(Now.AddSeconds(-5), Now, Poll));

    [PostfixFact]
    public async Task QueuedFax_IsMailedByTheHost_ByteIdentical_HostStopsOnDuration_ThenRetentionPurgesIt()
    {
        using var temp = new TempFolder();
        string doc = Path.Combine(temp.Path, "doc.tif");
        (int made, _, string mkErr) = ProcessRunner.Run(RepoPaths.FaxRemote, ["mkpages", doc, "2", "--seed", "41"]);
        Assert.True(made == 0, mkErr);
        string spoolFolder = Path.Combine(temp.Path, "spool");
        string callId = QueueFax(spoolFolder, doc);
        string config = Path.Combine(temp.Path, "appliance.json");
        File.WriteAllText(config, $$"""
            {
              "routing": {},
              "mail": {
                "from": "fax-appliance@fax.test",
                "smtp": { "host": "127.0.0.1", "port": {{rig.SmtpPort}}, "caFile": "{{rig["CA"]}}", "checkRevocation": false }
              },
              "spool": { "folder": "{{spoolFolder}}" }
            }
            """);

        (int exit, string stdout, string stderr) = HostProcess.Run("--config", config, "--data", temp.Path, "--hal", "simulated", "--duration", "4");

        Assert.True(exit == 0, $"exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains($"Call {callId}: delivery to fax@fax.test: Delivered, ", stdout, StringComparison.Ordinal);
        Assert.Contains("Delivery queue empty", stdout, StringComparison.Ordinal);
        Assert.Contains("Stopping after --duration 4 s", stdout, StringComparison.Ordinal);
        Assert.Contains("Delivery worker stopped after 1 attempts", stdout, StringComparison.Ordinal);

        (MimeMessage? mail, _) = await rig.WaitForMailAsync("fax", callId, TimeSpan.FromSeconds(20));
        Assert.NotNull(mail);
        MimePart tiff = mail!.Attachments.OfType<MimePart>().Single();
        string attached = Path.Combine(temp.Path, "attached.tif");
        await using (FileStream f = File.Create(attached))
        {
            await tiff.Content!.DecodeToAsync(f);
        }

        Assert.Equal(File.ReadAllBytes(doc), File.ReadAllBytes(attached));
        using (FaxSpool spool = FaxSpool.Open(spoolFolder).Spool!)
        {
            Assert.Equal(CallState.Delivered, spool.GetCall(callId)!.State);
        }

        // Retention: with 0 days, the next start's purge removes the delivered fax (record and folder).
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"folder\":", "\"retentionDays\": 0, \"folder\":", StringComparison.Ordinal));
        (exit, stdout, stderr) = HostProcess.Run("--config", config, "--data", temp.Path, "--hal", "simulated", "--duration", "1");

        Assert.True(exit == 0, $"exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains("Retention: 1 calls purged", stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(spoolFolder, "calls", callId)), "the purged call's folder is gone");
    }

    // A fax as the receive side leaves it: TIFF in the call folder, pages confirmed, call ended with a route.
    private static string QueueFax(string spoolFolder, string tiff)
    {
        SpoolOpenResult opened = FaxSpool.Open(spoolFolder);
        Assert.Null(opened.Error);
        using FaxSpool spool = opened.Spool!;
        CallTicket call = spool.BeginCall(new CallStart("line1", "+1 555 0199"));
        File.Copy(tiff, call.TiffPath);
        Assert.Equal(SpoolStatus.Ok, spool.PageCommitted(call.CallId, 1)); // one MCF per page
        Assert.Equal(SpoolStatus.Ok, spool.PageCommitted(call.CallId, 2));
        Assert.Equal(SpoolStatus.Ok, spool.EndCall(call.CallId, new CallOutcome(true, "2 pages received", new DeliveryRoute("fax@fax.test", "mail"))));
        return call.CallId;
    }
}
