namespace FaxAppliance.Modems.Common;

/// <summary>
/// One period of a carrier sampled at 8000 Hz, so that modulators and demodulators look the carrier up
/// instead of calling sin/cos every sample. A carrier of an integral f hertz repeats exactly every
/// 8000 / gcd(f, 8000) samples (1700 Hz: 80, 1800 Hz: 40), and every entry is computed from its exact
/// phase, so the table accumulates no error however long it runs.
/// </summary>
public sealed class CarrierTable
{
    /// <summary>Sample rate of the line, Hz.</summary>
    public const int SampleRate = 8000;

    private CarrierTable(double[] cos, double[] sin)
    {
        Cos = cos;
        Sin = sin;
    }

    /// <summary>cos(2π f n / 8000), n = 0 … <see cref="Period"/> − 1.</summary>
    public double[] Cos { get; }

    /// <summary>sin(2π f n / 8000), n = 0 … <see cref="Period"/> − 1.</summary>
    public double[] Sin { get; }

    /// <summary>Samples in one period.</summary>
    public int Period => Cos.Length;

    /// <summary>The table for <paramref name="carrierHz"/>, or null when it is not a whole number of
    /// hertz between 1 and 3999 (callers then compute the carrier directly).</summary>
    public static CarrierTable? TryCreate(double carrierHz)
    {
        double rounded = Math.Round(carrierHz);
        if (Math.Abs(carrierHz - rounded) > 1e-9 || rounded < 1 || rounded >= SampleRate / 2)
        {
            return null;
        }

        int f = (int)rounded;
        int period = SampleRate / Gcd(f, SampleRate);
        var cos = new double[period];
        var sin = new double[period];
        for (int n = 0; n < period; n++)
        {
            double phase = 2.0 * Math.PI * ((long)n * f % SampleRate) / SampleRate;
            cos[n] = Math.Cos(phase);
            sin[n] = Math.Sin(phase);
        }

        return new CarrierTable(cos, sin);
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
