using Microsoft.Extensions.Logging;

namespace FaxAppliance.Host;

/// <summary>The host's log messages.</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "FaxAppliance starting; data folder {DataFolder}")]
    public static partial void Starting(ILogger logger, string dataFolder);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Board configuration {ConfigPath}: kind {Kind}, {Law}")]
    public static partial void ConfigLoaded(ILogger logger, string configPath, string kind, string law);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "No board configuration at {ConfigPath}; using the simulated board's defaults")]
    public static partial void ConfigMissing(ILogger logger, string configPath);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Board: {Board} ({Reason})")]
    public static partial void Board(ILogger logger, string board, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Raspberry Pi board hardware found ({Reason}), but {Problem}; running on the simulated board")]
    public static partial void FallingBack(ILogger logger, string reason, string problem);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "Web page: {Url} (not served yet)")]
    public static partial void WebPage(ILogger logger, string url);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "Stopping after --duration {Seconds} s")]
    public static partial void DurationReached(ILogger logger, double seconds);

    [LoggerMessage(EventId = 107, Level = LogLevel.Information,
        Message = "Capture: {Frames} frames; HAL rx overruns {Overruns}, tx underruns {Underruns}, tx frames {Sent}; read timeouts {Timeouts}; line level {LevelDbm0:0.0} dBm0; consumer overruns {ConsumerOverruns}, exceptions {ConsumerExceptions}")]
    public static partial void Statistics(ILogger logger, long frames, long overruns, long underruns, long sent, long timeouts, double levelDbm0, long consumerOverruns, long consumerExceptions);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information, Message = "FaxAppliance stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 109, Level = LogLevel.Critical, Message = "FaxAppliance failed")]
    public static partial void Failed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Appliance configuration {ConfigPath}: spool {SpoolFolder}")]
    public static partial void ApplianceConfigLoaded(ILogger logger, string configPath, string spoolFolder);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "Delivery worker started: spool {SpoolFolder}, mail server {MailHost}:{MailPort}")]
    public static partial void DeliveryStarted(ILogger logger, string spoolFolder, string mailHost, int mailPort);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "No mail section in the configuration: received faxes stay in the spool {SpoolFolder}")]
    public static partial void NoMail(ILogger logger, string spoolFolder);

    [LoggerMessage(EventId = 113, Level = LogLevel.Information, Message = "Call {CallId}: delivery to {Recipient}: {Outcome}, {Detail}; spool {SpoolStatus}")]
    public static partial void Attempt(ILogger logger, string callId, string recipient, FaxAppliance.Uplink.Smtp.DeliveryOutcomeKind outcome, FaxAppliance.Uplink.Smtp.DeliveryOutcome detail, FaxAppliance.Spool.SpoolStatus spoolStatus);

    [LoggerMessage(EventId = 114, Level = LogLevel.Information, Message = "Delivery queue empty")]
    public static partial void QueueEmpty(ILogger logger);

    [LoggerMessage(EventId = 115, Level = LogLevel.Information, Message = "Next delivery attempt due at {DueAt:O}")]
    public static partial void NextAttempt(ILogger logger, DateTimeOffset dueAt);

    [LoggerMessage(EventId = 116, Level = LogLevel.Information, Message = "Retention: {Purged} calls purged")]
    public static partial void Purged(ILogger logger, int purged);

    [LoggerMessage(EventId = 117, Level = LogLevel.Error, Message = "Delivery worker: spool or mail error; retrying")]
    public static partial void DeliveryError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 118, Level = LogLevel.Information, Message = "Delivery worker stopped after {Attempts} attempts")]
    public static partial void DeliveryStopped(ILogger logger, int attempts);
}
