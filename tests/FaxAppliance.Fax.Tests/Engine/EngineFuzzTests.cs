using CsCheck;
using FaxAppliance.Fax.Channel;
using FaxAppliance.Fax.Pages;
using FaxAppliance.Fax.T30;

namespace FaxAppliance.Fax.Tests.Engine;

/// <summary>
/// The engine in every reachable state fed random, truncated and oversized frames, wrong image events and silence:
/// each input is traced and ignored or answered (CRP), nothing throws, and the call always ends once the input stops
/// (T.30 §5.4.3: every wait has a timer).
/// </summary>
public class EngineFuzzTests
{
    private static readonly SignallingRate Rate = SignallingRate.V29_9600;
    private static readonly byte[] PageT4 = EngineHarness.LineCoded(EngineHarness.TestPage(7, rows: 60));

    /// <summary>The longest a call may go on after the remote falls silent: T1, plus one T2 wait and a margin.</summary>
    private static readonly TimeSpan EndLimit = T30Timers.T1 + T30Timers.T2 + TimeSpan.FromSeconds(4);

    // Ways to drive the answering engine into each of its states (the comment names the state reached).
    private static readonly Func<EngineHarness>[] AnsweringPrefixes =
    [
        () => EngineHarness.Answering(), // Transmitting CED/CSI/DIS
        () => Answer(h => h.Step()), // AwaitCommand
        () => Answer(h => { h.Step(); h.Receive(T30Fcf.Dcs, EngineHarness.Dcs(Rate)); }), // ReceiveTcf
        () => Answer(h => { h.Step(); h.Receive(T30Fcf.Dcs, EngineHarness.Dcs(Rate)); h.Advance(TimeSpan.FromMilliseconds(100)); h.Engine.OnImageStatus(ImageStatus.TrainingSucceeded); h.Engine.OnImageData(new byte[600]); }), // ReceiveTcf, trained
        () => Answer(h => { h.Step(); h.ReceiveDcsAndTcf(Rate, tcfGood: false); h.Step(); }), // AwaitCommand after FTT
        () => Answer(h => { ToAwaitPage(h); }), // AwaitPage
        () => Answer(h => { ToAwaitPage(h); h.ReceivePage(PageT4, Rate, PageT4.Length / 2, carrierDown: false); }), // ReceivingPage
        () => Answer(h => { ToAwaitPage(h); h.ReceivePage(PageT4, Rate); }), // AwaitPostPage
        () => Answer(h => { ToAwaitPage(h); h.ReceivePage(PageT4, Rate); h.Receive(T30Fcf.Mps); }), // Transmitting MCF
        () => Answer(h => { ToAwaitPage(h); h.ReceivePage(PageT4, Rate); h.Receive(T30Fcf.Mps); h.Step(); }), // AwaitPage after MCF
        () => Answer(h => { ToAwaitPage(h); h.ReceivePage(PageT4, Rate); h.Receive(T30Fcf.Eop); h.Step(); }), // AwaitDcn
        () => Answer(h => { ToAwaitPage(h); h.Advance(TimeSpan.FromSeconds(10)); }), // Releasing (T2) or Done
    ];

