namespace FaxAppliance.Hal.Line;

/// <summary>Control of the line's hook switch.</summary>
public interface IHookSwitch
{
    /// <summary>The state last set.</summary>
    HookState State { get; }

    /// <summary>
    /// Goes on-hook or off-hook. Returns at once; the line voltage and loop current settle over the next tens of
    /// milliseconds (watch <see cref="ILineMonitor.Read"/>). Setting the current state again does nothing.
    /// </summary>
    void SetState(HookState state);
}
