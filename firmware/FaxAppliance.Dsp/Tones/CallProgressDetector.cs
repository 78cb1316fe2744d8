namespace FaxAppliance.Dsp.Tones;

/// <summary>
/// Recognises the call-progress signals of a <see cref="CallProgressPlan"/> (dial tone, ring-back,
/// busy, congestion). Each distinct frequency of the plan has a 20 ms channel
/// (<see cref="ToneChannel"/>); each distinct frequency set is "present" in a block when its
/// components together hold most of the block's power, each is within its tolerance and steady, and
/// neither is far weaker than the other. The on/off segments of each set are matched against the
/// cadences of the signals that use it (<see cref="CadenceMatcher"/>). Nothing is allocated per block.
/// </summary>
public sealed class CallProgressDetector
{
    /// <summary>Call-progress channels: 10 ms sub-blocks, tapered 40 ms windows (which separate 440 from 480 Hz) every 10 ms.</summary>
    private const int SubBlockSamples = 80, WindowSubBlocks = 4;

    /// <summary>Start floor below the plan's weakest level, dB; the hold floor is lower still (hysteresis).</summary>
    private const double OnMarginDb = 4, HoldMarginDb = 7;

    /// <summary>Share of the block's power the set must hold to start, and to keep going.</summary>
    private const double OnDominance = 0.7, HoldDominance = 0.5;

    /// <summary>Weakest component of a dual tone against the two together (−10 dB twist).</summary>
    private const double MinComponentShare = 0.1;

    /// <summary>Largest change of a component's measured frequency between blocks, Hz: a tone is steady (over 40 ms windows, even at −43 dBm0 with 20 dB SNR and 440 Hz next to 480 Hz), a speech formant wanders.</summary>
    private const double MaxJitterHz = 4;

    /// <summary>Added to each tolerance for the estimate's own error, Hz.</summary>
    private const double MeasurementMarginHz = 4;

    /// <summary>
    /// A burst counts once it has lasted as long as the plan's shortest burst may measure (its
    /// nominal less the tolerance and two blocks of edge uncertainty), within 60–160 ms: the longer,
    /// the fewer speech formants pass for a tone. 40 ms of absence ends it.
    /// </summary>
    private const int MinOnBlocksFloor = 3, MinOnBlocksCeiling = 8, HangBlocks = 2;

    private readonly BlockFramer _framer = new();
    private readonly ToneChannel[] _channels;
    private readonly double[] _lastOffsets;
    private readonly Group[] _groups;
    private readonly double _onPower, _holdPower;

    /// <summary>Creates a detector for <paramref name="plan"/>, ready at sample 0.</summary>
    public CallProgressDetector(CallProgressPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Plan = plan;
        var frequencies = new List<double>();
        var groups = new List<(double[] Freqs, double Tol, List<CadencePattern> Patterns)>();
        int shortestOnMs = int.MaxValue;
        foreach (CallProgressTone tone in plan.Tones)
        {
            for (int i = 0; i < tone.CadenceMs.Count; i += 2)
            {
                shortestOnMs = Math.Min(shortestOnMs, tone.CadenceMs[i] * (100 - tone.CadenceTolerancePercent) / 100 - CadenceMatcher.SlackMs);
            }

            foreach (double f in tone.FrequenciesHz)
            {
                if (!frequencies.Contains(f))
                {
                    frequencies.Add(f);
                }
            }

            double[] set = [.. tone.FrequenciesHz.Order()];
            int g = groups.FindIndex(x => x.Tol == tone.FrequencyToleranceHz && x.Freqs.AsSpan().SequenceEqual(set));
            if (g < 0)
            {
                groups.Add((set, tone.FrequencyToleranceHz, []));
                g = groups.Count - 1;
            }

            groups[g].Patterns.Add(new CadencePattern(tone.Signal, [.. tone.CadenceMs], tone.CadenceTolerancePercent, tone.CyclesToConfirm));
        }

        int minOnBlocks = Math.Clamp(shortestOnMs / ToneConstants.BlockMs, MinOnBlocksFloor, MinOnBlocksCeiling);
        _channels = [.. frequencies.Select(f => new ToneChannel(f, SubBlockSamples, WindowSubBlocks, ToneConstants.BlockSamples))];
        _lastOffsets = new double[_channels.Length];
        _groups = [.. groups.Select(g => new Group(
            [.. g.Freqs.Select(f => frequencies.IndexOf(f))],
            g.Tol,
            new PresenceTracker(minOnBlocks, HangBlocks),
            new CadenceMatcher([.. g.Patterns])))];
        _onPower = ToneConstants.PowerFromDbm0(plan.MinLevelDbm0 - OnMarginDb);
        _holdPower = ToneConstants.PowerFromDbm0(plan.MinLevelDbm0 - HoldMarginDb);
        Restart();
    }

    /// <summary>The plan recognised.</summary>
    public CallProgressPlan Plan { get; }

    /// <summary>The queue that <see cref="Process(ReadOnlySpan{short})"/> and <see cref="FillIn(int)"/> append to.</summary>
    public ToneEventBuffer Events { get; } = new();

    /// <summary>Samples taken in since <see cref="Restart"/>: the time base of every event.</summary>
    public long SamplesProcessed => _framer.SamplesConsumed;

