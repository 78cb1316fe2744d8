using FaxAppliance.Fax.Channel;
using FaxAppliance.Fax.Pages;
using FaxAppliance.Fax.Records;
using FaxAppliance.Fax.T30;

namespace FaxAppliance.Fax.Tests.Engine;

/// <summary>The calling (sending) engine driven frame by frame: phase B negotiation, step-down, pages, repeats.</summary>
public class CallingScenarioTests
{
    private const ModemSupport V27V29 = ModemSupport.V27ter | ModemSupport.V29;

    // CNG, then the called station's CSI + DIS: TSI/DCS/TCF go out.
    private static EngineHarness AfterDis(PageBitmap[] document, ModemSupport remoteModems = ModemSupport.V27ter | ModemSupport.V29 | ModemSupport.V17)
    {
        var h = EngineHarness.Calling(document);
        Assert.Contains(h.Channel.Calls, c => c.Op == ChannelOp.Tone && c.Tone == ChannelTone.Cng); // T.30 §4.1.2
        h.Advance(TimeSpan.FromSeconds(2));
        h.Receive(T30Fcf.Csi, EngineHarness.Identity("+1 555 0100"), final: false);
        h.Receive(T30Fcf.Dis, EngineHarness.Dis(remoteModems));
        return h;
    }

    private static List<ChannelCall> TransmitCallsSince(EngineHarness h, int from) =>
        h.Channel.Calls.Skip(from).Where(c => c.Op is not (ChannelOp.ReceiveControl or ChannelOp.ReceiveImage or ChannelOp.Silence)).ToList();

    [Fact]
    public void Calling_Dis_SendsTsiDcsThenTcfAtFastestCommonRate()
    {
        var h = EngineHarness.Calling([EngineHarness.TestPage(1)]);
        h.Advance(TimeSpan.FromSeconds(2));
        int m = h.Mark;
        h.Receive(T30Fcf.Csi, EngineHarness.Identity("+1 555 0100"), final: false);
        h.Receive(T30Fcf.Dis, EngineHarness.Dis());

        Assert.Equal("+1 555 0100", h.Record.RemoteIdentity);
        List<ChannelCall> tx = TransmitCallsSince(h, m);
        Assert.Equal(["Abort", "TSI", "DCS", "StartImage", "Image", "EndImage"], tx.Select(c => c.Name));
        Assert.False(tx[1].Last);
        Assert.True(tx[2].Last);
        Assert.True(DcsCodec.TryDecode(tx[2].Bytes.AsSpan(3), out DcsParameters dcs, out _) == System.Buffers.OperationStatus.Done);
        Assert.Equal(SignallingRate.V17_14400, dcs.Rate);
        Assert.Equal(SignallingRate.V17_14400, tx[3].Rate);
        Assert.False(tx[3].ShortTrain); // TCF uses the long train
        Assert.Equal(14400 * 1500 / 8000, tx[4].Bytes!.Length); // T.30 §5.3.6.2.3: 1.5 s of zeros
        Assert.All(tx[4].Bytes!, b => Assert.Equal(0, b));
        Assert.Empty(h.Channel.Violations);
    }

    [Fact]
    public void Calling_FttAtEveryRate_StepsDownV29V27ThenSendsDcn()
    {
        EngineHarness h = AfterDis([EngineHarness.TestPage(1)], V27V29);
        var rates = new List<SignallingRate> { h.Channel.TrainingsSince(0)[^1] };
        for (int i = 0; i < 10 && !h.Engine.Finished; i++)
        {
            h.Step();
            int m = h.Mark;
            h.Receive(T30Fcf.Ftt);
            rates.AddRange(h.Channel.TrainingsSince(m));
        }

        Assert.Equal([SignallingRate.V29_9600, SignallingRate.V29_7200, SignallingRate.V27ter_4800, SignallingRate.V27ter_2400], rates);
        Assert.Equal("DCN", h.Channel.FramesSince(0)[^1]);
        Assert.True(h.RunUntilFinished(TimeSpan.FromSeconds(1)));
        Assert.Equal(CallOutcome.Failed, h.Record.Outcome);
        Assert.Equal(4, h.Record.FailedTrainings);
    }

    [Fact]
    public void Calling_FttAtEveryRate_StepsDownInT30Order()
    {
        EngineHarness h = AfterDis([EngineHarness.TestPage(1)]);
        var rates = new List<SignallingRate> { h.Channel.TrainingsSince(0)[^1] };
        for (int i = 0; i < 10 && !h.Engine.Finished; i++)
        {
            h.Step();
            int m = h.Mark;
            h.Receive(T30Fcf.Ftt);
            rates.AddRange(h.Channel.TrainingsSince(m));
        }

        Assert.Equal(SignallingRate.StepDownOrder.ToArray(), rates);
    }

