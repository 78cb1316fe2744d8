using System.Buffers;
using FaxAppliance.Fax.Channel;
using FaxAppliance.Fax.Pages;
using FaxAppliance.Fax.Records;
using FaxAppliance.Imaging.Coding;

namespace FaxAppliance.Fax.T30;

// The answering (called, receiving) station: T.30 §5.2 flow, phase B (CSI/DIS → TSI/DCS, TCF → CFR/FTT), phase C
// (the page), phase D (MPS/EOP/EOM → MCF/RTP/RTN) and phase E (DCN).
public sealed partial class T30Engine
{
    private readonly IPageStore? _store;
    private PageAssembler? _page;
    private bool _pageTrainingFailed;
    private bool _gotDcs;
    private bool _badFrameInSequence;
    private bool _lastWasEop;
    private int _pageNumber;

    // TCF measurement.
    private bool _tcfTrained;
    private long _tcfBits;
    private long _tcfZeroRun;
    private long _tcfLongestZeroRun;

    private void StartAnswering()
    {
        _channel.ReceiveControl();
        _channel.SendSilence(T30Timers.AnswerSilenceMs);
        _channel.SendTone(ChannelTone.Ced, T30Timers.CedMs);
        Trace("tx", "tone", "CED", detail: $"{T30Timers.CedMs} ms");
        _channel.SendSilence(T30Timers.TurnaroundMs);
        SendDis();
    }

    private void SendDis()
    {
        FaxCapabilities caps = LocalCapabilities(readyToReceive: true);
        byte[] dis = new byte[32];
        int n = DisCodec.Encode(caps, dis);
        byte[] csi = new byte[20];
        T30Identity.Encode(_options.LocalIdentity, csi);
        SendFrames(State.AwaitCommand, (T30Fcf.Csi, csi), (T30Fcf.Dis, dis[..n]));
    }

    private void AnsweringTransmitDone(State next)
    {
        _state = next;
        switch (next)
        {
            case State.AwaitCommand:
                _channel.ReceiveControl();
                // Phase B: repeat DIS every T4 until a command comes (T.30 §5.4.3.1, the called station); after a response
                // in phase B/D the sender's next command may take up to T2.
                SetTimer(_gotDcs ? "T2" : "T4", _gotDcs ? T30Timers.T2 : T30Timers.T4);
                break;
            case State.AwaitPage:
                _channel.ReceiveImage(_dcs!.Rate, ShortTrain(_dcs.Rate) && !_ctcLongTrain, hdlcFramed: _dcs.Ecm);
                _ctcLongTrain = false;
                _pageTrainingFailed = false;
                SetTimer("T2", T30Timers.T2);
                break;
            case State.AwaitDcn:
            case State.AwaitPostPage:
                // T.30 §5.4.3.1: the receiver waits for a command for T2 (also after our CRP).
                _channel.ReceiveControl();
                SetTimer("T2", T30Timers.T2);
                break;
            default:
                break;
        }
    }

    private void AnsweringTimeout(string timer)
    {
        switch (_state)
        {
            case State.AwaitCommand:
                // Phase B (and after FTT, RTN or EOM): repeat DIS every T4 until a command comes, within T1 of the last
                // command heard (T.30 §5.4.3.1, the called station). A lost FTT or CFR is recovered the same way.
                if (_now - _lastCommandAt >= T30Timers.T1)
                {
                    KeepPartialPage();
                    Release(CallOutcome.Failed, _gotDcs
                        ? $"the sender went silent (no command within T1) after {_store!.Count} confirmed page(s)"
                        : "no fax command from the caller within T1 (35 s): not a fax machine, or it cannot hear us");
                }
                else
                {
                    SendDis();
                }

                break;
            case State.AwaitDcn:
                Finish(_lastWasEop ? CallOutcome.Completed : CallOutcome.Failed, _lastWasEop
                    ? $"{_store!.Count} page(s) received; the sender did not send DCN (T2 ran out), line released"
                    : "the sender went silent");
                break;
            case State.AwaitPage or State.ReceiveTcf when _hsSignalSince is { } since && _now - since < MaxUntrainedSignal:
                // A high-speed signal is still on the line (a page whose training we missed): wait for its end and the
                // post-page command, which we answer at once (RTN or PPR), rather than give up under it.
                SetTimer("T2", T30Timers.T2);
                break;
            case State.ReceiveTcf:
            case State.AwaitPage:
            case State.ReceivingPage:
            case State.AwaitPostPage:
                KeepPartialPage();
                Release(CallOutcome.Failed, $"the sender went silent in {_state} (T2 ran out) after {_store!.Count} confirmed page(s)");
                break;
            default:
                break;
        }
    }

