using FaxAppliance.Hal.Line;

namespace FaxAppliance.Hal.Simulated.Board;

/// <summary>
/// The simulated DAA's line-facing state: hook switch, ring generator and detector, DC voltage and current,
/// polarity. One lock guards it; events are raised after the lock is released, on the thread that caused them
/// (the line side's stepping thread for ringing and polarity, the appliance's thread for hook changes).
/// </summary>
internal sealed class SimulatedDaa : IHookSwitch, IRingDetector, ILineMonitor
{
    private readonly object _gate = new();
    private readonly BoardClock _clock;
    private readonly SimulatedBoardOptions _options;
    private readonly RingCadenceTracker _tracker;
    private HookState _hook = HookState.OnHook;
    private bool _connected = true;
    private LinePolarity _polarity = LinePolarity.Normal;
    private long _reversals;
    private RingCadence? _ringCadence;
    private TimeSpan _ringStart;

    public SimulatedDaa(BoardClock clock, SimulatedBoardOptions options)
    {
        _clock = clock;
        _options = options;
        _tracker = new RingCadenceTracker(options.CadenceTolerance, options.RingSilenceTimeout);
    }

    /// <inheritdoc/>
    public event EventHandler<RingEventArgs>? RingChanged;

    /// <inheritdoc/>
    public event EventHandler<PolarityReversalEventArgs>? PolarityReversed;

    /// <summary>For the line side: the appliance moved the hook switch.</summary>
    public event EventHandler<HookChangedEventArgs>? HookChanged;

    public HookState State
    {
        get
        {
            lock (_gate)
            {
                return _hook;
            }
        }
    }

    public bool IsRinging
    {
        get
        {
            lock (_gate)
            {
                return _tracker.IsRinging;
            }
        }
    }

    public bool IsBurstActive
    {
        get
        {
            lock (_gate)
            {
                return _tracker.IsBurstActive;
            }
        }
    }

    public int BurstCount
    {
        get
        {
            lock (_gate)
            {
                return _tracker.BurstCount;
            }
        }
    }

    public RingBurst? LastBurst
    {
        get
        {
            lock (_gate)
            {
                return _tracker.LastBurst;
            }
        }
    }

    public RingCadence? Cadence
    {
        get
        {
            lock (_gate)
            {
                return _tracker.Cadence;
            }
        }
    }

    /// <summary>Whether the line side is ringing the line (the generator, not the detector).</summary>
    public bool IsGeneratorOn
    {
        get
        {
            lock (_gate)
            {
                return _ringCadence is not null;
            }
        }
    }

    public void SetState(HookState state)
    {
        var pending = default(PendingRingEvents);
        TimeSpan now = _clock.Now;
        lock (_gate)
        {
            if (state == _hook)
            {
                return;
            }

            _hook = state;
            if (state == HookState.OffHook)
            {
                // Ring trip: the exchange stops ringing as soon as the line is seized.
                _ringCadence = null;
                EndRinging(now, ref pending);
            }
        }

        pending.Raise(this, RingChanged);
        HookChanged?.Invoke(this, new HookChangedEventArgs(now, state));
    }

    public LineStatus Read()
    {
        TimeSpan now = _clock.Now;
        lock (_gate)
        {
            double volts = 0;
            double milliamps = 0;
            if (_connected)
            {
                volts = _hook == HookState.OnHook ? _options.OnHookVolts : _options.OffHookVolts;
                milliamps = _hook == HookState.OnHook ? 0 : _options.OffHookMilliamps;
            }

            double sign = _polarity == LinePolarity.Normal ? 1 : -1;
            return new LineStatus(now, sign * volts, sign * milliamps, _polarity, _reversals);
        }
    }

    /// <summary>Line side: rings with a cadence from the next block on, until stopped or answered.</summary>
    public void StartRinging(RingCadence cadence)
    {
        lock (_gate)
        {
            _ringCadence = cadence;
            _ringStart = _clock.Now;
        }
    }

