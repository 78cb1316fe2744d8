using FaxAppliance.Gateway;
using FaxAppliance.Spool;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FaxAppliance.Host;

/// <summary>
/// Delivers the spool's queue by mail: one <see cref="InboundFaxGateway.DeliverNextAsync"/> after another while faxes
/// are due; when none is, sleeps until <see cref="FaxSpool.NextDueAt"/> but never longer than <see cref="PollInterval"/>
/// (another process, e.g. the line simulator, may add calls to the same spool). Purges the spool every
/// <see cref="PurgeInterval"/> (retention). Crash recovery is <see cref="FaxSpool.Open"/>'s: a call left receiving or
/// delivering by a killed appliance is back in the queue before this worker starts.
/// </summary>
/// <remarks>
/// Stopping (Ctrl-C, SIGTERM, --duration) lets an attempt in progress finish (bounded by the SMTP timeouts and the
/// host's shutdown timeout) so its result is recorded; cancelling it half-way would turn an accepted mail into a
/// temporary failure with backoff. A SIGKILL half-way leaves it "delivering": re-sent after restart with the same
/// Message-ID (SMTP is at-least-once; see firmware/FaxAppliance.Spool/README.md).
/// </remarks>
public sealed class DeliveryWorker : BackgroundService
{
    /// <summary>The longest sleep between looks at the queue.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often <see cref="FaxSpool.Purge"/> runs.</summary>
    public static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);

    private readonly InboundFaxGateway _gateway;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates the worker over an open gateway; the caller owns (and disposes) the gateway.</summary>
    public DeliveryWorker(InboundFaxGateway gateway, ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(logger);
        _gateway = gateway;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Delivery attempts made so far (any outcome).</summary>
    public int Attempts { get; private set; }

    /// <summary>
    /// How long to sleep when nothing is due: until <paramref name="nextDue"/>, at most <paramref name="poll"/>, never
    /// negative (a due time in the past means "look again now").
    /// </summary>
    public static TimeSpan WaitBeforeNextLook(DateTimeOffset? nextDue, DateTimeOffset now, TimeSpan poll)
    {
        if (nextDue is not { } due)
        {
            return poll;
        }

        TimeSpan until = due - now;
        return until <= TimeSpan.Zero ? TimeSpan.Zero : until < poll ? until : poll;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // let the host finish starting
        FaxSpool spool = _gateway.Spool;
        if (_gateway.Config.Mail is { } mail)
        {
            HostLog.DeliveryStarted(_logger, spool.Folder, mail.Transport.Host, mail.Transport.Port);
        }
        else
        {
            HostLog.NoMail(_logger, spool.Folder);
        }

        DateTimeOffset nextPurge = _time.GetUtcNow();
        bool idleLogged = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (_time.GetUtcNow() >= nextPurge)
                {
                    Purge(spool);
                    nextPurge = _time.GetUtcNow() + PurgeInterval;
                }

                DeliveryAttempt? attempt = await TryDeliverOneAsync().ConfigureAwait(false);
                if (attempt is not null)
                {
                    idleLogged = false;
                    continue;
                }

                DateTimeOffset? nextDue = TryNextDue(spool);
                if (!idleLogged)
                {
                    if (nextDue is { } at)
                    {
                        HostLog.NextAttempt(_logger, at);
                    }
                    else
                    {
                        HostLog.QueueEmpty(_logger);
                    }

                    idleLogged = true;
                }

                TimeSpan wait = WaitBeforeNextLook(nextDue, _time.GetUtcNow(), PollInterval);
                await Task.Delay(wait, _time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }

        HostLog.DeliveryStopped(_logger, Attempts);
    }

    private async Task<DeliveryAttempt?> TryDeliverOneAsync()
    {
        DeliveryAttempt? attempt;
        try
        {
            // Not the stopping token: an attempt in progress is finished and recorded (see the remarks).
            attempt = await _gateway.DeliverNextAsync(CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The worker outlives any one attempt: a database or file error is logged and retried later.
        catch (Exception e)
#pragma warning restore CA1031
        {
            HostLog.DeliveryError(_logger, e);
            return null;
        }

        if (attempt is not null)
        {
            Attempts++;
            HostLog.Attempt(_logger, attempt.CallId, attempt.Recipient, attempt.Outcome.Kind, attempt.Outcome, attempt.SpoolStatus);
        }

        return attempt;
    }

    private DateTimeOffset? TryNextDue(FaxSpool spool)
    {
        try
        {
            return spool.NextDueAt();
        }
#pragma warning disable CA1031 // As above: look again after the poll interval.
        catch (Exception e)
#pragma warning restore CA1031
        {
            HostLog.DeliveryError(_logger, e);
            return null;
        }
    }

    private void Purge(FaxSpool spool)
    {
        try
        {
            int purged = spool.Purge();
            if (purged > 0)
            {
                HostLog.Purged(_logger, purged);
            }
        }
#pragma warning disable CA1031 // Retention is retried at the next interval.
        catch (Exception e)
#pragma warning restore CA1031
        {
            HostLog.DeliveryError(_logger, e);
        }
    }
}
