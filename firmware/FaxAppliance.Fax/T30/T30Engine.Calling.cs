using System.Buffers;
using FaxAppliance.Fax.Channel;
using FaxAppliance.Fax.Pages;
using FaxAppliance.Fax.Records;
using FaxAppliance.Imaging.Coding;

namespace FaxAppliance.Fax.T30;

// The calling (sending) station: CNG until DIS (phase A/B), TSI/DCS + TCF with step-down on FTT, the pages with
// MPS/EOP, MCF/RTP/RTN handling (phase C/D), and DCN (phase E).
public sealed partial class T30Engine
{
    /// <summary>Most times one page is sent again after RTN before the call gives up.</summary>
    public const int MaxPageTries = 3;

    private readonly IReadOnlyList<PageBitmap>? _document;
    private FaxCapabilities? _remote;
    private int _sendIndex;
    private int _pageTries;
    private bool _trainedAtRate;
    private byte[]? _pageData;
    private int _phaseBRestarts;

    private void StartCalling()
    {
        _channel.ReceiveControl();
        SetTimer("T1", T30Timers.T1);
        _state = State.CallingCng;
        SendCng();
    }

    private void SendCng()
    {
        // T.30 §4.1.2: CNG, 1100 Hz for 0.5 s every 3.5 s, while waiting for the called station.
        _channel.SendTone(ChannelTone.Cng, 3500);
    }

    private void CallingTransmitDone(State next)
    {
        _state = next;
        switch (next)
        {
            case State.AwaitTcfResponse:
            case State.AwaitPostPageResponse:
                _channel.ReceiveControl();
                SetTimer("T4", T30Timers.T4);
                break;
            default:
                break;
        }
    }

    private void CallingTimeout(string timer)
    {
        switch (_state)
        {
            case State.CallingCng:
                Finish(CallOutcome.Failed, "no fax answer within T1 (35 s): no DIS heard");
                _channel.AbortTransmit();
                break;
            case State.AwaitTcfResponse:
                if (++_tries < T30Timers.MaxCommandTries)
                {
                    SendDcsAndTcf();
                }
                else
                {
                    Release(CallOutcome.Failed, $"no response to DCS after {T30Timers.MaxCommandTries} tries");
                }

                break;
            case State.AwaitPostPageResponse:
                if (++_tries < T30Timers.MaxCommandTries)
                {
                    RepeatLastFrames(State.AwaitPostPageResponse);
                }
                else
                {
                    string command = _lastSent.Count > 0 ? T30Fcf.Name(T30Fcf.Normalize(_lastSent[^1][2])) : T30Fcf.Name(PostPageCommand);
                    Release(CallOutcome.Failed, $"no response to {command} after page {_sendIndex + 1} ({T30Timers.MaxCommandTries} tries)");
                }

                break;
            default:
                _ = timer;
                break;
        }
    }

    // CNG is queued a cadence at a time; the engine re-queues it while it waits (see OnTransmitComplete).
    private bool ContinueCng()
    {
        if (_state == State.CallingCng)
        {
            SendCng();
            return true;
        }

        return false;
    }

    private void OnCallingFrame(T30Frame frame)
    {
        byte fcf = frame.Fcf;
        if (fcf == T30Fcf.Csi)
        {
            if (T30Identity.TryDecode(frame.Info, out string id, out _) == OperationStatus.Done)
            {
                Record.RemoteIdentity = id;
            }

            return;
        }

        if (fcf == T30Fcf.Nsf)
        {
            return;
        }

        if (fcf == T30Fcf.Dcn)
        {
            Finish(CallOutcome.Failed, $"the receiver released the call (DCN) in {_state} after {_sendIndex} confirmed page(s)");
            return;
        }

        if (fcf == T30Fcf.Dis)
        {
            OnDis(frame);
            return;
        }

        if (fcf == T30Fcf.Crp)
        {
            if (_state == State.AwaitTcfResponse)
            {
                SendDcsAndTcf(); // T.30 §5.3.6.1.7: the command again, whole: DCS is always followed by its TCF
            }
            else if (_state == State.AwaitPostPageResponse && _lastSent.Count > 0)
            {
                RepeatLastFrames(State.AwaitPostPageResponse);
            }
            else
            {
                Trace("--", "frame", "CRP", detail: $"nothing to repeat in {_state}: ignored");
            }

            return;
        }

        if (_state == State.AwaitPostPageResponse && EcmActive && OnEcmResponse(frame))
        {
            return;
        }

        switch (_state)
        {
            case State.AwaitTcfResponse when fcf == T30Fcf.Cfr:
                _trainedAtRate = true;
                Trace("--", "state", "CFR", detail: $"training accepted at {_dcs!.Rate}");
                SendPage();
                return;
            case State.AwaitTcfResponse when fcf == T30Fcf.Ftt:
                Record.FailedTrainings++;
                StepDownOrGiveUp();
                return;
            case State.AwaitPostPageResponse when fcf == T30Fcf.Mcf || fcf == T30Fcf.Rtp || fcf == T30Fcf.Pip:
                PageConfirmed(fcf);
                return;
            case State.AwaitPostPageResponse when fcf == T30Fcf.Rtn || fcf == T30Fcf.Pin:
                PageRejected(fcf);
                return;
            default:
                Trace("--", "frame", T30Fcf.Name(fcf), detail: $"not expected in {_state}: ignored");
                return;
        }
    }

