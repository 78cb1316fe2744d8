using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FaxAppliance.SpanDsp;

/// <summary>The reference modems of Debian's libspandsp 0.0.6.</summary>
public enum SpanDspModemKind
{
    /// <summary>V.21 channel 2 (300 bit/s FSK, 1650/1850 Hz), synchronous framing.</summary>
    V21Channel2,

    /// <summary>V.27ter (2400/4800 bit/s).</summary>
    V27ter,

    /// <summary>V.29 (4800/7200/9600 bit/s).</summary>
    V29,

    /// <summary>V.17 (7200–14400 bit/s).</summary>
    V17,
}

/// <summary>
/// spandsp's modem receiver, for interop tests and benchmarks: bits and status values (spandsp's
/// negative SIG_STATUS_* codes) are collected into <see cref="Bits"/> and <see cref="Statuses"/>.
/// </summary>
public sealed unsafe class SpanDspReceiver : IDisposable
{
    private readonly GCHandle _self;
    private IntPtr _state;

    /// <summary>Creates a receiver of <paramref name="kind"/> at <paramref name="bitRate"/>.</summary>
    /// <param name="kind">The modem.</param>
    /// <param name="bitRate">Its bit rate.</param>
    /// <param name="collectBits">False: only count the bits (for timing: no managed allocation per bit).</param>
    public SpanDspReceiver(SpanDspModemKind kind, int bitRate, bool collectBits = true)
    {
        Kind = kind;
        CollectBits = collectBits;
        _self = GCHandle.Alloc(this);
        IntPtr user = GCHandle.ToIntPtr(_self);
        delegate* unmanaged[Cdecl]<IntPtr, int, void> put = &PutBit;
        _state = kind switch
        {
            SpanDspModemKind.V21Channel2 => Native.fsk_rx_init(IntPtr.Zero, Native.FskSpec(Native.FskV21Channel2), 1, put, user),
            SpanDspModemKind.V27ter => Native.v27ter_rx_init(IntPtr.Zero, bitRate, put, user),
            SpanDspModemKind.V29 => Native.v29_rx_init(IntPtr.Zero, bitRate, put, user),
            _ => Native.v17_rx_init(IntPtr.Zero, bitRate, put, user),
        };
        if (_state == IntPtr.Zero)
        {
            throw new InvalidOperationException($"spandsp refused a {kind} receiver at {bitRate} bit/s");
        }
    }

    /// <summary>The modem.</summary>
    public SpanDspModemKind Kind { get; }

    /// <summary>Data bits received (0/1), in order (when collecting).</summary>
    public List<byte> Bits { get; } = new();

    /// <summary>Whether bits are kept in <see cref="Bits"/>.</summary>
    public bool CollectBits { get; }

    /// <summary>Data bits received, counted even when not collected.</summary>
    public long BitCount { get; private set; }

    /// <summary>Status codes (spandsp SIG_STATUS_*: −1 carrier down, −2 up, −3 training, −4 trained, −5 failed) with the bit index at which each came.</summary>
    public List<(int Status, int BitIndex)> Statuses { get; } = new();

    /// <summary>Feeds samples.</summary>
    public void Process(ReadOnlySpan<short> samples)
    {
        fixed (short* p = samples)
        {
            _ = Kind switch
            {
                SpanDspModemKind.V21Channel2 => Native.fsk_rx(_state, p, samples.Length),
                SpanDspModemKind.V27ter => Native.v27ter_rx(_state, p, samples.Length),
                SpanDspModemKind.V29 => Native.v29_rx(_state, p, samples.Length),
                _ => Native.v17_rx(_state, p, samples.Length),
            };
        }
    }

    /// <summary>Restarts for a new signal (old/short train where the modem has one).</summary>
    public void Restart(int bitRate, bool shortTrain)
    {
        _ = Kind switch
        {
            SpanDspModemKind.V27ter => Native.v27ter_rx_restart(_state, bitRate, shortTrain ? 1 : 0),
            SpanDspModemKind.V29 => Native.v29_rx_restart(_state, bitRate, shortTrain ? 1 : 0),
            SpanDspModemKind.V17 => Native.v17_rx_restart(_state, bitRate, shortTrain ? 1 : 0),
            _ => 0,
        };
    }

