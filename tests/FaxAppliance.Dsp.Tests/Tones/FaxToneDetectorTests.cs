using FaxAppliance.Dsp.Tones;
using FaxAppliance.Hal.Simulated.Line;
using static FaxAppliance.Dsp.Tests.Tones.ToneSignals;

namespace FaxAppliance.Dsp.Tests.Tones;

public class FaxToneDetectorTests
{
    /// <summary>1 s of silence, then CNG (T.30: 0.5 s on, 3 s off) three times.</summary>
    private static double[] CngCall(double hz, double dbm0) =>
        Concat(Silence(1000), Cadenced(ms => Tone(hz, dbm0, ms), [500, 3000], 10500));

    [Theory]
    [InlineData(-43.0)]
    [InlineData(-30.0)]
    [InlineData(-10.0)]
    [InlineData(0.0)]
    public void Cng_AtLevel_EachBurstDetectedWithItsTimingFrequencyAndLevel(double dbm0)
    {
        List<ToneEvent> events = ToneTestRig.Run(new FaxToneDetector(), CngCall(1100, dbm0));

        ToneEvent[] started = [.. events.Where(e => e.Type == ToneEventType.Started)];
        ToneEvent[] ended = [.. events.Where(e => e.Type == ToneEventType.Ended)];
        Assert.True(started.Length == 3 && ended.Length == 3, ToneTestRig.Describe(events));
        for (int i = 0; i < 3; i++)
        {
            double onsetMs = 1000 + i * 3500;
            Assert.Equal(ToneKind.Cng, started[i].Tone);
            Assert.InRange(started[i].SampleIndex / 8.0, onsetMs - 20, onsetMs + 40);
            Assert.InRange(ended[i].SampleIndex / 8.0, onsetMs + 500 - 20, onsetMs + 500 + 40);
            Assert.InRange(started[i].DeclaredAtSample / 8.0, onsetMs + 300, onsetMs + 460);
            Assert.InRange(ended[i].FrequencyHz, 1099, 1101);
            Assert.InRange(ended[i].LevelDbm0, dbm0 - 1, dbm0 + 1);
        }
    }

    [Fact]
    public void Cng_ThreeBurstsOfTheT30Cadence_CadenceMatchedAtTheSecondBurst()
    {
        List<ToneEvent> events = ToneTestRig.Run(new FaxToneDetector(), CngCall(1100, -20));

        ToneEvent[] matched = [.. events.Where(e => e.Type == ToneEventType.CadenceMatched)];
        ToneEvent match = Assert.Single(matched);
        Assert.Equal(ToneKind.Cng, match.Tone);
        Assert.InRange(match.SampleIndex / 8.0, 4500 - 20, 4500 + 40);
    }

    [Fact]
    public void Cng_BurstsTooCloseTogether_NoCadenceButEachBurstStillReported()
    {
        // 0.5 s on, 1 s off: CNG's frequency but not T.30's cadence.
        double[] x = Concat(Silence(500), Cadenced(ms => Tone(1100, -20, ms), [500, 1000], 6000));
        List<ToneEvent> events = ToneTestRig.Run(new FaxToneDetector(), x);

        Assert.DoesNotContain(events, e => e.Type == ToneEventType.CadenceMatched);
        Assert.Equal(4, events.Count(e => e.Type == ToneEventType.Started && e.Tone == ToneKind.Cng));
    }

    [Theory]
    [InlineData(1062.0, -43.0)]
    [InlineData(1138.0, -43.0)]
    [InlineData(1062.0, 0.0)]
    [InlineData(1138.0, 0.0)]
    public void Cng_AtEdgeOfTolerance_Detected(double hz, double dbm0)
    {
        List<ToneEvent> events = ToneTestRig.Run(new FaxToneDetector(), CngCall(hz, dbm0));

        Assert.Equal(3, events.Count(e => e.Type == ToneEventType.Started && e.Tone == ToneKind.Cng));
        Assert.All(events.Where(e => e.Type == ToneEventType.Ended), e => Assert.InRange(e.FrequencyHz, hz - 1, hz + 1));
    }

    [Theory]
    [InlineData(1050.0, -10.0)]
    [InlineData(1150.0, -10.0)]
    [InlineData(1050.0, -43.0)]
    [InlineData(1150.0, -43.0)]
    [InlineData(1000.0, -10.0)]
    [InlineData(1209.0, -10.0)]
    public void Cng_OutsideTolerance_NotDetected(double hz, double dbm0)
    {
        List<ToneEvent> events = ToneTestRig.Run(new FaxToneDetector(), CngCall(hz, dbm0));

        Assert.True(events.Count == 0, ToneTestRig.Describe(events));
    }