    private void OnAnsweringFrame(T30Frame frame)
    {
        byte fcf = frame.Fcf;
        if (IsAnsweringCommand(fcf))
        {
            _lastCommandAt = _now; // only a command we know restarts the T1 clock, not line noise with a good FCS
        }
        if (fcf == T30Fcf.Tsi)
        {
            if (T30Identity.TryDecode(frame.Info, out string id, out _) == OperationStatus.Done)
            {
                Record.RemoteIdentity = id;
            }

            return;
        }

        if (fcf == T30Fcf.Sub)
        {
            if (T30Identity.TryDecode(frame.Info, out string sub, out _) == OperationStatus.Done)
            {
                Record.SubAddress = sub;
            }

            return;
        }

        if (fcf is var f && (f == T30Fcf.Nss || f == T30Fcf.Sid || f == T30Fcf.Pwd || f == T30Fcf.Tsa || f == T30Fcf.Ira))
        {
            return; // optional frames of the DCS sequence: traced, nothing to do
        }

        if (fcf == T30Fcf.Dcn)
        {
            KeepPartialPage();
            Finish(_lastWasEop ? CallOutcome.Completed : CallOutcome.Failed, _lastWasEop
                ? $"{_store!.Count} page(s) received"
                : $"the sender released the call (DCN) after {_store!.Count} confirmed page(s) without finishing the document");
            return;
        }

        if (fcf == T30Fcf.Crp)
        {
            RepeatLastFrames(_afterCrp);
            return;
        }

        if (fcf == T30Fcf.Dcs)
        {
            OnDcs(frame);
            return;
        }

        if (IsPostPage(fcf))
        {
            OnPostPageCommand(fcf);
            return;
        }

        if (fcf == T30Fcf.Pps)
        {
            OnPps(frame);
            return;
        }

        if (fcf == T30Fcf.Eor)
        {
            OnEor(frame);
            return;
        }

        if (fcf == T30Fcf.Ctc)
        {
            OnCtc(frame);
            return;
        }

        if (fcf == T30Fcf.Rr && _lastResponse is { } last)
        {
            // We never send RNR, so RR only comes from a sender that missed our response: send it again.
            _channel.SendSilence(T30Timers.TurnaroundMs);
            SendFrames(_afterCrp, (last, null));
            return;
        }

        Trace("--", "frame", T30Fcf.Name(fcf), detail: $"not expected in {_state}: ignored");
    }

    private State _afterCrp = State.AwaitCommand;

    /// <summary>A TCF cannot end earlier than this after its DCS (75 ms gap + 1.5 s − 10 %, less a margin).</summary>
    private static readonly TimeSpan TcfEarliestEnd = TimeSpan.FromMilliseconds(1000);

    /// <summary>Longest a high-speed signal without training may hold the call open: a whole non-ECM page at 2400 bit/s.</summary>
    private static readonly TimeSpan MaxUntrainedSignal = TimeSpan.FromMinutes(5);

    private TimeSpan? _hsSignalSince;
    private TimeSpan _dcsAt;
    private TimeSpan _lastCommandAt;

