using System.Buffers;
using FaxAppliance.Fax.Pages;
using FaxAppliance.Fax.Records;
using FaxAppliance.Imaging.Coding;

namespace FaxAppliance.Fax.T30;

// Error correction mode, receiving (T.30 Annex A): a page arrives as blocks of up to 256 numbered FCD frames over the
// high-speed modem, each block followed by PPS; we answer MCF when every frame of the block is in, PPR with the map of
// the missing ones otherwise; CTC (the sender slows down) gets CTR, EOR (the sender gives up on a block) gets ERR.
public sealed partial class T30Engine
{
    /// <summary>Most coded data one ECM page may hold: far above any real page (an A3 page at 400×400 pels per inch is
    /// about 4 MB as plain bits), a bound against a sender that never ends its page.</summary>
    public const int MaxEcmPageBytes = 16 << 20;

    private byte[][]? _ecmFrames;          // the block being received, by frame number
    private int[]? _ecmLengths;            // each frame's data length, 0 = not received
    private readonly bool[] _pprMap = new bool[EcmFrames.MaxFramesPerBlock];
    private byte[] _ecmPage = new byte[64 * 1024];
    private int _ecmPageLength;
    private int _ecmFrameSize = 256;
    private int _ecmRetransmissions;
    private int _ecmConfirmedPage = -1;
    private int _ecmConfirmedBlock = -1;
    private bool _ecmFramesSinceResponse;

    private bool EcmActive => _dcs is { Ecm: true };

    private void StartEcmBlockReception()
    {
        _ecmFrames ??= new byte[EcmFrames.MaxFramesPerBlock][];
        _ecmLengths ??= new int[EcmFrames.MaxFramesPerBlock];
        _ecmFrameSize = _dcs!.EcmFrameSize;
    }

    private void ClearEcmBlock()
    {
        if (_ecmLengths is not null)
        {
            Array.Clear(_ecmLengths);
        }
    }

    private void OnEcmImageFrame(ReadOnlySpan<byte> frame, bool crcOk)
    {
        if (_state != State.ReceivingPage || _ecmFrames is null)
        {
            return;
        }

        if (!crcOk)
        {
            return; // the frame stays missing: it will be in the PPR map
        }

        if (T30FrameParser.TryParse(frame, out T30Frame parsed, out string? error) != OperationStatus.Done)
        {
            Trace("rx", "image", "invalid frame", Convert.ToHexString(frame[..Math.Min(frame.Length, 8)]), true, detail: error);
            return;
        }

        if (parsed.Fcf == T30Fcf.Rcp)
        {
            return; // the end of the block's frames; the carrier's end and the PPS follow
        }

        if (parsed.Fcf != T30Fcf.Fcd)
        {
            Trace("rx", "image", parsed.Name, detail: "not FCD or RCP in a block: ignored");
            return;
        }

        if (EcmFrames.TryParseFcd(parsed.Info, out int number, out ReadOnlySpan<byte> data, out error) != OperationStatus.Done || data.Length > _ecmFrameSize)
        {
            Trace("rx", "image", "FCD", detail: error ?? $"{data.Length} octets in a {_ecmFrameSize}-octet frame: ignored");
            return;
        }

        byte[] slot = _ecmFrames[number] ??= new byte[EcmFrames.MaxFcdData];
        SetTimer("T2", T30Timers.T2);
        data.CopyTo(slot);
        _ecmLengths![number] = data.Length;
        _ecmFramesSinceResponse = true;
    }

    private int _lastPpsPage = -1;
    private int _lastPpsBlock = -1;
    private int _lastPpsFrames;

