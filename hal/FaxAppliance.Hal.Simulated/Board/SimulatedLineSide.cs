using FaxAppliance.Hal.Audio;
using FaxAppliance.Hal.Line;

namespace FaxAppliance.Hal.Simulated.Board;

/// <summary>
/// The line's end of a <see cref="SimulatedBoard"/>: what the line simulator (in the same process) drives. Per
/// 20 ms block it hands over the linear samples the line delivers to the appliance and takes the samples the
/// appliance transmitted; the simulated DAA converts both with G.711 of the board's law. It also rings the line,
/// reverses its polarity, connects or disconnects it, and reports the hook.
/// </summary>
/// <remarks>
/// Determinism: the board's clock is the block count. The appliance's k-th written frame goes out in block k as
/// long as it was written by the time block k is collected (<see cref="Pacing"/> can wait for it); a block with
/// nothing written goes out as silence and counts an underrun, and frames written later follow in order, as from a
/// codec FIFO. Only one thread calls <see cref="Exchange"/>.
/// </remarks>
public sealed class SimulatedLineSide
{
    private readonly SimulatedBoard _board;
    private readonly SimulatedAudioPort _port;
    private readonly SimulatedDaa _daa;
    private readonly BoardClock _clock;
    private long _pacingTimeouts;

    internal SimulatedLineSide(SimulatedBoard board, SimulatedAudioPort port, SimulatedDaa daa, BoardClock clock)
    {
        _board = board;
        _port = port;
        _daa = daa;
        _clock = clock;
        _daa.HookChanged += (sender, e) => HookChanged?.Invoke(this, e);
    }

    /// <summary>Raised (on the appliance's thread) when the appliance goes on- or off-hook.</summary>
    public event EventHandler<HookChangedEventArgs>? HookChanged;

    /// <summary>The appliance's hook switch.</summary>
    public HookState Hook => _daa.State;

    /// <summary>Blocks exchanged so far: the index of the next block.</summary>
    public long BlockIndex => _clock.Blocks;

    /// <summary>The board's clock: the start of the next block.</summary>
    public TimeSpan Now => _clock.Now;

    /// <summary>How <see cref="Exchange"/> waits for the appliance; set before the run.</summary>
    public LockstepPacing Pacing { get; set; } = LockstepPacing.None;

    /// <summary>The longest a pacing wait lasts (generous: a wait that runs out means the appliance is stuck).</summary>
    public TimeSpan PacingTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Pacing waits that ran out.</summary>
    public long PacingTimeouts => Interlocked.Read(ref _pacingTimeouts);

    /// <summary>The ring generator is on (from <see cref="StartRinging"/> until stopped or answered).</summary>
    public bool IsRinging => _daa.IsGeneratorOn;

    /// <summary>Whether the line is connected (battery present); true at start.</summary>
    public bool IsConnected
    {
        get => _daa.IsConnected;
        set => _daa.SetConnected(value);
    }

    /// <summary>
    /// Runs one 20 ms block: takes the appliance's transmitted block N into <paramref name="applianceToLine"/>
    /// (silence and an underrun if there is none), runs the ring generator at the block's start time, delivers
    /// <paramref name="lineToAppliance"/> as the appliance's received block N, and advances the clock by 20 ms.
    /// </summary>
    /// <param name="lineToAppliance">160 linear samples the line delivers to the appliance.</param>
    /// <param name="applianceToLine">Receives the 160 linear samples the appliance sent.</param>
    /// <returns>True when the appliance had written a frame for this block; false when it was silence-filled.</returns>
    /// <exception cref="ArgumentException">A span is not 160 samples.</exception>
    /// <exception cref="InvalidOperationException">The board is free-running.</exception>
    public bool Exchange(ReadOnlySpan<short> lineToAppliance, Span<short> applianceToLine)
    {
        if (_board.IsFreeRunning)
        {
            throw new InvalidOperationException("The simulated board is free-running; stop it before driving it in lockstep.");
        }

        return ExchangeCore(lineToAppliance, applianceToLine, Pacing);
    }

    /// <summary>Rings the line from the next block on with a cadence (the board's configured one when null).</summary>
    public void StartRinging(RingCadence? cadence = null) => _daa.StartRinging(cadence ?? _board.Options.RingCadence);

    /// <summary>Stops ringing; the appliance sees the ringing sequence end after its ring silence timeout.</summary>
    public void StopRinging() => _daa.StopRinging();

    /// <summary>Swaps tip and ring; the appliance's line monitor raises a polarity reversal.</summary>
    public void ReversePolarity() => _daa.ReversePolarity();

    internal bool ExchangeCore(ReadOnlySpan<short> lineToAppliance, Span<short> applianceToLine, LockstepPacing pacing)
    {
        if (lineToAppliance.Length != AudioFrame.Samples || applianceToLine.Length != AudioFrame.Samples)
        {
            throw new ArgumentException($"A block is {AudioFrame.Samples} samples.", nameof(lineToAppliance));
        }

        long block = _clock.Blocks;
        TimeSpan wait = pacing == LockstepPacing.WaitForReadAndTransmit ? PacingTimeout : TimeSpan.Zero;
        bool transmitted = _port.Collect(applianceToLine, wait, out bool timedOut);
        if (timedOut)
        {
            Interlocked.Increment(ref _pacingTimeouts);
        }

        _daa.Step(_clock.Now);
        _port.Deliver(lineToAppliance, block);
        if (pacing != LockstepPacing.None && !_port.WaitUntilRead(PacingTimeout))
        {
            Interlocked.Increment(ref _pacingTimeouts);
        }

        _clock.Advance();
        return transmitted;
    }
}