    private void OnDcs(T30Frame frame)
    {
        if (DcsCodec.TryDecode(frame.Info, out DcsParameters dcs, out string? error) != OperationStatus.Done)
        {
            Trace("--", "frame", "DCS", detail: $"unusable DCS: {error}; DIS sent again");
            SendDis();
            return;
        }

        if ((dcs.Ecm && !_options.Ecm) || (dcs.Compression == Compressions.MMR && !dcs.Ecm) || (dcs.Rate.RequiredSupport & _options.Modems) == 0)
        {
            Trace("--", "frame", "DCS", detail: "DCS asks for what our DIS did not offer; DIS sent again");
            SendDis();
            return;
        }

        _gotDcs = true;
        _dcsAt = _now;
        if (dcs.Ecm)
        {
            _dcs = dcs;
            StartEcmBlockReception(); // a PPS can come even when no frame of its block arrived (a lost train)
        }

        _dcs = dcs;
        Record.Rate = dcs.Rate;
        Record.Ecm = dcs.Ecm;
        Record.Compression = dcs.Compression;
        Record.Resolution = dcs.Resolution;
        Record.Width = dcs.Width;
        Trace("--", "state", "DCS", detail: Describe(T30Fcf.Dcs));

        // Phase B: the TCF follows 75 ms after the DCS at the commanded rate, with the long train.
        _state = State.ReceiveTcf;
        _tcfTrained = false;
        _tcfBits = _tcfZeroRun = _tcfLongestZeroRun = 0;
        _channel.ReceiveImage(dcs.Rate, shortTrain: false, hdlcFramed: false);
        SetTimer("T2", T30Timers.T2);
    }

    private void OnAnsweringImageStatus(ImageStatus status)
    {
        if (status == ImageStatus.SignalDetected)
        {
            _hsSignalSince = _now;
            if (_state is State.AwaitPage or State.ReceiveTcf)
            {
                SetTimer("T2", T30Timers.T2); // something is arriving: the wait starts again
            }

            return;
        }

        if (status == ImageStatus.CarrierDown)
        {
            _hsSignalSince = null;
        }

        switch (_state, status)
        {
            case (State.ReceiveTcf, ImageStatus.TrainingSucceeded):
                _tcfTrained = true;
                break;
            case (State.ReceiveTcf, ImageStatus.TrainingFailed):
                // A failed training still lasts until the sender's carrier ends; answer when it does.
                _tcfTrained = false;
                break;
            case (State.ReceiveTcf, ImageStatus.CarrierDown):
                if (!_tcfTrained && _now - _dcsAt < TcfEarliestEnd)
                {
                    // The tail of the DCS's own V.21 signal upsets the high-speed receiver for a moment: not the TCF
                    // (which starts 75 ms after the DCS and lasts 1.5 s). Keep listening.
                    Trace("--", "image", "ignored", detail: "high-speed carrier blip right after the DCS");
                    break;
                }

                JudgeTcf();
                break;
            case (State.AwaitPage, ImageStatus.TrainingSucceeded) when EcmActive:
                _imageSinceResponse = true;
                _state = State.ReceivingPage;
                StartEcmBlockReception();
                SetTimer("T2", T30Timers.T2); // restarted by every ECM frame
                break;
            case (State.ReceivingPage, ImageStatus.CarrierDown) when EcmActive:
                _state = State.AwaitPostPage;
                _channel.ReceiveControl();
                SetTimer("T2", T30Timers.T2);
                break;
            case (State.AwaitPage, ImageStatus.TrainingSucceeded):
                _imageSinceResponse = true;
                _state = State.ReceivingPage;
                _page = new PageAssembler(PageScaler.Pixels(_dcs!.Width, _dcs.Resolution), _dcs.Compression, BitOrder.LsbFirst, concealErrors: true, skipToFirstEol: true);
                SetTimer("T2", T30Timers.T2); // restarted by every block of page data
                break;
            case (State.AwaitPage, ImageStatus.TrainingFailed):
                // T.30 §5.3.6.2: without a page the receiver answers the post-page command with RTN; it must not wait T2.
                _pageTrainingFailed = true;
                _imageSinceResponse = true;
                Trace("--", "image", "page training failed", detail: "will answer the post-page command at once: RTN, or PPR in ECM");
                SetTimer("T2", T30Timers.T2);
                break;
            case (State.ReceivingPage, ImageStatus.CarrierDown):
                _page!.EndOfData();
                _state = State.AwaitPostPage;
                _channel.ReceiveControl();
                SetTimer("T2", T30Timers.T2);
                Trace("--", "page", $"page {_pageNumber + 1} ended", detail: $"{_page.Rows} rows, {_page.BadRows} bad, RTC {(_page.Complete ? "seen" : "missing")}");
                break;
            default:
                break;
        }
    }