    [Fact]
    public void Calling_CfrThenMcf_SendsEachPageWithMpsThenEopThenDcn()
    {
        PageBitmap p1 = EngineHarness.TestPage(1), p2 = EngineHarness.TestPage(2);
        EngineHarness h = AfterDis([p1, p2]);
        h.Step();
        int m = h.Mark;
        h.Receive(T30Fcf.Cfr);
        List<ChannelCall> tx = TransmitCallsSince(h, m);
        Assert.Equal(["StartImage", "Image", "EndImage", "MPS"], tx.Select(c => c.Name));
        Assert.True(tx[0].ShortTrain); // V.17 after a long-trained TCF (V.17 §7.2)
        Assert.Equal(EngineHarness.LineCoded(p1, Compressions.MR), tx[1].Bytes); // both offer MR (T.30 Table 2 bit 16)
        h.Step();

        m = h.Mark;
        h.Receive(T30Fcf.Mcf);
        tx = TransmitCallsSince(h, m);
        Assert.Equal(["StartImage", "Image", "EndImage", "EOP"], tx.Select(c => c.Name));
        Assert.Equal(EngineHarness.LineCoded(p2, Compressions.MR), tx[1].Bytes);
        h.Step();

        m = h.Mark;
        h.Receive(T30Fcf.Mcf);
        Assert.Equal("DCN", h.SentSince(m));
        Assert.True(h.RunUntilFinished(TimeSpan.FromSeconds(1)));
        Assert.Equal(CallOutcome.Completed, h.Record.Outcome);
        Assert.Equal(["MCF", "MCF"], h.Record.Pages.Select(p => p.Response));
        Assert.Empty(h.Channel.Violations);
    }

    [Fact]
    public void Calling_Rtn_RetrainsAndSendsThePageAgain()
    {
        PageBitmap p1 = EngineHarness.TestPage(1);
        EngineHarness h = AfterDis([p1, EngineHarness.TestPage(2)]);
        h.Step();
        h.Receive(T30Fcf.Cfr);
        h.Step();

        int m = h.Mark;
        h.Receive(T30Fcf.Rtn); // T.30 §5.3.6.1.6: retrain (DCS + TCF) before the page is sent again
        Assert.Equal("TSI DCS", h.SentSince(m));
        Assert.Single(h.Channel.TrainingsSince(m));
        h.Step();

        m = h.Mark;
        h.Receive(T30Fcf.Cfr);
        List<ChannelCall> tx = TransmitCallsSince(h, m);
        Assert.Equal(["StartImage", "Image", "EndImage", "MPS"], tx.Select(c => c.Name));
        Assert.Equal(EngineHarness.LineCoded(p1, Compressions.MR), tx[1].Bytes); // both offer MR (T.30 Table 2 bit 16)
        Assert.Equal("RTN", Assert.Single(h.Record.Pages).Response);
    }

