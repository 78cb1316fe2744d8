namespace FaxAppliance.Hal.Audio;

/// <summary>Outcome of a blocking audio port call. The hot path reports with a status, never with an exception.</summary>
public enum AudioStatus
{
    /// <summary>A whole frame was read or written.</summary>
    Ok,

    /// <summary>No frame was available (read) or no room was free (write) before the timeout.</summary>
    TimedOut,

    /// <summary>The caller's cancellation token was cancelled while waiting.</summary>
    Canceled,

    /// <summary>The port is closed (the board was disposed); no more frames will come.</summary>
    Closed,
}
