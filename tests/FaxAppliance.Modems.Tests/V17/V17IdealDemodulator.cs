using System.Numerics;
using FaxAppliance.Modems.V17;

namespace FaxAppliance.Modems.Tests.V17;

/// <summary>
/// A test-only V.17 front end for a clean line with a known carrier (1800 Hz exactly) and clock: complex
/// demodulation, a root-raised-cosine matched filter evaluated at any instant, a search of the symbol
/// timing and alignment by correlating with the known training segment 2, and a symbol-spaced LMS
/// equalizer trained on segment 2 and then decision-directed. It stands in for the real receiver front
/// end (Modems/Common), so the symbol-level V.17 parts can be checked on the reference transmitter's
/// signal.
/// </summary>
internal sealed class V17IdealDemodulator
{
    public const double SamplesPerSymbol = 8000.0 / 2400.0;
    private const double RollOff = 0.25;
    private const int SpanSymbols = 6;
    private const int Taps = 15;
    private const int Centre = Taps / 2;

    private readonly Complex[] _baseband;
    private readonly Complex[] _weights = new Complex[Taps];
    private double _firstSymbolTime;

    public V17IdealDemodulator(ReadOnlySpan<short> samples)
    {
        _baseband = new Complex[samples.Length];
        for (int n = 0; n < samples.Length; n++)
        {
            double phase = -2 * Math.PI * 1800 * n / 8000;
            _baseband[n] = samples[n] * Complex.FromPolarCoordinates(2, phase);
        }
    }

    /// <summary>Matched-filter output at symbol <paramref name="k"/> (after <see cref="Acquire"/>).</summary>
    public Complex Symbol(int k) => MatchedFilter(_firstSymbolTime + (k * SamplesPerSymbol));

    /// <summary>Finds the instant of training symbol 0 and the gain/phase by correlating symbols
    /// <paramref name="start"/>…+<paramref name="length"/> with <paramref name="expected"/> (the whole
    /// training sequence's symbols).</summary>
    public void Acquire(V17Point[] expected, int start, int length, int maxLeadSymbols)
    {
        double bestScore = -1;
        double bestTime = 0;
        Complex bestGain = Complex.One;
        for (int step = 0; step < 32 * maxLeadSymbols; step++)
        {
            double t0 = step * SamplesPerSymbol / 32;
            Complex c = Complex.Zero;
            double power = 0, reference = 0;
            for (int j = start; j < start + length; j++)
            {
                Complex y = MatchedFilter(t0 + (j * SamplesPerSymbol));
                var e = new Complex(expected[j].Re, expected[j].Im);
                c += y * Complex.Conjugate(e);
                power += y.Magnitude * y.Magnitude;
                reference += e.Magnitude * e.Magnitude;
            }

            double score = c.Magnitude / Math.Sqrt((power * reference) + 1e-30);
            if (score > bestScore)
            {
                bestScore = score;
                bestTime = t0;
                bestGain = c / reference;
            }
        }

        _firstSymbolTime = bestTime;
        Array.Clear(_weights);
        _weights[Centre] = 1 / bestGain;
    }

    /// <summary>The equalized symbol <paramref name="k"/>.</summary>
    public Complex Equalize(int k)
    {
        Complex z = Complex.Zero;
        for (int i = 0; i < Taps; i++)
        {
            z += _weights[i] * Symbol(k + i - Centre);
        }

        return z;
    }

    /// <summary>One normalized-LMS step of the equalizer toward <paramref name="target"/> for symbol
    /// <paramref name="k"/> (<paramref name="step"/>: fraction of the error removed, 0–1).</summary>
    public void Train(int k, Complex equalized, Complex target, double step)
    {
        Span<Complex> x = stackalloc Complex[Taps];
        double norm = 1e-12;
        for (int i = 0; i < Taps; i++)
        {
            x[i] = Symbol(k + i - Centre);
            norm += x[i].Magnitude * x[i].Magnitude;
        }

        Complex error = (target - equalized) * (step / norm);
        for (int i = 0; i < Taps; i++)
        {
            _weights[i] += error * Complex.Conjugate(x[i]);
        }
    }

    private Complex MatchedFilter(double t)
    {
        int span = (int)Math.Ceiling(SpanSymbols * SamplesPerSymbol);
        int first = Math.Max(0, (int)Math.Floor(t) - span);
        int last = Math.Min(_baseband.Length - 1, (int)Math.Ceiling(t) + span);
        Complex sum = Complex.Zero;
        for (int n = first; n <= last; n++)
        {
            sum += _baseband[n] * RootRaisedCosine((t - n) / SamplesPerSymbol);
        }

        return sum / SamplesPerSymbol;
    }

    private static double RootRaisedCosine(double tau)
    {
        const double A = RollOff;
        if (Math.Abs(tau) < 1e-9)
        {
            return 1 - A + (4 * A / Math.PI);
        }

        if (Math.Abs(Math.Abs(tau) - (1 / (4 * A))) < 1e-9)
        {
            return A / Math.Sqrt(2) * (((1 + (2 / Math.PI)) * Math.Sin(Math.PI / (4 * A))) + ((1 - (2 / Math.PI)) * Math.Cos(Math.PI / (4 * A))));
        }

        double x = 4 * A * tau;
        return (Math.Sin(Math.PI * tau * (1 - A)) + (x * Math.Cos(Math.PI * tau * (1 + A)))) / (Math.PI * tau * (1 - (x * x)));
    }
}
