namespace FaxAppliance.Hal.Audio;

/// <summary>
/// The appliance's end of one full-duplex telephone audio path in 20 ms frames of G.711 codes
/// (<see cref="AudioFrame.Samples"/> codes, law <see cref="Law"/>): the DAA's PCM link on the board,
/// the simulated board's line side, or (later) an RTP stream behind a jitter buffer.
/// </summary>
/// <remarks>
/// Made for a dedicated capture thread: <see cref="Read"/> blocks until a frame arrives, the timeout passes or
/// the token is cancelled, and neither call allocates or throws on the frame path. One thread reads and one
/// thread writes; calls of the same direction from several threads are not supported.
/// </remarks>
public interface IAudioPort
{
    /// <summary>The companding law of every code read or written.</summary>
    CompandingLaw Law { get; }

    /// <summary>Totals since the port opened (a snapshot).</summary>
    AudioPortCounters Counters { get; }

    /// <summary>
    /// Waits for the next received frame and copies its <see cref="AudioFrame.Samples"/> codes into the start of
    /// <paramref name="codes"/>. Frames come in order; a dropped frame shows as a gap in <see cref="FrameTimestamp.SampleIndex"/>
    /// and in <see cref="AudioPortCounters.Overruns"/>.
    /// </summary>
    /// <param name="codes">Destination, at least <see cref="AudioFrame.Samples"/> bytes long.</param>
    /// <param name="timestamp">When the frame's first sample was taken; default unless the result is <see cref="AudioStatus.Ok"/>.</param>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> waits for ever.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="AudioStatus.Canceled"/>.</param>
    /// <returns><see cref="AudioStatus.Ok"/> with a frame, or why there is none.</returns>
    /// <exception cref="ArgumentException"><paramref name="codes"/> is shorter than a frame.</exception>
    AudioStatus Read(Span<byte> codes, out FrameTimestamp timestamp, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Queues one frame of <see cref="AudioFrame.Samples"/> codes for the line, waiting while the transmit buffer is full.
    /// Frames go out in the order written; a frame period with nothing queued goes out as silence and counts an underrun.
    /// </summary>
    /// <param name="codes">Exactly <see cref="AudioFrame.Samples"/> codes.</param>
    /// <param name="timeout">How long to wait for room; <see cref="Timeout.InfiniteTimeSpan"/> waits for ever.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="AudioStatus.Canceled"/>.</param>
    /// <returns><see cref="AudioStatus.Ok"/> when the frame was queued, or why it was not.</returns>
    /// <exception cref="ArgumentException"><paramref name="codes"/> is not one frame long.</exception>
    AudioStatus Write(ReadOnlySpan<byte> codes, TimeSpan timeout, CancellationToken cancellationToken);
}
