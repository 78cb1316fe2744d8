using FaxAppliance.Dsp.Codecs;
using FaxAppliance.Hal.Audio;

namespace FaxAppliance.Audio;

/// <summary>
/// The capture ring: a fixed number of frame slots (codes, decoded samples, timestamp) allocated once. One
/// writer (the capture thread) fills slot <c>n mod capacity</c> for frame n and publishes it by advancing
/// <see cref="Written"/>; readers copy a slot out and then check that the writer has not reached that slot again
/// (a sequence lock), so the writer never waits for a reader.
/// </summary>
internal sealed class FrameRing
{
    private const int N = AudioFrame.Samples;

    private readonly G711Law _law;
    private readonly byte[] _codes;
    private readonly short[] _samples;
    private readonly FrameTimestamp[] _stamps;
    private long _written;

    public FrameRing(int capacity, CompandingLaw law)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        Capacity = capacity;
        _law = law == CompandingLaw.ALaw ? G711Law.ALaw : G711Law.MuLaw;
        _codes = new byte[capacity * N];
        _samples = new short[capacity * N];
        _stamps = new FrameTimestamp[capacity];
    }

    public int Capacity { get; }

    /// <summary>Frames published: the sequence number of the next frame (which the writer may be filling now).</summary>
    public long Written => Volatile.Read(ref _written);

    /// <summary>Writer: the code slot of frame <paramref name="sequence"/>, to read the HAL straight into.</summary>
    public Span<byte> CodesSlot(long sequence) => _codes.AsSpan(Slot(sequence) * N, N);

    /// <summary>Writer: decodes the frame's codes, stamps it and publishes it.</summary>
    public void Publish(long sequence, FrameTimestamp timestamp)
    {
        int slot = Slot(sequence);
        G711.Decode(_law, _codes.AsSpan(slot * N, N), _samples.AsSpan(slot * N, N));
        _stamps[slot] = timestamp;

        // A full fence: this slot's stores become visible before the new count, and the next frame's stores
        // (into another slot) cannot become visible before it, which the readers' check relies on.
        Interlocked.Exchange(ref _written, sequence + 1);
    }

    /// <summary>
    /// Reader: copies frame <paramref name="sequence"/> (which must be below <see cref="Written"/>). False when the
    /// writer had already reused its slot, so the copy may be torn and must be dropped.
    /// </summary>
    public bool TryCopy(long sequence, Span<byte> codes, Span<short> samples, out FrameTimestamp timestamp)
    {
        int slot = Slot(sequence);
        _codes.AsSpan(slot * N, N).CopyTo(codes);
        _samples.AsSpan(slot * N, N).CopyTo(samples);
        timestamp = _stamps[slot];
        Interlocked.MemoryBarrier();

        // The writer touches only frame Written (in progress) and below; frame 'sequence' shares its slot with
        // frame sequence + Capacity, so the copy is whole while that frame has not been started.
        return Written - sequence < Capacity;
    }

    private int Slot(long sequence) => (int)(sequence % Capacity);
}
