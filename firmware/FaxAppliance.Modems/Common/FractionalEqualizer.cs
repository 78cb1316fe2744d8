using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FaxAppliance.Modems.Common;

/// <summary>
/// A T/2 fractionally spaced adaptive equalizer (modem notes, step 4): a complex FIR over the last
/// <see cref="Taps"/> half-symbol samples, one output a symbol, adapted by normalised LMS, first
/// towards the known training symbols and then towards the slicer's decisions. Its output is the
/// symbol <see cref="DelaySymbols"/> symbols before the newest one pushed.
/// <para>
/// Taps and delay line are kept as separate real and imaginary arrays so that the output (a complex
/// dot product) and the LMS update run on SIMD vectors of doubles; the sum of the squared taps (the
/// runaway check the receivers make every symbol) is produced by the update itself.
/// </para>
/// </summary>
public sealed class FractionalEqualizer
{
    private readonly double[] _cr; // taps, real and imaginary parts
    private readonly double[] _ci;
    private readonly double[] _xr; // mirrored delay line, newest sample at _pos
    private readonly double[] _xi;
    private int _pos;
    private double _power = 1.0;
    private double _tapEnergy;

    /// <summary>Creates an equalizer of <paramref name="taps"/> T/2 taps (odd; the centre tap is a
    /// symbol-centre sample).</summary>
    public FractionalEqualizer(int taps)
    {
        if (taps < 3 || taps % 4 != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(taps), "taps must be 4k + 1");
        }