    private void OnDis(T30Frame frame)
    {
        if (DisCodec.TryDecode(frame.Info, out FaxCapabilities remote, out string? error) != OperationStatus.Done)
        {
            Trace("--", "frame", "DIS", detail: $"unusable DIS: {error}");
            return;
        }

        if (_state is not (State.CallingCng or State.AwaitTcfResponse or State.AwaitPostPageResponse))
        {
            Trace("--", "frame", "DIS", detail: $"DIS in {_state}: ignored");
            return;
        }

        if (_state == State.AwaitPostPageResponse)
        {
            // The receiver went back to phase B instead of answering: it did not get the page (typically its short
            // train failed). Retrain with DCS + TCF and send the page again, with the long train from now on.
            if (++_phaseBRestarts > T30Timers.MaxCommandTries)
            {
                Release(CallOutcome.Failed, $"the receiver restarted phase B {_phaseBRestarts} times instead of taking page {_sendIndex + 1}");
                return;
            }

            // A V.17 page after TCF must use the short train (the receiver expects it), so the remedy for a receiver
            // that cannot take the page at this rate is the next lower rate, as after FTT.
            SignallingRate? lower = T30Negotiation.StepDown(_dcs!.Rate, remote.Modems & _options.Modems);
            Trace("--", "state", "DIS", detail: $"the receiver missed page {_sendIndex + 1} at {_dcs.Rate}: retraining at {lower?.ToString() ?? "the same rate"}");
            _remote = remote;
            _dcs = _dcs with { Rate = lower ?? _dcs.Rate };
            _awaitingCtr = false;
            _tries = 0;
            SendDcsAndTcf();
            return;
        }

        if (!remote.ReadyToReceive)
        {
            Release(CallOutcome.Failed, "the remote station is not ready to receive (DIS bit 10 is 0)");
            return;
        }

        bool first = _remote is null;
        _remote = remote;
        if (first)
        {
            _channel.AbortTransmit();
            _transmitting = false;
            FaxCapabilities local = LocalCapabilities(readyToReceive: false);
            // The first page decides the call's width and resolution, reduced to what the receiver accepts (a wider page
            // is scaled down, fine becomes standard); later pages are fitted to the same (see SendPage).
            PageBitmap page = _document![0];
            PageWidth width = page.WidthClass > remote.MaxWidth ? remote.MaxWidth : page.WidthClass;
            // The finest resolution both sides take that is not finer than the page (T.30 Table 2 bits 15, 41–44).
            Resolutions resolution = Resolutions.Standard;
            foreach (Resolutions r in (ReadOnlySpan<Resolutions>)[Resolutions.R400, Resolutions.Superfine, Resolutions.R300, Resolutions.Fine])
            {
                if (PageScaler.LinesPerInch(r) <= PageScaler.LinesPerInch(page.Resolution) + 0.5 && remote.Resolutions.HasFlag(r) && _options.Resolutions.HasFlag(r))
                {
                    resolution = r;
                    break;
                }
            }

            if (!T30Negotiation.TryChooseDcs(remote, local, width, resolution, _options.MaxRate, out DcsParameters? dcs, out string? reason) || dcs is null)
            {
                Release(CallOutcome.Failed, $"cannot send to this station: {reason}");
                return;
            }

            bool sendSub = !string.IsNullOrEmpty(_options.SubAddress) && remote.Subaddressing;
            if (!string.IsNullOrEmpty(_options.SubAddress) && !remote.Subaddressing)
            {
                Trace("--", "frame", "SUB", detail: "the receiver does not offer subaddressing (DIS bit 49): sub-address not sent");
            }

            _dcs = dcs with { SubaddressFollows = sendSub, EcmFrameSize = dcs.Ecm && _options.EcmFrameSize == 64 ? 64 : 256 };
            _tries = 0;
        }
        else
        {
            _tries++; // the receiver sent DIS again: it did not hear our DCS
            if (_tries >= T30Timers.MaxCommandTries)
            {
                Release(CallOutcome.Failed, $"the receiver did not accept DCS after {T30Timers.MaxCommandTries} tries");
                return;
            }
        }

        SendDcsAndTcf();
    }

