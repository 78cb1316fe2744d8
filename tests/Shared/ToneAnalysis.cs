namespace FaxAppliance.Testing;

/// <summary>Measurements on test tones, shared by the test projects (linked source, not a product API).</summary>
internal static class ToneAnalysis
{
    /// <summary>Generates a sine of <paramref name="amplitude"/> at <paramref name="freq"/>.</summary>
    public static double[] Sine(double freq, double amplitude, int count, double sampleRate = 8000, double phase = 0)
    {
        var x = new double[count];
        for (int n = 0; n < count; n++)
        {
            x[n] = amplitude * Math.Sin(2 * Math.PI * freq * n / sampleRate + phase);
        }

        return x;
    }

    /// <summary>
    /// Least-squares fit of a sinusoid at exactly <paramref name="freq"/> (plus DC) to the samples;
    /// returns the tone's amplitude and the RMS of what is left (noise and distortion).
    /// </summary>
    public static (double Amplitude, double ResidualRms) Fit(ReadOnlySpan<double> y, double freq, double sampleRate = 8000)
    {
        // Normal equations for the basis [cos, sin, 1].
        double scc = 0, sss = 0, scs = 0, sc1 = 0, ss1 = 0, s11 = y.Length, syc = 0, sys = 0, sy1 = 0;
        double w = 2 * Math.PI * freq / sampleRate;
        for (int n = 0; n < y.Length; n++)
        {
            double c = Math.Cos(w * n), s = Math.Sin(w * n);
            scc += c * c; sss += s * s; scs += c * s; sc1 += c; ss1 += s;
            syc += y[n] * c; sys += y[n] * s; sy1 += y[n];
        }

        double[,] m = { { scc, scs, sc1 }, { scs, sss, ss1 }, { sc1, ss1, s11 } };
        double[] r = { syc, sys, sy1 };
        double[] p = Solve3(m, r);
        double res = 0;
        for (int n = 0; n < y.Length; n++)
        {
            double e = y[n] - (p[0] * Math.Cos(w * n) + p[1] * Math.Sin(w * n) + p[2]);
            res += e * e;
        }

        return (Math.Sqrt(p[0] * p[0] + p[1] * p[1]), Math.Sqrt(res / y.Length));
    }

    /// <summary>Signal-to-residual ratio in dB of a fit at <paramref name="freq"/>.</summary>
    public static double PurityDb(ReadOnlySpan<double> y, double freq, double sampleRate = 8000)
    {
        var (a, r) = Fit(y, freq, sampleRate);
        return 20 * Math.Log10(a / Math.Sqrt(2) / r);
    }

    /// <summary>
    /// Estimates the frequency of a single tone near <paramref name="nominal"/>: mixes it to baseband,
    /// averages in chunks and fits a line to the unwrapped phase.
    /// </summary>
    public static double EstimateFrequency(ReadOnlySpan<double> y, double nominal, double sampleRate = 8000, int chunk = 400)
    {
        int chunks = y.Length / chunk;
        var phases = new double[chunks];
        double w = 2 * Math.PI * nominal / sampleRate;
        double prev = 0, offset = 0;
        for (int c = 0; c < chunks; c++)
        {
            double re = 0, im = 0;
            for (int k = 0; k < chunk; k++)
            {
                int n = c * chunk + k;
                re += y[n] * Math.Cos(w * n);
                im -= y[n] * Math.Sin(w * n);
            }

            double ph = Math.Atan2(im, re);
            if (c > 0)
            {
                while (ph + offset - prev > Math.PI) offset -= 2 * Math.PI;
                while (ph + offset - prev < -Math.PI) offset += 2 * Math.PI;
            }

            phases[c] = ph + offset;
            prev = phases[c];
        }

        // Least-squares slope of phase against chunk index.
        double mx = (chunks - 1) / 2.0, my = 0;
        foreach (double p in phases) my += p;
        my /= chunks;
        double num = 0, den = 0;
        for (int c = 0; c < chunks; c++)
        {
            num += (c - mx) * (phases[c] - my);
            den += (c - mx) * (c - mx);
        }

        double radPerChunk = num / den;
        return nominal + radPerChunk / (2 * Math.PI) * sampleRate / chunk;
    }

    /// <summary>RMS in dBm0 of samples (16-bit scale).</summary>
    public static double LevelDbm0(ReadOnlySpan<double> y)
    {
        double s = 0;
        foreach (double v in y) s += v * v;
        return FaxAppliance.Dsp.Levels.Dbm0FromRms(Math.Sqrt(s / y.Length));
    }

    private static double[] Solve3(double[,] a, double[] b)
    {
        int n = 3;
        var m = (double[,])a.Clone();
        var x = (double[])b.Clone();
        for (int i = 0; i < n; i++)
        {
            int piv = i;
            for (int r = i + 1; r < n; r++) if (Math.Abs(m[r, i]) > Math.Abs(m[piv, i])) piv = r;
            for (int c = 0; c < n; c++) (m[i, c], m[piv, c]) = (m[piv, c], m[i, c]);
            (x[i], x[piv]) = (x[piv], x[i]);
            for (int r = i + 1; r < n; r++)
            {
                double f = m[r, i] / m[i, i];
                for (int c = i; c < n; c++) m[r, c] -= f * m[i, c];
                x[r] -= f * x[i];
            }
        }

        for (int i = n - 1; i >= 0; i--)
        {
            double s = x[i];
            for (int c = i + 1; c < n; c++) s -= m[i, c] * x[c];
            x[i] = s / m[i, i];
        }

        return x;
    }
}
