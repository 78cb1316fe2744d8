using Microsoft.Extensions.Logging;

namespace FaxAppliance.Spool;

/// <summary>The spool's log lines; every line about a call carries its id.</summary>
internal static partial class SpoolLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Spool opened at {Folder}")]
    public static partial void Opened(ILogger logger, string folder);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Spool database {Path} is unreadable: {Reason}")]
    public static partial void Corrupt(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Corrupt spool database moved to {Quarantined}; starting an empty one")]
    public static partial void Quarantined(ILogger logger, string quarantined);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Call {CallId}: receiving into {Folder}")]
    public static partial void CallStarted(ILogger logger, string callId, string folder);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Call {CallId}: page {Page} durable")]
    public static partial void PageCommitted(ILogger logger, string callId, int page);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Call {CallId}: ended ({Note}), {Pages} pages, now {State}")]
    public static partial void CallEnded(ILogger logger, string callId, string note, int pages, CallState state);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Call {CallId}: was {Was} at restart, now {State} with {Pages} confirmed pages")]
    public static partial void Recovered(ILogger logger, string callId, CallState was, CallState state, int pages);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Call {CallId}: delivery attempt {Attempt} to {Recipient}")]
    public static partial void Claimed(ILogger logger, string callId, int attempt, string recipient);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Call {CallId}: delivered, server said {Reply}")]
    public static partial void Delivered(ILogger logger, string callId, string reply);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Call {CallId}: attempt {Attempt} failed ({Error}); next at {Next}")]
    public static partial void Rescheduled(ILogger logger, string callId, int attempt, string error, DateTimeOffset next);

    [LoggerMessage(EventId = 23, Level = LogLevel.Error, Message = "Call {CallId}: failed: {Reason}")]
    public static partial void Failed(ILogger logger, string callId, string reason);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "Call {CallId}: lease lost (attempt {Attempt}); another attempt owns it")]
    public static partial void LeaseLost(ILogger logger, string callId, int attempt);

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Call {CallId}: purged after retention")]
    public static partial void Purged(ILogger logger, string callId);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "Folder {Folder} in the spool has no call record; left for an administrator")]
    public static partial void Orphan(ILogger logger, string folder);

    [LoggerMessage(EventId = 32, Level = LogLevel.Warning, Message = "Refusing calls: {Reason}")]
    public static partial void Refusing(ILogger logger, string reason);
}
