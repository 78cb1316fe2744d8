namespace FaxAppliance.Hal.Audio;

/// <summary>
/// Running totals of an audio port since it opened. Receive is line → appliance, transmit is appliance → line.
/// </summary>
/// <param name="FramesReceived">Frames the codec delivered from the line into the port's receive buffer.</param>
/// <param name="FramesRead">Frames the appliance read.</param>
/// <param name="Overruns">Received frames dropped because the receive buffer was full (the reader fell behind; ALSA calls it an xrun).</param>
/// <param name="FramesWritten">Frames the appliance wrote.</param>
/// <param name="FramesSent">Written frames the codec sent to the line.</param>
/// <param name="Underruns">Frame periods in which the codec had nothing to send and sent silence instead.</param>
public readonly record struct AudioPortCounters(
    long FramesReceived,
    long FramesRead,
    long Overruns,
    long FramesWritten,
    long FramesSent,
    long Underruns);
