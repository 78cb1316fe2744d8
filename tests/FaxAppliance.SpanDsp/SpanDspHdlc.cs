using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FaxAppliance.SpanDsp;

/// <summary>
/// spandsp's HDLC receiver (CRC-16, as T.30 uses it), for interop tests: frames land in
/// <see cref="Frames"/> (payload without FCS, and whether the FCS checked); status codes (spandsp's
/// negative SIG_STATUS_* values, e.g. −7 framing OK, −8 abort) in <see cref="Statuses"/>.
/// </summary>
public sealed unsafe class SpanDspHdlcReceiver : IDisposable
{
    private readonly GCHandle _self;
    private IntPtr _state;

    /// <summary>Creates a receiver; <paramref name="framingOkThreshold"/> back-to-back flags establish framing.</summary>
    public SpanDspHdlcReceiver(bool reportBadFrames = true, int framingOkThreshold = 5)
    {
        _self = GCHandle.Alloc(this);
        delegate* unmanaged[Cdecl]<IntPtr, byte*, int, int, void> handler = &OnFrame;
        _state = HdlcNative.hdlc_rx_init(IntPtr.Zero, 0, reportBadFrames ? 1 : 0, framingOkThreshold, handler, GCHandle.ToIntPtr(_self));
        if (_state == IntPtr.Zero)
        {
            throw new InvalidOperationException("spandsp refused an HDLC receiver");
        }
    }

    /// <summary>Frames received, in order.</summary>
    public List<(byte[] Data, bool Ok)> Frames { get; } = new();

    /// <summary>Status codes reported.</summary>
    public List<int> Statuses { get; } = new();

    /// <summary>Feeds one bit.</summary>
    public void PutBit(int bit) => HdlcNative.hdlc_rx_put_bit(_state, bit);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_state != IntPtr.Zero)
        {
            _ = HdlcNative.hdlc_rx_free(_state);
            _state = IntPtr.Zero;
        }

        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void OnFrame(IntPtr user, byte* pkt, int len, int ok)
    {
        var self = (SpanDspHdlcReceiver)GCHandle.FromIntPtr(user).Target!;
        if (len < 0)
        {
            self.Statuses.Add(len);
        }
        else
        {
            self.Frames.Add((new ReadOnlySpan<byte>(pkt, len).ToArray(), ok != 0));
        }
    }
}

/// <summary>spandsp's HDLC transmitter (CRC-16), for interop tests: queue frames, read bits.</summary>
public sealed class SpanDspHdlcTransmitter : IDisposable
{
    private IntPtr _state;

    /// <summary>Creates a transmitter with one flag between frames.</summary>
    public SpanDspHdlcTransmitter()
    {
        unsafe
        {
            _state = HdlcNative.hdlc_tx_init(IntPtr.Zero, 0, 1, 0, null, IntPtr.Zero);
        }

        if (_state == IntPtr.Zero)
        {
            throw new InvalidOperationException("spandsp refused an HDLC transmitter");
        }
    }

    /// <summary>Queues <paramref name="count"/> flags (a preamble).</summary>
    public void Flags(int count) => _ = HdlcNative.hdlc_tx_flags(_state, count);

    /// <summary>Queues a frame (spandsp adds the FCS); false if it was refused (busy).</summary>
    public unsafe bool Frame(ReadOnlySpan<byte> frame)
    {
        fixed (byte* p = frame)
        {
            return HdlcNative.hdlc_tx_frame(_state, p, (nuint)frame.Length) == 0;
        }
    }

    /// <summary>The next bit.</summary>
    public int GetBit() => HdlcNative.hdlc_tx_get_bit(_state);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_state != IntPtr.Zero)
        {
            _ = HdlcNative.hdlc_tx_free(_state);
            _state = IntPtr.Zero;
        }
    }
}

/// <summary>libspandsp's HDLC entry points (0.0.6), separate from the modem ones.</summary>
internal static unsafe partial class HdlcNative
{
    [LibraryImport(Native.Lib)] public static partial IntPtr hdlc_rx_init(IntPtr s, int crc32, int reportBadFrames, int framingOkThreshold, delegate* unmanaged[Cdecl]<IntPtr, byte*, int, int, void> handler, IntPtr user);
    [LibraryImport(Native.Lib)] public static partial void hdlc_rx_put_bit(IntPtr s, int bit);
    [LibraryImport(Native.Lib)] public static partial int hdlc_rx_free(IntPtr s);
    [LibraryImport(Native.Lib)] public static partial IntPtr hdlc_tx_init(IntPtr s, int crc32, int interFrameFlags, int progressive, delegate* unmanaged[Cdecl]<IntPtr, void> underflow, IntPtr user);
    [LibraryImport(Native.Lib)] public static partial int hdlc_tx_frame(IntPtr s, byte* frame, nuint len);
    [LibraryImport(Native.Lib)] public static partial int hdlc_tx_flags(IntPtr s, int len);
    [LibraryImport(Native.Lib)] public static partial int hdlc_tx_get_bit(IntPtr s);
    [LibraryImport(Native.Lib)] public static partial int hdlc_tx_free(IntPtr s);
}