    private void OnPps(T30Frame frame)
    {
        if (!EcmActive || _ecmLengths is null)
        {
            Trace("--", "frame", T30Fcf.Name(frame.Fcf), detail: "ECM was not negotiated, or no block yet: ignored");
            return;
        }

        if (EcmFrames.TryParsePps(frame.Info, out byte postPage, out int pageCounter, out int blockCounter, out int frameCount, out string? error) != OperationStatus.Done)
        {
            Trace("--", "frame", T30Fcf.Name(frame.Fcf), detail: $"unusable: {error}");
            _badFrameInSequence = true;
            return;
        }

        bool sameOpenBlock = pageCounter == _lastPpsPage && blockCounter == _lastPpsBlock
            && !(pageCounter == _ecmConfirmedPage && blockCounter == _ecmConfirmedBlock);
        if (sameOpenBlock)
        {
            // After a PPR some senders count only the frames they sent again; the block is as long as its first PPS said.
            frameCount = Math.Max(frameCount, _lastPpsFrames);
        }

        _lastPpsPage = pageCounter;
        _lastPpsBlock = blockCounter;
        _lastPpsFrames = frameCount;
        BlockEnded(frame.Fcf, postPage, pageCounter, blockCounter, frameCount, endOfRetransmission: false);
    }

    // EOR-Q (T.30 Annex A): the sender stops correcting the block the last PPS described; Q is the post-page command.
    private void OnEor(T30Frame frame)
    {
        if (!EcmActive || _ecmLengths is null || _lastPpsPage < 0 || frame.Info.Length < 1)
        {
            Trace("--", "frame", "EOR", detail: "no ECM block to end, or no post-page command: ignored");
            return;
        }

        byte postPage = T30Fcf.Normalize(frame.Info[0]);
        BlockEnded(frame.Fcf, postPage, _lastPpsPage, _lastPpsBlock, _lastPpsFrames, endOfRetransmission: true);
    }

    private void BlockEnded(byte fcf, byte postPage, int pageCounter, int blockCounter, int frameCount, bool endOfRetransmission)
    {
        int[] lengths = _ecmLengths!;
        string label = $"{T30Fcf.Name(fcf)}-{T30Fcf.Name(postPage)} page {pageCounter} block {blockCounter}, {frameCount} frame(s)";
        if (pageCounter == _ecmConfirmedPage && blockCounter == _ecmConfirmedBlock && !_ecmFramesSinceResponse && _lastResponse is { } previous)
        {
            // The sender did not hear our MCF/ERR and repeats the PPS: answer again; nothing is stored twice.
            Trace("--", "frame", label, detail: $"repeated: {T30Fcf.Name(previous)} sent again");
            _channel.SendSilence(T30Timers.TurnaroundMs);
            SendFrames(_afterCrp, (previous, null));
            return;
        }

        int missing = 0;
        for (int i = 0; i < EcmFrames.MaxFramesPerBlock; i++)
        {
            _pprMap[i] = i < frameCount && lengths[i] == 0;
            missing += _pprMap[i] ? 1 : 0;
        }

        if (missing > 0 && !endOfRetransmission)
        {
            _ecmRetransmissions += missing;
            Trace("--", "page", label, detail: $"{missing} frame(s) missing: PPR");
            byte[] ppr = new byte[EcmFrames.PprLength];
            EcmFrames.BuildPpr(ppr, _pprMap);
            _lastResponse = T30Fcf.Ppr;
            _afterCrp = State.AwaitPage;
            _imageSinceResponse = false;
            _ecmFramesSinceResponse = false;
            _channel.SendSilence(T30Timers.TurnaroundMs);
            SendFrames(State.AwaitPage, (T30Fcf.Ppr, ppr));
            return;
        }

        // The block is complete (or the sender gave up on its missing frames: EOR): it joins the page, within a bound (a
        // sender that never ends its page must not take the appliance's memory).
        if (_ecmPageLength + (frameCount * EcmFrames.MaxFcdData) > MaxEcmPageBytes)
        {
            Release(CallOutcome.Failed, $"ECM page {_pageNumber + 1} exceeds {MaxEcmPageBytes / (1 << 20)} MB of coded data");
            return;
        }

        for (int i = 0; i < frameCount; i++)
        {
            int n = lengths[i];
            if (n == 0)
            {
                continue;
            }

            if (_ecmPageLength + n > _ecmPage.Length)
            {
                Array.Resize(ref _ecmPage, Math.Max(_ecmPage.Length * 2, _ecmPageLength + n));
            }

            _ecmFrames![i].AsSpan(0, n).CopyTo(_ecmPage.AsSpan(_ecmPageLength));
            _ecmPageLength += n;
        }

        ClearEcmBlock();
        _ecmConfirmedPage = pageCounter;
        _ecmConfirmedBlock = blockCounter;
        _ecmFramesSinceResponse = false;
        byte response = endOfRetransmission ? T30Fcf.Err : T30Fcf.Mcf;
        Trace("--", "page", label, detail: endOfRetransmission ? $"EOR with {missing} frame(s) missing: ERR" : "complete: MCF");
        if (postPage == T30Fcf.Null)
        {
            Respond(response, State.AwaitPage); // more blocks of this page follow
            return;
        }

        EcmPageComplete(postPage, response, partial: endOfRetransmission && missing > 0);
    }

