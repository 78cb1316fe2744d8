using FaxAppliance.Fax.Channel;
using FaxAppliance.Fax.Pages;
using FaxAppliance.Fax.Records;
using FaxAppliance.Fax.T30;

namespace FaxAppliance.Fax.Tests.Engine;

/// <summary>The answering (receiving) engine driven frame by frame, as a T.30 §5.2 flow would read.</summary>
public class AnsweringScenarioTests
{
    private static readonly SignallingRate Rate = SignallingRate.V29_9600;

    // Phase A/B: CED, CSI + DIS; the remote's TSI/DCS + good TCF; CFR goes out and the page receiver is armed.
    private static EngineHarness ToAwaitPage(SignallingRate? rate = null)
    {
        var h = EngineHarness.Answering();
        h.Step(); // CSI/DIS leave
        int m = h.Mark;
        h.ReceiveDcsAndTcf(rate ?? Rate);
        Assert.Equal("CFR", h.SentSince(m));
        h.Step(); // CFR leaves
        Assert.Equal(ChannelOp.ReceiveImage, h.Channel.Listening!.Op);
        return h;
    }

    [Fact]
    public void Answering_TwoPageNonEcmCall_StoresBothPagesAndCompletesOnDcn()
    {
        var h = EngineHarness.Answering();
        Assert.Contains(h.Channel.Calls, c => c.Op == ChannelOp.Tone && c.Tone == ChannelTone.Ced); // T.30 §4.1.3
        Assert.Equal("CSI DIS", h.SentSince(0)); // T.30 §5.3.6.1.1
        h.Step();

        int m = h.Mark;
        h.ReceiveDcsAndTcf(Rate);
        Assert.Equal("CFR", h.SentSince(m)); // T.30 §5.3.6.1.4: TCF good
        Assert.Equal("+1 555 0101", h.Record.RemoteIdentity);
        h.Step();
        Assert.Equal(Rate, h.Channel.Listening!.Rate);

        PageBitmap p1 = EngineHarness.TestPage(1), p2 = EngineHarness.TestPage(2);
        h.ReceivePage(EngineHarness.LineCoded(p1), Rate);
        m = h.Mark;
        h.Receive(T30Fcf.Mps);
        Assert.Equal("MCF", h.SentSince(m));
        Assert.Single(h.Store.Pages); // committed before the MCF left
        h.Step();

        h.ReceivePage(EngineHarness.LineCoded(p2), Rate);
        m = h.Mark;
        h.Receive(T30Fcf.Eop);
        Assert.Equal("MCF", h.SentSince(m));
        h.Step();
        h.Receive(T30Fcf.Dcn);

        Assert.True(h.Engine.Finished);
        Assert.Equal(CallOutcome.Completed, h.Record.Outcome);
        Assert.Equal(2, h.Store.Count);
        Assert.Equal(p1.Data, h.Store.Pages[0].Bitmap.Data);
        Assert.Equal(p2.Data, h.Store.Pages[1].Bitmap.Data);
        Assert.All(h.Store.Pages, p => Assert.False(p.Partial));
        Assert.Equal(["MCF", "MCF"], h.Record.Pages.Select(p => p.Response));
        Assert.Empty(h.Channel.Violations);
    }

    [Fact]
    public void Answering_TcfWithErrors_AnswersFttThenCfrAfterStepDown()
    {
        var h = EngineHarness.Answering();
        h.Step();
        int m = h.Mark;
        h.ReceiveDcsAndTcf(SignallingRate.V29_9600, tcfGood: false);
        Assert.Equal("FTT", h.SentSince(m)); // T.30 §5.3.6.1.4
        Assert.Equal(1, h.Record.FailedTrainings);
        h.Step();

        m = h.Mark;
        h.ReceiveDcsAndTcf(SignallingRate.V29_7200);
        Assert.Equal("CFR", h.SentSince(m));
        h.Step();
        Assert.Equal(SignallingRate.V29_7200, h.Channel.Listening!.Rate);
    }

    [Fact]
    public void Answering_TrainingFailsOnTcf_AnswersFtt()
    {
        var h = EngineHarness.Answering();
        h.Step();
        h.Receive(T30Fcf.Dcs, EngineHarness.Dcs(Rate));
        h.Advance(TimeSpan.FromMilliseconds(1600));
        int m = h.Mark;
        h.Engine.OnImageStatus(ImageStatus.TrainingFailed);
        h.Engine.OnImageStatus(ImageStatus.CarrierDown);
        Assert.Equal("FTT", h.SentSince(m));
    }