    [Fact]
    public void Calling_RtnThreeTimes_GivesUpWithDcn()
    {
        EngineHarness h = AfterDis([EngineHarness.TestPage(1)]);
        for (int i = 0; i < T30Engine.MaxPageTries; i++)
        {
            h.Step();
            h.Receive(T30Fcf.Cfr);
            h.Step();
            h.Receive(T30Fcf.Rtn);
        }

        Assert.Equal("DCN", h.Channel.FramesSince(0)[^1]);
        Assert.Equal(T30Engine.MaxPageTries, h.Channel.FramesSince(0).Count(f => f == "EOP"));
        Assert.True(h.RunUntilFinished(TimeSpan.FromSeconds(1)));
        Assert.Equal(CallOutcome.Failed, h.Record.Outcome);
        Assert.Contains("rejected", h.Record.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Calling_Rtp_RetrainsThenSendsTheNextPage()
    {
        PageBitmap p2 = EngineHarness.TestPage(2);
        EngineHarness h = AfterDis([EngineHarness.TestPage(1), p2]);
        h.Step();
        h.Receive(T30Fcf.Cfr);
        h.Step();
        int m = h.Mark;
        h.Receive(T30Fcf.Rtp); // T.30 §5.3.6.1.6: confirmed, but retrain first
        Assert.Equal("TSI DCS", h.SentSince(m));
        h.Step();
        m = h.Mark;
        h.Receive(T30Fcf.Cfr);
        List<ChannelCall> tx = TransmitCallsSince(h, m);
        Assert.Equal(["StartImage", "Image", "EndImage", "EOP"], tx.Select(c => c.Name));
        Assert.Equal(EngineHarness.LineCoded(p2, Compressions.MR), tx[1].Bytes);
        Assert.Equal("RTP", Assert.Single(h.Record.Pages).Response);
    }

    [Fact]
    public void Calling_NoResponseToDcs_ThreeTriesThenDcn()
    {
        EngineHarness h = AfterDis([EngineHarness.TestPage(1)]);
        TimeSpan start = h.Now;
        Assert.True(h.RunUntilFinished(TimeSpan.FromSeconds(30)));
        List<string> sent = h.Channel.FramesSince(0);
        Assert.Equal(3, sent.Count(f => f == "DCS")); // T.30 §5.4.3: a command is repeated up to three times... in all 3
        Assert.Equal(3, h.Channel.TrainingsSince(0).Count);
        Assert.Equal("DCN", sent[^1]);
        Assert.Equal(CallOutcome.Failed, h.Record.Outcome);
        Assert.Contains("no response to DCS", h.Record.Reason, StringComparison.Ordinal);
        Assert.InRange(h.Now - start, 3 * T30Timers.T4, (3 * T30Timers.T4) + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Calling_NoResponseToMps_ThreeTriesThenDcn()
    {
        EngineHarness h = AfterDis([EngineHarness.TestPage(1), EngineHarness.TestPage(2)]);
        h.Step();
        h.Receive(T30Fcf.Cfr);
        Assert.True(h.RunUntilFinished(TimeSpan.FromSeconds(30)));
        List<string> sent = h.Channel.FramesSince(0);
        Assert.Equal(3, sent.Count(f => f == "MPS"));
        Assert.Single(h.Channel.Calls, c => c.Op == ChannelOp.Image && c.Bytes!.Any(b => b != 0)); // the page once, not the page again
        Assert.Equal("DCN", sent[^1]);
        Assert.Contains("no response to MPS", h.Record.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Calling_NoDis_T1ExpiresWithCngOnly()
    {
        var h = EngineHarness.Calling([EngineHarness.TestPage(1)]);
        Assert.True(h.RunUntilFinished(TimeSpan.FromSeconds(60)));
        Assert.Equal(CallOutcome.Failed, h.Record.Outcome);
        Assert.Contains("T1", h.Record.Reason, StringComparison.Ordinal);
        Assert.InRange(h.Record.Duration, T30Timers.T1, T30Timers.T1 + TimeSpan.FromSeconds(1));
        Assert.Empty(h.Channel.FramesSince(0)); // nothing heard: no frames (T.30 §5.4.3.1)
    }

    [Fact]
    public void Calling_DcnFromReceiver_EndsCall()
    {
        EngineHarness h = AfterDis([EngineHarness.TestPage(1)]);
        h.Step();
        h.Receive(T30Fcf.Dcn);
        Assert.True(h.Engine.Finished);
        Assert.Equal(CallOutcome.Failed, h.Record.Outcome);
        Assert.Contains("DCN", h.Record.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Calling_DisNotReadyToReceive_SendsDcn()
    {
        var h = EngineHarness.Calling([EngineHarness.TestPage(1)]);
        h.Step();
        int m = h.Mark;
        h.Receive(T30Fcf.Dis, EngineHarness.Dis(readyToReceive: false));
        Assert.Equal("DCN", h.SentSince(m));
        Assert.True(h.RunUntilFinished(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Calling_CrpAfterDcs_RepeatsDcsWithTcf()
    {
        EngineHarness h = AfterDis([EngineHarness.TestPage(1)]);
        h.Step();
        int m = h.Mark;
        h.Receive(T30Fcf.Crp); // T.30 §5.3.6.1.7: repeat the previous command "entire"; DCS is always followed by TCF
        Assert.Equal("TSI DCS", h.SentSince(m));
        Assert.Single(h.Channel.TrainingsSince(m));
    }

    [Fact]
    public void Calling_CrpAfterMps_RepeatsMps()
    {
        EngineHarness h = AfterDis([EngineHarness.TestPage(1), EngineHarness.TestPage(2)]);
        h.Step();
        h.Receive(T30Fcf.Cfr);
        h.Step();
        int m = h.Mark;
        h.Receive(T30Fcf.Crp);
        Assert.Equal("MPS", h.SentSince(m));
        Assert.Empty(h.Channel.TrainingsSince(m));
    }

    [Fact]
    public void Calling_CrpDuringCng_IsIgnoredAndCallStillEnds()
    {
        var h = EngineHarness.Calling([EngineHarness.TestPage(1)]);
        h.Step();
        h.Receive(T30Fcf.Crp);
        Assert.True(h.RunUntilFinished(T30Timers.T1 + TimeSpan.FromSeconds(5)));
    }
}
