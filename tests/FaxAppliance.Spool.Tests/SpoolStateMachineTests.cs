using FaxAppliance.Imaging.Storage;
namespace FaxAppliance.Spool.Tests;

public sealed class SpoolStateMachineTests
{
    [Fact]
    public void BeginCall_RecordsReceivingCallWithFolderAndMessageIdBasedOnCallId()
    {
        using var f = new SpoolFixture(new SpoolOptions { MessageIdDomain = "fax.example.test" });
        CallTicket t = f.Spool.BeginCall(new CallStart("line1", "+15550100"));
        Assert.True(Directory.Exists(t.Folder));
        Assert.Equal(Path.Combine(t.Folder, FaxSpool.TiffFileName), t.TiffPath);
        Assert.Equal($"<fax.{t.CallId}@fax.example.test>", t.MessageId); // as the mail carries it
        CallRecord r = f.Spool.GetCall(t.CallId)!;
        Assert.Equal(CallState.Receiving, r.State);
        Assert.Equal("+15550100", r.RemoteNumber);
        Assert.Equal(f.Time.Now, r.StartedAt);
        Assert.NotEqual(t.CallId, f.Spool.BeginCall(new CallStart()).CallId);
    }

    [Fact]
    public void Lifecycle_ReceivingReceivedDeliveringDelivered_KeepsPagesRouteAndReply()
    {
        using var f = new SpoolFixture();
        CallTicket t = f.Spool.BeginCall(new CallStart("line1"));
        Assert.Equal(SpoolStatus.Ok, f.Spool.SetRemoteIdentity(t.CallId, "+1 555 0100 ACME"));
        Assert.Equal(SpoolStatus.Ok, f.Spool.PageCommitted(t.CallId, 1));
        Assert.Equal(SpoolStatus.Ok, f.Spool.PageCommitted(t.CallId, 2));
        Assert.Equal(SpoolStatus.Ok, f.Spool.EndCall(t.CallId, new CallOutcome(true, "DCN", SpoolFixture.Route)));
        CallRecord received = f.Spool.GetCall(t.CallId)!;
        Assert.Equal(CallState.Received, received.State);
        Assert.Equal(2, received.Pages);
        Assert.Equal(SpoolFixture.Route, received.Route);
        Assert.Equal("+1 555 0100 ACME", received.RemoteIdentity);

        DeliveryItem item = f.Spool.ClaimNextDue()!;
        Assert.Equal((t.CallId, t.MessageId, t.TiffPath, 2, 1), (item.CallId, item.MessageId, item.TiffPath, item.Pages, item.Attempt));
        Assert.Equal(CallState.Delivering, f.Spool.GetCall(t.CallId)!.State);
        Assert.Null(f.Spool.ClaimNextDue());

        f.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(SpoolStatus.Ok, f.Spool.MarkDelivered(item, "250 2.0.0 Ok: queued as 4F2"));
        CallRecord done = f.Spool.GetCall(t.CallId)!;
        Assert.Equal(CallState.Delivered, done.State);
        Assert.Equal("250 2.0.0 Ok: queued as 4F2", done.ServerReply);
        Assert.Equal(f.Time.Now, done.DeliveredAt);
        Assert.Null(f.Spool.NextDueAt());
    }

    [Fact]
    public void PageCommitted_SkippedOrBackwardCount_IsRefused_RepeatIsAccepted()
    {
        using var f = new SpoolFixture();
        CallTicket t = f.Spool.BeginCall(new CallStart());
        Assert.Equal(SpoolStatus.InvalidPageCount, f.Spool.PageCommitted(t.CallId, 2));
        Assert.Equal(SpoolStatus.Ok, f.Spool.PageCommitted(t.CallId, 1));
        Assert.Equal(SpoolStatus.Ok, f.Spool.PageCommitted(t.CallId, 1)); // the engine retried after an exception
        Assert.Equal(SpoolStatus.Ok, f.Spool.PageCommitted(t.CallId, 2));
        Assert.Equal(SpoolStatus.InvalidPageCount, f.Spool.PageCommitted(t.CallId, 1));
        Assert.Equal(2, f.Spool.GetCall(t.CallId)!.Pages);
        Assert.Equal(SpoolStatus.UnknownCall, f.Spool.PageCommitted("nope", 1));
    }

    [Fact]
    public void EndCall_WithoutConfirmedPages_FailsWithReason()
    {
        using var f = new SpoolFixture();
        CallTicket t = f.Spool.BeginCall(new CallStart(Route: SpoolFixture.Route));
        Assert.Equal(SpoolStatus.Ok, f.Spool.EndCall(t.CallId, new CallOutcome(false, "T2 expired")));
        CallRecord r = f.Spool.GetCall(t.CallId)!;
        Assert.Equal(CallState.Failed, r.State);
        Assert.Contains("no page", r.FailureReason, StringComparison.Ordinal);
        Assert.Equal("T2 expired", r.EndNote);
        Assert.Null(f.Spool.ClaimNextDue());
    }