    [Theory]
    [InlineData(-43.0)]
    [InlineData(-30.0)]
    [InlineData(-10.0)]
    [InlineData(0.0)]
    public void Ced_AtLevel_DeclaredAsAnsAfterItsMinimumDuration(double dbm0)
    {
        double[] x = Concat(Silence(500), AnswerTone(dbm0, 3000, reversals: false), Silence(500));
        List<ToneEvent> events = ToneTestRig.Run(new FaxToneDetector(), x);

        Assert.True(events.Count == 2, ToneTestRig.Describe(events));
        Assert.Equal((ToneEventType.Started, ToneKind.Ans), (events[0].Type, events[0].Tone));
        Assert.Equal((ToneEventType.Ended, ToneKind.Ans), (events[1].Type, events[1].Tone));
        Assert.InRange(events[0].SampleIndex / 8.0, 480, 540);
        Assert.True(events[0].DeclaredAtSample - events[0].SampleIndex >= Samples(600), "declared before 600 ms");
        Assert.InRange(events[1].SampleIndex / 8.0, 3480, 3540);
        Assert.InRange(events[1].FrequencyHz, 2099, 2101);
        Assert.InRange(events[1].LevelDbm0, dbm0 - 1, dbm0 + 1);
    }

    [Theory]
    [InlineData(2085.0)]
    [InlineData(2115.0)]
    public void Ced_AtEdgeOfTolerance_Detected(double hz)
    {
        foreach (double dbm0 in new[] { -43.0, 0.0 })
        {
            double[] x = Concat(Silence(500), AnswerTone(dbm0, 3000, reversals: false, hz: hz), Silence(500));
            List<ToneEvent> events = ToneTestRig.Run(new FaxToneDetector(), x);

            Assert.True(events.Count == 2 && events[0].Tone == ToneKind.Ans, $"{dbm0} dBm0: " + ToneTestRig.Describe(events));
            Assert.InRange(events[1].FrequencyHz, hz - 1, hz + 1);
        }
    }

    [Theory]
    [InlineData(2075.0)]
    [InlineData(2125.0)]
    [InlineData(2000.0)]
    [InlineData(2200.0)]
    public void Ced_OutsideTolerance_NotDetected(double hz)
    {
        foreach (double dbm0 in new[] { -43.0, -10.0 })
        {
            double[] x = Concat(Silence(500), AnswerTone(dbm0, 3000, reversals: true, amIndex: 0.2, hz: hz), Silence(500));
            List<ToneEvent> events = ToneTestRig.Run(new FaxToneDetector(), x);

            Assert.True(events.Count == 0, $"{dbm0} dBm0: " + ToneTestRig.Describe(events));
        }
    }

    [Fact]
    public void Ced_BurstsShorterThanTheMinimum_NotDeclared()
    {
        double[] x = Cadenced(ms => AnswerTone(-10, ms, reversals: false), [500, 300], 8000);
        List<ToneEvent> events = ToneTestRig.Run(new FaxToneDetector(), x);

        Assert.True(events.Count == 0, ToneTestRig.Describe(events));
    }

    public static TheoryData<ToneKind, double> AnswerTones()
    {
        var data = new TheoryData<ToneKind, double>();
        foreach (ToneKind kind in new[] { ToneKind.AnsPhaseReversals, ToneKind.AnsAm, ToneKind.AnsAmPhaseReversals })
        {
            foreach (double dbm0 in new[] { -43.0, -30.0, -10.0, 0.0 })
            {
                data.Add(kind, dbm0);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AnswerTones))]
    public void AnswerTone_WithReversalsOrModulation_ClassifiedAtDeclaration(ToneKind kind, double dbm0)
    {
        bool reversals = kind is ToneKind.AnsPhaseReversals or ToneKind.AnsAmPhaseReversals;
        double am = kind is ToneKind.AnsAm or ToneKind.AnsAmPhaseReversals ? 0.2 : 0;
        double[] x = Concat(Silence(500), AnswerTone(dbm0, 3300, reversals, am), Silence(500));
        List<ToneEvent> events = ToneTestRig.Run(new FaxToneDetector(), x);

        Assert.True(events.Count == 2, ToneTestRig.Describe(events));
        Assert.Equal((ToneEventType.Started, kind), (events[0].Type, events[0].Tone));
        Assert.Equal((ToneEventType.Ended, kind), (events[1].Type, events[1].Tone));
        Assert.InRange(events[1].SampleIndex / 8.0, 3780, 3840);
    }

