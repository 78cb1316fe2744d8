namespace FaxAppliance.Dsp.Tones;

/// <summary>
/// Detects the fax and modem answer tones in the received audio: CNG (1100 Hz), CED / ANS
/// (2100 Hz), /ANS (with phase reversals), ANSam and /ANSam (15 Hz amplitude modulation).
/// <para>
/// Each tone has a narrow channel (<see cref="ToneChannel"/>: mixed to baseband, 5 ms sub-blocks).
/// A 20 ms block counts as "tone present" only if the channel's power is above the level floor, is
/// most of the block's total power (this is what rejects speech, DTMF and music, whose energy is
/// spread over several frequencies), its frequency is within the Recommendation's tolerance and
/// steady from block to block. Presence runs through on/off hysteresis and minimum durations
/// (<see cref="PresenceTracker"/>). Events leave through a struct sink, or the built-in
/// <see cref="Events"/> queue; nothing is allocated per block.
/// </para>
/// </summary>
public sealed class FaxToneDetector
{
    /// <summary>Level floor to start a tone: the weakest tone to detect is −43 dBm0 (the issue; T.30 receivers work to −43 dBm0).</summary>
    public const double OnLevelDbm0 = -47;

    /// <summary>Level floor to keep a tone going (hysteresis).</summary>
    public const double HoldLevelDbm0 = -50;

    /// <summary>Share of the block's power the tone must have to start…</summary>
    private const double OnDominance = 0.7;

    /// <summary>…and to keep going.</summary>
    private const double HoldDominance = 0.5;

    /// <summary>Largest change of the measured frequency between blocks of a running tone, Hz (a tone is steady; noise is not).</summary>
    private const double MaxJitterHz = 10;

    /// <summary>Added to each tolerance: the frequency estimate's own error at −43 dBm0 and 20 dB SNR is well under 2 Hz.</summary>
    private const double MeasurementMarginHz = 4;

    /// <summary>ITU-T T.30 §4: CNG 1100 Hz ±38 Hz.</summary>
    private const double CngHz = 1100, CngToleranceHz = 38;

    /// <summary>ITU-T T.30 §4 (CED), V.25 (ANS), V.8 (ANSam): 2100 Hz ±15 Hz.</summary>
    private const double AnsHz = 2100, AnsToleranceHz = 15;

    /// <summary>Sub-block of the fax-tone channels: 5 ms, so the offset estimate is unambiguous to ±100 Hz and reversals and the 15 Hz envelope are resolved.</summary>
    private const int SubBlockSamples = 40;

    /// <summary>CNG is 0.5 s on (T.30 §4); declared after 360 ms (18 blocks), well inside even a −15 % burst.</summary>
    private const int CngMinOnBlocks = 18;

    /// <summary>CED lasts 2.6–4 s (T.30 §4), ANS 3.3 ±0.7 s (V.25): declared after 600 ms (30 blocks), when 400 ms of envelope and the first reversal (at 450 ms) have been seen.</summary>
    private const int AnsMinOnBlocks = 30;

    /// <summary>Blocks a classification waits for the tone to stay present (60 ms): the last block of a tone is not evidence.</summary>
    private const int EvidenceDelayBlocks = 3;

    /// <summary>Absent blocks that end a tone (60 ms): shorter drop-outs are bridged.</summary>
    private const int HangBlocks = 3;

    private readonly BlockFramer _framer = new();
    private readonly ToneChannel _cng = new(CngHz, SubBlockSamples, 1, ToneConstants.BlockSamples);
    private readonly ToneChannel _ans = new(AnsHz, SubBlockSamples, 1, ToneConstants.BlockSamples);
    private readonly PresenceTracker _cngTrack = new(CngMinOnBlocks, HangBlocks);
    private readonly PresenceTracker _ansTrack = new(AnsMinOnBlocks, HangBlocks);
    private readonly AnswerToneAnalyzer _answer = new();

