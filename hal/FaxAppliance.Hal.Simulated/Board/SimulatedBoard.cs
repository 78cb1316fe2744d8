using FaxAppliance.Hal.Audio;
using FaxAppliance.Hal.Line;

namespace FaxAppliance.Hal.Simulated.Board;

/// <summary>
/// A simulated FXO board: hook switch, ring detection with cadence, line voltage and loop current that follow the
/// hook, polarity reversal, and a G.711 audio path whose far end is <see cref="LineSide"/>. Either the line
/// simulator drives <see cref="LineSide"/> in lockstep (deterministic, as fast as the CPU allows), or
/// <see cref="StartFreeRunning"/> drives it at real time with silence (the appliance run with nothing connected).
/// </summary>
public sealed class SimulatedBoard : ILineInterface
{
    private readonly BoardClock _clock = new();
    private readonly SimulatedDaa _daa;
    private readonly SimulatedAudioPort _port;
    private readonly object _runGate = new();
    private FreeRunningClock? _freeRunning;
    private bool _disposed;

    /// <summary>Creates a board with the given settings (defaults when null).</summary>
    public SimulatedBoard(SimulatedBoardOptions? options = null)
    {
        Options = options ?? new SimulatedBoardOptions();
        _daa = new SimulatedDaa(_clock, Options);
        _port = new SimulatedAudioPort(Options.Law, Options.ReceiveBufferFrames, Options.TransmitBufferFrames);
        LineSide = new SimulatedLineSide(this, _port, _daa, _clock);
    }

    /// <summary>The board's settings.</summary>
    public SimulatedBoardOptions Options { get; }

    /// <inheritdoc/>
    public string Description => $"simulated board ({(Options.Law == CompandingLaw.ALaw ? "A-law" : "µ-law")})";

    /// <inheritdoc/>
    public TimeSpan Now => _clock.Now;

    /// <inheritdoc/>
    public IHookSwitch Hook => _daa;

    /// <inheritdoc/>
    public IRingDetector Ring => _daa;

    /// <inheritdoc/>
    public ILineMonitor Monitor => _daa;

    /// <inheritdoc/>
    public IAudioPort Audio => _port;

    /// <summary>The line's end, for the line simulator.</summary>
    public SimulatedLineSide LineSide { get; }

    /// <summary>Whether a real-time clock drives the line side.</summary>
    public bool IsFreeRunning
    {
        get
        {
            lock (_runGate)
            {
                return _freeRunning is not null;
            }
        }
    }

    /// <summary>
    /// Starts a real-time clock thread that feeds the appliance silence every 20 ms and takes whatever it sends:
    /// the board with nothing connected. <see cref="SimulatedLineSide.Exchange"/> is refused meanwhile.
    /// </summary>
    public void StartFreeRunning()
    {
        lock (_runGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_freeRunning is not null)
            {
                return;
            }

            _freeRunning = new FreeRunningClock(LineSide);
            _freeRunning.Start();
        }
    }

    /// <summary>Stops the real-time clock thread and waits for it.</summary>
    public void StopFreeRunning()
    {
        FreeRunningClock? clock;
        lock (_runGate)
        {
            clock = _freeRunning;
            _freeRunning = null;
        }

        clock?.Dispose();
    }

    /// <summary>Stops the clock and closes the audio port (readers get <see cref="AudioStatus.Closed"/>).</summary>
    public void Dispose()
    {
        lock (_runGate)
        {
            _disposed = true;
        }

        StopFreeRunning();
        _port.Dispose();
    }
}