    private void EcmPageComplete(byte postPage, byte response, bool partial)
    {
        DcsParameters dcs = _dcs!;
        var assembler = new PageAssembler(PageScaler.Pixels(dcs.Width, dcs.Resolution), dcs.Compression, BitOrder.LsbFirst, concealErrors: true);
        assembler.Append(_ecmPage.AsSpan(0, _ecmPageLength));
        assembler.EndOfData();
        _ecmPageLength = 0;
        bool eop = postPage == T30Fcf.Eop || postPage == T30Fcf.PriEop;
        bool eom = postPage == T30Fcf.Eom || postPage == T30Fcf.PriEom;
        if (assembler.Rows > 0)
        {
            bool damaged = partial || assembler.Failed is not null;
            try
            {
                _store!.Commit(new ReceivedPage(assembler.ToBitmap(dcs.Resolution), dcs.Compression, assembler.BadRows, assembler.ConsecutiveBadRows, damaged));
            }
#pragma warning disable CA1031 // Any failure to store means we must not confirm the page.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Release(CallOutcome.Failed, $"could not store page {_pageNumber + 1}: {e.Message}");
                return;
            }

            _pageNumber++;
        }

        Record.Pages.Add(new PageRecord(_pageNumber, assembler.Rows, assembler.BadRows, assembler.ConsecutiveBadRows, T30Fcf.Name(response), dcs.Rate, partial || assembler.Failed is not null, _ecmRetransmissions));
        if (assembler.Failed is { } why)
        {
            Trace("--", "page", $"page {_pageNumber}", detail: $"ECM page data did not decode fully: {why}");
        }

        _ecmRetransmissions = 0;
        _lastWasEop = eop;
        State next = eop ? State.AwaitDcn : eom ? State.AwaitCommand : State.AwaitPage;
        if (eom)
        {
            _gotDcs = false;
        }

        Respond(response, next);
    }

    private void OnCtc(T30Frame frame)
    {
        if (!EcmActive)
        {
            Trace("--", "frame", "CTC", detail: "ECM was not negotiated: ignored");
            return;
        }

        if (EcmFrames.TryParseCtc(frame.Info, out SignallingRate rate, out string? error) != OperationStatus.Done)
        {
            Trace("--", "frame", "CTC", detail: $"unusable: {error}");
            return;
        }

        // T.30 Annex A: after the fourth PPR the sender may continue to correct at a new rate; CTR confirms, and the
        // retransmission comes with a long train at that rate.
        _dcs = _dcs! with { Rate = rate };
        Record.Rate = rate;
        _ctcLongTrain = true;
        Respond(T30Fcf.Ctr, State.AwaitPage);
    }

    private bool _ctcLongTrain;
}
