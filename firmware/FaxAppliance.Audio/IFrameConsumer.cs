namespace FaxAppliance.Audio;

/// <summary>
/// Receives captured frames in order, on its own thread (one per subscription), so a slow consumer delays only
/// itself; in simulation (<see cref="CaptureThreading.CallerPumped"/>) on the pumping thread, after the consumers
/// subscribed before it. Tone detectors, modem receivers and recorders implement this. <see cref="OnFrame"/> should not
/// allocate; an exception it throws is logged and counted, and the next frame comes as usual.
/// </summary>
public interface IFrameConsumer
{
    /// <summary>Handles one 20 ms frame. The spans are valid only during the call.</summary>
    void OnFrame(in CapturedFrame frame);
}
