using System.Buffers;
using FaxAppliance.Fax.Channel;
using FaxAppliance.Fax.Pages;
using FaxAppliance.Fax.Records;

namespace FaxAppliance.Fax.T30;

/// <summary>
/// The T.30 procedure (ITU-T T.30, phases A–E) for one call, in either role, over an abstract
/// <see cref="ISignalChannel"/>: the software modems on the analog line, or T.38 later. Single-threaded: every
/// method runs on the channel's thread, from inside the channel's own processing (events, then a tick per block).
/// </summary>
/// <remarks>
/// The engine never throws on what the remote sends: a frame it cannot parse or does not expect is written to the
/// trace and ignored, or answered as T.30 says (CRP for a command received with errors). Every wait has its T.30
/// timer; when a timer runs out for good the call ends with DCN and a reason in the <see cref="CallRecord"/>.
/// Both roles work with and without error correction (Annex A).
/// </remarks>
public sealed partial class T30Engine : IChannelEvents
{
    private const int MaxFrameBytes = 256;

    private readonly T30Options _options;
    private readonly ISignalChannel _channel;
    private readonly byte[] _frame = new byte[MaxFrameBytes];
    private readonly List<byte[]> _lastSent = [];
    private State _state = State.Idle;
    private State _afterTransmit = State.Idle;
    private TimeSpan _now;
    private TimeSpan _deadline = TimeSpan.MaxValue;
    private TimeSpan _transmitEndedAt = TimeSpan.FromDays(-1);
    private string _timerName = string.Empty;
    private bool _transmitting;
    private int _tries;
    private DcsParameters? _dcs;

    /// <summary>Creates the engine for one call.</summary>
    /// <param name="options">Role, identity, capabilities.</param>
    /// <param name="channel">The line (modems) or the T.38 session.</param>
    /// <param name="record">The call record to fill in.</param>
    /// <param name="store">Answering: where received pages go (each before its MCF).</param>
    /// <param name="document">Calling: the pages to send.</param>
    public T30Engine(T30Options options, ISignalChannel channel, CallRecord record, IPageStore? store = null, IReadOnlyList<PageBitmap>? document = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            T30Identity.Encode(options.LocalIdentity, stackalloc byte[20]);
            if (options.SubAddress is not null)
            {
                T30Identity.Encode(options.SubAddress, stackalloc byte[20]);
            }
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The local fax identity '{options.LocalIdentity}' or sub-address '{options.SubAddress}' is not valid: {e.Message}", nameof(options), e);
        }

        if (options.EcmFrameSize is not (64 or 256))
        {
            throw new ArgumentException($"The ECM frame size is 64 or 256 octets, not {options.EcmFrameSize}.", nameof(options));
        }