    // Ways to drive the calling engine into each of its states.
    private static readonly Func<EngineHarness>[] CallingPrefixes =
    [
        () => Call(h => h.Step()), // CallingCng
        () => Call(h => { h.Step(); h.Receive(T30Fcf.Dis, EngineHarness.Dis()); }), // Transmitting DCS + TCF
        () => Call(h => { ToAwaitTcfResponse(h); }), // AwaitTcfResponse
        () => Call(h => { ToAwaitTcfResponse(h); h.Receive(T30Fcf.Cfr); }), // Transmitting page 1 + MPS
        () => Call(h => { ToAwaitTcfResponse(h); h.Receive(T30Fcf.Cfr); h.Step(); }), // AwaitPostPageResponse
        () => Call(h => { ToAwaitTcfResponse(h); h.Receive(T30Fcf.Cfr); h.Step(); h.Receive(T30Fcf.Rtn); h.Step(); }), // AwaitTcfResponse after RTN
        () => Call(h => { ToAwaitTcfResponse(h); h.Receive(T30Fcf.Cfr); h.Step(); h.Receive(T30Fcf.Mcf); h.Step(); h.Receive(T30Fcf.Cfr); }), // page 2 + EOP
        () => Call(h => { ToAwaitTcfResponse(h); h.Receive(T30Fcf.Cfr); h.Step(); h.Receive(T30Fcf.Mcf); h.Step(); h.Receive(T30Fcf.Cfr); h.Step(); h.Receive(T30Fcf.Mcf); }), // Releasing
        () => Call(h => { ToAwaitTcfResponse(h); h.Receive(T30Fcf.Dcn); }), // Done
    ];

    private static readonly Gen<List<FuzzInput>> Inputs = FuzzInput.Gen.List[1, 40];

    [Fact]
    public void Answering_GarbageInEveryState_NeverThrowsTracesEachInputAndEnds() =>
        Gen.Select(Gen.Int[0, AnsweringPrefixes.Length - 1], Inputs).Sample(
            (prefix, inputs) => Run(AnsweringPrefixes[prefix](), inputs), iter: 2000);

    [Fact]
    public void Calling_GarbageInEveryState_NeverThrowsTracesEachInputAndEnds() =>
        Gen.Select(Gen.Int[0, CallingPrefixes.Length - 1], Inputs).Sample(
            (prefix, inputs) => Run(CallingPrefixes[prefix](), inputs), iter: 2000);

    [Fact]
    public void EveryPrefix_WithoutGarbage_Ends()
    {
        // The prefixes themselves (no garbage) must end too: the baseline the property relies on.
        foreach (Func<EngineHarness> prefix in AnsweringPrefixes.Concat(CallingPrefixes))
        {
            EngineHarness h = prefix();
            QuietLine(h);
            Assert.True(h.RunUntilFinished(EndLimit), $"stuck: {h.Record.Trace.Entries[^1]}");
            Assert.Empty(h.Channel.Violations);
        }
    }

    [Fact]
    public void OversizedFrames_TraceStaysBounded()
    {
        // T.30 §5.3.5: a control frame carries at most a few hundred octets; a T.38 peer can still send 64 KB.
        var h = EngineHarness.Answering();
        h.Step();
        var huge = new byte[65_000];
        huge[0] = T30FrameParser.Address;
        huge[1] = T30FrameParser.ControlNotFinal;
        huge[2] = 0x5A;
        for (int i = 0; i < 100; i++)
        {
            h.Engine.OnControlFrame(huge, crcOk: i % 2 == 0);
        }

        long chars = h.Record.Trace.Entries.Sum(e => (long)((e.Hex?.Length ?? 0) + (e.Detail?.Length ?? 0)));
        Assert.InRange(chars, 0, 100 * 2 * 1024);
    }

    [Fact]
    public void AbortMidPage_KeepsPartialPageAndFinishes()
    {
        EngineHarness h = AnsweringPrefixes[6]();
        h.Engine.Abort("loop current lost");
        Assert.True(h.Engine.Finished);
        Assert.Equal("loop current lost", h.Record.Reason);
        Assert.True(Assert.Single(h.Store.Pages).Partial);
        Assert.Contains(h.Channel.Calls, c => c.Op == ChannelOp.Abort);
    }

