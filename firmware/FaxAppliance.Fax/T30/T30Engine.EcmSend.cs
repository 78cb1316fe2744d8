using System.Buffers;
using FaxAppliance.Fax.Records;

namespace FaxAppliance.Fax.T30;

// Error correction mode, sending (T.30 Annex A): the coded page is cut into frames of 256 (or 64) octets, sent in
// blocks of at most 256 numbered FCD frames, each block closed by three RCP frames and followed by PPS; PPR names the
// frames to send again; after the fourth PPR for a block we slow down with CTC (or, at the slowest rate, give the block
// up with EOR).
public sealed partial class T30Engine
{
    /// <summary>PPRs for one block before the sender changes strategy (T.30 Annex A: "after four PPR").</summary>
    public const int PprsBeforeCtc = 4;

    private static readonly byte[] RcpFrame = [T30FrameParser.Address, T30FrameParser.ControlNotFinal, T30Fcf.Rcp];

    private readonly List<byte[]> _ecmOut = [];
    private readonly bool[] _resend = new bool[EcmFrames.MaxFramesPerBlock];
    private int _blockFirst;
    private int _blockCount;
    private int _blockNumber;
    private int _pprCount;
    private int _retransmittedFrames;
    private bool _awaitingCtr;
    private bool _longTrainNext;
    private bool _sentEor;
    private TimeSpan _rnrSince = TimeSpan.MinValue;

    private bool LastBlockOfPage => _blockFirst + _blockCount >= _ecmOut.Count;

    // Cuts the page's coded data into FCD frames: [address][control][FCD][frame number][data] (T.4 Annex A).
    private void PrepareEcmPage(byte[] data)
    {
        int size = _dcs!.EcmFrameSize;
        _ecmOut.Clear();
        for (int offset = 0, index = 0; offset < data.Length; offset += size, index++)
        {
            int n = Math.Min(size, data.Length - offset);
            byte[] frame = new byte[4 + n];
            frame[0] = T30FrameParser.Address;
            frame[1] = T30FrameParser.ControlNotFinal;
            frame[2] = T30Fcf.Fcd;
            frame[3] = (byte)(index % EcmFrames.MaxFramesPerBlock);
            data.AsSpan(offset, n).CopyTo(frame.AsSpan(4));
            _ecmOut.Add(frame);
        }

        _blockFirst = 0;
        _blockNumber = 0;
        _retransmittedFrames = 0;
        StartBlock();
    }

    private void StartBlock()
    {
        _blockCount = Math.Min(EcmFrames.MaxFramesPerBlock, _ecmOut.Count - _blockFirst);
        _pprCount = 0;
        _sentEor = false;
        Array.Fill(_resend, true, 0, _blockCount);
        Array.Fill(_resend, false, _blockCount, EcmFrames.MaxFramesPerBlock - _blockCount);
    }

    // Sends the frames of the current block that _resend marks, RCP ×3, then PPS-Q.
    private void SendEcmBlock()
    {
        DcsParameters dcs = _dcs!;
        _channel.SendSilence(T30Timers.TurnaroundMs);
        bool shortTrain = _trainedAtRate && !_longTrainNext && ShortTrain(dcs.Rate);
        _longTrainNext = false;
        _channel.StartImage(dcs.Rate, shortTrain, hdlcFramed: true);
        int sent = 0;
        for (int i = 0; i < _blockCount; i++)
        {
            if (_resend[i])
            {
                _channel.SendImage(_ecmOut[_blockFirst + i]);
                sent++;
            }
        }

        for (int i = 0; i < 3; i++)
        {
            _channel.SendImage(RcpFrame); // T.30 Annex A: three RCP frames end the partial page
        }

        _channel.EndImage();
        Trace("tx", "image", $"page {_sendIndex + 1} block {_blockNumber}", detail: $"{dcs.Rate}, {sent} of {_blockCount} frame(s) of {dcs.EcmFrameSize} octets{(sent < _blockCount ? " (retransmission)" : string.Empty)}");
        _channel.SendSilence(T30Timers.TurnaroundMs);
        _tries = 0;
        SendFrames(State.AwaitPostPageResponse, (T30Fcf.Pps, PpsInfo()));
    }

