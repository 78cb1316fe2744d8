using CsCheck;
using FaxAppliance.Uplink.Smtp;

namespace FaxAppliance.Uplink.Tests;

public class RetryPolicyTests
{
    private static readonly DeliveryOutcome Temporary = new(DeliveryOutcomeKind.TemporaryFailure, DeliveryFailureReason.ServerReply, 451, "try later", "t");
    private static readonly DeliveryOutcome Permanent = new(DeliveryOutcomeKind.PermanentFailure, DeliveryFailureReason.ServerReply, 550, "no", "p");
    private static readonly DeliveryOutcome Delivered = new(DeliveryOutcomeKind.Delivered, DeliveryFailureReason.None, 250, "ok", "d");

    [Fact]
    public void NextDelay_Temporary_DoublesFromInitialUpToMax()
    {
        var policy = new RetryPolicy(TimeSpan.FromMinutes(1), 2, TimeSpan.FromMinutes(10), 8);
        TimeSpan?[] delays = Enumerable.Range(1, 8).Select(n => policy.NextDelay(n, Temporary)).ToArray();
        Assert.Equal(new TimeSpan?[] { TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(8),
            TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), null }, delays);
    }

    [Fact]
    public void NextDelay_DeliveredOrPermanent_NoRetry()
    {
        Assert.Null(RetryPolicy.Default.NextDelay(1, Delivered));
        Assert.Null(RetryPolicy.Default.NextDelay(1, Permanent));
    }

    [Fact]
    public void NextDelay_AnyAttempt_NonDecreasingBoundedAndStopsAtMaxAttempts()
    {
        Gen.Select(Gen.Int[1, 1000], Gen.Double[1, 10], Gen.Int[1, 100_000], Gen.Int[1, 50]).Sample((initialMs, factor, maxMs, maxAttempts) =>
        {
            var policy = new RetryPolicy(TimeSpan.FromMilliseconds(initialMs), factor, TimeSpan.FromMilliseconds(Math.Max(initialMs, maxMs)), maxAttempts);
            TimeSpan previous = TimeSpan.Zero;
            for (int n = 1; n < maxAttempts; n++)
            {
                TimeSpan d = policy.NextDelay(n, Temporary)!.Value;
                Assert.InRange(d, previous, policy.MaxDelay);
                previous = d;
            }

            Assert.Null(policy.NextDelay(maxAttempts, Temporary));
            Assert.Null(policy.NextDelay(int.MaxValue, Temporary));
        });
    }
}
