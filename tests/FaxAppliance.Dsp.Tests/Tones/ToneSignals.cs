using FaxAppliance.Dsp.Signal;

namespace FaxAppliance.Dsp.Tests.Tones;

/// <summary>Test signals for the tone detectors, generated here (no recordings): tones, answer tones, and the speech, DTMF and music the detectors must ignore.</summary>
internal static class ToneSignals
{
    public const int SampleRate = 8000;

    public static int Samples(double ms) => (int)Math.Round(ms * SampleRate / 1000);

    public static double[] Silence(double ms) => new double[Samples(ms)];

    /// <summary>A sine at <paramref name="dbm0"/>.</summary>
    public static double[] Tone(double hz, double dbm0, double ms, double phase = 0)
    {
        double a = Levels.SineAmplitudeFromDbm0(dbm0);
        var x = new double[Samples(ms)];
        for (int n = 0; n < x.Length; n++)
        {
            x[n] = a * Math.Sin(2 * Math.PI * hz * n / SampleRate + phase);
        }

        return x;
    }

    /// <summary>One or two frequencies played together, <paramref name="dbm0"/> in total (equal components).</summary>
    public static double[] MultiTone(IReadOnlyList<double> hz, double dbm0, double ms)
    {
        var x = new double[Samples(ms)];
        double a = Levels.SineAmplitudeFromDbm0(dbm0 - 10 * Math.Log10(hz.Count));
        for (int i = 0; i < hz.Count; i++)
        {
            for (int n = 0; n < x.Length; n++)
            {
                x[n] += a * Math.Sin(2 * Math.PI * hz[i] * n / SampleRate + i);
            }
        }

        return x;
    }

    /// <summary>
    /// A 2100 Hz answer tone: optional 180° phase reversals every 450 ms (V.25) and optional 15 Hz
    /// amplitude modulation of the given index (V.8 ANSam); <paramref name="dbm0"/> is its mean level.
    /// </summary>
    public static double[] AnswerTone(double dbm0, double ms, bool reversals, double amIndex = 0, double hz = 2100, double amHz = 15)
    {
        double a = Levels.SineAmplitudeFromDbm0(dbm0) / Math.Sqrt(1 + amIndex * amIndex / 2);
        var x = new double[Samples(ms)];
        int interval = Samples(450);
        for (int n = 0; n < x.Length; n++)
        {
            double phase = reversals && (n / interval) % 2 == 1 ? Math.PI : 0;
            double env = 1 + amIndex * Math.Cos(2 * Math.PI * amHz * n / SampleRate);
            x[n] = a * env * Math.Sin(2 * Math.PI * hz * n / SampleRate + phase);
        }

        return x;
    }

    /// <summary>Repeats <paramref name="burst"/> on and silence off per the cadence for <paramref name="totalMs"/>.</summary>
    public static double[] Cadenced(Func<double, double[]> burst, IReadOnlyList<int> onOffMs, double totalMs)
    {
        var parts = new List<double[]>();
        double t = 0;
        for (int i = 0; t < totalMs; i++)
        {
            int ms = onOffMs[i % onOffMs.Count];
            parts.Add(i % 2 == 0 ? burst(ms) : Silence(ms));
            t += ms;
        }

        return Concat([.. parts]);
    }

    public static double[] Concat(params double[][] parts)
    {
        var x = new double[parts.Sum(p => p.Length)];
        int at = 0;
        foreach (double[] p in parts)
        {
            p.CopyTo(x, at);
            at += p.Length;
        }

        return x;
    }

    /// <summary>Adds white Gaussian noise of <paramref name="dbm0"/> over 0–4 kHz.</summary>
    public static double[] WithNoise(double[] x, double dbm0, ulong seed)
    {
        var noise = new GaussianNoise(Levels.RmsFromDbm0(dbm0), seed);
        var y = new double[x.Length];
        for (int n = 0; n < x.Length; n++)
        {
            y[n] = x[n] + noise.Next();
        }

        return y;
    }

    public static short[] ToPcm(double[] x) => [.. x.Select(v => (short)Math.Clamp(Math.Round(v), short.MinValue, short.MaxValue))];