        _options = options;
        _channel = channel;
        Record = record;
        if (options.Role == T30Role.Answering)
        {
            _store = store ?? throw new ArgumentException("An answering engine needs a page store.", nameof(store));
        }
        else
        {
            if (document is null || document.Count == 0)
            {
                throw new ArgumentException("A calling engine needs a document of at least one page.", nameof(document));
            }

            _document = document;
        }
    }

    private enum State
    {
        Idle,

        // Answering (receiver).
        AwaitCommand,
        ReceiveTcf,
        AwaitPage,
        ReceivingPage,
        AwaitPostPage,
        AwaitDcn,

        // Calling (sender).
        CallingCng,
        AwaitTcfResponse,
        AwaitPostPageResponse,

        // Either.
        Transmitting,
        Releasing,
        Done,
    }

    /// <summary>The call's record (filled in as the call goes).</summary>
    public CallRecord Record { get; }

    /// <summary>The call is over (phase E reached): the line may be released.</summary>
    public bool Finished => _state == State.Done;

    /// <summary>Begins the call (phase A): answering sends CED and DIS, calling sends CNG and listens.</summary>
    public void Start()
    {
        if (_state != State.Idle)
        {
            throw new InvalidOperationException("The engine has already started.");
        }

        Trace("--", "state", "start", _options.Role.ToString());
        if (_options.Role == T30Role.Answering)
        {
            StartAnswering();
        }
        else
        {
            StartCalling();
        }
    }

    /// <summary>The line went away under the call (loop current lost, the host hung up): ends it now.</summary>
    public void Abort(string reason)
    {
        if (_state is State.Done)
        {
            return;
        }

        _channel.AbortTransmit();
        if (_options.Role == T30Role.Answering && _state == State.AwaitDcn && _lastWasEop)
        {
            // Every page was confirmed after EOP; a sender that hangs up without DCN has still sent a whole fax.
            Finish(CallOutcome.Completed, $"{_store!.Count} page(s) received; the sender hung up without DCN");
            return;
        }

        OnLineLost(reason);
        Finish(CallOutcome.Failed, reason);
    }

    /// <inheritdoc/>
    public void OnTone(ChannelTone tone) => Trace("rx", "tone", tone.ToString(), level: _channel.ReceiveLevelDbm0);

    /// <inheritdoc/>
    public void OnControlCarrier(bool up)
    {
        if (!up)
        {
            ControlSequenceEnded();
        }
    }

    /// <inheritdoc/>
    public void OnControlFrame(ReadOnlySpan<byte> frame, bool crcOk)
    {
        if (_state is State.Done or State.Idle)
        {
            return;
        }

        string hex = Convert.ToHexString(frame[..Math.Min(frame.Length, MaxFrameBytes)]);
        if (frame.Length > MaxFrameBytes)
        {
            // No T.30 control frame is this long (the longest, a DIS with every extension, is a few dozen octets).
            Trace("rx", "frame", "oversized", hex + "…", crcOk, _channel.ReceiveLevelDbm0, $"{frame.Length} octets: ignored");
            _badFrameInSequence = true;
            return;
        }

        if (IsOwnEcho(frame))
        {
            Trace("rx", "frame", "echo", hex, crcOk, _channel.ReceiveLevelDbm0, "a copy of our own frame (line echo): ignored");
            return;
        }

        if (!crcOk)
        {
            Trace("rx", "frame", "bad FCS", hex, false, _channel.ReceiveLevelDbm0);
            _badFrameInSequence = true;
            return;
        }

        if (T30FrameParser.TryParse(frame, out T30Frame parsed, out string? error) != OperationStatus.Done)
        {
            Trace("rx", "frame", "invalid", hex, true, _channel.ReceiveLevelDbm0, error);
            _badFrameInSequence = true;
            return;
        }

        Trace("rx", "frame", parsed.Name, hex, true, _channel.ReceiveLevelDbm0);
        if (_transmitting)
        {
            Trace("--", "frame", parsed.Name, detail: "received while we transmit (half duplex): ignored");
            return;
        }

        if (parsed.Final)
        {
            _badFrameInSequence = false;
        }

        if (_options.Role == T30Role.Answering)
        {
            OnAnsweringFrame(parsed);
        }
        else
        {
            OnCallingFrame(parsed);
        }
    }

    /// <inheritdoc/>
    public void OnImageStatus(ImageStatus status)
    {
        Trace("rx", "image", status.ToString(), level: _channel.ReceiveLevelDbm0);
        if (_options.Role == T30Role.Answering)
        {
            OnAnsweringImageStatus(status);
        }
    }

    /// <inheritdoc/>
    public void OnImageData(ReadOnlySpan<byte> data)
    {
        if (_options.Role == T30Role.Answering)
        {
            OnAnsweringImageData(data);
        }
    }

    /// <inheritdoc/>
    public void OnImageFrame(ReadOnlySpan<byte> frame, bool crcOk)
    {
        if (_options.Role == T30Role.Answering && EcmActive)
        {
            OnEcmImageFrame(frame, crcOk);
        }
    }

    /// <inheritdoc/>
    public void OnTransmitComplete()
    {
        if (!_transmitting)
        {
            ContinueCng(); // CNG is sent while listening, so it does not count as transmitting (half duplex)
            return;
        }

        _transmitting = false;
        _transmitEndedAt = _now;
        State next = _afterTransmit;
        _afterTransmit = State.Idle;
        if (_state == State.Releasing)
        {
            Finish(Record.Outcome == CallOutcome.InProgress ? CallOutcome.Failed : Record.Outcome, Record.Reason);
            return;
        }

        EnterAfterTransmit(next);
    }

    /// <inheritdoc/>
    public void OnTick(TimeSpan now)
    {
        _now = now;
        Record.Duration = now;
        if (_state is State.Done or State.Idle || _transmitting || now < _deadline)
        {
            return;
        }

        string timer = _timerName;
        _deadline = TimeSpan.MaxValue;
        Trace("--", "timer", timer, detail: $"expired in {_state}");
        OnTimeout(timer);
    }

    private void EnterAfterTransmit(State next)
    {
        if (_options.Role == T30Role.Answering)
        {
            AnsweringTransmitDone(next);
        }
        else
        {
            CallingTransmitDone(next);
        }
    }

    private void OnTimeout(string timer)
    {
        if (_options.Role == T30Role.Answering)
        {
            AnsweringTimeout(timer);
        }
        else
        {
            CallingTimeout(timer);
        }
    }

    private void SetTimer(string name, TimeSpan duration)
    {
        _timerName = name;
        _deadline = _now + duration;
    }

    private void ClearTimer() => _deadline = TimeSpan.MaxValue;

    // Queues a sequence of control frames (the last with the final bit) and remembers them for CRP and echo checks.
    private void SendFrames(State afterTransmit, params ReadOnlySpan<(byte Fcf, byte[]? Info)> frames)
    {
        _lastSent.Clear();
        for (int i = 0; i < frames.Length; i++)
        {
            bool last = i == frames.Length - 1;
            int n = T30FrameParser.Build(_frame, frames[i].Fcf, XBit, last, frames[i].Info ?? []);
            byte[] copy = _frame.AsSpan(0, n).ToArray();
            _lastSent.Add(copy);
            _channel.SendControl(copy, last);
            Trace("tx", "frame", T30Fcf.Name(frames[i].Fcf), Convert.ToHexString(copy), detail: Describe(frames[i].Fcf));
        }

        Transmit(afterTransmit);
    }

    // Sends the frames of the last sequence again (a repeat after T4, or the answer to CRP).
    private void RepeatLastFrames(State afterTransmit)
    {
        for (int i = 0; i < _lastSent.Count; i++)
        {
            _channel.SendControl(_lastSent[i], i == _lastSent.Count - 1);
            Trace("tx", "frame", T30Fcf.Name(T30Fcf.Normalize(_lastSent[i][2])), Convert.ToHexString(_lastSent[i]), detail: "repeated");
        }

        Transmit(afterTransmit);
    }

    private void Transmit(State afterTransmit)
    {
        _transmitting = true;
        _afterTransmit = afterTransmit;
        ClearTimer();
        if (_state is not State.Releasing)
        {
            _state = State.Transmitting;
        }
    }

    // Ends the call in order: DCN (phase E), then release.
    private void Release(CallOutcome outcome, string reason)
    {
        if (_state is State.Releasing or State.Done)
        {
            return;
        }

        Record.Outcome = outcome;
        Record.Reason = reason;
        _channel.AbortTransmit();
        _transmitting = false;
        _channel.SendSilence(T30Timers.TurnaroundMs);
        int n = T30FrameParser.Build(_frame, T30Fcf.Dcn, XBit, true, []);
        _channel.SendControl(_frame.AsSpan(0, n), last: true);
        Trace("tx", "frame", "DCN", Convert.ToHexString(_frame.AsSpan(0, n)), detail: reason);
        _state = State.Releasing;
        _transmitting = true;
        ClearTimer();
    }

    private void Finish(CallOutcome outcome, string reason)
    {
        if (_state == State.Done)
        {
            return;
        }

        Record.Outcome = outcome;
        Record.Reason = reason;
        Record.Duration = _now;
        _state = State.Done;
        _transmitting = false;
        ClearTimer();
        Trace("--", "state", "end", detail: $"{outcome}: {reason}");
    }

    // What this station can do, from the configuration (T.30 Table 2): sent in DIS when answering, matched against the
    // receiver's DIS when calling. T.6 (MMR) only with ECM (T.30 §5.3.6.2.6).
    private FaxCapabilities LocalCapabilities(bool readyToReceive) => new()
    {
        Modems = _options.Modems,
        Compressions = _options.Ecm ? _options.Compressions : _options.Compressions & ~Compressions.MMR,
        Resolutions = _options.Resolutions,
        MaxWidth = _options.MaxWidth,
        MaxLength = RecordingLength.Unlimited,
        Ecm = _options.Ecm,
        MinScanLineMs = 0,
        ReadyToReceive = readyToReceive,
        Subaddressing = readyToReceive, // the sub-address routes a received fax to a mailbox
    };

    private bool XBit => _options.Role == T30Role.Calling; // T.30 §5.3.6.1: 1 in frames from the station that received a valid DIS

    private bool IsOwnEcho(ReadOnlySpan<byte> frame)
    {
        if (!_transmitting && _now - _transmitEndedAt > T30Timers.EchoWindow)
        {
            return false;
        }

        foreach (byte[] sent in _lastSent)
        {
            if (frame.SequenceEqual(sent))
            {
                return true;
            }
        }

        return false;
    }

    private void Trace(string direction, string kind, string name, string? hex = null, bool? crcOk = null, double? level = null, string? detail = null) =>
        Record.Trace.Add(new T30TraceEntry(_now, direction, kind, name, hex, crcOk, level, detail));

    private string? Describe(byte fcf) =>
        fcf == T30Fcf.Dcs && _dcs is { } d ? $"{d.Rate} {d.Compression} {d.Resolution} {d.Width}{(d.Ecm ? " ECM" : string.Empty)}" : null;
}
