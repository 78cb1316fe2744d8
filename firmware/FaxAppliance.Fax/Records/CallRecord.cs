using FaxAppliance.Fax.T30;

namespace FaxAppliance.Fax.Records;

/// <summary>How a call ended.</summary>
public enum CallOutcome
{
    /// <summary>Still in progress.</summary>
    InProgress,

    /// <summary>Every page was sent or received and confirmed, and the call was released in order.</summary>
    Completed,

    /// <summary>The call ended without completing; <see cref="CallRecord.Reason"/> says why.</summary>
    Failed,
}

/// <summary>One page of a call, as the record keeps it.</summary>
/// <param name="Number">1-based page number.</param>
/// <param name="Rows">Scan lines in the page.</param>
/// <param name="BadRows">Rows that did not decode and were concealed (non-ECM).</param>
/// <param name="ConsecutiveBadRows">Longest run of bad rows.</param>
/// <param name="Response">What the receiver answered: MCF, RTP, RTN, PPR… or "none" (partial page).</param>
/// <param name="Rate">The modem and bit rate the page went at.</param>
/// <param name="Partial">The page was cut off (the remote hung up or the carrier went away); kept, but marked.</param>
/// <param name="EcmRetransmittedFrames">ECM frames sent again after a PPR.</param>
public sealed record PageRecord(
    int Number,
    int Rows,
    int BadRows,
    int ConsecutiveBadRows,
    string Response,
    SignallingRate Rate,
    bool Partial = false,
    int EcmRetransmittedFrames = 0);

/// <summary>
/// Everything known about one call: who, what was negotiated, every page, the outcome with its reason, and the
/// T.30 trace. The engine fills it in on its thread; read it once the call is over (or copy under your own lock).
/// </summary>
public sealed class CallRecord
{
    /// <summary>Creates the record of a new call.</summary>
    public CallRecord(string callId, T30Role role, DateTimeOffset started)
    {
        CallId = callId;
        Role = role;
        Started = started;
    }

    /// <summary>The call's id: in every log line, the record, the spool and the delivered mail.</summary>
    public string CallId { get; }

    /// <summary>Our role.</summary>
    public T30Role Role { get; }

    /// <summary>When the call started (wall clock).</summary>
    public DateTimeOffset Started { get; }

    /// <summary>Line time from the start of the call to its end.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>The remote's identity (CSI when we send, TSI when we receive), as it sent it.</summary>
    public string? RemoteIdentity { get; set; }

    /// <summary>The sub-address (SUB) the sender gave, if any: routes the fax to a mailbox.</summary>
    public string? SubAddress { get; set; }

    /// <summary>The rate of the last page (or the last TCF).</summary>
    public SignallingRate? Rate { get; set; }

    /// <summary>Whether ECM was used.</summary>
    public bool Ecm { get; set; }

    /// <summary>The page compression negotiated.</summary>
    public Compressions Compression { get; set; }

    /// <summary>The vertical resolution negotiated.</summary>
    public Resolutions Resolution { get; set; }

    /// <summary>The page width negotiated.</summary>
    public PageWidth Width { get; set; }

    /// <summary>Training checks (TCF) that failed, each followed by FTT and a step-down.</summary>
    public int FailedTrainings { get; set; }

    /// <summary>The pages, in order.</summary>
    public List<PageRecord> Pages { get; } = [];

    /// <summary>How the call ended.</summary>
    public CallOutcome Outcome { get; set; } = CallOutcome.InProgress;

    /// <summary>Why, in words an engineer can act on ("no response to DCS after 3 tries").</summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>Every frame and event, with times and levels.</summary>
    public T30Trace Trace { get; } = new();
}
