namespace FaxAppliance.Modems.Hdlc;

/// <summary>
/// HDLC frame transmitter for the binary coded signalling of ITU-T T.30 §5.3 (frame structure of
/// ISO/IEC 13239). A transmission is: a preamble of flags (T.30 §5.3.1: 1 s ± 15 % of flags before the
/// first frame of a V.21 transmission, see <see cref="PreambleFlagsFor"/>), then each queued frame as
/// its octets and its FCS (T.30 §5.3.7, <see cref="Crc16Itu"/>), all sent LSB first with a zero
/// inserted after every five consecutive ones (ISO/IEC 13239 transparency), frames separated by a
/// flag; after <see cref="Finish"/> and the last frame, <see cref="ClosingFlags"/> flags, then mark
/// (ones) with <see cref="Completed"/> set so the caller can drop the carrier. While the queue is empty
/// and <see cref="Finish"/> has not been called, flags are sent (inter-frame time fill).
/// <para>
/// Frames are queued into a fixed ring of <see cref="QueueCapacity"/> slots sized in the constructor;
/// <see cref="GetBit"/> allocates nothing. Use <see cref="Source"/> as the <see cref="IBitSource"/> of a
/// modem transmitter.
/// </para>
/// </summary>
public sealed class HdlcTransmitter
{
    /// <summary>Default number of frames that can wait (T.30 sends at most NSF, CSI, DIS in one go).</summary>
    public const int DefaultQueueCapacity = 8;

    /// <summary>Flags after the last frame: the closing flag plus one, so a receiver that lost a bit
    /// of the first still sees a flag before the carrier drops.</summary>
    public const int ClosingFlags = 2;

    private const int Flag = 0x7E; // 01111110, symmetric: the same sent LSB or MSB first

    private readonly byte[] _slots;    // QueueCapacity slots of (MaxFrameBytes + FCS) octets
    private readonly int[] _lengths;   // octets in each slot, FCS included
    private readonly int _slotSize;
    private int _head;                 // slot being sent or next to send
    private int _count;                // slots queued (including the one being sent)

    private int _preambleLeft;         // flags of the preamble still to start
    private int _flagBitsLeft;         // bits of the current flag still to send
    private bool _inFrame;
    private int _byteIndex;
    private int _bitIndex;
    private int _ones;                 // consecutive ones sent inside the frame
    private bool _finishing;
    private int _closingSent;