    /// <summary>Carrier frequency the receiver tracks, Hz (not for V.21).</summary>
    public float CarrierFrequency => Kind switch
    {
        SpanDspModemKind.V27ter => Native.v27ter_rx_carrier_frequency(_state),
        SpanDspModemKind.V29 => Native.v29_rx_carrier_frequency(_state),
        SpanDspModemKind.V17 => Native.v17_rx_carrier_frequency(_state),
        _ => 0,
    };

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_state != IntPtr.Zero)
        {
            Native.free(_state); // spandsp allocated it with malloc (init with a NULL state)
            _state = IntPtr.Zero;
        }

        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static void PutBit(IntPtr user, int bit)
    {
        var self = (SpanDspReceiver)GCHandle.FromIntPtr(user).Target!;
        if (bit < 0)
        {
            self.Statuses.Add((bit, self.Bits.Count));
        }
        else
        {
            self.BitCount++;
            if (self.CollectBits)
            {
                self.Bits.Add((byte)(bit & 1));
            }
        }
    }
}

/// <summary>spandsp's modem transmitter, sending the bits of a managed function.</summary>
public sealed unsafe class SpanDspTransmitter : IDisposable
{
    private readonly GCHandle _self;
    private readonly Func<int> _nextBit;
    private IntPtr _state;

    /// <summary>Creates a transmitter of <paramref name="kind"/>; <paramref name="nextBit"/> gives the data bits.</summary>
    public SpanDspTransmitter(SpanDspModemKind kind, int bitRate, Func<int> nextBit, bool shortTrain = false)
    {
        Kind = kind;
        _nextBit = nextBit;
        _self = GCHandle.Alloc(this);
        IntPtr user = GCHandle.ToIntPtr(_self);
        delegate* unmanaged[Cdecl]<IntPtr, int> get = &GetBit;
        _state = kind switch
        {
            SpanDspModemKind.V21Channel2 => Native.fsk_tx_init(IntPtr.Zero, Native.FskSpec(Native.FskV21Channel2), get, user),
            SpanDspModemKind.V27ter => Native.v27ter_tx_init(IntPtr.Zero, bitRate, 0, get, user),
            SpanDspModemKind.V29 => Native.v29_tx_init(IntPtr.Zero, bitRate, 0, get, user),
            _ => Native.v17_tx_init(IntPtr.Zero, bitRate, 0, get, user),
        };
        if (_state == IntPtr.Zero)
        {
            throw new InvalidOperationException($"spandsp refused a {kind} transmitter at {bitRate} bit/s");
        }

        if (kind == SpanDspModemKind.V17 && shortTrain)
        {
            _ = Native.v17_tx_restart(_state, bitRate, 0, 1);
        }
    }

    /// <summary>The modem.</summary>
    public SpanDspModemKind Kind { get; }

    /// <summary>Sets the transmit power, dBm0.</summary>
    public void SetPower(float dbm0)
    {
        switch (Kind)
        {
            case SpanDspModemKind.V21Channel2: Native.fsk_tx_power(_state, dbm0); break;
            case SpanDspModemKind.V27ter: Native.v27ter_tx_power(_state, dbm0); break;
            case SpanDspModemKind.V29: Native.v29_tx_power(_state, dbm0); break;
            default: Native.v17_tx_power(_state, dbm0); break;
        }
    }

    /// <summary>Fills <paramref name="samples"/>; returns how many were generated.</summary>
    public int Generate(Span<short> samples)
    {
        fixed (short* p = samples)
        {
            return Kind switch
            {
                SpanDspModemKind.V21Channel2 => Native.fsk_tx(_state, p, samples.Length),
                SpanDspModemKind.V27ter => Native.v27ter_tx(_state, p, samples.Length),
                SpanDspModemKind.V29 => Native.v29_tx(_state, p, samples.Length),
                _ => Native.v17_tx(_state, p, samples.Length),
            };
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_state != IntPtr.Zero)
        {
            Native.free(_state);
            _state = IntPtr.Zero;
        }

        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static int GetBit(IntPtr user)
    {
        var self = (SpanDspTransmitter)GCHandle.FromIntPtr(user).Target!;
        return self._nextBit();
    }
}

/// <summary>The libspandsp entry points (Debian's libspandsp2, 0.0.6).</summary>
internal static unsafe partial class Native
{
    public const string Lib = "libspandsp.so.2";
    public const int FskV21Channel2 = 1; // fsk.h: FSK_V21CH1 = 0, FSK_V21CH2

    private static readonly IntPtr LibHandle = NativeLibrary.Load(Lib);

