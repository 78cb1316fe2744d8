namespace FaxAppliance.Hal.Simulated.Board;

/// <summary>
/// How <see cref="SimulatedLineSide.Exchange"/> waits for an appliance that runs on other threads, so that a
/// lockstep run is the same at any CPU speed. Every wait ends after <see cref="SimulatedLineSide.PacingTimeout"/>
/// (counted in <see cref="SimulatedLineSide.PacingTimeouts"/>) so a stuck appliance cannot hang the simulator.
/// </summary>
public enum LockstepPacing
{
    /// <summary>
    /// Never wait: the caller drives the appliance itself between exchanges (single-threaded tests), or it
    /// does not matter. Frames the appliance has not read by then may overrun its receive buffer.
    /// </summary>
    None,

    /// <summary>
    /// After delivering block N, wait until the appliance has read it. Use with a capture loop that only listens:
    /// no frame is ever dropped however fast the simulator runs.
    /// </summary>
    WaitForRead,

    /// <summary>
    /// Also wait, before collecting block N, until the appliance has written its block N. Use with an appliance
    /// that answers every block it reads with one block (as the stdio line protocol asks of every endpoint, first
    /// block written at once): the run is then sample-exact in both directions.
    /// </summary>
    WaitForReadAndTransmit,
}