    private void OnAnsweringImageData(ReadOnlySpan<byte> data)
    {
        if (_state == State.ReceiveTcf && _tcfTrained)
        {
            foreach (byte b in data)
            {
                if (b == 0)
                {
                    _tcfZeroRun += 8;
                }
                else
                {
                    _tcfZeroRun += System.Numerics.BitOperations.TrailingZeroCount(b);
                    _tcfLongestZeroRun = Math.Max(_tcfLongestZeroRun, _tcfZeroRun);
                    _tcfZeroRun = 7 - System.Numerics.BitOperations.Log2(b);
                }
            }

            _tcfLongestZeroRun = Math.Max(_tcfLongestZeroRun, _tcfZeroRun);
            _tcfBits += data.Length * 8L;
        }
        else if (_state == State.ReceivingPage)
        {
            _page!.Append(data);
            SetTimer("T2", T30Timers.T2); // a page whose carrier never ends (a vanished T.38 peer) still ends the call
        }
    }

    private void JudgeTcf()
    {
        DcsParameters dcs = _dcs!;
        long needed = (long)dcs.Rate.BitRate * T30Timers.TcfMinZeroRunMs / 1000;
        bool good = _tcfTrained && _tcfLongestZeroRun >= needed;
        string detail = $"{(_tcfTrained ? "trained" : "no training")}, {_tcfBits} bits, longest zero run {_tcfLongestZeroRun} (need {needed})";
        if (good)
        {
            Trace("--", "state", "TCF good", detail: detail);
            _channel.SendSilence(T30Timers.TurnaroundMs);
            _afterCrp = State.AwaitPage;
            SendFrames(State.AwaitPage, (T30Fcf.Cfr, null));
        }
        else
        {
            Record.FailedTrainings++;
            Trace("--", "state", "TCF bad", detail: detail);
            _channel.SendSilence(T30Timers.TurnaroundMs);
            _afterCrp = State.AwaitCommand;
            SendFrames(State.AwaitCommand, (T30Fcf.Ftt, null));
        }
    }

    private void ControlSequenceEnded()
    {
        // A command sequence that ended with errors and no good final frame: ask for it again (T.30 §5.3.6.1.7, CRP).
        if (_badFrameInSequence && !_transmitting && _state is State.AwaitCommand or State.AwaitPostPage or State.AwaitDcn
            && _options.Role == T30Role.Answering)
        {
            _badFrameInSequence = false;
            State back = _state;
            _channel.SendSilence(T30Timers.TurnaroundMs);
            Trace("--", "frame", "CRP", detail: "command received with errors: asking for it again");
            SendFrames(back, (T30Fcf.Crp, null)); // remembered, so its line echo is recognised as ours
        }
    }

    private static bool IsAnsweringCommand(byte fcf) =>
        fcf == T30Fcf.Tsi || fcf == T30Fcf.Sub || fcf == T30Fcf.Dcs || fcf == T30Fcf.Dcn || fcf == T30Fcf.Crp || fcf == T30Fcf.Pps
        || fcf == T30Fcf.Eor || fcf == T30Fcf.Ctc || fcf == T30Fcf.Rr || IsPostPage(fcf);

    private static bool IsPostPage(byte fcf) =>
        fcf == T30Fcf.Mps || fcf == T30Fcf.Eop || fcf == T30Fcf.Eom || fcf == T30Fcf.PriMps || fcf == T30Fcf.PriEop || fcf == T30Fcf.PriEom;

    // V.17 pages after a long-trained TCF use the short train (V.17 §7.2, T.30 §5.3.2.4 Note); V.27ter and V.29 have none.
    private static bool ShortTrain(SignallingRate rate) => rate.Modulation == Modulation.V17;

}
