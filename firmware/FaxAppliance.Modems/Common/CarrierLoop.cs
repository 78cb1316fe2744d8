using System.Numerics;

namespace FaxAppliance.Modems.Common;

/// <summary>
/// Carrier tracking (modem notes, step 5): a second-order phase-locked loop run once a symbol on the
/// angle between the equalized symbol and its decision (or the known training symbol). Its integral
/// term is the carrier frequency offset in radians a symbol.
/// </summary>
public sealed class CarrierLoop
{
    /// <summary>Current phase correction, radians.</summary>
    public double Phase { get; private set; }

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
        (double s, double c) = Math.SinCos(Phase);
        return new Complex((z.Real * c) + (z.Imaginary * s), (z.Imaginary * c) - (z.Real * s));
    }

    /// <summary>Puts the carrier phase back onto <paramref name="z"/> (for an equalizer error).</summary>
    public Complex Rotate(Complex z)
    {
        (double s, double c) = Math.SinCos(Phase);
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
        Phase = Wrap(Phase + (ProportionalGain * err) + Frequency);
    }

    /// <summary>Advances one symbol without a measurement (fill-in).</summary>
    public void Coast() => Phase = Wrap(Phase + Frequency);

    private static double Wrap(double a)
    {
        if (a > Math.PI || a < -Math.PI)
        {
            a = Math.IEEERemainder(a, 2.0 * Math.PI);
        }

        return a;
    }
}