    /// <summary>T.30 §4: CNG 0.5 s on, 3 s off (timing tolerance ±15 %, as T.30's timers).</summary>
    private readonly CadenceMatcher _cngCadence = new([new CadencePattern(CallProgressSignal.None, [500, 3000], 15, 1)]);

    private readonly double _onPower = ToneConstants.PowerFromDbm0(OnLevelDbm0);
    private readonly double _holdPower = ToneConstants.PowerFromDbm0(HoldLevelDbm0);
    private double _cngLastOffset, _ansLastOffset;
    private ToneKind _ansKind;
    private int _ansPresentRun;

    /// <summary>Classification of the 2100 Hz tone at each of the last blocks (a ring of EvidenceDelayBlocks + 1).</summary>
    private readonly ToneKind[] _ansEvidence = new ToneKind[EvidenceDelayBlocks + 1];

    /// <summary>Creates a detector, ready at sample 0.</summary>
    public FaxToneDetector() => Restart();

    /// <summary>The queue that <see cref="Process(ReadOnlySpan{short})"/> and <see cref="FillIn(int)"/> append to.</summary>
    public ToneEventBuffer Events { get; } = new();

    /// <summary>Samples taken in since <see cref="Restart"/>: the time base of every event.</summary>
    public long SamplesProcessed => _framer.SamplesConsumed;

    /// <summary>The 2100 Hz tone being heard, if declared (its classification so far); otherwise None.</summary>
    public ToneKind CurrentAnswerTone => _ansTrack.Declared ? _ansKind : ToneKind.None;

    /// <summary>Whether a CNG burst is being heard.</summary>
    public bool CngOn => _cngTrack.Declared;

