using System.Numerics;

namespace FaxAppliance.Modems.Common;

/// <summary>
/// Carrier tracking (modem notes, step 5): a second-order phase-locked loop run once a symbol on the
/// angle between the equalized symbol and its decision (or the known training symbol). Its integral
/// term is the carrier frequency offset in radians a symbol.
/// </summary>
public sealed class CarrierLoop
{
    /// <summary>Steps between exact sin/cos evaluations; in between the cached pair is rotated by the
    /// step (error below 1e−11 a step, so under 1e−9 rad before the next exact evaluation).</summary>
    private const int ExactEvery = 32;

    /// <summary>Largest step rotated by the series (|Δ| ≤ 0.25 rad: the terms dropped are below 1e−11).</summary>
    private const double SeriesLimit = 0.25;

    private double _phase;
    private double _sin;
    private double _cos = 1.0; // sin and cos of _phase
    private int _sinceExact;

    /// <summary>Current phase correction, radians.</summary>
    public double Phase
    {
        get => _phase;
        private set
        {
            _phase = value;
            (_sin, _cos) = Math.SinCos(value);
            _sinceExact = 0;
        }
    }

    /// <summary>Learned frequency offset, radians a symbol.</summary>
    public double Frequency { get; private set; }

    /// <summary>Proportional gain (radians of correction per radian of error).</summary>
    public double ProportionalGain { get; set; } = 0.1;

    /// <summary>Integral gain.</summary>
    public double IntegralGain { get; set; } = 0.005;

    /// <summary>Largest frequency offset the loop may learn, radians a symbol.</summary>
    public double FrequencyLimit { get; set; } = 0.1;

    /// <summary>Sets phase and frequency (after an estimate from the training sequence).</summary>
    public void Set(double phase, double frequency)
    {
        Phase = Wrap(phase);
        Frequency = Math.Clamp(frequency, -FrequencyLimit, FrequencyLimit);
    }

    /// <summary>Removes the carrier phase from <paramref name="z"/>.</summary>
    public Complex Derotate(Complex z)
    {
        double s = _sin, c = _cos;
        return new Complex((z.Real * c) + (z.Imaginary * s), (z.Imaginary * c) - (z.Real * s));
    }

    /// <summary>Puts the carrier phase back onto <paramref name="z"/> (for an equalizer error).</summary>
    public Complex Rotate(Complex z)
    {
        double s = _sin, c = _cos;
        return new Complex((z.Real * c) - (z.Imaginary * s), (z.Imaginary * c) + (z.Real * s));
    }

    /// <summary>
    /// Updates with the de-rotated symbol <paramref name="z"/> and its target <paramref name="target"/>,
    /// then advances to the next symbol.
    /// </summary>
    public void Update(Complex z, Complex target)
    {
        // Im(z · conj(target)) / |target|² ≈ the phase error for small errors.
        double t2 = (target.Real * target.Real) + (target.Imaginary * target.Imaginary);
        double err = 0;
        if (t2 > 1e-12)
        {
            err = ((z.Imaginary * target.Real) - (z.Real * target.Imaginary)) / t2;
            err = Math.Clamp(err, -0.5, 0.5);
        }

        Frequency = Math.Clamp(Frequency + (IntegralGain * err), -FrequencyLimit, FrequencyLimit);
        Step(Wrap(_phase + (ProportionalGain * err) + Frequency), (ProportionalGain * err) + Frequency);
    }

    /// <summary>Advances one symbol without a measurement (fill-in).</summary>
    public void Coast() => Step(Wrap(_phase + Frequency), Frequency);

    /// <summary>Moves to <paramref name="phase"/>, <paramref name="delta"/> past the current phase (modulo
    /// 2π): the cached sin/cos are rotated by Δ with its Taylor series instead of evaluated afresh.</summary>
    private void Step(double phase, double delta)
    {
        if (++_sinceExact >= ExactEvery || !(Math.Abs(delta) <= SeriesLimit))
        {
            Phase = phase;
            return;
        }

        double d2 = delta * delta;
        double sd = delta * (1.0 - d2 / 6.0 * (1.0 - d2 / 20.0 * (1.0 - d2 / 42.0)));
        double cd = 1.0 - d2 / 2.0 * (1.0 - d2 / 12.0 * (1.0 - d2 / 30.0 * (1.0 - d2 / 56.0)));
        double s = _sin, c = _cos;
        _phase = phase;
        _sin = (s * cd) + (c * sd);
        _cos = (c * cd) - (s * sd);
    }

    private static double Wrap(double a)
    {
        if (a > Math.PI || a < -Math.PI)
        {
            a = Math.IEEERemainder(a, 2.0 * Math.PI);
        }

        return a;
    }
}
