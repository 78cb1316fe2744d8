using CsCheck;
using FaxAppliance.Dsp.Tones;
using static FaxAppliance.Dsp.Tests.Tones.ToneSignals;

namespace FaxAppliance.Dsp.Tests.Tones;

/// <summary>What the detectors must not do: fire on speech, DTMF or music; crash or allocate on any input.</summary>
public class ToneRobustnessTests
{
    public static TheoryData<string> Distractors() => new() { "speech", "dtmf", "music" };

    private static double[] Distractor(string name, double dbm0, ulong seed) => name switch
    {
        "speech" => SpeechLike(60, dbm0, seed),
        "dtmf" => Dtmf(60, dbm0),
        _ => Music(60, dbm0, seed),
    };

    [Theory]
    [MemberData(nameof(Distractors))]
    public void Distractor_60Seconds_NoFaxToneAndNoCallProgressEvent(string name)
    {
        double[] x = Distractor(name, -10, 11);
        short[] pcm = ToPcm(x);

        List<ToneEvent> fax = ToneTestRig.Run(new FaxToneDetector(), pcm);
        List<ToneEvent> cept = ToneTestRig.Run(new CallProgressDetector(CallProgressPlan.Cept), pcm);
        List<ToneEvent> na = ToneTestRig.Run(new CallProgressDetector(CallProgressPlan.NorthAmerica), pcm);

        Assert.True(fax.Count == 0, "fax: " + ToneTestRig.Describe(fax));
        Assert.True(cept.Count == 0, "CEPT: " + ToneTestRig.Describe(cept));
        Assert.True(na.Count == 0, "North America: " + ToneTestRig.Describe(na));
    }

    [Theory]
    [MemberData(nameof(Distractors))]
    public void Distractor_QuietAndLoud_NoFaxTone(string name)
    {
        foreach (double dbm0 in new[] { -35.0, 0.0 })
        {
            List<ToneEvent> fax = ToneTestRig.Run(new FaxToneDetector(), Distractor(name, dbm0, 5)[..Samples(20000)]);
            Assert.True(fax.Count == 0, $"{dbm0} dBm0: " + ToneTestRig.Describe(fax));
        }
    }

    [Fact]
    public void SpeechThenCng_CngStillDetectedAfterTheSpeech()
    {
        double[] x = Concat(SpeechLike(5, -15, 3), Silence(200), Tone(1100, -30, 500), Silence(3000), Tone(1100, -30, 500), Silence(300));
        List<ToneEvent> events = ToneTestRig.Run(new FaxToneDetector(), x);

        Assert.Equal(2, events.Count(e => e.Type == ToneEventType.Started && e.Tone == ToneKind.Cng));
        Assert.Single(events, e => e.Type == ToneEventType.CadenceMatched);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(333)]
    [InlineData(4000)]
    public void Detectors_SignalInAnyBlockLengths_SameEventsAsIn20MsBlocks(int blockSize)
    {
        double[] x = Concat(Silence(300), Tone(1100, -20, 500), Silence(3000), Tone(1100, -20, 500), Silence(700),
            AnswerTone(-20, 3300, reversals: true, amIndex: 0.2), Silence(500),
            Cadenced(ms => Tone(425, -20, ms), [500, 500], 4000));
        short[] pcm = ToPcm(x);

        Assert.Equal(ToneTestRig.Run(new FaxToneDetector(), pcm), ToneTestRig.Run(new FaxToneDetector(), pcm, blockSize));
        Assert.Equal(
            ToneTestRig.Run(new CallProgressDetector(CallProgressPlan.Cept), pcm),
            ToneTestRig.Run(new CallProgressDetector(CallProgressPlan.Cept), pcm, blockSize));
    }

    [Fact]
    public void Detectors_RandomBlocksOfAnyLength_NeverThrowAndReportOnlyFiniteOrderedEvents()
    {
        Gen.Select(Gen.Short.Array[0, 400].Array[1, 40], Gen.Int[0, 3])
            .Sample(
                t =>
                {
                    var fax = new FaxToneDetector();
                    var cp = new CallProgressDetector(t.Item2 % 2 == 0 ? CallProgressPlan.Cept : CallProgressPlan.NorthAmerica);
                    foreach (short[] block in t.Item1)
                    {
                        short[] b = t.Item2 == 3 ? [.. block.Select(v => v >= 0 ? short.MaxValue : short.MinValue)] : block;
                        fax.Process(b);
                        cp.Process(b);
                        CheckEvents(fax.Events, fax.SamplesProcessed);
                        CheckEvents(cp.Events, cp.SamplesProcessed);
                    }
                },
                iter: 200);
    }