    /// <summary>&amp;preset_fsk_specs[index] (fsk_spec_t: const char *name; int freq_zero, freq_one, tx_level, min_level, baud_rate).</summary>
    public static IntPtr FskSpec(int index) => NativeLibrary.GetExport(LibHandle, "preset_fsk_specs") + index * sizeof(FskSpecLayout);

    [LibraryImport("libc")] public static partial void free(IntPtr p);

    [LibraryImport(Lib)] public static partial IntPtr fsk_rx_init(IntPtr s, IntPtr spec, int framingMode, delegate* unmanaged[Cdecl]<IntPtr, int, void> put, IntPtr user);
    [LibraryImport(Lib)] public static partial int fsk_rx(IntPtr s, short* amp, int len);
    [LibraryImport(Lib)] public static partial IntPtr fsk_tx_init(IntPtr s, IntPtr spec, delegate* unmanaged[Cdecl]<IntPtr, int> get, IntPtr user);
    [LibraryImport(Lib)] public static partial int fsk_tx(IntPtr s, short* amp, int len);
    [LibraryImport(Lib)] public static partial void fsk_tx_power(IntPtr s, float power);

    [LibraryImport(Lib)] public static partial IntPtr v27ter_rx_init(IntPtr s, int bitRate, delegate* unmanaged[Cdecl]<IntPtr, int, void> put, IntPtr user);
    [LibraryImport(Lib)] public static partial int v27ter_rx(IntPtr s, short* amp, int len);
    [LibraryImport(Lib)] public static partial int v27ter_rx_restart(IntPtr s, int bitRate, int oldTrain);
    [LibraryImport(Lib)] public static partial float v27ter_rx_carrier_frequency(IntPtr s);
    [LibraryImport(Lib)] public static partial IntPtr v27ter_tx_init(IntPtr s, int bitRate, int tep, delegate* unmanaged[Cdecl]<IntPtr, int> get, IntPtr user);
    [LibraryImport(Lib)] public static partial int v27ter_tx(IntPtr s, short* amp, int len);
    [LibraryImport(Lib)] public static partial void v27ter_tx_power(IntPtr s, float power);

    [LibraryImport(Lib)] public static partial IntPtr v29_rx_init(IntPtr s, int bitRate, delegate* unmanaged[Cdecl]<IntPtr, int, void> put, IntPtr user);
    [LibraryImport(Lib)] public static partial int v29_rx(IntPtr s, short* amp, int len);
    [LibraryImport(Lib)] public static partial int v29_rx_restart(IntPtr s, int bitRate, int oldTrain);
    [LibraryImport(Lib)] public static partial float v29_rx_carrier_frequency(IntPtr s);
    [LibraryImport(Lib)] public static partial IntPtr v29_tx_init(IntPtr s, int bitRate, int tep, delegate* unmanaged[Cdecl]<IntPtr, int> get, IntPtr user);
    [LibraryImport(Lib)] public static partial int v29_tx(IntPtr s, short* amp, int len);
    [LibraryImport(Lib)] public static partial void v29_tx_power(IntPtr s, float power);

    [LibraryImport(Lib)] public static partial IntPtr v17_rx_init(IntPtr s, int bitRate, delegate* unmanaged[Cdecl]<IntPtr, int, void> put, IntPtr user);
    [LibraryImport(Lib)] public static partial int v17_rx(IntPtr s, short* amp, int len);
    [LibraryImport(Lib)] public static partial int v17_rx_restart(IntPtr s, int bitRate, int shortTrain);
    [LibraryImport(Lib)] public static partial float v17_rx_carrier_frequency(IntPtr s);
    [LibraryImport(Lib)] public static partial IntPtr v17_tx_init(IntPtr s, int bitRate, int tep, delegate* unmanaged[Cdecl]<IntPtr, int> get, IntPtr user);
    [LibraryImport(Lib)] public static partial int v17_tx_restart(IntPtr s, int bitRate, int tep, int shortTrain);
    [LibraryImport(Lib)] public static partial int v17_tx(IntPtr s, short* amp, int len);
    [LibraryImport(Lib)] public static partial void v17_tx_power(IntPtr s, float power);

    [StructLayout(LayoutKind.Sequential)]
    private struct FskSpecLayout
    {
        public IntPtr Name;
        public int FreqZero, FreqOne, TxLevel, MinLevel, BaudRate;
    }
}