    private byte[] PpsInfo()
    {
        byte[] fif = new byte[EcmFrames.PpsLength];
        byte postPage = LastBlockOfPage ? PostPageCommand : T30Fcf.Null;
        EcmFrames.BuildPps(fif, postPage, _sendIndex, _blockNumber, _blockCount);
        return fif;
    }

    // The receiver's answer to PPS (or to CTC, EOR, RR) while sending in ECM. True when handled.
    private bool OnEcmResponse(T30Frame frame)
    {
        byte fcf = frame.Fcf;
        if (_awaitingCtr)
        {
            if (fcf != T30Fcf.Ctr)
            {
                return false;
            }

            _awaitingCtr = false;
            _longTrainNext = true; // the new rate starts with a long train
            SendEcmBlock();
            return true;
        }

        if (fcf == T30Fcf.Mcf || (fcf == T30Fcf.Err && _sentEor))
        {
            _rnrSince = TimeSpan.MinValue;
            if (!LastBlockOfPage)
            {
                _blockFirst += _blockCount;
                _blockNumber++;
                StartBlock();
                SendEcmBlock();
                return true;
            }

            PageConfirmed(fcf);
            return true;
        }

        if (fcf == T30Fcf.Ppr)
        {
            _rnrSince = TimeSpan.MinValue;
            if (EcmFrames.TryParsePpr(frame.Info, _resend, out string? error) != OperationStatus.Done)
            {
                Trace("--", "frame", "PPR", detail: $"unusable: {error}; PPS repeated");
                RepeatLastFrames(State.AwaitPostPageResponse);
                return true;
            }

            int count = 0;
            for (int i = 0; i < EcmFrames.MaxFramesPerBlock; i++)
            {
                _resend[i] &= i < _blockCount;
                count += _resend[i] ? 1 : 0;
            }

            _retransmittedFrames += count;
            if (++_pprCount % PprsBeforeCtc == 0)
            {
                ContinueOrEnd();
                return true;
            }

            if (count == 0)
            {
                // A PPR that asks for nothing: send the block's PPS again rather than an empty burst.
                Array.Fill(_resend, true, 0, _blockCount);
            }

            SendEcmBlock();
            return true;
        }

        if (fcf == T30Fcf.Rnr)
        {
            // T.30 Annex A: receiver not ready; poll with RR, for at most T5.
            if (_rnrSince == TimeSpan.MinValue)
            {
                _rnrSince = _now;
            }

            if (_now - _rnrSince > T30Timers.T5)
            {
                Release(CallOutcome.Failed, "the receiver stayed not ready (RNR) for longer than T5 (60 s)");
                return true;
            }

            _channel.SendSilence(T30Timers.TurnaroundMs);
            SendFrames(State.AwaitPostPageResponse, (T30Fcf.Rr, null));
            return true;
        }

        return false;
    }

    // After the fourth PPR for a block: slow down (CTC) if a lower rate is left, else give the block up (EOR).
    private void ContinueOrEnd()
    {
        DcsParameters dcs = _dcs!;
        if (T30Negotiation.StepDown(dcs.Rate, _remote!.Modems & _options.Modems) is { } lower)
        {
            Trace("--", "state", "CTC", detail: $"{PprsBeforeCtc} PPRs: continuing at {lower}");
            _dcs = dcs with { Rate = lower };
            Record.Rate = lower;
            byte[] fif = new byte[EcmFrames.CtcLength];
            EcmFrames.BuildCtc(fif, lower);
            _awaitingCtr = true;
            _channel.SendSilence(T30Timers.TurnaroundMs);
            SendFrames(State.AwaitPostPageResponse, (T30Fcf.Ctc, fif));
            return;
        }

        Trace("--", "state", "EOR", detail: $"{PprsBeforeCtc} PPRs at the slowest rate: block {_blockNumber} given up");
        _sentEor = true;
        byte postPage = LastBlockOfPage ? PostPageCommand : T30Fcf.Null;
        _channel.SendSilence(T30Timers.TurnaroundMs);
        SendFrames(State.AwaitPostPageResponse, (T30Fcf.Eor, [postPage]));
    }
}
