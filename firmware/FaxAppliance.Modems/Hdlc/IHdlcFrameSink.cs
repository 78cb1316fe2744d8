namespace FaxAppliance.Modems.Hdlc;

/// <summary>
/// Where an <see cref="HdlcReceiver"/> puts its frames. Implemented by structs and passed by reference
/// with a generic constraint (<c>where TFrames : struct, IHdlcFrameSink</c>), like <see cref="IBitSink"/>:
/// no delegate, no boxing, no allocation per frame.
/// </summary>
public interface IHdlcFrameSink
{
    /// <summary>
    /// One frame between flags: address, control and information octets without the FCS.
    /// <paramref name="frame"/> is only valid during the call (it is the receiver's own buffer); copy
    /// what you keep. <paramref name="crcOk"/> false: the FCS did not check or the frame was not a
    /// whole number of octets (delivered only once framing is established, see
    /// <see cref="HdlcReceiver.FramingOkFlags"/>).
    /// </summary>
    void OnFrame(ReadOnlySpan<byte> frame, bool crcOk);

    /// <summary>
    /// A change of state in sequence with the frames: <see cref="ModemStatus.FramingOk"/> (preamble of
    /// flags recognised), <see cref="ModemStatus.Abort"/> (seven or more ones inside a frame), and the
    /// modem's own statuses (carrier up/down, training) passed through.
    /// </summary>
    void OnStatus(ModemStatus status);
}