    [Fact]
    public void Answering_MpsWithoutPage_AnswersRtnAndStoresNothing()
    {
        EngineHarness h = ToAwaitPage();
        h.Advance(TimeSpan.FromSeconds(1)); // the page never arrives
        int m = h.Mark;
        h.Receive(T30Fcf.Mps);
        Assert.Equal("RTN", h.SentSince(m)); // T.30 §5.3.6.1.6: not received satisfactorily
        Assert.Empty(h.Store.Pages);
        Assert.Equal("RTN", Assert.Single(h.Record.Pages).Response);
        h.Step();

        // RTN: the sender retrains and sends the page again (T.30 Figure 5-2).
        m = h.Mark;
        h.ReceiveDcsAndTcf(Rate);
        Assert.Equal("CFR", h.SentSince(m));
        h.Step();
        h.ReceivePage(EngineHarness.LineCoded(EngineHarness.TestPage(3)), Rate);
        m = h.Mark;
        h.Receive(T30Fcf.Eop);
        Assert.Equal("MCF", h.SentSince(m));
        Assert.Single(h.Store.Pages);
    }

    [Fact]
    public void Answering_PageTrainingFailedAfterMcf_NextMpsAnswersRtn()
    {
        EngineHarness h = ToAwaitPage();
        h.ReceivePage(EngineHarness.LineCoded(EngineHarness.TestPage(1)), Rate);
        h.Receive(T30Fcf.Mps);
        h.Step();
        h.Engine.OnImageStatus(ImageStatus.TrainingFailed);
        h.Advance(TimeSpan.FromSeconds(1));
        int m = h.Mark;
        h.Receive(T30Fcf.Mps);
        Assert.Equal("RTN", h.SentSince(m));
        Assert.Single(h.Store.Pages);
    }

    [Fact]
    public void Answering_MpsRepeatedAfterLostMcf_AnswersMcfAgainAndStoresPageOnce()
    {
        EngineHarness h = ToAwaitPage();
        h.ReceivePage(EngineHarness.LineCoded(EngineHarness.TestPage(1)), Rate);
        h.Receive(T30Fcf.Mps);
        h.Step();
        h.Advance(TimeSpan.FromSeconds(3)); // the sender's T4 runs out: it did not hear our MCF
        int m = h.Mark;
        h.Receive(T30Fcf.Mps);
        Assert.Equal("MCF", h.SentSince(m)); // T.30 §5.3.6: the response is sent again
        Assert.Single(h.Store.Pages);
        Assert.Single(h.Record.Pages);
        h.Step();

        h.ReceivePage(EngineHarness.LineCoded(EngineHarness.TestPage(2)), Rate);
        m = h.Mark;
        h.Receive(T30Fcf.Eop);
        Assert.Equal("MCF", h.SentSince(m));
        Assert.Equal(2, h.Store.Count);
    }

    [Fact]
    public void Answering_CrpAfterMcf_RepeatsMcf()
    {
        EngineHarness h = ToAwaitPage();
        h.ReceivePage(EngineHarness.LineCoded(EngineHarness.TestPage(1)), Rate);
        h.Receive(T30Fcf.Mps);
        h.Step();
        int m = h.Mark;
        h.Receive(T30Fcf.Crp); // T.30 §5.3.6.1.7: repeat the previous signal
        Assert.Equal("MCF", h.SentSince(m));
        Assert.Single(h.Store.Pages);
    }

    [Fact]
    public void Answering_CrpAfterDis_RepeatsCsiAndDis()
    {
        var h = EngineHarness.Answering();
        h.Step();
        int m = h.Mark;
        h.Receive(T30Fcf.Crp);
        Assert.Equal("CSI DIS", h.SentSince(m));
    }

    [Fact]
    public void Answering_DcsWithBadFcs_AnswersCrpAndAcceptsTheRepeat()
    {
        var h = EngineHarness.Answering();
        h.Step();
        int m = h.Mark;
        h.Receive(T30Fcf.Tsi, EngineHarness.Identity("1"), final: false);
        h.Receive(T30Fcf.Dcs, EngineHarness.Dcs(Rate), crcOk: false);
        Assert.Equal("CRP", h.SentSince(m)); // T.30 §5.3.6.1.7: command received with errors
        Assert.Contains(h.Record.Trace.Entries, e => e.Name == "bad FCS" && e.CrcOk == false);
        h.Step();

        m = h.Mark;
        h.ReceiveDcsAndTcf(Rate);
        Assert.Equal("CFR", h.SentSince(m));
    }

