namespace FaxAppliance.Spool;

/// <summary>Spool settings.</summary>
public sealed record SpoolOptions
{
    /// <summary>Right part of the generated Message-IDs (RFC 5322 §3.6.4: id-left "@" id-right); the appliance's FQDN in production.</summary>
    public string MessageIdDomain { get; init; } = "faxappliance.invalid";

    /// <summary>First retry delay after a temporary failure; doubled per attempt.</summary>
    public TimeSpan RetryBase { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest retry delay. RFC 5321 §4.5.4.1 suggests 30 min for a relay; a fax partner server retries sooner.</summary>
    public TimeSpan RetryMax { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How long after the call ended temporary failures are retried before the fax fails (RFC 5321 §4.5.4.1: 4–5 days).</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromDays(4);

    /// <summary>How long a claimed delivery is held before it returns to the queue.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long delivered faxes are kept (files and records).</summary>
    public TimeSpan DeliveredRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How long failed faxes are kept; longer, an administrator has to look at them.</summary>
    public TimeSpan FailedRetention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>What <see cref="FaxSpool.Open"/> does with a database file SQLite cannot read.</summary>
    public CorruptDatabasePolicy OnCorruptDatabase { get; init; } = CorruptDatabasePolicy.Refuse;
}

/// <summary>What to do with a corrupt spool database.</summary>
public enum CorruptDatabasePolicy
{
    /// <summary>Return an error (the host reports it and stays up without accepting calls).</summary>
    Refuse,

    /// <summary>Rename it aside (spool.db.corrupt-TIMESTAMP), start a new one; the call folders stay for an administrator.</summary>
    Quarantine,
}

/// <summary>The retry schedule after temporary delivery failures.</summary>
public static class DeliveryBackoff
{
    /// <summary>Delay after attempt <paramref name="attempt"/> (1-based) failed: base·2^(attempt−1), at most <paramref name="max"/>.</summary>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, baseDelay);
        int shift = Math.Min(attempt - 1, 40);
        double ticks = baseDelay.Ticks * Math.Pow(2, shift);
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }
}
