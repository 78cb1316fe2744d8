using CsCheck;
using FaxAppliance.Dsp.Tones;
using FaxAppliance.Hal.Simulated.Line;
using static FaxAppliance.Dsp.Tests.Tones.ToneSignals;

namespace FaxAppliance.Dsp.Tests.Tones;

public class CallProgressDetectorTests
{
    private static CallProgressPlan PlanNamed(string plan) => plan == "CEPT" ? CallProgressPlan.Cept : CallProgressPlan.NorthAmerica;

    /// <summary>A signal of a plan as the network plays it: 300 ms of silence, then its cadence for 14 s.</summary>
    private static double[] Play(CallProgressTone tone, double dbm0, double hzShift = 0, double ms = 14000)
    {
        IReadOnlyList<int> cadence = tone.Continuous ? [(int)ms] : tone.CadenceMs;
        double[] freqs = [.. tone.FrequenciesHz.Select(f => f + hzShift)];
        return Concat(Silence(300), Cadenced(d => MultiTone(freqs, dbm0, d), cadence, ms));
    }

    public static TheoryData<string, CallProgressSignal, double> Signals()
    {
        var data = new TheoryData<string, CallProgressSignal, double>();
        foreach (string plan in new[] { "CEPT", "NA" })
        {
            foreach (CallProgressSignal s in new[] { CallProgressSignal.Dial, CallProgressSignal.RingBack, CallProgressSignal.Busy, CallProgressSignal.Congestion })
            {
                foreach (double dbm0 in new[] { -43.0, -10.0, 0.0 })
                {
                    data.Add(plan, s, dbm0);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Signals))]
    public void Signal_OfEitherBuiltInPlan_ClassifiedByItsCadence(string plan, CallProgressSignal signal, double dbm0)
    {
        CallProgressPlan p = PlanNamed(plan);
        CallProgressTone tone = p.Tones.Single(t => t.Signal == signal);

        List<ToneEvent> events = ToneTestRig.Run(new CallProgressDetector(p), Play(tone, dbm0));

        ToneEvent[] matched = [.. events.Where(e => e.Type == ToneEventType.CadenceMatched)];
        Assert.True(matched.Length == 1 && matched[0].Signal == signal, ToneTestRig.Describe(events));
        Assert.InRange(matched[0].LevelDbm0, dbm0 - 1.5, dbm0 + 1.5);
        // 440 Hz next to 480 Hz (ring-back) reads about 4 Hz low: the 20 ms window lets a little of 480 Hz in.
        double error = tone.FrequenciesHz.Count == 2 ? 5 : 1;
        Assert.InRange(matched[0].FrequencyHz, tone.FrequenciesHz.Min() - error, tone.FrequenciesHz.Min() + error);
        int cycleMs = tone.CadenceMs.Sum();
        double latestMs = 300 + (tone.Continuous ? tone.CadenceMs[0] : cycleMs * tone.CyclesToConfirm) + 200; // + the burst minimum (≤ 160 ms)
        Assert.True(matched[0].DeclaredAtSample / 8.0 <= latestMs, $"declared at {matched[0].DeclaredAtSample / 8.0} ms");
    }

    [Fact]
    public void Busy_WhenItStops_CadenceEndedAfterTheLongestAllowedPause()
    {
        double[] x = Concat(Play(CallProgressPlan.Cept.Tones.Single(t => t.Signal == CallProgressSignal.Busy), -20, ms: 4000), Silence(2000));
        var detector = new CallProgressDetector(CallProgressPlan.Cept);
        List<ToneEvent> events = ToneTestRig.Run(detector, x);

        ToneEvent ended = Assert.Single(events, e => e.Type == ToneEventType.CadenceEnded);
        Assert.Equal(CallProgressSignal.Busy, ended.Signal);
        Assert.InRange(ended.DeclaredAtSample / 8.0, 3800 + 500, 3800 + 800); // last burst ends at 3.8 s; busy's pause is 500 ms + 20 % + slack
        Assert.Equal(CallProgressSignal.None, detector.Current);
    }

    [Theory]
    [InlineData("CEPT", "NA")]
    [InlineData("NA", "CEPT")]
    public void EverySignal_OfTheOtherPlan_NotDetectedAtAll(string playedPlan, string detectorPlan)
    {
        foreach (CallProgressTone tone in PlanNamed(playedPlan).Tones)
        {
            List<ToneEvent> events = ToneTestRig.Run(new CallProgressDetector(PlanNamed(detectorPlan)), Play(tone, -10));

            Assert.True(events.Count == 0, $"{tone.Signal}: " + ToneTestRig.Describe(events));
        }
    }

    [Theory]
    [InlineData(-15.0)]
    [InlineData(15.0)]
    public void CeptBusy_AtEdgeOfFrequencyTolerance_Classified(double shift)
    {
        CallProgressTone busy = CallProgressPlan.Cept.Tones.Single(t => t.Signal == CallProgressSignal.Busy);
        foreach (double dbm0 in new[] { -43.0, 0.0 })
        {
            List<ToneEvent> events = ToneTestRig.Run(new CallProgressDetector(CallProgressPlan.Cept), Play(busy, dbm0, shift));

            Assert.Contains(events, e => e.Type == ToneEventType.CadenceMatched && e.Signal == CallProgressSignal.Busy);
        }
    }

    [Theory]
    [InlineData(CallProgressSignal.RingBack, -10.0)]
    [InlineData(CallProgressSignal.RingBack, 10.0)]
    [InlineData(CallProgressSignal.Busy, -15.0)]
    [InlineData(CallProgressSignal.Busy, 15.0)]
    [InlineData(CallProgressSignal.Dial, 15.0)]
    public void NorthAmericanDualTone_BothComponentsAtEdgeOfTolerance_ClassifiedAtMinus43Dbm0With20DbSnr(CallProgressSignal signal, double shift)
    {
        CallProgressTone tone = CallProgressPlan.NorthAmerica.Tones.Single(t => t.Signal == signal);
        Assert.Equal(Math.Abs(shift), tone.FrequencyToleranceHz);
        for (ulong seed = 1; seed <= 3; seed++)
        {
            double[] x = WithNoise(Play(tone, -43, shift, ms: 9000), -63, seed);
            List<ToneEvent> events = ToneTestRig.Run(new CallProgressDetector(CallProgressPlan.NorthAmerica), x);

            ToneEvent[] matched = [.. events.Where(e => e.Type == ToneEventType.CadenceMatched)];
            Assert.True(matched.Length == 1 && matched[0].Signal == signal, $"seed {seed}: " + ToneTestRig.Describe(events));
        }
    }

    [Theory]
    [InlineData(-25.0)]
    [InlineData(25.0)]
    [InlineData(-50.0)]
    [InlineData(75.0)]
    public void CeptBusy_OutsideFrequencyTolerance_NotDetected(double shift)
    {
        CallProgressTone busy = CallProgressPlan.Cept.Tones.Single(t => t.Signal == CallProgressSignal.Busy);
        foreach (double dbm0 in new[] { -43.0, -10.0 })
        {
            List<ToneEvent> events = ToneTestRig.Run(new CallProgressDetector(CallProgressPlan.Cept), Play(busy, dbm0, shift));

            Assert.True(events.Count == 0, $"{dbm0} dBm0: " + ToneTestRig.Describe(events));
        }
    }

    [Theory]
    [InlineData("CEPT", CallProgressSignal.Busy)]
    [InlineData("CEPT", CallProgressSignal.RingBack)]
    [InlineData("NA", CallProgressSignal.Busy)]
    [InlineData("NA", CallProgressSignal.RingBack)]
    public void Signal_ThroughG711LineWithNoiseAt20DbSnr_Classified(string plan, CallProgressSignal signal)
    {
        CallProgressPlan p = PlanNamed(plan);
        double[] x = Play(p.Tones.Single(t => t.Signal == signal), -40);
        short[] received = ToneTestRig.ThroughLine(x, new LineImpairments { NoiseDbm0 = -60, Codec = LineCodec.MuLaw, Seed = 5 });

        List<ToneEvent> events = ToneTestRig.Run(new CallProgressDetector(p), received);

        ToneEvent[] matched = [.. events.Where(e => e.Type == ToneEventType.CadenceMatched)];
        Assert.True(matched.Length == 1 && matched[0].Signal == signal, ToneTestRig.Describe(events));
    }

    [Fact]
    public void CeptBusyWithWrongCadence_OnlyBurstsReportedNoSignal()
    {
        // 425 Hz at 0.7 / 0.3 s: neither busy (0.5 / 0.5) nor ring-back nor congestion.
        double[] x = Concat(Silence(300), Cadenced(ms => Tone(425, -20, ms), [700, 300], 8000));
        List<ToneEvent> events = ToneTestRig.Run(new CallProgressDetector(CallProgressPlan.Cept), x);

        Assert.DoesNotContain(events, e => e.Type == ToneEventType.CadenceMatched);
        Assert.True(events.Count(e => e.Type == ToneEventType.Started) >= 7, ToneTestRig.Describe(events));
    }

    [Fact]
    public void PlanFromSettings_EquivalentToBuiltIn_ClassifiesTheSame()
    {
        var settings = new CallProgressPlanSettings
        {
            Name = "Germany",
            MinLevelDbm0 = -43,
            Tones =
            [
                new CallProgressToneSettings { Signal = "dial", FrequenciesHz = [425], CadenceMs = [2000] },
                new CallProgressToneSettings { Signal = "RingBack", FrequenciesHz = [425], CadenceMs = [1000, 4000] },
                new CallProgressToneSettings { Signal = "Busy", FrequenciesHz = [425], CadenceMs = [480, 480], CyclesToConfirm = 2 },
            ],
        };
        CallProgressPlan plan = CallProgressPlan.FromSettings(settings);

        Assert.Equal("Germany", plan.Name);
        double[] x = Concat(Silence(300), Cadenced(ms => Tone(425, -20, ms), [480, 480], 4000));
        List<ToneEvent> events = ToneTestRig.Run(new CallProgressDetector(plan), x);
        Assert.Single(events, e => e.Type == ToneEventType.CadenceMatched && e.Signal == CallProgressSignal.Busy);
    }

    public static TheoryData<string, string> BadSettings() => new()
    {
        { "signal", "tones[0].signal" },
        { "none-signal", "tones[0].signal" },
        { "numeric-signal", "tones[0].signal" },
        { "no-frequencies", "tones[0].frequenciesHz" },
        { "three-frequencies", "tones[0].frequenciesHz" },
        { "frequency-too-high", "tones[0].frequenciesHz" },
        { "frequencies-too-close", "tones[0].frequenciesHz" },
        { "tolerance", "tones[0].frequencyToleranceHz" },
        { "tolerance-close-pair", "tones[0].frequencyToleranceHz" },
        { "odd-cadence", "tones[0].cadenceMs" },
        { "negative-cadence", "tones[0].cadenceMs" },
        { "cadence-percent", "tones[0].cadenceTolerancePercent" },
        { "cycles", "tones[0].cyclesToConfirm" },
        { "no-tones", "tones:" },
        { "null-tone", "tones[0]: missing" },
        { "no-name", "name:" },
        { "level", "minLevelDbm0" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void PlanFromSettings_BadField_ArgumentExceptionNamingTheField(string what, string field)
    {
        var good = new CallProgressToneSettings { Signal = "Busy", FrequenciesHz = [480, 620], CadenceMs = [500, 500] };
        CallProgressToneSettings? tone = what switch
        {
            "signal" => good with { Signal = "Bsy" },
            "none-signal" => good with { Signal = "None" },
            "numeric-signal" => good with { Signal = "3" },
            "no-frequencies" => good with { FrequenciesHz = null },
            "three-frequencies" => good with { FrequenciesHz = [350, 440, 480] },
            "frequency-too-high" => good with { FrequenciesHz = [4000] },
            "frequencies-too-close" => good with { FrequenciesHz = [440, 460] },
            "tolerance" => good with { FrequencyToleranceHz = 30 },
            "tolerance-close-pair" => good with { FrequenciesHz = [440, 480], FrequencyToleranceHz = 15 },
            "odd-cadence" => good with { CadenceMs = [500, 500, 500] },
            "negative-cadence" => good with { CadenceMs = [500, -500] },
            "cadence-percent" => good with { CadenceTolerancePercent = 0 },
            "cycles" => good with { CyclesToConfirm = 9 },
            "null-tone" => null,
            _ => good,
        };
        var settings = new CallProgressPlanSettings
        {
            Name = what == "no-name" ? " " : "Test",
            MinLevelDbm0 = what == "level" ? double.NaN : -43,
            Tones = what == "no-tones" ? [] : [tone],
        };

        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => CallProgressPlan.FromSettings(settings));
        Assert.StartsWith(field, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanFromSettings_RandomSettings_EitherAPlanOrAnArgumentException()
    {
        Gen<CallProgressToneSettings> genTone =
            from signal in Gen.OneOfConst("Dial", "RingBack", "Busy", "Congestion", "None", "", "7", "busy ")
            from freqs in Gen.Double[-100, 5000].Array[0, 3]
            from tol in Gen.Double[-5, 40]
            from cadence in Gen.Int[-100, 30000].Array[0, 10]
            from pct in Gen.Int[-5, 80]
            from cycles in Gen.Int[-1, 6]
            select new CallProgressToneSettings
            {
                Signal = signal,
                FrequenciesHz = freqs,
                FrequencyToleranceHz = tol,
                CadenceMs = cadence,
                CadenceTolerancePercent = pct,
                CyclesToConfirm = cycles,
            };
        Gen.Select(genTone.Array[0, 20], Gen.Double[-80, 10], Gen.OneOfConst("x", "", null))
            .Sample(
                t =>
                {
                    var settings = new CallProgressPlanSettings { Name = t.Item3, MinLevelDbm0 = t.Item2, Tones = t.Item1 };
                    try
                    {
                        CallProgressPlan plan = CallProgressPlan.FromSettings(settings);
                        var detector = new CallProgressDetector(plan);
                        detector.Process(ToPcm(Tone(440, -20, 100)));
                    }
                    catch (ArgumentException)
                    {
                        // the expected refusal
                    }
                },
                iter: 500);
    }
}