    [Fact]
    public void Answering_PostPageCommandWithBadFcs_CrpThenTimerStillRuns()
    {
        EngineHarness h = ToAwaitPage();
        h.ReceivePage(EngineHarness.LineCoded(EngineHarness.TestPage(1)), Rate);
        int m = h.Mark;
        h.Receive(T30Fcf.Mps, crcOk: false);
        Assert.Equal("CRP", h.SentSince(m)); // T.30 §5.3.6.1.7
        h.Step();

        // The sender's repeated MPS is lost too: T2 must still end the call (T.30 §5.4.3.1).
        Assert.True(h.RunUntilFinished(T30Timers.T2 + TimeSpan.FromSeconds(2)));
        Assert.Equal("DCN", h.Channel.FramesSince(0)[^1]);
    }

    [Fact]
    public void Answering_PostPageCommandWithBadFcs_AnswersCrpAndTheRepeatGetsMcf()
    {
        EngineHarness h = ToAwaitPage();
        h.ReceivePage(EngineHarness.LineCoded(EngineHarness.TestPage(1)), Rate);
        int m = h.Mark;
        h.Receive(T30Fcf.Mps, crcOk: false);
        Assert.Equal("CRP", h.SentSince(m));
        h.Step();
        m = h.Mark;
        h.Receive(T30Fcf.Mps);
        Assert.Equal("MCF", h.SentSince(m));
        Assert.Single(h.Store.Pages);
    }

    [Fact]
    public void Answering_DcsRepeatedAfterLostCfr_TrainsAgainAndAnswersCfr()
    {
        EngineHarness h = ToAwaitPage();
        h.Advance(TimeSpan.FromSeconds(3)); // the sender did not hear CFR: its T4 runs out and it repeats DCS + TCF
        int m = h.Mark;
        h.ReceiveDcsAndTcf(Rate);
        Assert.Equal("CFR", h.SentSince(m));
        h.Step();
        h.ReceivePage(EngineHarness.LineCoded(EngineHarness.TestPage(1)), Rate);
        m = h.Mark;
        h.Receive(T30Fcf.Eop);
        Assert.Equal("MCF", h.SentSince(m));
        Assert.Single(h.Store.Pages);
    }

    [Fact]
    public void Answering_EchoOfOwnDis_IsIgnored()
    {
        var h = EngineHarness.Answering();
        byte[] dis = h.Channel.Calls.Last(c => c.Name == "DIS").Bytes!;
        h.Step();
        int m = h.Mark;
        h.Engine.OnControlFrame(dis, crcOk: true); // the line echoes our DIS back
        h.Engine.OnControlCarrier(false);
        Assert.Empty(h.Channel.FramesSince(m));
        Assert.Contains(h.Record.Trace.Entries, e => e.Name == "echo");
    }

    [Fact]
    public void Answering_EchoOfOwnCrp_IsIgnored()
    {
        EngineHarness h = ToAwaitPage();
        h.ReceivePage(EngineHarness.LineCoded(EngineHarness.TestPage(1)), Rate);
        h.Receive(T30Fcf.Mps, crcOk: false);
        byte[] crp = h.Channel.Calls.Last(c => c.Name == "CRP").Bytes!;
        h.Step();
        int m = h.Mark;
        h.Engine.OnControlFrame(crp, crcOk: true); // echo of our CRP, 20 ms after it ended
        h.Engine.OnControlCarrier(false);
        Assert.Empty(h.Channel.FramesSince(m));
    }