    [Fact]
    public void EndCall_WithoutRoute_FailsAndRequeueAfterSetRouteDelivers()
    {
        using var f = new SpoolFixture();
        CallTicket t = f.Spool.BeginCall(new CallStart());
        f.Spool.PageCommitted(t.CallId, 1);
        f.Spool.EndCall(t.CallId, new CallOutcome(true));
        Assert.Contains("no recipient", f.Spool.GetCall(t.CallId)!.FailureReason, StringComparison.Ordinal);
        Assert.Equal(SpoolStatus.WrongState, f.Spool.Requeue(t.CallId)); // nowhere to send it yet
        Assert.Equal(SpoolStatus.Ok, f.Spool.SetRoute(t.CallId, SpoolFixture.Route)); // the administrator picks a mailbox
        Assert.Equal(SpoolStatus.Ok, f.Spool.Requeue(t.CallId));
        Assert.Equal(SpoolFixture.Route, f.Spool.ClaimNextDue()!.Route);
    }

    [Fact]
    public void EndCall_InterruptedWithPages_StillQueuesConfirmedPages()
    {
        using var f = new SpoolFixture();
        CallTicket t = f.Spool.BeginCall(new CallStart(Route: SpoolFixture.Route));
        f.Spool.PageCommitted(t.CallId, 1);
        Assert.Equal(SpoolStatus.Ok, f.Spool.EndCall(t.CallId, new CallOutcome(false, "line dropped")));
        Assert.Equal(1, f.Spool.ClaimNextDue()!.Pages);
    }

    [Fact]
    public void OperationsInWrongState_AreRefusedWithoutChangingTheCall()
    {
        using var f = new SpoolFixture();
        CallTicket t = f.ReceivedCall();
        Assert.Equal(SpoolStatus.WrongState, f.Spool.PageCommitted(t.CallId, 3));
        Assert.Equal(SpoolStatus.WrongState, f.Spool.EndCall(t.CallId, new CallOutcome(true)));
        Assert.Equal(SpoolStatus.WrongState, f.Spool.SetRemoteIdentity(t.CallId, "x"));
        Assert.Equal(SpoolStatus.UnknownCall, f.Spool.EndCall("nope", new CallOutcome(true)));
        DeliveryItem item = f.Spool.ClaimNextDue()!;
        Assert.Equal(SpoolStatus.Ok, f.Spool.MarkDelivered(item, "250"));
        Assert.Equal(SpoolStatus.LeaseLost, f.Spool.MarkDelivered(item, "250"));
        Assert.Equal(SpoolStatus.LeaseLost, f.Spool.MarkFailed(item, "550"));
        Assert.Equal(SpoolStatus.LeaseLost, f.Spool.Reschedule(item, "451"));
        Assert.Equal(SpoolStatus.WrongState, f.Spool.Requeue(t.CallId));
        Assert.Equal(CallState.Delivered, f.Spool.GetCall(t.CallId)!.State);
    }

    [Fact]
    public void MarkFailed_StaysVisibleWithReason_RequeueRetriesWithSameMessageId()
    {
        using var f = new SpoolFixture();
        CallTicket t = f.ReceivedCall();
        DeliveryItem first = f.Spool.ClaimNextDue()!;
        Assert.Equal(SpoolStatus.Ok, f.Spool.MarkFailed(first, "550 5.1.1 mailbox unavailable"));
        CallRecord r = f.Spool.GetCall(t.CallId)!;
        Assert.Equal((CallState.Failed, "550 5.1.1 mailbox unavailable"), (r.State, r.FailureReason));
        Assert.Null(f.Spool.ClaimNextDue());
        Assert.Equal(SpoolStatus.Ok, f.Spool.Requeue(t.CallId));
        DeliveryItem second = f.Spool.ClaimNextDue()!;
        Assert.Equal((t.MessageId, 2), (second.MessageId, second.Attempt));
    }

    [Fact]
    public void Restart_RecoversReceivingAndDeliveringCalls()
    {
        using var f = new SpoolFixture();
        CallTicket withPages = f.Spool.BeginCall(new CallStart(Route: SpoolFixture.Route));
        DurableFile.WriteAllBytes(withPages.TiffPath, [1, 2, 3]);
        f.Spool.PageCommitted(withPages.CallId, 1);
        string leftover = Path.Combine(withPages.Folder, ".fax.tif.0123.tmp"); // a rewrite the crash interrupted
        File.WriteAllBytes(leftover, [9]);
        CallTicket noPages = f.Spool.BeginCall(new CallStart(Route: SpoolFixture.Route));
        CallTicket sending = f.ReceivedCall();
        DeliveryItem lease = f.Spool.ClaimNextDue()!;
        Assert.Equal(sending.CallId, lease.CallId);

        f.Reopen();

        CallRecord a = f.Spool.GetCall(withPages.CallId)!;
        Assert.Equal((CallState.Received, 1, "interrupted by a restart"), (a.State, a.Pages, a.EndNote));
        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(withPages.TiffPath));
        Assert.Equal(CallState.Failed, f.Spool.GetCall(noPages.CallId)!.State);
        var due = new List<DeliveryItem>();
        while (f.Spool.ClaimNextDue() is { } i)
        {
            due.Add(i);
        }

        Assert.Equal(new[] { sending.CallId, withPages.CallId }.Order(StringComparer.Ordinal), due.Select(i => i.CallId).Order(StringComparer.Ordinal));
        DeliveryItem again = due.Single(i => i.CallId == sending.CallId);
        Assert.Equal((sending.MessageId, 2), (again.MessageId, again.Attempt)); // same Message-ID on the re-send
        Assert.Equal(SpoolStatus.LeaseLost, f.Spool.MarkDelivered(lease, "250")); // the pre-crash lease is void
    }
}
