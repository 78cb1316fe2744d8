using FaxAppliance.Fax.Pages;
using FaxAppliance.Fax.Records;

namespace FaxAppliance.Fax.T30;

// The answering station's phase D for non-ECM pages (T.30 §5.3.6): judge the page by its bad rows, store it durably, then
// answer MCF, RTP or RTN; a repeated command gets the same answer again; a page cut off is kept and marked partial.
public sealed partial class T30Engine
{
    private void OnPostPageCommand(byte fcf)
    {
        if (_state is not (State.AwaitPostPage or State.AwaitPage or State.ReceivingPage or State.AwaitCommand or State.AwaitDcn))
        {
            Trace("--", "frame", T30Fcf.Name(fcf), detail: $"not expected in {_state}: ignored");
            return;
        }

        bool eop = fcf == T30Fcf.Eop || fcf == T30Fcf.PriEop;
        bool eom = fcf == T30Fcf.Eom || fcf == T30Fcf.PriEom;
        if (_page is null)
        {
            if (!_imageSinceResponse && _lastResponse is { } previous)
            {
                // No page signal since our response: the sender did not hear it and repeats its command (T.30 §5.3.6:
                // the receiver sends its response again). Nothing is stored twice.
                Trace("--", "frame", T30Fcf.Name(fcf), detail: $"repeated command: {T30Fcf.Name(previous)} sent again");
                _channel.SendSilence(T30Timers.TurnaroundMs);
                SendFrames(_afterCrp, (previous, null));
                return;
            }

            Trace("--", "page", "no page", detail: _pageTrainingFailed ? "the page's training failed" : "no page data arrived");
            _lastWasEop = false;
            Record.Pages.Add(new PageRecord(_pageNumber + 1, 0, 0, 0, "RTN", _dcs?.Rate ?? SignallingRate.V27ter_2400));
            Respond(T30Fcf.Rtn, State.AwaitCommand);
            return;
        }

        PageAssembler page = _page;
        _page = null;
        page.EndOfData();
        int rows = page.Rows;
        double badShare = rows == 0 ? 1 : (double)page.BadRows / rows;
        byte response = rows == 0 || badShare > _options.RetrainBadRowFraction || page.ConsecutiveBadRows >= _options.RetrainConsecutiveBadRows
            ? T30Fcf.Rtn
            : badShare > _options.GoodPageMaxBadRowFraction ? T30Fcf.Rtp : T30Fcf.Mcf;
        if (response != T30Fcf.Rtn)
        {
            var received = new ReceivedPage(page.ToBitmap(_dcs!.Resolution), _dcs.Compression, page.BadRows, page.ConsecutiveBadRows, Partial: false);
            try
            {
                _store!.Commit(received); // durable before the MCF goes out: nothing confirmed is lost
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

        Record.Pages.Add(new PageRecord(response == T30Fcf.Rtn ? _pageNumber + 1 : _pageNumber, rows, page.BadRows, page.ConsecutiveBadRows, T30Fcf.Name(response), _dcs!.Rate));
        _lastWasEop = eop && response != T30Fcf.Rtn;
        State next = response == T30Fcf.Rtn || response == T30Fcf.Rtp ? State.AwaitCommand // a retrain (DCS/TCF) comes next
            : eop ? State.AwaitDcn
            : eom ? State.AwaitCommand
            : State.AwaitPage;
        if (eom && response != T30Fcf.Rtn)
        {
            _gotDcs = false; // EOM returns to phase B: the sender waits for our DIS (T.30 §5.3.6.1.6)
        }

        Respond(response, next);
        if (eom && next == State.AwaitCommand)
        {
            }
    }

    private byte? _lastResponse;
    private bool _imageSinceResponse;

    private void Respond(byte response, State next)
    {
        _lastResponse = response;
        _imageSinceResponse = false;
        _afterCrp = next;
        _channel.SendSilence(T30Timers.TurnaroundMs);
        SendFrames(next, (response, null));
    }

    private void KeepPartialPage()
    {
        if (_page is not { Rows: > 0 } page || _store is null)
        {
            return;
        }

        _page = null;
        page.EndOfData();
        try
        {
            _store.Commit(new ReceivedPage(page.ToBitmap(_dcs!.Resolution), _dcs.Compression, page.BadRows, page.ConsecutiveBadRows, Partial: true));
            _pageNumber++;
            Record.Pages.Add(new PageRecord(_pageNumber, page.Rows, page.BadRows, page.ConsecutiveBadRows, "none", _dcs.Rate, Partial: true));
        }
#pragma warning disable CA1031 // Best effort at the end of a failed call; the reason says what happened.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Trace("--", "page", "partial page lost", detail: e.Message);
        }
    }

    private void OnLineLost(string reason)
    {
        Trace("--", "state", "line lost", detail: reason);
        KeepPartialPage();
    }
}
