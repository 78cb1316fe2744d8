using CsCheck;

namespace FaxAppliance.Spool.Tests;

public sealed class DeliveryQueueTests
{
    [Fact]
    public void Backoff_DoublesFromBaseAndStopsAtMax()
    {
        TimeSpan b = TimeSpan.FromMinutes(1), max = TimeSpan.FromMinutes(30);
        TimeSpan[] schedule = [.. Enumerable.Range(1, 8).Select(a => DeliveryBackoff.Delay(a, b, max))];
        Assert.Equal(new[] { 1, 2, 4, 8, 16, 30, 30, 30 }.Select(m => TimeSpan.FromMinutes(m)), schedule);
    }

    [Fact]
    public void Backoff_AnyAttempt_IsWithinBaseAndMaxAndNeverShrinks()
    {
        Gen.Select(Gen.Int[1, 10_000], Gen.Int[1, 100_000], Gen.Int[0, 1_000_000]).Sample((attempt, baseMs, extraMs) =>
        {
            TimeSpan b = TimeSpan.FromMilliseconds(baseMs), max = b + TimeSpan.FromMilliseconds(extraMs);
            TimeSpan d = DeliveryBackoff.Delay(attempt, b, max);
            return d >= b && d <= max && DeliveryBackoff.Delay(attempt + 1, b, max) >= d;
        });
    }

    [Fact]
    public void Reschedule_NotDueBeforeBackoff_DueAfter_SameMessageIdNextAttempt()
    {
        using var f = new SpoolFixture(new SpoolOptions { RetryBase = TimeSpan.FromMinutes(1), RetryMax = TimeSpan.FromMinutes(30) });
        CallTicket t = f.ReceivedCall();
        DeliveryItem a1 = f.Spool.ClaimNextDue()!;
        Assert.Equal(SpoolStatus.Ok, f.Spool.Reschedule(a1, "451 4.3.0 try later"));
        CallRecord r = f.Spool.GetCall(t.CallId)!;
        Assert.Equal((CallState.Received, "451 4.3.0 try later", f.Time.Now + TimeSpan.FromMinutes(1)), (r.State, r.LastError, r.NextAttemptAt));
        Assert.Equal(f.Time.Now + TimeSpan.FromMinutes(1), f.Spool.NextDueAt());
        f.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Null(f.Spool.ClaimNextDue());
        f.Time.Advance(TimeSpan.FromSeconds(1));
        DeliveryItem a2 = f.Spool.ClaimNextDue()!;
        Assert.Equal((t.MessageId, 2), (a2.MessageId, a2.Attempt));
        f.Spool.Reschedule(a2, "connection refused");
        f.Time.Advance(TimeSpan.FromSeconds(119));
        Assert.Null(f.Spool.ClaimNextDue());
        f.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3, f.Spool.ClaimNextDue()!.Attempt);
    }

    [Fact]
    public void Reschedule_PastGiveUpPeriod_FailsWithLastError()
    {
        using var f = new SpoolFixture(new SpoolOptions { RetryBase = TimeSpan.FromHours(1), RetryMax = TimeSpan.FromHours(1), GiveUpAfter = TimeSpan.FromHours(3) });
        CallTicket t = f.ReceivedCall();
        int attempts = 0;
        SpoolStatus s;
        do
        {
            DeliveryItem item = f.Spool.ClaimNextDue()!;
            attempts++;
            s = f.Spool.Reschedule(item, "421 4.4.2 timeout");
            f.Time.Advance(TimeSpan.FromHours(1));
        }
        while (s == SpoolStatus.Ok);

        Assert.Equal((SpoolStatus.GaveUp, 4), (s, attempts)); // at 0, 1, 2 and 3 h; the next would be past 3 h
        CallRecord r = f.Spool.GetCall(t.CallId)!;
        Assert.Equal(CallState.Failed, r.State);
        Assert.Equal("gave up after 4 attempts: 421 4.4.2 timeout", r.FailureReason);
    }

    [Fact]
    public void Lease_ExpiredBeforeResult_ItemReturnsToQueue_OldHolderLosesLease()
    {
        using var f = new SpoolFixture(new SpoolOptions { Lease = TimeSpan.FromMinutes(5) });
        CallTicket t = f.ReceivedCall();
        DeliveryItem stuck = f.Spool.ClaimNextDue()!;
        Assert.Equal(f.Time.Now + TimeSpan.FromMinutes(5), stuck.LeaseUntil);
        Assert.Equal(stuck.LeaseUntil, f.Spool.NextDueAt());
        f.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        Assert.Null(f.Spool.ClaimNextDue());
        f.Time.Advance(TimeSpan.FromMilliseconds(1));
        DeliveryItem retry = f.Spool.ClaimNextDue()!;
        Assert.Equal((t.CallId, t.MessageId, 2), (retry.CallId, retry.MessageId, retry.Attempt));
        Assert.Equal(SpoolStatus.LeaseLost, f.Spool.MarkDelivered(stuck, "250 late"));
        Assert.Equal(SpoolStatus.Ok, f.Spool.MarkDelivered(retry, "250 ok"));
        Assert.Equal("250 ok", f.Spool.GetCall(t.CallId)!.ServerReply);
    }

    [Fact]
    public void Claim_OldestDueFirst_ThenNothing()
    {
        using var f = new SpoolFixture();
        CallTicket first = f.ReceivedCall();
        f.Time.Advance(TimeSpan.FromSeconds(1));
        CallTicket second = f.ReceivedCall();
        Assert.Equal(first.CallId, f.Spool.ClaimNextDue()!.CallId);
        Assert.Equal(second.CallId, f.Spool.ClaimNextDue()!.CallId);
        Assert.Null(f.Spool.ClaimNextDue());
    }
}