    private void SendDcsAndTcf()
    {
        DcsParameters dcs = _dcs!;
        Record.Rate = dcs.Rate;
        Record.Ecm = dcs.Ecm;
        Record.Compression = dcs.Compression;
        Record.Resolution = dcs.Resolution;
        Record.Width = dcs.Width;
        _trainedAtRate = false;
        byte[] fif = new byte[16];
        int n = DcsCodec.Encode(dcs, fif);
        byte[] tsi = new byte[20];
        T30Identity.Encode(_options.LocalIdentity, tsi);
        _channel.SendSilence(T30Timers.TurnaroundMs);
        if (dcs.SubaddressFollows)
        {
            byte[] sub = new byte[20];
            T30Identity.Encode(_options.SubAddress!, sub);
            SendFrames(State.AwaitTcfResponse, (T30Fcf.Sub, sub), (T30Fcf.Tsi, tsi), (T30Fcf.Dcs, fif[..n]));
        }
        else
        {
            SendFrames(State.AwaitTcfResponse, (T30Fcf.Tsi, tsi), (T30Fcf.Dcs, fif[..n]));
        }

        // TCF: the long train, then zeros for 1.5 s (T.30 §5.3.6.2.3), 75 ms after the DCS.
        _channel.SendSilence(T30Timers.TurnaroundMs);
        _channel.StartImage(dcs.Rate, shortTrain: false, hdlcFramed: false);
        _channel.SendImage(new byte[dcs.Rate.BitRate * T30Timers.TcfMs / 8000]);
        _channel.EndImage();
        Trace("tx", "image", "TCF", detail: $"{dcs.Rate}, {T30Timers.TcfMs} ms");
    }

    private void StepDownOrGiveUp()
    {
        DcsParameters dcs = _dcs!;
        ModemSupport common = _remote!.Modems & _options.Modems;
        if (T30Negotiation.StepDown(dcs.Rate, common) is not { } lower)
        {
            Release(CallOutcome.Failed, $"training failed at every rate down to {dcs.Rate}");
            return;
        }

        Trace("--", "state", "FTT", detail: $"stepping down from {dcs.Rate} to {lower}");
        _dcs = dcs with { Rate = lower };
        _tries = 0;
        SendDcsAndTcf();
    }

    private byte PostPageCommand => _sendIndex + 1 < _document!.Count ? T30Fcf.Mps : T30Fcf.Eop;

    private void SendPage()
    {
        DcsParameters dcs = _dcs!;
        PageBitmap page = PageScaler.Fit(_document![_sendIndex], dcs.Width, dcs.Resolution, out string? scaled);
        if (scaled is not null)
        {
            Trace("--", "page", $"page {_sendIndex + 1} fitted", detail: $"{scaled} (the receiver takes {dcs.Width}, {dcs.Resolution})");
        }

        if (dcs.Ecm)
        {
            // ECM: no minimum scan-line time (T.30 §5.3.6.2.x: the receiver buffers the block); the page's coded data
            // goes as numbered frames.
            PrepareEcmPage(PageCoding.Encode(page, dcs.Compression, BitOrder.LsbFirst, 0, endMarker: true));
            SendEcmBlock();
            return;
        }

        int minScanBits = dcs.MinScanLineMs * dcs.Rate.BitRate / 1000;
        _pageData = PageCoding.Encode(page, dcs.Compression, BitOrder.LsbFirst, minScanBits, endMarker: true);
        _channel.SendSilence(T30Timers.TurnaroundMs);
        _channel.StartImage(dcs.Rate, shortTrain: _trainedAtRate && ShortTrain(dcs.Rate), hdlcFramed: false);
        _channel.SendImage(_pageData);
        _channel.EndImage();
        Trace("tx", "image", $"page {_sendIndex + 1}", detail: $"{dcs.Rate}, {page.Rows} rows, {_pageData.Length} bytes {dcs.Compression}");
        _channel.SendSilence(T30Timers.TurnaroundMs);
        _tries = 0;
        SendFrames(State.AwaitPostPageResponse, (PostPageCommand, null));
    }

    private void PageConfirmed(byte response)
    {
        PageBitmap page = _document![_sendIndex];
        Record.Pages.Add(new PageRecord(_sendIndex + 1, page.Rows, 0, 0, T30Fcf.Name(response), _dcs!.Rate, EcmRetransmittedFrames: _dcs.Ecm ? _retransmittedFrames : 0));
        _sendIndex++;
        _pageTries = 0;
        if (_sendIndex >= _document.Count)
        {
            Release(CallOutcome.Completed, $"{_document.Count} page(s) sent and confirmed");
            return;
        }

        if (response == T30Fcf.Rtp)
        {
            SendDcsAndTcf(); // RTP: confirmed, but retrain before the next page (T.30 §5.3.6.2.x)
        }
        else
        {
            SendPage();
        }
    }

    private void PageRejected(byte response)
    {
        PageBitmap page = _document![_sendIndex];
        Record.Pages.Add(new PageRecord(_sendIndex + 1, page.Rows, 0, 0, T30Fcf.Name(response), _dcs!.Rate));
        if (++_pageTries >= MaxPageTries)
        {
            Release(CallOutcome.Failed, $"page {_sendIndex + 1} rejected ({T30Fcf.Name(response)}) {MaxPageTries} times");
            return;
        }

        // RTN: not received satisfactorily; retrain (DCS + TCF) and send the page again (T.30 §5.3.6.2.x).
        SendDcsAndTcf();
    }
}