    [Fact]
    public void Detectors_SilenceDcAndFullScaleSquareWave_NoEvents()
    {
        short[] dc = [.. Enumerable.Repeat((short)12000, 80000)];
        short[] square = [.. Enumerable.Range(0, 80000).Select(n => (n / 4) % 2 == 0 ? short.MaxValue : short.MinValue)];
        foreach (short[] pcm in new[] { new short[80000], dc, square })
        {
            Assert.Empty(ToneTestRig.Run(new FaxToneDetector(), pcm));
            Assert.Empty(ToneTestRig.Run(new CallProgressDetector(CallProgressPlan.Cept), pcm));
            Assert.Empty(ToneTestRig.Run(new CallProgressDetector(CallProgressPlan.NorthAmerica), pcm));
        }
    }

    [Fact]
    public void FillIn_GapInsideACngBurst_EndsTheBurstAndKeepsTime()
    {
        var detector = new FaxToneDetector();
        detector.Process(ToPcm(Concat(Silence(200), Tone(1100, -20, 500))));
        detector.FillIn(Samples(1000));
        detector.Process(new short[Samples(100)]);

        var events = new List<ToneEvent>();
        while (detector.Events.TryDequeue(out ToneEvent e))
        {
            events.Add(e);
        }

        Assert.Equal([ToneEventType.Started, ToneEventType.Ended], events.Select(e => e.Type));
        Assert.InRange(events[1].SampleIndex / 8.0, 690, 740);
        Assert.Equal(Samples(1800), detector.SamplesProcessed);
        Assert.Throws<ArgumentOutOfRangeException>(() => detector.FillIn(-1));
    }

    [Fact]
    public void Restart_MidTone_ForgetsTheToneAndStartsTimeAtZero()
    {
        var detector = new FaxToneDetector();
        detector.Process(ToPcm(AnswerTone(-20, 1000, reversals: false)));
        Assert.Equal(ToneKind.Ans, detector.CurrentAnswerTone);

        detector.Restart();

        Assert.Equal(0, detector.Events.Count);
        Assert.Equal(ToneKind.None, detector.CurrentAnswerTone);
        Assert.Equal(0, detector.SamplesProcessed);
    }

    [Fact]
    public void FaxToneDetector_AfterWarmUp_AllocatesNothingPerBlock()
    {
        short[] pcm = ToPcm(Concat(Tone(1100, -20, 500), Silence(3000), AnswerTone(-20, 3300, true, 0.2), SpeechLike(3, -20, 2)));
        var detector = new FaxToneDetector();
        var sink = new CountingSink();
        for (int i = 0; i + 160 <= pcm.Length; i += 160)
        {
            detector.Process(pcm.AsSpan(i, 160), ref sink); // warm-up: JIT, tiered compilation
        }

        detector.Restart();
        sink = default;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i + 160 <= pcm.Length; i += 160)
        {
            detector.Process(pcm.AsSpan(i, 160), ref sink);
        }

        detector.FillIn(480, ref sink);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(4, sink.Count); // CNG started/ended, /ANSam started/ended
    }

    [Fact]
    public void CallProgressDetector_AfterWarmUp_AllocatesNothingPerBlock()
    {
        short[] pcm = ToPcm(Concat(
            Cadenced(ms => MultiTone([480, 620], -20, ms), [500, 500], 4000),
            Cadenced(ms => MultiTone([440, 480], -20, ms), [2000, 4000], 8000)));
        var detector = new CallProgressDetector(CallProgressPlan.NorthAmerica);
        var sink = new CountingSink();
        for (int i = 0; i + 160 <= pcm.Length; i += 160)
        {
            detector.Process(pcm.AsSpan(i, 160), ref sink);
        }

        detector.Restart();
        sink = default;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i + 160 <= pcm.Length; i += 160)
        {
            detector.Process(pcm.AsSpan(i, 160), ref sink);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(sink.Count >= 6, $"only {sink.Count} events");
    }

    private static void CheckEvents(ToneEventBuffer buffer, long samplesProcessed)
    {
        while (buffer.TryDequeue(out ToneEvent e))
        {
            Assert.True(double.IsFinite(e.FrequencyHz) && double.IsFinite(e.LevelDbm0), e.ToString());
            Assert.InRange(e.SampleIndex, 0, e.DeclaredAtSample);
            Assert.InRange(e.DeclaredAtSample, 0, samplesProcessed);
        }
    }
}
