namespace FaxAppliance.Modems.Hdlc;

/// <summary>
/// HDLC frame receiver for the binary coded signalling of ITU-T T.30 §5.3 (frame structure of
/// ISO/IEC 13239): finds flags (01111110, T.30 §5.3.2), removes the zero inserted after five
/// consecutive ones (transparency, ISO/IEC 13239 §4.3 "zero-bit insertion"), recognises an abort
/// (seven or more consecutive ones inside a frame), checks the 16-bit FCS (T.30 §5.3.7, see
/// <see cref="Crc16Itu"/>) and hands each frame, without its FCS, to an <see cref="IHdlcFrameSink"/>.
/// <para>
/// "Framing OK" (<see cref="ModemStatus.FramingOk"/>) is reported once <see cref="FramingOkFlags"/>
/// flags have followed each other with nothing between them: T.30 §5.3.1 precedes every V.21
/// transmission with 1 s of flags, and a noisy line seldom imitates several in a row. Frames whose FCS
/// fails are reported only while framing is OK, so that random bits (noise between transmissions) do
/// not turn into a stream of bad frames; frames whose FCS checks are always reported.
/// </para>
/// <para>
/// Memory is bounded: a frame longer than <see cref="MaxFrameBytes"/> (plus its FCS) is dropped and
/// counted, and the receiver hunts for the next flag. Nothing is allocated after construction.
/// Bits arrive through <see cref="PutBit{TFrames}"/>, or through the <see cref="HdlcBitSink{TFrames}"/>
/// adapter that makes this receiver the <see cref="IBitSink"/> of a modem.
/// </para>
/// </summary>
public sealed class HdlcReceiver
{
    /// <summary>
    /// Default longest frame, octets without FCS: the T.30 Annex A (ECM) facsimile data frame, a
    /// 256-octet field plus address, control, FCF and frame number (A.3.2).
    /// </summary>
    public const int DefaultMaxFrameBytes = 260;

    /// <summary>Default number of back-to-back flags that establishes framing.</summary>
    public const int DefaultFramingOkFlags = 4;

    /// <summary>Octets of the FCS (T.30 §5.3.7: 16 bits).</summary>
    public const int FcsBytes = 2;

    private readonly byte[] _buffer; // the frame being received, FCS included
    private int _length;             // whole octets in _buffer
    private int _bitCount;           // bits in the octet being assembled
    private int _octet;              // the octet being assembled, LSB first
    private int _ones;               // consecutive ones not yet placed (waiting for what follows)
    private bool _hunting = true;    // before the first flag, or after an abort/oversize frame
    private int _flagRun;            // consecutive flags with nothing between
    private bool _framingOk;

