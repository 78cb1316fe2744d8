using FaxAppliance.Audio;
using FaxAppliance.Dsp.Tones;
using FaxAppliance.Modems;
using FaxAppliance.Modems.Hdlc;
using FaxAppliance.Modems.V21;

namespace FaxAppliance.Calls;

/// <summary>A V.21 HDLC frame heard on the line.</summary>
/// <param name="Time">When the frame ended, seconds since the monitor started.</param>
/// <param name="Bytes">Address, control and information octets (no FCS).</param>
/// <param name="CrcOk">Whether the FCS checked.</param>
public sealed record HeardFrame(double Time, byte[] Bytes, bool CrcOk)
{
    /// <summary>The T.30 facsimile control field (third octet, the X bit masked off), or −1 if too short.</summary>
    public int Fcf => Bytes.Length >= 3 ? Bytes[2] & 0xFE : -1;
}

/// <summary>A fax tone heard on the line.</summary>
public sealed record HeardTone(double Time, ToneKind Tone, ToneEventType Type, double LevelDbm0);

/// <summary>
/// Listens to the line as a capture-loop consumer: the fax tones (CNG, CED/ANS, ANSam) and the V.21
/// channel 2 HDLC frames that carry T.30's commands and responses. The T.30 engine will take the
/// frames from here; today it is what the appliance reports it heard (and the engineer's first look at
/// a failed call). Per block nothing is allocated; a frame or tone event heard (a few per second at
/// most) is copied into a bounded list.
/// </summary>
public sealed class LineMonitor : IFrameConsumer
{
    /// <summary>Most events kept (a call has a few dozen; this bounds a stuck or hostile line).</summary>
    public const int MaxEvents = 2000;

    private readonly FaxToneDetector _tones = new();
    private readonly V21Receiver _v21 = new();
    private readonly HdlcReceiver _hdlc = new();
    private readonly List<HeardFrame> _frames = new();
    private readonly List<HeardTone> _toneEvents = new();
    private readonly object _gate = new();
    private long _samples;

    /// <summary>Frames heard so far (a copy).</summary>
    public IReadOnlyList<HeardFrame> Frames
    {
        get
        {
            lock (_gate)
            {
                return _frames.ToArray();
            }
        }
    }

    /// <summary>Tone events heard so far (a copy).</summary>
    public IReadOnlyList<HeardTone> Tones
    {
        get
        {
            lock (_gate)
            {
                return _toneEvents.ToArray();
            }
        }
    }

    /// <summary>The V.21 receiver's statistics (level, carrier, offsets).</summary>
    public ModemStatistics V21Statistics => _v21.Statistics;

    /// <inheritdoc/>
    public void OnFrame(in CapturedFrame frame)
    {
        ReadOnlySpan<short> samples = frame.Samples;
        var toneSink = new ToneSink(this);
        _tones.Process(samples, ref toneSink);
        var bits = new HdlcBitSink<FrameSink>(_hdlc, new FrameSink(this));
        _v21.Process(samples, ref bits);
        _samples += samples.Length;
    }

    private double Now => _samples / 8000.0;

    private void Add(HeardFrame f)
    {
        lock (_gate)
        {
            if (_frames.Count < MaxEvents)
            {
                _frames.Add(f);
            }
        }
    }

    private void Add(HeardTone t)
    {
        lock (_gate)
        {
            if (_toneEvents.Count < MaxEvents)
            {
                _toneEvents.Add(t);
            }
        }
    }

    private readonly struct ToneSink(LineMonitor owner) : IToneEventSink
    {
        public void OnToneEvent(in ToneEvent toneEvent) =>
            owner.Add(new HeardTone(toneEvent.SampleIndex / 8000.0, toneEvent.Tone, toneEvent.Type, toneEvent.LevelDbm0));
    }

    private readonly struct FrameSink(LineMonitor owner) : IHdlcFrameSink
    {
        public void OnFrame(ReadOnlySpan<byte> frame, bool crcOk) => owner.Add(new HeardFrame(owner.Now, frame.ToArray(), crcOk));

        public void OnStatus(ModemStatus status)
        {
        }
    }
}