    private static void Run(EngineHarness h, List<FuzzInput> inputs)
    {
        foreach (FuzzInput input in inputs)
        {
            Deliver(h, input);
            h.Step();
        }

        // The remote falls silent. A real receiver reports its high-speed carrier gone when the line goes quiet.
        QuietLine(h);
        TimeSpan stoppedAt = h.Now;
        h.RunUntilFinished(EndLimit);

        Assert.True(h.Engine.Finished, $"call stuck {EndLimit} after the input stopped; trace:\n{Tail(h)}");
        Assert.InRange(h.Record.Duration - stoppedAt, TimeSpan.Zero, EndLimit);
        Assert.Empty(h.Channel.Violations);

        // Input after the end changes nothing and throws nothing.
        int calls = h.Channel.Calls.Count;
        foreach (FuzzInput input in inputs.Take(5))
        {
            Deliver(h, input);
            h.Step();
        }

        Assert.True(h.Engine.Finished);
        Assert.Equal(calls, h.Channel.Calls.Count);
    }

    private static void Deliver(EngineHarness h, FuzzInput input)
    {
        bool wasFinished = h.Engine.Finished;
        int traced = Traced(h);
        if (input.Frame(xBit: (input.Value & 1) != 0) is { } frame)
        {
            if (input.Kind == FuzzKind.ShortFcd && (input.Value & 8) != 0)
            {
                h.Engine.OnImageFrame(frame, input.CrcOk); // an FCD over the page modem, as ECM sends it
                return;
            }
            else
            {
                h.Engine.OnControlFrame(frame, input.CrcOk);
                if (frame.Length > 1 && frame[1] == T30FrameParser.ControlFinal)
                {
                    h.Engine.OnControlCarrier(false);
                }
            }

            Assert.True(wasFinished || Traced(h) > traced, $"input not traced: {input}");
            return;
        }

        switch (input.Kind)
        {
            case FuzzKind.ImageStatus:
                h.Engine.OnImageStatus(input.Status);
                Assert.True(Traced(h) > traced, $"input not traced: {input}");
                break;
            case FuzzKind.ImageData:
                h.Engine.OnImageData(input.Bytes);
                break;
            case FuzzKind.ImageFrame:
                // Page-modem payload, like image data: not traced one by one (the ECM engine traces its own summary).
                h.Engine.OnImageFrame(input.Bytes, input.CrcOk);
                break;
            case FuzzKind.ControlCarrier:
                h.Engine.OnControlCarrier((input.Value & 1) != 0);
                break;
            case FuzzKind.Tone:
                h.Engine.OnTone(input.ToneHeard);
                Assert.True(Traced(h) > traced, $"input not traced: {input}");
                break;
            case FuzzKind.Wait:
                h.Advance(TimeSpan.FromMilliseconds(input.Value % 4000));
                break;
            default:
                throw new InvalidOperationException($"unhandled {input.Kind}");
        }
    }

    private static void QuietLine(EngineHarness h)
    {
        h.Engine.OnImageStatus(ImageStatus.CarrierDown);
        h.Engine.OnControlCarrier(false);
    }

    private static string Tail(EngineHarness h) =>
        string.Join('\n', h.Record.Trace.Entries.TakeLast(25).Select(e => $"{e.Time} {e.Direction} {e.Kind} {e.Name} {e.Hex} {e.Detail}"));

    private static int Traced(EngineHarness h) => h.Record.Trace.Entries.Count + h.Record.Trace.Dropped;

    private static EngineHarness Answer(Action<EngineHarness> steps)
    {
        var h = EngineHarness.Answering();
        steps(h);
        return h;
    }

    private static EngineHarness Call(Action<EngineHarness> steps)
    {
        var h = EngineHarness.Calling([EngineHarness.TestPage(1, rows: 40), EngineHarness.TestPage(2, rows: 40)]);
        steps(h);
        return h;
    }

    private static void ToAwaitPage(EngineHarness h)
    {
        h.Step();
        h.ReceiveDcsAndTcf(Rate);
        h.Step();
    }

    private static void ToAwaitTcfResponse(EngineHarness h)
    {
        h.Step();
        h.Receive(T30Fcf.Dis, EngineHarness.Dis());
        h.Step();
    }
}
