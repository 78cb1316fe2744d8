using System.Numerics;

namespace FaxAppliance.Modems.Common;

/// <summary>
/// A T/2 fractionally spaced adaptive equalizer (modem notes, step 4): a complex FIR over the last
/// <see cref="Taps"/> half-symbol samples, one output a symbol, adapted by normalised LMS, first
/// towards the known training symbols and then towards the slicer's decisions. Its output is the
/// symbol <see cref="DelaySymbols"/> symbols before the newest one pushed.
/// </summary>
public sealed class FractionalEqualizer
{
    private readonly Complex[] _coeffs;
    private readonly Complex[] _line; // mirrored delay line, newest sample at _pos
    private int _pos;
    private double _power = 1.0;

    /// <summary>Creates an equalizer of <paramref name="taps"/> T/2 taps (odd; the centre tap is a
    /// symbol-centre sample).</summary>
    public FractionalEqualizer(int taps)
    {
        if (taps < 3 || taps % 4 != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(taps), "taps must be 4k + 1");
        }

        Taps = taps;
        _coeffs = new Complex[taps];
        _line = new Complex[2 * taps];
        Reset();
    }

    /// <summary>Number of T/2 taps.</summary>
    public int Taps { get; }

    /// <summary>Symbols between the newest pushed symbol and the one the output estimates.</summary>
    public int DelaySymbols => (Taps - 1) / 4;

    /// <summary>Sum of the squared tap magnitudes (a runaway check).</summary>
    public double TapEnergy
    {
        get
        {
            double e = 0;
            foreach (Complex c in _coeffs)
            {
                e += c.Real * c.Real + c.Imaginary * c.Imaginary;
            }

            return e;
        }
    }

    /// <summary>Resets the taps to a pass-through (centre tap 1), keeping the delay line.</summary>
    public void ResetTaps()
    {
        Array.Clear(_coeffs);
        _coeffs[(Taps - 1) / 2] = Complex.One;
    }

    /// <summary>Resets to a pass-through (centre tap 1) and clears the delay line.</summary>
    public void Reset()
    {
        ResetTaps();
        Array.Clear(_line);
        _pos = 0;
        _power = 1.0;
    }

    /// <summary>Clears the delay line, keeping the taps (a new signal through the same channel: the
    /// V.17 short train).</summary>
    public void ClearHistory()
    {
        Array.Clear(_line);
        _pos = 0;
        _power = 1.0;
    }

    /// <summary>Copies the taps into <paramref name="destination"/> (at least <see cref="Taps"/> long).</summary>
    public void CopyTaps(Span<Complex> destination) => _coeffs.CopyTo(destination);

    /// <summary>Loads taps saved by <see cref="CopyTaps"/> (exactly <see cref="Taps"/> of them).</summary>
    public void LoadTaps(ReadOnlySpan<Complex> taps)
    {
        if (taps.Length != Taps)
        {
            throw new ArgumentException($"expected {Taps} taps", nameof(taps));
        }

        taps.CopyTo(_coeffs);
    }

    /// <summary>Multiplies the samples already in the delay line by <paramref name="gain"/> (after the
    /// receiver's gain is frozen at a new value).</summary>
    public void ScaleHistory(double gain)
    {
        for (int i = 0; i < _line.Length; i++)
        {
            _line[i] *= gain;
        }

        _power *= gain * gain;
    }

    /// <summary>Pushes one T/2 sample.</summary>
    public void Push(Complex x)
    {
        _pos = _pos == 0 ? Taps - 1 : _pos - 1;
        _line[_pos] = x;
        _line[_pos + Taps] = x;
        _power += ((x.Real * x.Real) + (x.Imaginary * x.Imaginary) - _power) * (1.0 / 128.0);
    }

    /// <summary>The equalized symbol.</summary>
    public Complex Output()
    {
        double re = 0, im = 0;
        ReadOnlySpan<Complex> x = _line.AsSpan(_pos, Taps);
        for (int i = 0; i < x.Length; i++)
        {
            Complex c = _coeffs[i];
            re += (c.Real * x[i].Real) - (c.Imaginary * x[i].Imaginary);
            im += (c.Real * x[i].Imaginary) + (c.Imaginary * x[i].Real);
        }

        return new Complex(re, im);
    }

    /// <summary>One normalised-LMS step: <paramref name="error"/> is (wanted − output) in the
    /// equalizer's own (un-rotated) frame; <paramref name="stepSize"/> is the fraction of the error removed.</summary>
    public void Adapt(Complex error, double stepSize)
    {
        double mu = stepSize / (Taps * (_power + 1e-9));
        double er = error.Real * mu, ei = error.Imaginary * mu;
        ReadOnlySpan<Complex> x = _line.AsSpan(_pos, Taps);
        for (int i = 0; i < x.Length; i++)
        {
            // c += mu · e · conj(x)
            double xr = x[i].Real, xi = x[i].Imaginary;
            _coeffs[i] += new Complex((er * xr) + (ei * xi), (ei * xr) - (er * xi));
        }
    }
}
