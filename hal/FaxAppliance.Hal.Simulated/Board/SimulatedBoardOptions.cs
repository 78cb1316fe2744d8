using FaxAppliance.Hal.Audio;
using FaxAppliance.Hal.Config;
using FaxAppliance.Hal.Line;

namespace FaxAppliance.Hal.Simulated.Board;

/// <summary>Settings of a <see cref="SimulatedBoard"/>. The defaults model a North American line.</summary>
public sealed record SimulatedBoardOptions
{
    /// <summary>The G.711 law of the simulated DAA's PCM link.</summary>
    public CompandingLaw Law { get; init; } = CompandingLaw.ALaw;

    /// <summary>The cadence <see cref="SimulatedLineSide.StartRinging"/> uses when given none.</summary>
    public RingCadence RingCadence { get; init; } = RingCadence.NorthAmerica;

    /// <summary>Tip-ring voltage on-hook (the exchange's battery, typically 48 V).</summary>
    public double OnHookVolts { get; init; } = 48;

    /// <summary>Tip-ring voltage off-hook (across the DAA's DC termination).</summary>
    public double OffHookVolts { get; init; } = 8;

    /// <summary>Loop current off-hook.</summary>
    public double OffHookMilliamps { get; init; } = 25;

    /// <summary>
    /// Frames the receive buffer holds before the oldest is dropped as an overrun (8 × 20 ms = 160 ms, like a
    /// small ALSA buffer).
    /// </summary>
    public int ReceiveBufferFrames { get; init; } = 8;

    /// <summary>Frames the transmit buffer holds; <see cref="IAudioPort.Write"/> waits while it is full.</summary>
    public int TransmitBufferFrames { get; init; } = 8;

    /// <summary>How far two ring on/off times may differ and count as the same in cadence detection.</summary>
    public TimeSpan CadenceTolerance { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Silence after a ring burst that ends a ringing sequence.</summary>
    public TimeSpan RingSilenceTimeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>The options for a board configuration's law and <c>simulated</c> section.</summary>
    public static SimulatedBoardOptions FromConfig(BoardConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new SimulatedBoardOptions
        {
            Law = config.Audio.Law,
            RingCadence = config.Simulated.RingCadence,
            OnHookVolts = config.Simulated.OnHookVolts,
            OffHookVolts = config.Simulated.OffHookVolts,
            OffHookMilliamps = config.Simulated.OffHookMilliamps,
        };
    }
}