    /// <summary>Creates a transmitter.</summary>
    /// <param name="maxFrameBytes">Longest frame, octets without FCS (1–4096).</param>
    /// <param name="queueCapacity">Frames that can wait to be sent (1–64).</param>
    public HdlcTransmitter(int maxFrameBytes = HdlcReceiver.DefaultMaxFrameBytes, int queueCapacity = DefaultQueueCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFrameBytes, 4096);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(queueCapacity, 64);
        MaxFrameBytes = maxFrameBytes;
        QueueCapacity = queueCapacity;
        _slotSize = maxFrameBytes + HdlcReceiver.FcsBytes;
        _slots = new byte[_slotSize * queueCapacity];
        _lengths = new int[queueCapacity];
        Start(0);
    }

    /// <summary>Longest frame, octets without FCS.</summary>
    public int MaxFrameBytes { get; }

    /// <summary>Frames that can wait to be sent.</summary>
    public int QueueCapacity { get; }

    /// <summary>Frames queued and not yet completely sent.</summary>
    public int QueuedFrames => _count;

    /// <summary>Frames completely sent since construction.</summary>
    public long FramesSent { get; private set; }

    /// <summary>True once, after <see cref="Finish"/>, every frame and the closing flags have been sent.</summary>
    public bool Completed { get; private set; }

    /// <summary>This transmitter as a struct <see cref="IBitSource"/> for a modem transmitter.</summary>
    public BitSource Source => new(this);

    /// <summary>
    /// Preamble length for <paramref name="seconds"/> of flags at <paramref name="bitRate"/> bit/s,
    /// rounded up (T.30 §5.3.1: 1 s ± 15 % at 300 bit/s is 38 flags).
    /// </summary>
    public static int PreambleFlagsFor(int bitRate, double seconds = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bitRate);
        if (!double.IsFinite(seconds) || seconds < 0 || seconds > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "The preamble must last 0–10 s.");
        }

        return (int)Math.Ceiling(bitRate * seconds / 8.0);
    }

    /// <summary>
    /// Starts a new transmission with <paramref name="preambleFlags"/> flags before the first frame
    /// (at least one flag always opens a frame). Drops anything still queued.
    /// </summary>
    public void Start(int preambleFlags)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(preambleFlags);
        _head = 0;
        _count = 0;
        _preambleLeft = Math.Max(preambleFlags, 1);
        _flagBitsLeft = 0;
        _inFrame = false;
        _ones = 0;
        _finishing = false;
        _closingSent = 0;
        Completed = false;
    }

    /// <summary>
    /// Queues a frame (address, control, information; the FCS is added here). Returns false if the
    /// queue is full or the transmission has been finished.
    /// </summary>
    /// <exception cref="ArgumentException">The frame is longer than <see cref="MaxFrameBytes"/>.</exception>
    public bool TryQueueFrame(ReadOnlySpan<byte> frame)
    {
        if (frame.Length > MaxFrameBytes)
        {
            throw new ArgumentException($"A frame holds at most {MaxFrameBytes} octets, not {frame.Length}.", nameof(frame));
        }

        if (_count == QueueCapacity || _finishing)
        {
            return false;
        }

        int slot = (_head + _count) % QueueCapacity;
        Span<byte> dest = _slots.AsSpan(slot * _slotSize, _slotSize);
        frame.CopyTo(dest);
        ushort fcs = Crc16Itu.Compute(frame);
        dest[frame.Length] = (byte)fcs;            // T.30 §5.3.7: low-order octet first
        dest[frame.Length + 1] = (byte)(fcs >> 8);
        _lengths[slot] = frame.Length + HdlcReceiver.FcsBytes;
        _count++;
        return true;
    }

    /// <summary>Ends the transmission after the queued frames (closing flags, then <see cref="Completed"/>).</summary>
    public void Finish() => _finishing = true;

    /// <summary>The next bit on the line.</summary>
    public int GetBit()
    {
        if (_flagBitsLeft > 0)
        {
            return (Flag >> (8 - _flagBitsLeft--)) & 1;
        }

        if (_preambleLeft > 0)
        {
            _preambleLeft--;
            return StartFlag();
        }

        if (_inFrame)
        {
            if (_ones == 5)
            {
                _ones = 0;
                return 0; // ISO/IEC 13239 transparency: a zero after five consecutive ones
            }

            int slot = _head;
            if (_byteIndex < _lengths[slot])
            {
                int bit = (_slots[slot * _slotSize + _byteIndex] >> _bitIndex) & 1;
                if (++_bitIndex == 8)
                {
                    _bitIndex = 0;
                    _byteIndex++;
                }

                _ones = bit == 1 ? _ones + 1 : 0;
                return bit;
            }

            // Frame done: its closing flag (which also opens the next frame).
            _inFrame = false;
            _head = (_head + 1) % QueueCapacity;
            _count--;
            FramesSent++;
            _closingSent = 1;
            return StartFlag();
        }

        if (_count > 0)
        {
            _inFrame = true;
            _byteIndex = 0;
            _bitIndex = 0;
            _ones = 0;
            return GetBit();
        }

        if (_finishing)
        {
            if (_closingSent >= ClosingFlags)
            {
                Completed = true;
                return 1; // mark until the caller drops the carrier
            }

            _closingSent++;
        }

        return StartFlag();
    }

    private int StartFlag()
    {
        _flagBitsLeft = 7;
        return Flag & 1;
    }

    /// <summary>A struct <see cref="IBitSource"/> over an <see cref="HdlcTransmitter"/>.</summary>
    public readonly struct BitSource : IBitSource, IEquatable<BitSource>
    {
        private readonly HdlcTransmitter _transmitter;

        /// <summary>Wraps <paramref name="transmitter"/>.</summary>
        public BitSource(HdlcTransmitter transmitter)
        {
            ArgumentNullException.ThrowIfNull(transmitter);
            _transmitter = transmitter;
        }

        /// <inheritdoc/>
        public int GetBit() => _transmitter.GetBit();

        /// <inheritdoc/>
        public bool Equals(BitSource other) => ReferenceEquals(_transmitter, other._transmitter);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is BitSource other && Equals(other);

        /// <inheritdoc/>
        public override int GetHashCode() => _transmitter?.GetHashCode() ?? 0;

        /// <summary>Equality.</summary>
        public static bool operator ==(BitSource left, BitSource right) => left.Equals(right);

        /// <summary>Inequality.</summary>
        public static bool operator !=(BitSource left, BitSource right) => !left.Equals(right);
    }
}