    [Fact]
    public void Answering_PageCannotBeStored_NoMcfButDcnWithReason()
    {
        EngineHarness h = ToAwaitPage();
        h.ReceivePage(EngineHarness.LineCoded(EngineHarness.TestPage(1)), Rate);
        h.Store.FailNext = true;
        int m = h.Mark;
        h.Receive(T30Fcf.Mps);
        Assert.Equal("DCN", h.SentSince(m)); // never confirm a page that is not on stable storage
        Assert.True(h.RunUntilFinished(TimeSpan.FromSeconds(1)));
        Assert.Equal(CallOutcome.Failed, h.Record.Outcome);
        Assert.Contains("disk full", h.Record.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Answering_DcnMidPage_KeepsPartialPageMarked()
    {
        EngineHarness h = ToAwaitPage();
        byte[] t4 = EngineHarness.LineCoded(EngineHarness.TestPage(1, rows: 400));
        h.ReceivePage(t4, Rate, cutAfterBytes: t4.Length / 2, carrierDown: false);
        h.Receive(T30Fcf.Dcn);

        Assert.True(h.Engine.Finished);
        Assert.Equal(CallOutcome.Failed, h.Record.Outcome);
        ReceivedPage page = Assert.Single(h.Store.Pages);
        Assert.True(page.Partial);
        Assert.InRange(page.Bitmap.Rows, 100, 300);
        PageRecord record = Assert.Single(h.Record.Pages);
        Assert.True(record.Partial);
        Assert.Contains("DCN", h.Record.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Answering_NoCommandWithinT1_RepeatsDisEveryT4ThenSendsDcn()
    {
        var h = EngineHarness.Answering();
        Assert.True(h.RunUntilFinished(TimeSpan.FromSeconds(60)));

        // T.30 §5.4.3.1: DIS every T4 (3 s) until T1 (35 s) runs out, then DCN.
        List<string> sent = h.Channel.FramesSince(0);
        Assert.InRange(sent.Count(f => f == "DIS"), 8, 13);
        Assert.Equal("DCN", sent[^1]);
        Assert.Equal(CallOutcome.Failed, h.Record.Outcome);
        Assert.Contains("T1", h.Record.Reason, StringComparison.Ordinal);
        Assert.InRange(h.Record.Duration, T30Timers.T1, T30Timers.T1 + T30Timers.T4 + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Answering_NoPageAfterCfr_T2ExpiresAndSendsDcn()
    {
        EngineHarness h = ToAwaitPage();
        TimeSpan cfrAt = h.Now;
        Assert.True(h.RunUntilFinished(TimeSpan.FromSeconds(30)));
        Assert.Equal("DCN", h.Channel.FramesSince(0)[^1]);
        Assert.Equal(CallOutcome.Failed, h.Record.Outcome);
        Assert.Contains("T2", h.Record.Reason, StringComparison.Ordinal);
        Assert.InRange(h.Record.Duration - cfrAt, T30Timers.T2, T30Timers.T2 + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Answering_NoPostPageCommand_T2ExpiresKeepsUnconfirmedPageAsPartial()
    {
        EngineHarness h = ToAwaitPage();
        h.ReceivePage(EngineHarness.LineCoded(EngineHarness.TestPage(1)), Rate);
        Assert.True(h.RunUntilFinished(TimeSpan.FromSeconds(30)));
        Assert.Equal("DCN", h.Channel.FramesSince(0)[^1]);
        Assert.Contains("T2", h.Record.Reason, StringComparison.Ordinal);
        Assert.True(Assert.Single(h.Store.Pages).Partial);
    }

    [Fact]
    public void Answering_SenderHangsUpAfterEopWithoutDcn_CallIsCompleted()
    {
        EngineHarness h = ToAwaitPage();
        h.ReceivePage(EngineHarness.LineCoded(EngineHarness.TestPage(1)), Rate);
        h.Receive(T30Fcf.Eop);
        h.Step();
        h.Step();
        h.Engine.Abort("the line went away");
        Assert.True(h.Engine.Finished);
        Assert.Equal(CallOutcome.Completed, h.Record.Outcome);
        Assert.Contains("without DCN", h.Record.Reason, StringComparison.Ordinal);
        Assert.Single(h.Store.Pages);
    }

    [Fact]
    public void Answering_NoDcnAfterEop_T2ExpiresCompleted()
    {
        EngineHarness h = ToAwaitPage();
        h.ReceivePage(EngineHarness.LineCoded(EngineHarness.TestPage(1)), Rate);
        h.Receive(T30Fcf.Eop);
        Assert.True(h.RunUntilFinished(TimeSpan.FromSeconds(30)));
        Assert.Equal(CallOutcome.Completed, h.Record.Outcome);
        Assert.Contains("T2", h.Record.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Answering_PageCarrierNeverDrops_CallStillEnds()
    {
        EngineHarness h = ToAwaitPage();
        byte[] t4 = EngineHarness.LineCoded(EngineHarness.TestPage(1));
        h.ReceivePage(t4, Rate, cutAfterBytes: t4.Length / 2, carrierDown: false); // T.38 peer vanishes mid-page
        Assert.True(h.RunUntilFinished(T30Timers.T1 + TimeSpan.FromSeconds(10)));
        Assert.True(Assert.Single(h.Store.Pages).Partial);
    }
}