    /// <summary>
    /// Speech-like noise: Gaussian noise through three formant resonators (vowel formants, one vowel
    /// per syllable, F1 strongest), with a 4 Hz syllabic envelope and pauses between phrases.
    /// </summary>
    public static double[] SpeechLike(double seconds, double dbm0, ulong seed)
    {
        (double F1, double F2, double F3)[] vowels =
        [
            (730, 1090, 2440), (270, 2290, 3010), (300, 870, 2240), (530, 1840, 2480),
            (570, 840, 2410), (660, 1720, 2410), (440, 1020, 2240), (490, 1350, 1690),
        ];
        double[] bandwidths = [60, 90, 120];
        double[] gains = [1.0, 0.5, 0.25];
        var rng = new Xoshiro256(seed);
        var noise = new GaussianNoise(1, seed + 1);
        var x = new double[(int)(seconds * SampleRate)];
        int syllable = Samples(250);
        var y1 = new double[3];
        var y2 = new double[3];
        for (int start = 0; start < x.Length; start += syllable)
        {
            var v = vowels[(int)(rng.NextDouble() * vowels.Length)];
            double[] f = [v.F1 * (0.9 + 0.2 * rng.NextDouble()), v.F2 * (0.9 + 0.2 * rng.NextDouble()), v.F3];
            bool pause = rng.NextDouble() < 0.15;
            for (int n = start; n < Math.Min(start + syllable, x.Length); n++)
            {
                double e = noise.Next();
                double s = 0;
                for (int k = 0; k < 3; k++)
                {
                    double r = Math.Exp(-Math.PI * bandwidths[k] / SampleRate);
                    double y = (1 - r) * e + 2 * r * Math.Cos(2 * Math.PI * f[k] / SampleRate) * y1[k] - r * r * y2[k];
                    y2[k] = y1[k];
                    y1[k] = y;
                    s += gains[k] * y;
                }

                double env = Math.Pow(Math.Sin(Math.PI * (n - start) / syllable), 2); // 4 Hz syllables
                x[n] = pause ? 0 : s * env;
            }
        }

        return Normalize(x, dbm0);
    }

    /// <summary>All 16 DTMF digits (Q.23), 100 ms on and 100 ms off, each at <paramref name="dbm0"/> in total, repeated.</summary>
    public static double[] Dtmf(double seconds, double dbm0)
    {
        double[] rows = [697, 770, 852, 941];
        double[] cols = [1209, 1336, 1477, 1633];
        var parts = new List<double[]>();
        for (int i = 0; parts.Count * 100 < seconds * 1000; i++)
        {
            int digit = i % 16;
            parts.Add(MultiTone([rows[digit / 4], cols[digit % 4]], dbm0, 100));
            parts.Add(Silence(100));
        }

        return Concat([.. parts]);
    }

    /// <summary>
    /// Music on hold: triads with a bass note, each note with four harmonics (those under 3.8 kHz)
    /// and 5.5 Hz vibrato, the chord root sweeping by semitones up from 220 Hz to 2.2 kHz and back,
    /// so that notes pass 1100 Hz and 2100 Hz (C#6 1108.7 Hz, C7 2093 Hz).
    /// </summary>
    public static double[] Music(double seconds, double dbm0, ulong seed)
    {
        var rng = new Xoshiro256(seed);
        var x = new double[(int)(seconds * SampleRate)];
        int chord = Samples(600);
        int step = 0, direction = 1;
        for (int start = 0; start < x.Length; start += chord)
        {
            double root = 220 * Math.Pow(2, step / 12.0);
            double[] notes = [root / 2, root, root * Math.Pow(2, 4 / 12.0), root * Math.Pow(2, 7 / 12.0)];
            double vibratoPhase = rng.NextDouble() * 2 * Math.PI;
            for (int k = 0; k < notes.Length; k++)
            {
                double phase = rng.NextDouble() * 2 * Math.PI;
                double f0 = notes[k];
                for (int n = start; n < Math.Min(start + chord, x.Length); n++)
                {
                    double t = (n - start) / (double)SampleRate;
                    double inst = 2 * Math.PI * f0 * t - 0.005 * f0 / 5.5 * Math.Cos(2 * Math.PI * 5.5 * t + vibratoPhase) + phase;
                    double env = Math.Min(1, t / 0.02) * Math.Exp(-t * 1.5);
                    for (int h = 1; h <= 4 && h * f0 < 3800; h++)
                    {
                        x[n] += env / h * Math.Sin(h * inst);
                    }
                }
            }

            step += direction * 1;
            if (step >= 40 || step <= 0)
            {
                direction = -direction;
            }
        }

        return Normalize(x, dbm0);
    }

    private static double[] Normalize(double[] x, double dbm0)
    {
        double rms = Levels.Rms(x);
        double g = rms > 0 ? Levels.RmsFromDbm0(dbm0) / rms : 0;
        for (int n = 0; n < x.Length; n++)
        {
            x[n] *= g;
        }

        return x;
    }
}
