namespace FaxAppliance.Dsp.Signal;

/// <summary>Window functions for filter design.</summary>
public static class Window
{
    /// <summary>The Kaiser window at position <paramref name="x"/> in [−1, 1] for shape <paramref name="beta"/>.</summary>
    public static double Kaiser(double x, double beta)
    {
        if (x < -1.0 || x > 1.0)
        {
            return 0.0;
        }

        return BesselI0(beta * Math.Sqrt(Math.Max(0.0, 1.0 - x * x))) / BesselI0(beta);
    }

    /// <summary>Kaiser's β for a stop-band attenuation of <paramref name="attenuationDb"/> dB.</summary>
    public static double KaiserBeta(double attenuationDb) =>
        attenuationDb > 50 ? 0.1102 * (attenuationDb - 8.7)
        : attenuationDb >= 21 ? 0.5842 * Math.Pow(attenuationDb - 21, 0.4) + 0.07886 * (attenuationDb - 21)
        : 0.0;

    /// <summary>Modified Bessel function of the first kind, order 0 (power series).</summary>
    public static double BesselI0(double x)
    {
        double sum = 1.0, term = 1.0, half = x / 2.0;
        for (int k = 1; k < 64; k++)
        {
            term *= half / k;
            double t2 = term * term;
            sum += t2;
            if (t2 < sum * 1e-17)
            {
                break;
            }
        }

        return sum;
    }
}
