using FaxAppliance.Fax.T30;

namespace FaxAppliance.Fax.Channel;

/// <summary>The tones T.30 sends outside the modems.</summary>
public enum ChannelTone
{
    /// <summary>CNG, the calling tone: 1100 Hz, 0.5 s on, 3 s off (T.30 §4.1.2).</summary>
    Cng,

    /// <summary>CED, the called station's answer tone: 2100 Hz, 2.6–4 s (T.30 §4.1.3).</summary>
    Ced,
}

/// <summary>What the page-data receiver reports (T.38's indicators say the same things).</summary>
public enum ImageStatus
{
    /// <summary>A high-speed signal began (energy at the page modem; its training is being looked for).</summary>
    SignalDetected,

    /// <summary>The high-speed modem trained: image bits follow.</summary>
    TrainingSucceeded,

    /// <summary>A high-speed signal was seen but training failed (also: it ended without a training being recognised).</summary>
    TrainingFailed,

    /// <summary>The high-speed carrier went away (the end of TCF or of a page).</summary>
    CarrierDown,
}

/// <summary>
/// The T.30 engine's view of the line: V.21 HDLC control frames, the high-speed page modems and the two tones,
/// without saying how they travel. The analog line implements it with the software modems; the SIP endpoint will
/// implement it with T.38 IFP packets (whose indicators and data types map one to one onto these calls). The
/// engine and the channel run on one thread: the channel calls <see cref="IChannelEvents"/> from inside its own
/// processing, and the engine calls back into the channel from there.
/// </summary>
/// <remarks>
/// Transmit calls queue in order: a control frame sent after a page waits until the page is out. The engine
/// learns that everything queued has left through <see cref="IChannelEvents.OnTransmitComplete"/>.
/// </remarks>
public interface ISignalChannel
{
    /// <summary>Listen for V.21 control frames only (the high-speed receiver is off).</summary>
    void ReceiveControl();

    /// <summary>
    /// Listen for a high-speed signal at <paramref name="rate"/> (TCF or a page) while still listening for V.21
    /// control frames (a sender that did not hear our response repeats its command instead).
    /// </summary>
    /// <param name="rate">The modulation and bit rate the DCS commanded.</param>
    /// <param name="shortTrain">V.17's short training (after a successful long train at this rate).</param>
    /// <param name="hdlcFramed">ECM: the bits are HDLC frames (delivered by <see cref="IChannelEvents.OnImageFrame"/>);
    /// otherwise raw T.4 bits (delivered by <see cref="IChannelEvents.OnImageData"/>).</param>
    void ReceiveImage(SignallingRate rate, bool shortTrain, bool hdlcFramed);

    /// <summary>Queues silence.</summary>
    void SendSilence(int milliseconds);

    /// <summary>Queues a tone; CNG is sent as its cadence (0.5 s on, 3 s off) for the duration.</summary>
    void SendTone(ChannelTone tone, int milliseconds);

    /// <summary>
    /// Queues a V.21 HDLC control frame (address, control, FCF, FIF; the channel adds the FCS). The first frame
    /// after silence gets the 1 s flag preamble (T.30 §5.3.1); <paramref name="last"/> ends the sequence and the
    /// carrier after it.
    /// </summary>
    void SendControl(ReadOnlySpan<byte> frame, bool last);

    /// <summary>Queues the start of a high-speed transmission: the modem's training at <paramref name="rate"/>.</summary>
    void StartImage(SignallingRate rate, bool shortTrain, bool hdlcFramed);

    /// <summary>
    /// Queues image data: raw T.4/T.6 bits (first bit on the line = least significant bit of each byte), or in ECM
    /// one HDLC frame (no FCS). The channel keeps a reference to <paramref name="data"/> until it is sent, so the
    /// caller must not reuse the memory before <see cref="IChannelEvents.OnTransmitComplete"/>.
    /// </summary>
    void SendImage(ReadOnlyMemory<byte> data);

    /// <summary>Queues the end of the high-speed transmission (the carrier goes off).</summary>
    void EndImage();

    /// <summary>Drops everything queued and stops transmitting at once (the call is over).</summary>
    void AbortTransmit();

    /// <summary>Whether nothing is queued or being sent.</summary>
    bool TransmitIdle { get; }

    /// <summary>The level of the signal being received now, dBm0 (for the trace); −∞ when none is known.</summary>
    double ReceiveLevelDbm0 { get; }
}

/// <summary>What the channel tells the engine, in line order, on the engine's thread.</summary>
public interface IChannelEvents
{
    /// <summary>A fax tone began.</summary>
    void OnTone(ChannelTone tone);

    /// <summary>A V.21 control frame arrived (no FCS); <paramref name="crcOk"/> says whether its FCS checked.</summary>
    void OnControlFrame(ReadOnlySpan<byte> frame, bool crcOk);

    /// <summary>V.21 flags began (<paramref name="up"/> true) or the V.21 carrier went away.</summary>
    void OnControlCarrier(bool up);

    /// <summary>The high-speed receiver's state changed.</summary>
    void OnImageStatus(ImageStatus status);

    /// <summary>Raw image bits arrived (non-ECM), first bit = least significant bit.</summary>
    void OnImageData(ReadOnlySpan<byte> data);

    /// <summary>An HDLC frame arrived over the high-speed modem (ECM).</summary>
    void OnImageFrame(ReadOnlySpan<byte> frame, bool crcOk);

    /// <summary>Everything queued for transmission has left.</summary>
    void OnTransmitComplete();

    /// <summary>Time advanced to <paramref name="now"/> (since the call started); called after each block's events.</summary>
    void OnTick(TimeSpan now);
}