    /// <summary>Creates a receiver.</summary>
    /// <param name="maxFrameBytes">Longest frame accepted, octets without FCS (1–4096).</param>
    /// <param name="framingOkFlags">Back-to-back flags that establish framing (1–100).</param>
    public HdlcReceiver(int maxFrameBytes = DefaultMaxFrameBytes, int framingOkFlags = DefaultFramingOkFlags)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFrameBytes, 4096);
        ArgumentOutOfRangeException.ThrowIfLessThan(framingOkFlags, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(framingOkFlags, 100);
        MaxFrameBytes = maxFrameBytes;
        FramingOkFlags = framingOkFlags;
        _buffer = new byte[maxFrameBytes + FcsBytes];
    }

    /// <summary>Longest frame accepted, octets without FCS.</summary>
    public int MaxFrameBytes { get; }

    /// <summary>Back-to-back flags that establish framing.</summary>
    public int FramingOkFlags { get; }

    /// <summary>Whether framing is established (see <see cref="FramingOkFlags"/>).</summary>
    public bool FramingOk => _framingOk;

    /// <summary>Frames received with a good FCS.</summary>
    public long GoodFrames { get; private set; }

    /// <summary>Frames received with a bad FCS or not a whole number of octets (reported or not).</summary>
    public long BadFrames { get; private set; }

    /// <summary>Frames dropped for being longer than <see cref="MaxFrameBytes"/>.</summary>
    public long OversizeFrames { get; private set; }

    /// <summary>Frames shorter than an FCS (fewer than two octets between flags), dropped.</summary>
    public long RuntFrames { get; private set; }

    /// <summary>Abort sequences received inside a frame.</summary>
    public long Aborts { get; private set; }

    /// <summary>Flags received.</summary>
    public long Flags { get; private set; }

    /// <summary>Forgets the frame in progress and framing (new transmission); keeps the counters.</summary>
    public void Restart()
    {
        _length = 0;
        _bitCount = 0;
        _octet = 0;
        _ones = 0;
        _hunting = true;
        _flagRun = 0;
        _framingOk = false;
    }

    /// <summary>Clears the counters.</summary>
    public void ResetCounters()
    {
        GoodFrames = BadFrames = OversizeFrames = RuntFrames = Aborts = Flags = 0;
    }

    /// <summary>Takes one received bit (0 or 1; any non-zero value is a 1).</summary>
    public void PutBit<TFrames>(int bit, ref TFrames frames)
        where TFrames : struct, IHdlcFrameSink
    {
        if (bit != 0)
        {
            // A one is held back until we know whether it belongs to data, a flag or an abort.
            if (_ones < 7 && ++_ones == 7)
            {
                OnAbort(ref frames);
            }

            return;
        }

        int ones = _ones;
        _ones = 0;
        if (ones >= 7)
        {
            return; // the zero that ends an abort/idle run: still hunting for a flag
        }

        if (ones == 6)
        {
            OnFlag(ref frames);
            return;
        }

        if (_hunting)
        {
            return;
        }

        for (int i = 0; i < ones; i++)
        {
            if (!PushBit(1))
            {
                return;
            }
        }

        if (ones == 5)
        {
            return; // ISO/IEC 13239 transparency: the zero after five ones was inserted; drop it
        }

        PushBit(0);
    }

    /// <summary>Passes a modem status through: carrier changes end the frame in progress and framing.</summary>
    public void PutStatus<TFrames>(ModemStatus status, ref TFrames frames)
        where TFrames : struct, IHdlcFrameSink
    {
        if (status is ModemStatus.CarrierUp or ModemStatus.CarrierDown)
        {
            Restart();
        }

        frames.OnStatus(status);
    }

    /// <summary>Appends one data bit; false if the frame overflowed (dropped, hunting).</summary>
    private bool PushBit(int bit)
    {
        _octet |= bit << _bitCount;
        if (++_bitCount < 8)
        {
            return true;
        }

        if (_length == _buffer.Length)
        {
            OversizeFrames++;
            _hunting = true;
            _flagRun = 0;
            return false;
        }

        _buffer[_length++] = (byte)_octet;
        _octet = 0;
        _bitCount = 0;
        return true;
    }

    private void OnFlag<TFrames>(ref TFrames frames)
        where TFrames : struct, IHdlcFrameSink
    {
        Flags++;

        // The flag's leading zero was taken as data: a frame that is a whole number of octets
        // leaves exactly that one bit in the octet being assembled.
        bool empty = _hunting || (_length == 0 && _bitCount <= 1);
        if (empty)
        {
            if (_flagRun < FramingOkFlags)
            {
                _flagRun++;
            }

            if (_flagRun == FramingOkFlags && !_framingOk)
            {
                _framingOk = true;
                frames.OnStatus(ModemStatus.FramingOk);
            }
        }
        else
        {
            _flagRun = 1;
            DeliverFrame(ref frames);
        }

        _hunting = false;
        _length = 0;
        _bitCount = 0;
        _octet = 0;
    }

    private void DeliverFrame<TFrames>(ref TFrames frames)
        where TFrames : struct, IHdlcFrameSink
    {
        if (_length < FcsBytes)
        {
            RuntFrames++;
            return;
        }

        bool aligned = _bitCount == 1;
        ReadOnlySpan<byte> all = _buffer.AsSpan(0, _length);
        bool ok = aligned && Crc16Itu.Check(all);
        if (ok)
        {
            GoodFrames++;
            frames.OnFrame(all[..^FcsBytes], true);
            return;
        }

        BadFrames++;
        if (_framingOk)
        {
            frames.OnFrame(all[..^FcsBytes], false);
        }
    }

    private void OnAbort<TFrames>(ref TFrames frames)
        where TFrames : struct, IHdlcFrameSink
    {
        // Seven ones: an abort inside a frame, or the mark idle that ends a transmission.
        bool inFrame = !_hunting && (_length > 0 || _bitCount > 1);
        if (inFrame)
        {
            Aborts++;
            frames.OnStatus(ModemStatus.Abort);
        }

        _hunting = true;
        _flagRun = 0;
        _framingOk = false;
        _length = 0;
        _bitCount = 0;
        _octet = 0;
    }
}

/// <summary>
/// Makes an <see cref="HdlcReceiver"/> the <see cref="IBitSink"/> of a modem receiver: bits go through
/// the HDLC layer and frames come out in <see cref="Frames"/>. A struct, passed by reference.
/// </summary>
/// <typeparam name="TFrames">The frame sink (a struct, kept in this adapter).</typeparam>
public struct HdlcBitSink<TFrames> : IBitSink
    where TFrames : struct, IHdlcFrameSink
{
    private TFrames _frames;

    /// <summary>Creates the adapter.</summary>
    public HdlcBitSink(HdlcReceiver receiver, TFrames frames)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        Receiver = receiver;
        _frames = frames;
    }

    /// <summary>The HDLC receiver.</summary>
    public HdlcReceiver Receiver { get; }

    /// <summary>The frame sink (its state after the frames delivered so far).</summary>
    public readonly TFrames Frames => _frames;

    /// <inheritdoc/>
    public void PutBit(int bit) => Receiver.PutBit(bit, ref _frames);

    /// <inheritdoc/>
    public void OnStatus(ModemStatus status) => Receiver.PutStatus(status, ref _frames);
}
