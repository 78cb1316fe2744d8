using FaxAppliance.Audio;
using FaxAppliance.Hal.Simulated.Board;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FaxAppliance.Host;

/// <summary>
/// Runs the appliance: the simulated board free-running (silence in, transmitted frames counted) and the capture
/// loop with a level meter, logging statistics every <see cref="StatisticsInterval"/>.
/// </summary>
public sealed class ApplianceService : BackgroundService
{
    /// <summary>How often the capture statistics are logged.</summary>
    public static readonly TimeSpan StatisticsInterval = TimeSpan.FromSeconds(10);

    private readonly SimulatedBoard _board;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeSpan? _duration;
    private readonly LevelMeter _levelMeter = new();
    private CaptureLoop? _capture;

    /// <summary>Creates the service; it owns <paramref name="board"/> and disposes it when stopped.</summary>
    public ApplianceService(SimulatedBoard board, TimeSpan? duration, ILoggerFactory loggerFactory, IHostApplicationLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _board = board;
        _duration = duration;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("FaxAppliance.Host");
        _lifetime = lifetime;
    }

    /// <summary>Stops the capture loop and the board, and logs the final statistics.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        _board.StopFreeRunning();
        LogStatistics(); // before Stop, which ends the subscriptions and their counters
        _capture?.Stop();
        _capture?.Dispose();
        _board.Dispose();
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _capture?.Dispose();
        _board.Dispose();
        base.Dispose();
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _capture = new CaptureLoop(_board.Audio, _loggerFactory.CreateLogger<CaptureLoop>());
        _capture.Subscribe(_levelMeter, "level-meter");
        _capture.Start();
        _board.StartFreeRunning();

        DateTime deadline = _duration is { } d ? DateTime.UtcNow + d : DateTime.MaxValue;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                bool lastWait = left <= StatisticsInterval;
                await Task.Delay(lastWait ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : StatisticsInterval, stoppingToken).ConfigureAwait(false);
                if (lastWait)
                {
                    HostLog.DurationReached(_logger, _duration!.Value.TotalSeconds);
                    _lifetime.StopApplication();
                    return;
                }

                LogStatistics();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Ctrl-C, SIGTERM or StopApplication.
        }
#pragma warning disable CA1031 // Whatever stopped the service: record it so the process exits with 1, then stop.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Failure = e;
            HostLog.Failed(_logger, e);
            _lifetime.StopApplication();
        }
    }

    /// <summary>What made the service fail, if anything (the process then exits with 1).</summary>
    public Exception? Failure { get; private set; }

    private void LogStatistics()
    {
        if (_capture is null)
        {
            return;
        }

        CaptureStatistics s = _capture.GetStatistics();
        long consumerOverruns = 0;
        long consumerExceptions = 0;
        foreach (ConsumerStatistics c in s.Consumers)
        {
            consumerOverruns += c.Overruns;
            consumerExceptions += c.Exceptions;
        }

        LevelReading level = _levelMeter.TakeReading();
        HostLog.Statistics(
            _logger,
            s.FramesCaptured,
            s.Port.Overruns,
            s.Port.Underruns,
            s.Port.FramesSent,
            s.ReadTimeouts,
            level.AverageDbm0,
            consumerOverruns,
            consumerExceptions);
    }
}
