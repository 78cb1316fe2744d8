namespace FaxAppliance.Spool;

/// <summary>Where a received fax is in its life: receiving → received → delivering → delivered | failed.</summary>
public enum CallState
{
    /// <summary>The call is in progress; pages are being confirmed (MCF) one by one.</summary>
    Receiving,

    /// <summary>The call ended with at least one confirmed page; the fax waits in the delivery queue.</summary>
    Received,

    /// <summary>A delivery worker holds a lease on the fax and is sending it.</summary>
    Delivering,

    /// <summary>The mail server accepted the fax.</summary>
    Delivered,

    /// <summary>Permanently failed (no pages, no route, 5xx, gave up); stays visible with its reason.</summary>
    Failed,
}

/// <summary>Outcome of a spool operation that the caller may legitimately lose a race on.</summary>
public enum SpoolStatus
{
    /// <summary>Done.</summary>
    Ok,

    /// <summary>No call with that id.</summary>
    UnknownCall,

    /// <summary>The call is not in a state that allows the operation.</summary>
    WrongState,

    /// <summary>The delivery lease expired and the item was claimed again (or finished) by someone else.</summary>
    LeaseLost,

    /// <summary>The confirmed page count went backwards or skipped pages.</summary>
    InvalidPageCount,

    /// <summary>A temporary failure exhausted the retry period; the call is now failed.</summary>
    GaveUp,
}

/// <summary>Where the routing policy sends a fax (a summary kept with the call for the history page).</summary>
/// <param name="Recipient">The mailbox address.</param>
/// <param name="Method">Delivery method, e.g. "smtp" or "relay".</param>
/// <param name="DecisionJson">The routing decision with its reasons, as JSON text (opaque to the spool).</param>
public sealed record DeliveryRoute(string Recipient, string Method, string? DecisionJson = null);

/// <summary>What the host knows when it answers a call.</summary>
/// <param name="Line">The line or SIP account the call came in on.</param>
/// <param name="RemoteNumber">Calling number, when known.</param>
/// <param name="Route">The routing decision, when already known (it can also be given later).</param>
public sealed record CallStart(string? Line = null, string? RemoteNumber = null, DeliveryRoute? Route = null);

/// <summary>A call accepted into the spool: where its pages go and the identity its mail will carry.</summary>
/// <param name="CallId">The call id (appears in every log line, the record and the mail headers).</param>
/// <param name="Folder">The call's own folder in the spool.</param>
/// <param name="TiffPath">The multi-page TIFF the page store rewrites durably after each page.</param>
/// <param name="MessageId">The stable RFC 5322 §3.6.4 msg-id for the call's mail, angle brackets included.</param>
public sealed record CallTicket(string CallId, string Folder, string TiffPath, string MessageId);

/// <summary>How a call ended, as the T.30 engine saw it.</summary>
/// <param name="Completed">True after a normal end of procedure (T.30 phase E); false when the line dropped.</param>
/// <param name="Note">A short human text, e.g. "DCN after MCF" or "T2 expired".</param>
/// <param name="Route">The routing decision, if it was not given before.</param>
public sealed record CallOutcome(bool Completed, string? Note = null, DeliveryRoute? Route = null);

/// <summary>A fax claimed for delivery. Only the holder of this lease may record the result.</summary>
/// <param name="CallId">The call id.</param>
/// <param name="MessageId">The stable Message-ID to send with (same on every attempt).</param>
/// <param name="TiffPath">The fax.</param>
/// <param name="Pages">Pages confirmed to the sender.</param>
/// <param name="Route">Where it goes.</param>
/// <param name="Attempt">1 for the first attempt; the lease token.</param>
/// <param name="LeaseUntil">When the lease expires and the item returns to the queue.</param>
public sealed record DeliveryItem(string CallId, string MessageId, string TiffPath, int Pages, DeliveryRoute Route, int Attempt, DateTimeOffset LeaseUntil);

/// <summary>A call as the history page shows it.</summary>
public sealed record CallRecord
{
    /// <summary>The call id.</summary>
    public required string CallId { get; init; }

    /// <summary>The stable Message-ID.</summary>
    public required string MessageId { get; init; }

    /// <summary>The state.</summary>
    public required CallState State { get; init; }

    /// <summary>Line the call came in on.</summary>
    public string? Line { get; init; }

    /// <summary>Calling number.</summary>
    public string? RemoteNumber { get; init; }

    /// <summary>Remote identity (T.30 TSI).</summary>
    public string? RemoteIdentity { get; init; }

    /// <summary>When the call was answered.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the call ended (or was recovered after a restart).</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Pages confirmed (MCF) to the sender.</summary>
    public required int Pages { get; init; }

    /// <summary>How the call ended.</summary>
    public string? EndNote { get; init; }

    /// <summary>Where it goes, when decided.</summary>
    public DeliveryRoute? Route { get; init; }

    /// <summary>Delivery attempts started.</summary>
    public required int Attempts { get; init; }

    /// <summary>When the next attempt is due (queued calls).</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>The last temporary error.</summary>
    public string? LastError { get; init; }

    /// <summary>The mail server's reply when it accepted the fax.</summary>
    public string? ServerReply { get; init; }

    /// <summary>When it was delivered.</summary>
    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>Why it failed.</summary>
    public string? FailureReason { get; init; }

    /// <summary>When it failed.</summary>
    public DateTimeOffset? FailedAt { get; init; }
}
