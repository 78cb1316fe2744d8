using FaxAppliance.Dsp.Signal;

namespace FaxAppliance.Modems.Common;

/// <summary>
/// Root-raised-cosine pulse design for the QAM/PSK modems. The Recommendations specify the overall
/// (transmitter × receiver) raised-cosine spectrum "equally divided between the transmitter and the
/// receiver" (ITU-T V.27ter §2.3 for example), so each end uses the square root of it.
/// </summary>
public static class RootRaisedCosine
{
    /// <summary>Kaiser window shape applied to the truncated pulse (about 60 dB side lobes).</summary>
    public const double WindowBeta = 5.0;

    /// <summary>The RRC impulse response at <paramref name="t"/> symbol periods, roll-off
    /// <paramref name="beta"/> (0 &lt; β ≤ 1); 1 − β + 4β/π at the origin.</summary>
    public static double Impulse(double t, double beta)
    {
        if (Math.Abs(t) < 1e-9)
        {
            return 1.0 - beta + 4.0 * beta / Math.PI;
        }

        double singular = 1.0 / (4.0 * beta);
        if (Math.Abs(Math.Abs(t) - singular) < 1e-9)
        {
            double a = Math.PI / (4.0 * beta);
            return beta / Math.Sqrt(2.0) * ((1.0 + 2.0 / Math.PI) * Math.Sin(a) + (1.0 - 2.0 / Math.PI) * Math.Cos(a));
        }

        double num = Math.Sin(Math.PI * t * (1.0 - beta)) + 4.0 * beta * t * Math.Cos(Math.PI * t * (1.0 + beta));
        double den = Math.PI * t * (1.0 - 16.0 * beta * beta * t * t);
        return num / den;
    }

    /// <summary>
    /// The windowed pulse sampled every 1/<paramref name="resolution"/> of a sample: entry d is the pulse
    /// at (d − (n − 1)/2) / resolution samples, n = the returned length, spanning
    /// <paramref name="spanSymbols"/> symbols of <paramref name="samplesPerSymbol"/> samples.
    /// </summary>
    public static double[] Design(double samplesPerSymbol, double beta, int spanSymbols, int resolution)
    {
        if (samplesPerSymbol <= 1 || beta <= 0 || beta > 1 || spanSymbols < 2 || resolution < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(samplesPerSymbol), "bad pulse parameters");
        }

        int n = (int)Math.Ceiling(spanSymbols * samplesPerSymbol * resolution) | 1;
        var taps = new double[n];
        double half = (n - 1) / 2.0;
        for (int d = 0; d < n; d++)
        {
            double tSamples = (d - half) / resolution;
            taps[d] = Impulse(tSamples / samplesPerSymbol, beta) * Window.Kaiser((d - half) / (half + 1), WindowBeta);
        }

        return taps;
    }
}
