namespace FaxAppliance.Uplink.Smtp;

/// <summary>When to try a delivery again: exponential backoff on temporary failures (RFC 5321 §4.5.4.1 asks
/// senders to retry transient failures, waiting at least 30 minutes between tries in general; a fax appliance
/// talking to its own mail system starts sooner and backs off).</summary>
/// <param name="InitialDelay">The wait after the first failed attempt.</param>
/// <param name="Factor">How much each further wait grows (≥ 1).</param>
/// <param name="MaxDelay">The longest wait.</param>
/// <param name="MaxAttempts">Attempts in all, the first included; then the failure is final.</param>
public sealed record RetryPolicy(TimeSpan InitialDelay, double Factor, TimeSpan MaxDelay, int MaxAttempts)
{
    /// <summary>1 min, 2, 4, … up to 1 h between tries, 12 attempts (about 5 hours).</summary>
    public static RetryPolicy Default { get; } = new(TimeSpan.FromMinutes(1), 2, TimeSpan.FromHours(1), 12);

    /// <summary>How long to wait before the next attempt, or null when there must be none.</summary>
    /// <param name="attemptsMade">Attempts made so far (1 after the first).</param>
    /// <param name="last">The last attempt's outcome.</param>
    /// <returns>null after a delivery, after a permanent failure, or when <see cref="MaxAttempts"/> are used up.</returns>
    public TimeSpan? NextDelay(int attemptsMade, DeliveryOutcome last)
    {
        ArgumentNullException.ThrowIfNull(last);
        if (last.Kind != DeliveryOutcomeKind.TemporaryFailure || attemptsMade >= MaxAttempts || attemptsMade < 1)
        {
            return null;
        }

        // InitialDelay · Factor^(attemptsMade − 1), computed in double so a long run cannot overflow, then capped.
        double ticks = InitialDelay.Ticks * Math.Pow(Math.Max(1.0, Factor), attemptsMade - 1);
        return ticks >= MaxDelay.Ticks || double.IsNaN(ticks) ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