        Taps = taps;
        _cr = new double[taps];
        _ci = new double[taps];
        _xr = new double[2 * taps];
        _xi = new double[2 * taps];
        Reset();
    }

    /// <summary>Number of T/2 taps.</summary>
    public int Taps { get; }

    /// <summary>Symbols between the newest pushed symbol and the one the output estimates.</summary>
    public int DelaySymbols => (Taps - 1) / 4;

    /// <summary>Sum of the squared tap magnitudes (a runaway check).</summary>
    public double TapEnergy => _tapEnergy;

    /// <summary>Resets the taps to a pass-through (centre tap 1), keeping the delay line.</summary>
    public void ResetTaps()
    {
        Array.Clear(_cr);
        Array.Clear(_ci);
        _cr[(Taps - 1) / 2] = 1.0;
        _tapEnergy = 1.0;
    }

    /// <summary>Resets to a pass-through (centre tap 1) and clears the delay line.</summary>
    public void Reset()
    {
        ResetTaps();
        ClearHistory();
    }

    /// <summary>Clears the delay line, keeping the taps (a new signal through the same channel: the
    /// V.17 short train).</summary>
    public void ClearHistory()
    {
        Array.Clear(_xr);
        Array.Clear(_xi);
        _pos = 0;
        _power = 1.0;
    }

    /// <summary>Copies the taps into <paramref name="destination"/> (at least <see cref="Taps"/> long).</summary>
    public void CopyTaps(Span<Complex> destination)
    {
        if (destination.Length < Taps)
        {
            throw new ArgumentException($"expected at least {Taps} taps", nameof(destination));
        }

        for (int i = 0; i < Taps; i++)
        {
            destination[i] = new Complex(_cr[i], _ci[i]);
        }
    }

    /// <summary>Loads taps saved by <see cref="CopyTaps"/> (exactly <see cref="Taps"/> of them).</summary>
    public void LoadTaps(ReadOnlySpan<Complex> taps)
    {
        if (taps.Length != Taps)
        {
            throw new ArgumentException($"expected {Taps} taps", nameof(taps));
        }

        double energy = 0;
        for (int i = 0; i < Taps; i++)
        {
            _cr[i] = taps[i].Real;
            _ci[i] = taps[i].Imaginary;
            energy += (_cr[i] * _cr[i]) + (_ci[i] * _ci[i]);
        }

        _tapEnergy = energy;
    }

    /// <summary>Multiplies the samples already in the delay line by <paramref name="gain"/> (after the
    /// receiver's gain is frozen at a new value).</summary>
    public void ScaleHistory(double gain)
    {
        for (int i = 0; i < _xr.Length; i++)
        {
            _xr[i] *= gain;
            _xi[i] *= gain;
        }

        _power *= gain * gain;
    }

    /// <summary>Pushes one T/2 sample.</summary>
    public void Push(Complex x)
    {
        int pos = _pos == 0 ? Taps - 1 : _pos - 1;
        _pos = pos;
        double re = x.Real, im = x.Imaginary;
        _xr[pos] = re;
        _xr[pos + Taps] = re;
        _xi[pos] = im;
        _xi[pos + Taps] = im;
        _power += ((re * re) + (im * im) - _power) * (1.0 / 128.0);
    }

    /// <summary>The equalized symbol.</summary>
    public Complex Output()
    {
        int n = Taps;
        ref double cr = ref MemoryMarshal.GetReference(_cr.AsSpan(0, n));
        ref double ci = ref MemoryMarshal.GetReference(_ci.AsSpan(0, n));
        ref double xr = ref MemoryMarshal.GetReference(_xr.AsSpan(_pos, n));
        ref double xi = ref MemoryMarshal.GetReference(_xi.AsSpan(_pos, n));
        // Four independent accumulators (re·re, im·im, re·im, im·re): the next symbol's output waits on
        // this one through the decision and the update, so latency counts.
        var rr = Vector<double>.Zero;
        var ii = Vector<double>.Zero;
        var ri = Vector<double>.Zero;
        var ir = Vector<double>.Zero;
        int i = 0;
        for (; i <= n - Vector<double>.Count; i += Vector<double>.Count)
        {
            Vector<double> a = Vector.LoadUnsafe(ref cr, (nuint)i), b = Vector.LoadUnsafe(ref ci, (nuint)i);
            Vector<double> u = Vector.LoadUnsafe(ref xr, (nuint)i), v = Vector.LoadUnsafe(ref xi, (nuint)i);
            rr = Vector.FusedMultiplyAdd(a, u, rr);
            ii = Vector.FusedMultiplyAdd(b, v, ii);
            ri = Vector.FusedMultiplyAdd(a, v, ri);
            ir = Vector.FusedMultiplyAdd(b, u, ir);
        }

        double re = Vector.Sum(rr - ii), im = Vector.Sum(ri + ir);
        for (; i < n; i++)
        {
            double a = Unsafe.Add(ref cr, i), b = Unsafe.Add(ref ci, i);
            double u = Unsafe.Add(ref xr, i), v = Unsafe.Add(ref xi, i);
            re += (a * u) - (b * v);
            im += (a * v) + (b * u);
        }

        return new Complex(re, im);
    }

    /// <summary>One normalised-LMS step: <paramref name="error"/> is (wanted − output) in the
    /// equalizer's own (un-rotated) frame; <paramref name="stepSize"/> is the fraction of the error removed.</summary>
    public void Adapt(Complex error, double stepSize)
    {
        double mu = stepSize / (Taps * (_power + 1e-9));
        double er = error.Real * mu, ei = error.Imaginary * mu;
        int n = Taps;
        ref double cr = ref MemoryMarshal.GetReference(_cr.AsSpan(0, n));
        ref double ci = ref MemoryMarshal.GetReference(_ci.AsSpan(0, n));
        ref double xr = ref MemoryMarshal.GetReference(_xr.AsSpan(_pos, n));
        ref double xi = ref MemoryMarshal.GetReference(_xi.AsSpan(_pos, n));
        var ver = new Vector<double>(er);
        var vei = new Vector<double>(ei);
        var energy = Vector<double>.Zero;
        int i = 0;
        for (; i <= n - Vector<double>.Count; i += Vector<double>.Count)
        {
            // c += mu · e · conj(x)
            Vector<double> u = Vector.LoadUnsafe(ref xr, (nuint)i), v = Vector.LoadUnsafe(ref xi, (nuint)i);
            Vector<double> a = Vector.LoadUnsafe(ref cr, (nuint)i) + (ver * u) + (vei * v);
            Vector<double> b = Vector.LoadUnsafe(ref ci, (nuint)i) + (vei * u) - (ver * v);
            a.StoreUnsafe(ref cr, (nuint)i);
            b.StoreUnsafe(ref ci, (nuint)i);
            energy += (a * a) + (b * b);
        }

        double e = Vector.Sum(energy);
        for (; i < n; i++)
        {
            double u = Unsafe.Add(ref xr, i), v = Unsafe.Add(ref xi, i);
            double a = Unsafe.Add(ref cr, i) + (er * u) + (ei * v);
            double b = Unsafe.Add(ref ci, i) + (ei * u) - (er * v);
            Unsafe.Add(ref cr, i) = a;
            Unsafe.Add(ref ci, i) = b;
            e += (a * a) + (b * b);
        }

        _tapEnergy = e;
    }
}