    /// <summary>The signal whose cadence matches now, if any.</summary>
    public CallProgressSignal Current
    {
        get
        {
            foreach (Group g in _groups)
            {
                if (g.Cadence.Matched != CallProgressSignal.None)
                {
                    return g.Cadence.Matched;
                }
            }

            return CallProgressSignal.None;
        }
    }

    /// <summary>Forgets everything; the next sample is sample 0. The queue is emptied.</summary>
    public void Restart()
    {
        _framer.Reset();
        foreach (ToneChannel c in _channels)
        {
            c.Reset();
        }

        Array.Clear(_lastOffsets);
        foreach (Group g in _groups)
        {
            g.Presence.Reset();
            g.Cadence.Reset();
        }

        Events.Clear();
    }

    /// <summary>Takes received samples (any number, also none); events go to <see cref="Events"/>.</summary>
    public void Process(ReadOnlySpan<short> samples)
    {
        var sink = new ToneEventBufferSink(Events);
        Process(samples, ref sink);
    }

    /// <summary>Takes received samples (any number, also none); events go to <paramref name="sink"/>.</summary>
    public void Process<TSink>(ReadOnlySpan<short> samples, ref TSink sink)
        where TSink : struct, IToneEventSink
    {
        while (!samples.IsEmpty)
        {
            samples = samples[_framer.Append(samples)..];
            if (_framer.IsFull)
            {
                AnalyzeBlock(ref sink);
                _framer.Advance();
            }
        }
    }

    /// <summary>Missing audio: advances time as silence; events go to <see cref="Events"/>.</summary>
    public void FillIn(int samples)
    {
        var sink = new ToneEventBufferSink(Events);
        FillIn(samples, ref sink);
    }

    /// <summary>Missing audio: advances time as silence.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> is negative.</exception>
    public void FillIn<TSink>(int samples, ref TSink sink)
        where TSink : struct, IToneEventSink
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        while (samples > 0)
        {
            samples -= _framer.AppendSilence(samples);
            if (_framer.IsFull)
            {
                AnalyzeBlock(ref sink);
                _framer.Advance();
            }
        }
    }

    private void AnalyzeBlock<TSink>(ref TSink sink)
        where TSink : struct, IToneEventSink
    {
        ReadOnlySpan<double> x = _framer.Block;
        double total = 0;
        foreach (double v in x)
        {
            total += v * v;
        }

        total /= x.Length;
        foreach (ToneChannel c in _channels)
        {
            c.Analyze(x);
        }

        long block = _framer.BlockIndex;
        long now = _framer.BlockStartSample + ToneConstants.BlockSamples;
        foreach (Group g in _groups)
        {
            bool present = IsPresent(g, total, out double power);
            ToneChannel first = _channels[g.Channels[0]];
            PresenceChange change = g.Presence.Update(present, block, power, first.OffsetHz);
            double hz = first.NominalHz + g.Presence.MeanOffsetHz;
            double dbm0 = ToneConstants.Dbm0FromPower(g.Presence.MeanPower);
            if (change == PresenceChange.Declared)
            {
                long onset = g.Presence.OnsetBlock * ToneConstants.BlockSamples;
                sink.OnToneEvent(new ToneEvent(ToneEventType.Started, ToneKind.CallProgress, g.Cadence.Matched, onset, now, hz, dbm0));
                g.Cadence.OnBoundary(true, g.Presence.OnsetBlock, ToneKind.CallProgress, hz, dbm0, now, ref sink);
            }
            else if (change == PresenceChange.Ended)
            {
                long end = g.Presence.EndBlock * ToneConstants.BlockSamples;
                sink.OnToneEvent(new ToneEvent(ToneEventType.Ended, ToneKind.CallProgress, g.Cadence.Matched, end, now, hz, dbm0));
                g.Cadence.OnBoundary(false, g.Presence.EndBlock, ToneKind.CallProgress, hz, dbm0, now, ref sink);
            }

            g.Cadence.OnBlock(block, g.Presence.Active, ToneKind.CallProgress, hz, dbm0, now, ref sink);
        }

        for (int i = 0; i < _channels.Length; i++)
        {
            _lastOffsets[i] = _channels[i].OffsetHz;
        }
    }

    private bool IsPresent(Group g, double total, out double power)
    {
        bool active = g.Presence.Active;
        power = 0;
        foreach (int c in g.Channels)
        {
            power += _channels[c].Power;
        }

        if (power < (active ? _holdPower : _onPower) || power < (active ? HoldDominance : OnDominance) * total)
        {
            return false;
        }

        foreach (int c in g.Channels)
        {
            ToneChannel ch = _channels[c];
            if (ch.Power < MinComponentShare * power || Math.Abs(ch.OffsetHz) > g.ToleranceHz + MeasurementMarginHz)
            {
                return false;
            }

            if (active && Math.Abs(ch.OffsetHz - _lastOffsets[c]) > MaxJitterHz)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One distinct frequency set of the plan, with the cadences of the signals that use it.</summary>
    private sealed record Group(int[] Channels, double ToleranceHz, PresenceTracker Presence, CadenceMatcher Cadence);
}
