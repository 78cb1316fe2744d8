namespace FaxAppliance.Hal.Line;

/// <summary>The state of the DAA's hook switch.</summary>
public enum HookState
{
    /// <summary>Idle: no loop current drawn, the line can ring (Si3050 register 5, DAA Control 1: OH = 0).</summary>
    OnHook,

    /// <summary>Seized: the DAA draws loop current and passes audio (OH = 1). Going off-hook while ringing answers the call.</summary>
    OffHook,
}
