namespace FaxAppliance.Dsp;

/// <summary>
/// Signal levels in dBm0 for 16-bit linear PCM. ITU-T G.711: a full-scale sine (amplitude 32767)
/// is +3.14 dBm0, so 0 dBm0 is a sine of RMS 32767/√2 · 10^(−3.14/20) ≈ 16 141.
/// </summary>
public static class Levels
{
    /// <summary>Level of a full-scale sine, dBm0 (G.711).</summary>
    public const double FullScaleSineDbm0 = 3.14;

    /// <summary>RMS value (16-bit linear units) of a 0 dBm0 signal.</summary>
    public static readonly double ZeroDbm0Rms = 32767.0 / Math.Sqrt(2.0) * Math.Pow(10.0, -FullScaleSineDbm0 / 20.0);

    /// <summary>RMS value of a signal at <paramref name="dbm0"/>.</summary>
    public static double RmsFromDbm0(double dbm0) => ZeroDbm0Rms * Math.Pow(10.0, dbm0 / 20.0);

    /// <summary>Level in dBm0 of a signal of RMS <paramref name="rms"/>; −∞ for silence.</summary>
    public static double Dbm0FromRms(double rms) => rms <= 0 ? double.NegativeInfinity : 20.0 * Math.Log10(rms / ZeroDbm0Rms);

    /// <summary>Peak amplitude of a sine at <paramref name="dbm0"/>.</summary>
    public static double SineAmplitudeFromDbm0(double dbm0) => RmsFromDbm0(dbm0) * Math.Sqrt(2.0);

    /// <summary>Linear gain factor for a change of <paramref name="db"/> decibels.</summary>
    public static double GainFromDb(double db) => Math.Pow(10.0, db / 20.0);

    /// <summary>RMS of a block of samples.</summary>
    public static double Rms(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
        {
            return 0;
        }

        double sum = 0;
        foreach (short s in samples)
        {
            sum += (double)s * s;
        }

        return Math.Sqrt(sum / samples.Length);
    }

    /// <summary>RMS of a block of samples.</summary>
    public static double Rms(ReadOnlySpan<double> samples)
    {
        if (samples.IsEmpty)
        {
            return 0;
        }

        double sum = 0;
        foreach (double s in samples)
        {
            sum += s * s;
        }

        return Math.Sqrt(sum / samples.Length);
    }
}
