namespace FaxAppliance.Dsp.Tones;

/// <summary>What a tone detector recognised.</summary>
public enum ToneKind
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>CNG, the calling tone of a facsimile terminal: 1100 Hz ±38 Hz, 0.5 s on, 3 s off (ITU-T T.30 §4).</summary>
    Cng,

    /// <summary>CED / ANS: 2100 Hz ±15 Hz without modulation or phase reversals (ITU-T T.30 §4, ITU-T V.25).</summary>
    Ans,

    /// <summary>ANS with phase reversals ("/ANS", ITU-T V.25): 2100 Hz, 180° reversals every 450 ±25 ms.</summary>
    AnsPhaseReversals,

    /// <summary>ANSam (ITU-T V.8): 2100 Hz amplitude modulated at 15 ±0.1 Hz, index 0.2 ±0.05, no reversals.</summary>
    AnsAm,

    /// <summary>ANSam with phase reversals ("/ANSam", ITU-T V.8): as <see cref="AnsAm"/>, reversals every 450 ±25 ms.</summary>
    AnsAmPhaseReversals,

    /// <summary>A burst of a call-progress plan's tone (its frequencies present); the cadence says which signal.</summary>
    CallProgress,
}

/// <summary>A call-progress signal, recognised by its frequencies and its cadence (ITU-T E.180).</summary>
public enum CallProgressSignal
{
    /// <summary>No signal recognised.</summary>
    None = 0,

    /// <summary>Dial tone (continuous).</summary>
    Dial,

    /// <summary>Ring-back (ringing) tone.</summary>
    RingBack,

    /// <summary>Busy tone.</summary>
    Busy,

    /// <summary>Congestion (reorder, network busy) tone.</summary>
    Congestion,
}

/// <summary>What happened.</summary>
public enum ToneEventType
{
    /// <summary>A tone was declared: it has lasted its minimum duration. <see cref="ToneEvent.SampleIndex"/> is its onset.</summary>
    Started,

    /// <summary>A declared tone stopped. <see cref="ToneEvent.SampleIndex"/> is where it stopped.</summary>
    Ended,

    /// <summary>A declared tone was reclassified from later evidence (e.g. ANS → /ANS once reversals are seen).</summary>
    Changed,

    /// <summary>The on/off pattern of a tone matched a cadence (CNG's 0.5/3 s, a plan's busy, ring-back, dial tone).</summary>
    CadenceMatched,

    /// <summary>A matched cadence stopped holding (the tone went away or its timing broke).</summary>
    CadenceEnded,
}

/// <summary>
/// One detector event. Plain data passed by reference to a struct sink: no allocation.
/// </summary>
/// <param name="Type">What happened.</param>
/// <param name="Tone">Which tone.</param>
/// <param name="Signal">For call progress, the signal whose cadence matched (or is playing); otherwise None.</param>
/// <param name="SampleIndex">When it happened, in samples since the detector's Restart (onset for Started, end for Ended).</param>
/// <param name="DeclaredAtSample">The sample index at which the detector emitted the event (≥ <paramref name="SampleIndex"/>).</param>
/// <param name="FrequencyHz">Measured frequency (the lowest component of a dual tone).</param>
/// <param name="LevelDbm0">Measured level of the tone while on, dBm0.</param>
public readonly record struct ToneEvent(
    ToneEventType Type,
    ToneKind Tone,
    CallProgressSignal Signal,
    long SampleIndex,
    long DeclaredAtSample,
    double FrequencyHz,
    double LevelDbm0);

/// <summary>Receives detector events. Implement on a struct and pass it by <c>ref</c>.</summary>
public interface IToneEventSink
{
    /// <summary>Called for each event, in time order.</summary>
    void OnToneEvent(in ToneEvent toneEvent);
}

/// <summary>
/// A fixed-capacity FIFO of events, polled by the caller after each block. When full, the oldest
/// event is dropped and counted (the caller polls every 20 ms; a block yields at most a few events).
/// </summary>
public sealed class ToneEventBuffer
{
    /// <summary>Default capacity: far more than the events of one second of audio.</summary>
    public const int DefaultCapacity = 64;

    private readonly ToneEvent[] _items;
    private int _head;

    /// <summary>Creates an empty queue.</summary>
    public ToneEventBuffer(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _items = new ToneEvent[capacity];
    }

    /// <summary>Events waiting.</summary>
    public int Count { get; private set; }

    /// <summary>Events dropped because the queue was full.</summary>
    public long Dropped { get; private set; }

    /// <summary>Adds an event, dropping the oldest if full.</summary>
    public void Enqueue(in ToneEvent toneEvent)
    {
        if (Count == _items.Length)
        {
            _head = (_head + 1) % _items.Length;
            Count--;
            Dropped++;
        }

        _items[(_head + Count) % _items.Length] = toneEvent;
        Count++;
    }

    /// <summary>Takes the oldest event, if any.</summary>
    public bool TryDequeue(out ToneEvent toneEvent)
    {
        if (Count == 0)
        {
            toneEvent = default;
            return false;
        }

        toneEvent = _items[_head];
        _head = (_head + 1) % _items.Length;
        Count--;
        return true;
    }

    /// <summary>Empties the queue (the dropped count is kept).</summary>
    public void Clear()
    {
        _head = 0;
        Count = 0;
    }
}

/// <summary>A struct sink that appends to a <see cref="ToneEventBuffer"/>.</summary>
public readonly struct ToneEventBufferSink(ToneEventBuffer queue) : IToneEventSink
{
    /// <inheritdoc/>
    public void OnToneEvent(in ToneEvent toneEvent) => queue.Enqueue(toneEvent);
}
