using FaxAppliance.Hal.Line;

namespace FaxAppliance.Hal.Simulated.Board;

/// <summary>The appliance moved the hook switch of the simulated board.</summary>
public sealed class HookChangedEventArgs : EventArgs
{
    /// <summary>Creates the event.</summary>
    public HookChangedEventArgs(TimeSpan time, HookState state)
    {
        Time = time;
        State = state;
    }

    /// <summary>When, on the board's clock.</summary>
    public TimeSpan Time { get; }

    /// <summary>The new state.</summary>
    public HookState State { get; }
}
