using FaxAppliance.Fax.Channel;
using FaxAppliance.Fax.T30;

namespace FaxAppliance.Fax.Tests.Engine;

/// <summary>What the engine asked the channel to do.</summary>
internal enum ChannelOp
{
    ReceiveControl,
    ReceiveImage,
    Silence,
    Tone,
    Control,
    StartImage,
    Image,
    EndImage,
    Abort,
}

/// <summary>One call the engine made into the channel, with the fake time it happened at.</summary>
internal sealed record ChannelCall(
    TimeSpan At,
    ChannelOp Op,
    byte[]? Bytes = null,
    bool Last = false,
    SignallingRate? Rate = null,
    bool ShortTrain = false,
    ChannelTone? Tone = null,
    int Milliseconds = 0)
{
    /// <summary>The T.30 name of a control frame ("DCS", "MCF"), or the op's name.</summary>
    public string Name => Op == ChannelOp.Control && Bytes is { Length: >= 3 } b ? T30Fcf.Name(b[2]) : Op.ToString();
}

/// <summary>
/// A scripted <see cref="ISignalChannel"/>: records every call, keeps the transmit queue's state (something queued
/// since the last <see cref="IChannelEvents.OnTransmitComplete"/>) and checks that the engine uses the transmit queue
/// sanely: image data only between StartImage and EndImage, no control frame inside an image transmission.
/// </summary>
internal sealed class FakeSignalChannel : ISignalChannel
{
    private bool _imageOpen;

    /// <summary>Every call, in order.</summary>
    public List<ChannelCall> Calls { get; } = [];

    /// <summary>Misuses of the transmit queue (an empty list is a sane engine).</summary>
    public List<string> Violations { get; } = [];

    /// <summary>The fake clock (set by the harness).</summary>
    public TimeSpan Now { get; set; }

    /// <summary>Something was queued and its OnTransmitComplete has not been delivered yet.</summary>
    public bool HasQueued { get; private set; }

    /// <summary>The last ReceiveControl/ReceiveImage call: what the receiver listens for now.</summary>
    public ChannelCall? Listening { get; private set; }

    public bool TransmitIdle => !HasQueued;

    public double ReceiveLevelDbm0 => -20;

    /// <summary>The harness delivers OnTransmitComplete: the queue is empty again.</summary>
    public void MarkTransmitted()
    {
        if (_imageOpen)
        {
            Violations.Add($"{Now}: transmit completed with an image transmission still open (no EndImage)");
            _imageOpen = false;
        }

        HasQueued = false;
    }

    public void ReceiveControl() => Listening = Add(new ChannelCall(Now, ChannelOp.ReceiveControl));

    public void ReceiveImage(SignallingRate rate, bool shortTrain, bool hdlcFramed) =>
        Listening = Add(new ChannelCall(Now, ChannelOp.ReceiveImage, Rate: rate, ShortTrain: shortTrain));

    public void SendSilence(int milliseconds)
    {
        Queue(new ChannelCall(Now, ChannelOp.Silence, Milliseconds: milliseconds));
        if (_imageOpen)
        {
            Violations.Add($"{Now}: silence queued inside an image transmission");
        }
    }

    public void SendTone(ChannelTone tone, int milliseconds)
    {
        Queue(new ChannelCall(Now, ChannelOp.Tone, Tone: tone, Milliseconds: milliseconds));
        if (_imageOpen)
        {
            Violations.Add($"{Now}: tone queued inside an image transmission");
        }
    }

    public void SendControl(ReadOnlySpan<byte> frame, bool last)
    {
        Queue(new ChannelCall(Now, ChannelOp.Control, frame.ToArray(), last));
        if (_imageOpen)
        {
            Violations.Add($"{Now}: control frame {T30Fcf.Name(frame.Length > 2 ? frame[2] : (byte)0)} queued inside an image transmission");
        }

        if (frame.Length < 3 || frame[0] != T30FrameParser.Address || frame[1] != (last ? T30FrameParser.ControlFinal : T30FrameParser.ControlNotFinal))
        {
            Violations.Add($"{Now}: malformed control frame {Convert.ToHexString(frame)} (last {last})");
        }
    }

    public void StartImage(SignallingRate rate, bool shortTrain, bool hdlcFramed)
    {
        if (_imageOpen)
        {
            Violations.Add($"{Now}: StartImage while an image transmission is open");
        }

        _imageOpen = true;
        Queue(new ChannelCall(Now, ChannelOp.StartImage, Rate: rate, ShortTrain: shortTrain));
    }

    public void SendImage(ReadOnlyMemory<byte> data)
    {
        if (!_imageOpen)
        {
            Violations.Add($"{Now}: SendImage without StartImage");
        }

        Queue(new ChannelCall(Now, ChannelOp.Image, data.ToArray()));
    }

    public void EndImage()
    {
        if (!_imageOpen)
        {
            Violations.Add($"{Now}: EndImage without StartImage");
        }

        _imageOpen = false;
        Queue(new ChannelCall(Now, ChannelOp.EndImage));
    }

    public void AbortTransmit()
    {
        _imageOpen = false;
        HasQueued = false;
        Add(new ChannelCall(Now, ChannelOp.Abort));
    }

    /// <summary>Names of the control frames sent from call index <paramref name="from"/> on ("TSI", "DCS", …).</summary>
    public List<string> FramesSince(int from) =>
        Calls.Skip(from).Where(c => c.Op == ChannelOp.Control).Select(c => c.Name).ToList();

    /// <summary>The rates of the StartImage calls from call index <paramref name="from"/> on.</summary>
    public List<SignallingRate> TrainingsSince(int from) =>
        Calls.Skip(from).Where(c => c.Op == ChannelOp.StartImage).Select(c => c.Rate!.Value).ToList();

    private void Queue(ChannelCall call)
    {
        HasQueued = true;
        Add(call);
    }

    private ChannelCall Add(ChannelCall call)
    {
        Calls.Add(call);
        return call;
    }
}
