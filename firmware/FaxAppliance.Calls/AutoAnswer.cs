using FaxAppliance.Hal.Line;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaxAppliance.Calls;

/// <summary>How the appliance answers the analog line.</summary>
public sealed record AnswerOptions
{
    /// <summary>Rings to let pass before answering: the appliance goes off-hook when this many ring
    /// bursts have ended (1 answers right after the first ring, as a dedicated fax line should).</summary>
    public int AnswerAfterRings { get; init; } = 1;
}

/// <summary>What <see cref="AutoAnswer"/> did.</summary>
public enum AnswerEventKind
{
    /// <summary>The appliance went off-hook to answer a ringing line.</summary>
    Answered,

    /// <summary>The ringing stopped before the appliance answered (the caller gave up).</summary>
    Missed,

    /// <summary>The appliance went back on-hook (the call ended).</summary>
    HungUp,
}

/// <summary>An answering event.</summary>
public sealed class AnswerEventArgs(AnswerEventKind kind, TimeSpan time, int rings) : EventArgs
{
    /// <summary>What happened.</summary>
    public AnswerEventKind Kind { get; } = kind;

    /// <summary>When, on the board's clock.</summary>
    public TimeSpan Time { get; } = time;

    /// <summary>Ring bursts counted in this ringing sequence.</summary>
    public int Rings { get; } = rings;
}

/// <summary>
/// Answers the line: counts ring bursts on the HAL's ring detector and goes off-hook after the
/// configured number; goes back on-hook when told the call is over. Works on any
/// <see cref="ILineInterface"/> (the simulated board, later the Si3050 board), on the thread the HAL
/// raises its ring events on.
/// </summary>
public sealed class AutoAnswer : IDisposable
{
    private readonly ILineInterface _line;
    private readonly AnswerOptions _options;
    private readonly ILogger _logger;
    private int _rings;

    /// <summary>Starts watching <paramref name="line"/>.</summary>
    public AutoAnswer(ILineInterface line, AnswerOptions? options = null, ILogger<AutoAnswer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        _line = line;
        _options = options ?? new AnswerOptions();
        if (_options.AnswerAfterRings < 1 || _options.AnswerAfterRings > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.AnswerAfterRings, "AnswerAfterRings must be 1..20.");
        }

        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _line.Ring.RingChanged += OnRing;
    }

    /// <summary>Raised when the appliance answers, misses a call, or hangs up.</summary>
    public event EventHandler<AnswerEventArgs>? Changed;

    /// <summary>Whether the appliance is off-hook in a call.</summary>
    public bool InCall => _line.Hook.State == HookState.OffHook;

    /// <summary>When the current or last call was answered, on the board's clock.</summary>
    public TimeSpan? AnsweredAt { get; private set; }

    /// <summary>Ring bursts before the last answer.</summary>
    public int RingsBeforeAnswer { get; private set; }

    /// <summary>Ends the call: back on-hook.</summary>
    public void HangUp()
    {
        if (_line.Hook.State == HookState.OnHook)
        {
            return;
        }

        _line.Hook.SetState(HookState.OnHook);
        Log.HungUp(_logger, _line.Now.TotalSeconds);
        Changed?.Invoke(this, new AnswerEventArgs(AnswerEventKind.HungUp, _line.Now, _rings));
    }

    /// <inheritdoc/>
    public void Dispose() => _line.Ring.RingChanged -= OnRing;

    private void OnRing(object? sender, RingEventArgs e)
    {
        switch (e.Kind)
        {
            case RingEventKind.BurstEnded when _line.Hook.State == HookState.OnHook:
                _rings++;
                if (_rings >= _options.AnswerAfterRings)
                {
                    _line.Hook.SetState(HookState.OffHook);
                    AnsweredAt = e.Time;
                    RingsBeforeAnswer = _rings;
                    Log.Answered(_logger, _rings, e.Time.TotalSeconds);
                    Changed?.Invoke(this, new AnswerEventArgs(AnswerEventKind.Answered, e.Time, _rings));
                    _rings = 0;
                }

                break;

            case RingEventKind.RingingStopped when _line.Hook.State == HookState.OnHook && _rings > 0:
                Log.Missed(_logger, _rings);
                Changed?.Invoke(this, new AnswerEventArgs(AnswerEventKind.Missed, e.Time, _rings));
                _rings = 0;
                break;

            default:
                break;
        }
    }
}

internal static partial class Log
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Answered after {Rings} ring(s) at {Seconds:F2} s")]
    public static partial void Answered(ILogger logger, int rings, double seconds);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Ringing stopped after {Rings} ring(s) before the appliance answered")]
    public static partial void Missed(ILogger logger, int rings);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Hung up at {Seconds:F2} s")]
    public static partial void HungUp(ILogger logger, double seconds);
}