    /// <summary>Line side: stops ringing (the caller gave up); a burst in progress ends with the next block.</summary>
    public void StopRinging()
    {
        lock (_gate)
        {
            _ringCadence = null;
        }
    }

    /// <summary>Line side: connects or disconnects the line (no battery: 0 V, no ringing, no current).</summary>
    public void SetConnected(bool connected)
    {
        lock (_gate)
        {
            _connected = connected;
        }
    }

    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _connected;
            }
        }
    }

    /// <summary>Line side: swaps tip and ring.</summary>
    public void ReversePolarity()
    {
        TimeSpan now = _clock.Now;
        PolarityReversalEventArgs e;
        lock (_gate)
        {
            _polarity = _polarity == LinePolarity.Normal ? LinePolarity.Reversed : LinePolarity.Normal;
            _reversals++;
            e = new PolarityReversalEventArgs(now, _polarity, _hook);
        }

        PolarityReversed?.Invoke(this, e);
    }

    /// <summary>Line side, once per block at the block's start time: runs the ring generator and detector.</summary>
    public void Step(TimeSpan now)
    {
        var pending = default(PendingRingEvents);
        lock (_gate)
        {
            bool voltage = _connected && _hook == HookState.OnHook && _ringCadence is { } cadence && IsOn(cadence, now - _ringStart);
            if (voltage && !_tracker.IsBurstActive)
            {
                RingBurst burst = _tracker.BurstStarted(now, out RingCadence? detected);
                pending.Add(new RingEventArgs(RingEventKind.BurstStarted, now, burst, _tracker.Cadence));
                if (detected is not null)
                {
                    pending.Add(new RingEventArgs(RingEventKind.CadenceDetected, now, burst, detected));
                }
            }
            else if (!voltage && _tracker.BurstEnded(now) is { } ended)
            {
                pending.Add(new RingEventArgs(RingEventKind.BurstEnded, now, ended, _tracker.Cadence));
            }

            RingCadence? last = _tracker.Cadence;
            if (_tracker.CheckSilence(now, out RingBurst lastBurst))
            {
                pending.Add(new RingEventArgs(RingEventKind.RingingStopped, now, lastBurst, last));
            }
        }

        pending.Raise(this, RingChanged);
    }

    private static bool IsOn(RingCadence cadence, TimeSpan sinceStart)
    {
        TimeSpan phase = TimeSpan.FromTicks(sinceStart.Ticks % cadence.Period.Ticks);
        IReadOnlyList<RingSegment> segments = cadence.Segments;
        for (int i = 0; i < segments.Count; i++)
        {
            RingSegment s = segments[i];
            if (phase < s.On)
            {
                return true;
            }

            phase -= s.On + s.Off;
            if (phase < TimeSpan.Zero)
            {
                return false;
            }
        }

        return false;
    }

    private void EndRinging(TimeSpan now, ref PendingRingEvents pending)
    {
        if (_tracker.BurstEnded(now) is { } ended)
        {
            pending.Add(new RingEventArgs(RingEventKind.BurstEnded, now, ended, _tracker.Cadence));
        }

        if (_tracker.IsRinging)
        {
            RingEventArgs stopped = new(RingEventKind.RingingStopped, now, _tracker.LastBurst.GetValueOrDefault(), _tracker.Cadence);
            _tracker.Reset();
            pending.Add(stopped);
        }
    }

    // Up to three events collected under the lock and raised after it (a step makes at most two).
    private struct PendingRingEvents
    {
        private RingEventArgs? _first;
        private RingEventArgs? _second;
        private RingEventArgs? _third;

        public void Add(RingEventArgs e)
        {
            if (_first is null)
            {
                _first = e;
            }
            else if (_second is null)
            {
                _second = e;
            }
            else
            {
                _third = e;
            }
        }

        public readonly void Raise(object sender, EventHandler<RingEventArgs>? handler)
        {
            if (handler is null)
            {
                return;
            }

            if (_first is not null)
            {
                handler(sender, _first);
            }

            if (_second is not null)
            {
                handler(sender, _second);
            }

            if (_third is not null)
            {
                handler(sender, _third);
            }
        }
    }
}