    [Theory]
    [InlineData(0.15, 14.9)]
    [InlineData(0.25, 15.1)]
    [InlineData(0.15, 15.1)]
    [InlineData(0.25, 14.9)]
    public void AnsAm_AtEdgesOfModulationIndexAndRate_ClassifiedAsAnsAm(double index, double amHz)
    {
        double[] x = Concat(Silence(300), AnswerTone(-30, 3300, reversals: false, index, amHz: amHz), Silence(300));
        List<ToneEvent> events = ToneTestRig.Run(new FaxToneDetector(), x);

        Assert.True(events.Count == 2 && events[0].Tone == ToneKind.AnsAm, ToneTestRig.Describe(events));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(100)]
    [InlineData(240)]
    [InlineData(300)]
    [InlineData(440)]
    public void AnsWithReversals_JoinedMidTone_StillClassifiedAsSlashAns(int msAfterAReversal)
    {
        double[] tone = AnswerTone(-20, 3300, reversals: true);
        double[] x = Concat(Silence(300), tone.AsSpan(Samples(450 + msAfterAReversal)).ToArray(), Silence(300));
        List<ToneEvent> events = ToneTestRig.Run(new FaxToneDetector(), x);

        Assert.True(events.Count >= 2, ToneTestRig.Describe(events));
        Assert.Equal(ToneKind.AnsPhaseReversals, events[^1].Tone);
        Assert.DoesNotContain(events, e => e.Tone is ToneKind.AnsAm or ToneKind.AnsAmPhaseReversals);
    }

    [Fact]
    public void Ans_ReversalsStartingAfterDeclaration_ChangedToSlashAns()
    {
        // 1 s of plain 2100 Hz (whole cycles, so the phase runs on), then reversals from 1.45 s.
        double[] x = Concat(Silence(300), AnswerTone(-20, 1000, reversals: false), AnswerTone(-20, 2000, reversals: true), Silence(300));
        List<ToneEvent> events = ToneTestRig.Run(new FaxToneDetector(), x);

        Assert.True(events.Count == 3, ToneTestRig.Describe(events));
        Assert.Equal((ToneEventType.Started, ToneKind.Ans), (events[0].Type, events[0].Tone));
        Assert.Equal((ToneEventType.Changed, ToneKind.AnsPhaseReversals), (events[1].Type, events[1].Tone));
        Assert.InRange(events[1].SampleIndex / 8.0, 300 + 1450, 300 + 1450 + 60);
        Assert.Equal((ToneEventType.Ended, ToneKind.AnsPhaseReversals), (events[2].Type, events[2].Tone));
    }

    public static TheoryData<string> LineTones() => new() { "CNG", "CED", "/ANS", "ANSam", "/ANSam" };

    [Theory]
    [MemberData(nameof(LineTones))]
    public void Tone_AtMinus43Dbm0Through_G711LineWithWhiteNoiseAt20DbSnr_StillDetected(string name)
    {
        (double[] x, ToneKind kind) = name switch
        {
            "CNG" => (CngCall(1100, -43), ToneKind.Cng),
            "CED" => (AnswerTone(-43, 3000, false), ToneKind.Ans),
            "/ANS" => (AnswerTone(-43, 3300, true), ToneKind.AnsPhaseReversals),
            "ANSam" => (AnswerTone(-43, 3300, false, 0.2), ToneKind.AnsAm),
            _ => (AnswerTone(-43, 3300, true, 0.2), ToneKind.AnsAmPhaseReversals),
        };
        x = Concat(Silence(500), x, Silence(500));
        var impairments = new LineImpairments { NoiseDbm0 = -63, Codec = LineCodec.ALaw, Seed = 7 };
        short[] received = ToneTestRig.ThroughLine(x, impairments);

        List<ToneEvent> events = ToneTestRig.Run(new FaxToneDetector(), received);

        ToneEvent[] started = [.. events.Where(e => e.Type == ToneEventType.Started)];
        Assert.True(started.Length >= 1 && started.All(e => e.Tone == kind), ToneTestRig.Describe(events));
        Assert.DoesNotContain(events, e => e.Type == ToneEventType.Changed);
    }

    [Fact]
    public void Ced_WithFrequencyOffsetOnTheLine_DetectedAtTheShiftedFrequency()
    {
        double[] x = Concat(Silence(500), AnswerTone(-30, 3000, false), Silence(500));
        var impairments = new LineImpairments { FrequencyOffsetHz = 10, NoiseDbm0 = -60, Seed = 3 };
        List<ToneEvent> events = ToneTestRig.Run(new FaxToneDetector(), ToneTestRig.ThroughLine(x, impairments));

        Assert.True(events.Count == 2 && events[0].Tone == ToneKind.Ans, ToneTestRig.Describe(events));
        Assert.InRange(events[1].FrequencyHz, 2108, 2112);
    }
}
