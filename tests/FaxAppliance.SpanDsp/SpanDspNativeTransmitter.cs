using System.Runtime.InteropServices;

namespace FaxAppliance.SpanDsp;

/// <summary>
/// spandsp's transmitter fed by a native bit source (build/native/libbenchbits.so), for timing: a
/// managed get_bit callback would charge spandsp a reverse P/Invoke per bit.
/// </summary>
public sealed unsafe class SpanDspNativeTransmitter : IDisposable
{
    private readonly IntPtr _bits;
    private readonly IntPtr _prbsState;
    private IntPtr _state;

    /// <summary>Creates a transmitter of <paramref name="kind"/> sending a PRBS; <paramref name="benchBitsLibrary"/> is the path of libbenchbits.so.</summary>
    public SpanDspNativeTransmitter(SpanDspModemKind kind, int bitRate, string benchBitsLibrary)
    {
        Kind = kind;
        _bits = NativeLibrary.Load(benchBitsLibrary);
        var get = (delegate* unmanaged[Cdecl]<IntPtr, int>)NativeLibrary.GetExport(_bits, "benchbits_prbs23");
        _prbsState = Marshal.AllocHGlobal(sizeof(uint));
        *(uint*)_prbsState = 0x7FFFFF;
        _state = kind switch
        {
            SpanDspModemKind.V21Channel2 => Native.fsk_tx_init(IntPtr.Zero, Native.FskSpec(Native.FskV21Channel2), get, _prbsState),
            SpanDspModemKind.V27ter => Native.v27ter_tx_init(IntPtr.Zero, bitRate, 0, get, _prbsState),
            SpanDspModemKind.V29 => Native.v29_tx_init(IntPtr.Zero, bitRate, 0, get, _prbsState),
            _ => Native.v17_tx_init(IntPtr.Zero, bitRate, 0, get, _prbsState),
        };
        if (_state == IntPtr.Zero)
        {
            throw new InvalidOperationException($"spandsp refused a {kind} transmitter at {bitRate} bit/s");
        }
    }

    /// <summary>The modem.</summary>
    public SpanDspModemKind Kind { get; }

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
            Marshal.FreeHGlobal(_prbsState);
            NativeLibrary.Free(_bits);
        }
    }
}
