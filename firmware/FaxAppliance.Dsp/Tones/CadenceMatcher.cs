namespace FaxAppliance.Dsp.Tones;

/// <summary>
/// One cadence to recognise: on/off durations in ms (even length, starting with "on"), or a single
/// value for a continuous tone (recognised once it has been on that long).
/// </summary>
internal sealed class CadencePattern(CallProgressSignal signal, int[] onOffMs, int tolerancePercent, int cyclesToConfirm)
{
    public CallProgressSignal Signal { get; } = signal;

    public int[] OnOffMs { get; } = onOffMs;

    public bool Continuous => OnOffMs.Length == 1;

    /// <summary>Segments that must match before the cadence is declared.</summary>
    public int SegmentsToConfirm => OnOffMs.Length * cyclesToConfirm;

    /// <summary>
    /// Allowed deviation of a measured segment: the plan's tolerance plus two blocks, because each
    /// edge is only known to within a 20 ms block (and the off → on hysteresis adds one).
    /// </summary>
    public int ToleranceMs(int nominalMs) => nominalMs * tolerancePercent / 100 + CadenceMatcher.SlackMs;

    /// <summary>The longest on (or off) segment the cadence allows.</summary>
    public int MaxSegmentMs(bool on)
    {
        int max = 0;
        for (int i = on ? 0 : 1; i < OnOffMs.Length; i += 2)
        {
            max = Math.Max(max, OnOffMs[i] + ToleranceMs(OnOffMs[i]));
        }

        return max;
    }
}

/// <summary>
/// Matches the on/off segments of one tone (from a <see cref="PresenceTracker"/>) against a set of
/// cadences and reports CadenceMatched / CadenceEnded. Keeps the last <see cref="MaxSegments"/>
/// completed segments; the first segment after a reset (whose start was not seen) never counts.
/// </summary>
internal sealed class CadenceMatcher
{
    /// <summary>Segments remembered: 4 cycles of the longest cadence a plan may have (8 entries).</summary>
    public const int MaxSegments = 32;

    /// <summary>Edge uncertainty added to every tolerance (two 20 ms blocks).</summary>
    public const int SlackMs = 2 * ToneConstants.BlockMs;

    private readonly CadencePattern[] _patterns;
    private readonly int[] _segmentMs = new int[MaxSegments];
    private int _newest = -1;
    private int _count;
    private bool _lastSegmentOn;
    private bool _currentOn;
    private bool _currentKnown;
    private long _currentStartBlock;
    private int _matched = -1;

    public CadenceMatcher(CadencePattern[] patterns) => _patterns = patterns;

    /// <summary>The signal whose cadence currently matches, or None.</summary>
    public CallProgressSignal Matched => _matched >= 0 ? _patterns[_matched].Signal : CallProgressSignal.None;

    public void Reset()
    {
        _newest = -1;
        _count = 0;
        _currentOn = false;
        _currentKnown = false;
        _currentStartBlock = 0;
        _matched = -1;
    }

    /// <summary>The tone was declared (<paramref name="nowOn"/>) or ended at <paramref name="atBlock"/>.</summary>
    public void OnBoundary<TSink>(bool nowOn, long atBlock, ToneKind tone, double frequencyHz, double levelDbm0, long nowSample, ref TSink sink)
        where TSink : struct, IToneEventSink
    {
        if (_currentKnown && nowOn != _currentOn)
        {
            long ms = (atBlock - _currentStartBlock) * ToneConstants.BlockMs;
            _newest = (_newest + 1) % MaxSegments;
            _segmentMs[_newest] = (int)Math.Min(ms, int.MaxValue);
            _lastSegmentOn = _currentOn;
            _count = Math.Min(_count + 1, MaxSegments);
        }

        _currentOn = nowOn;
        _currentStartBlock = atBlock;
        _currentKnown = true;

        int best = -1;
        for (int p = 0; p < _patterns.Length; p++)
        {
            if (!_patterns[p].Continuous && Matches(_patterns[p]))
            {
                if (p == _matched || best < 0)
                {
                    best = p;
                }
            }
        }

        long at = atBlock * ToneConstants.BlockSamples;
        if (_matched >= 0 && best != _matched)
        {
            Emit(ToneEventType.CadenceEnded, _matched, tone, at, nowSample, frequencyHz, levelDbm0, ref sink);
        }

        if (best >= 0 && best != _matched)
        {
            Emit(ToneEventType.CadenceMatched, best, tone, at, nowSample, frequencyHz, levelDbm0, ref sink);
        }

        _matched = best;
    }

    /// <summary>Per block: continuous tones that have lasted long enough, and matched cadences whose current segment overran.</summary>
    /// <param name="block">The block just analysed.</param>
    /// <param name="toneActive">Whether the tone is present now, declared or not: an "off" that is
    /// ending (the next burst is waiting for its minimum duration) has not overrun.</param>
    public void OnBlock<TSink>(long block, bool toneActive, ToneKind tone, double frequencyHz, double levelDbm0, long nowSample, ref TSink sink)
        where TSink : struct, IToneEventSink
    {
        if (!_currentKnown)
        {
            return;
        }

        long runningMs = (block + 1 - _currentStartBlock) * ToneConstants.BlockMs;
        if (_matched >= 0 && !_patterns[_matched].Continuous && (_currentOn || !toneActive)
            && runningMs > _patterns[_matched].MaxSegmentMs(_currentOn))
        {
            Emit(ToneEventType.CadenceEnded, _matched, tone, nowSample, nowSample, frequencyHz, levelDbm0, ref sink);
            _matched = -1;
        }

        if (!_currentOn || _matched >= 0)
        {
            return;
        }

        for (int p = 0; p < _patterns.Length; p++)
        {
            if (_patterns[p].Continuous && runningMs >= _patterns[p].OnOffMs[0])
            {
                Emit(ToneEventType.CadenceMatched, p, tone, _currentStartBlock * ToneConstants.BlockSamples, nowSample, frequencyHz, levelDbm0, ref sink);
                _matched = p;
                return;
            }
        }
    }

    private bool Matches(CadencePattern pattern)
    {
        int[] ms = pattern.OnOffMs;
        int period = ms.Length;
        int needed = pattern.SegmentsToConfirm;
        if (_count < needed)
        {
            return false;
        }

        for (int r = 0; r < period; r++)
        {
            if ((r % 2 == 0) != _lastSegmentOn)
            {
                continue; // pattern position r is "on" when r is even
            }

            bool ok = true;
            for (int i = 0; i < needed && ok; i++)
            {
                int measured = _segmentMs[(_newest - i + MaxSegments) % MaxSegments];
                int expected = ms[((r - i) % period + period) % period];
                ok = Math.Abs(measured - expected) <= pattern.ToleranceMs(expected);
            }

            if (ok)
            {
                return true;
            }
        }

        return false;
    }

    private void Emit<TSink>(ToneEventType type, int pattern, ToneKind tone, long sampleIndex, long nowSample, double frequencyHz, double levelDbm0, ref TSink sink)
        where TSink : struct, IToneEventSink
    {
        var e = new ToneEvent(type, tone, _patterns[pattern].Signal, sampleIndex, nowSample, frequencyHz, levelDbm0);
        sink.OnToneEvent(e);
    }
}