    /// <summary>Forgets everything; the next sample is sample 0. The queue is emptied.</summary>
    public void Restart()
    {
        _framer.Reset();
        _cng.Reset();
        _ans.Reset();
        _cngTrack.Reset();
        _ansTrack.Reset();
        _answer.Reset();
        _cngCadence.Reset();
        _cngLastOffset = 0;
        _ansLastOffset = 0;
        _ansKind = ToneKind.None;
        _ansPresentRun = 0;
        Array.Clear(_ansEvidence);
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

    /// <summary>Missing audio (lost packets, an overrun): advances time as silence; events go to <see cref="Events"/>.</summary>
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
        _cng.Analyze(x);
        _ans.Analyze(x);
        long block = _framer.BlockIndex;
        long now = _framer.BlockStartSample + ToneConstants.BlockSamples;

        bool cngPresent = IsPresent(_cng, total, _cngTrack.Active, CngToleranceHz, ref _cngLastOffset);
        bool ansPresent = IsPresent(_ans, total, _ansTrack.Active, AnsToleranceHz, ref _ansLastOffset);

        // CNG: bursts, and the T.30 cadence across bursts.
        PresenceChange cng = _cngTrack.Update(cngPresent, block, _cng.Power, _cng.OffsetHz);
        double cngHz = CngHz + _cngTrack.MeanOffsetHz;
        double cngDbm0 = ToneConstants.Dbm0FromPower(_cngTrack.MeanPower);
        if (cng == PresenceChange.Declared)
        {
            long onset = _cngTrack.OnsetBlock * ToneConstants.BlockSamples;
            sink.OnToneEvent(new ToneEvent(ToneEventType.Started, ToneKind.Cng, CallProgressSignal.None, onset, now, cngHz, cngDbm0));
            _cngCadence.OnBoundary(true, _cngTrack.OnsetBlock, ToneKind.Cng, cngHz, cngDbm0, now, ref sink);
        }
        else if (cng == PresenceChange.Ended)
        {
            long end = _cngTrack.EndBlock * ToneConstants.BlockSamples;
            sink.OnToneEvent(new ToneEvent(ToneEventType.Ended, ToneKind.Cng, CallProgressSignal.None, end, now, cngHz, cngDbm0));
            _cngCadence.OnBoundary(false, _cngTrack.EndBlock, ToneKind.Cng, cngHz, cngDbm0, now, ref sink);
        }

        _cngCadence.OnBlock(block, _cngTrack.Active, ToneKind.Cng, cngHz, cngDbm0, now, ref sink);

        // 2100 Hz: declared after its minimum, classified from reversals and the 15 Hz envelope.
        PresenceChange ans = _ansTrack.Update(ansPresent, block, _ans.Power, _ans.OffsetHz);
        if (_ansTrack.Active && _ansTrack.OnsetBlock == block)
        {
            _answer.Reset();
            _ansPresentRun = 0;
        }

        // Evidence is trusted only once the tone has stayed present for EvidenceDelayBlocks more
        // blocks: the block in which a tone stops looks like modulation and like a reversal.
        ToneKind evidence = ToneKind.None;
        if (ansPresent)
        {
            _answer.Update(_ans, _framer.BlockStartSample, settled: _ansTrack.BlocksSinceOnset(block) > 2);
            _ansPresentRun++;
            _ansEvidence[(int)(block % _ansEvidence.Length)] = _answer.Classify();
            if (_ansPresentRun > EvidenceDelayBlocks)
            {
                evidence = _ansEvidence[(int)((block - EvidenceDelayBlocks) % _ansEvidence.Length)];
            }
        }
        else
        {
            _ansPresentRun = 0;
        }

        double ansHz = AnsHz + _ansTrack.MeanOffsetHz;
        double ansDbm0 = ToneConstants.Dbm0FromPower(_ansTrack.MeanPower);
        if (ans == PresenceChange.Declared)
        {
            _ansKind = Combine(ToneKind.Ans, evidence);
            long onset = _ansTrack.OnsetBlock * ToneConstants.BlockSamples;
            sink.OnToneEvent(new ToneEvent(ToneEventType.Started, _ansKind, CallProgressSignal.None, onset, now, ansHz, ansDbm0));
        }
        else if (ans == PresenceChange.Ended)
        {
            long end = _ansTrack.EndBlock * ToneConstants.BlockSamples;
            sink.OnToneEvent(new ToneEvent(ToneEventType.Ended, _ansKind, CallProgressSignal.None, end, now, ansHz, ansDbm0));
            _ansKind = ToneKind.None;
        }
        else if (_ansTrack.Declared && evidence != ToneKind.None)
        {
            // Later evidence only adds features (a reversal, the modulation), never removes them.
            ToneKind upgraded = Combine(_ansKind, evidence);
            if (upgraded != _ansKind)
            {
                _ansKind = upgraded;
                long at = now - (EvidenceDelayBlocks * ToneConstants.BlockSamples);
                sink.OnToneEvent(new ToneEvent(ToneEventType.Changed, _ansKind, CallProgressSignal.None, at, now, ansHz, ansDbm0));
            }
        }
    }

    private bool IsPresent(ToneChannel channel, double total, bool active, double toleranceHz, ref double lastOffset)
    {
        double offset = channel.OffsetHz;
        double jitter = Math.Abs(offset - lastOffset);
        lastOffset = offset;
        double p = channel.Power;
        if (p < (active ? _holdPower : _onPower) || p < (active ? HoldDominance : OnDominance) * total)
        {
            return false;
        }

        if (Math.Abs(offset) > toleranceHz + MeasurementMarginHz)
        {
            return false;
        }

        return !active || jitter <= MaxJitterHz;
    }

    private static ToneKind Combine(ToneKind a, ToneKind b)
    {
        bool am = a is ToneKind.AnsAm or ToneKind.AnsAmPhaseReversals || b is ToneKind.AnsAm or ToneKind.AnsAmPhaseReversals;
        bool pr = a is ToneKind.AnsPhaseReversals or ToneKind.AnsAmPhaseReversals || b is ToneKind.AnsPhaseReversals or ToneKind.AnsAmPhaseReversals;
        return (am, pr) switch
        {
            (true, true) => ToneKind.AnsAmPhaseReversals,
            (true, false) => ToneKind.AnsAm,
            (false, true) => ToneKind.AnsPhaseReversals,
            _ => ToneKind.Ans,
        };
    }
}
