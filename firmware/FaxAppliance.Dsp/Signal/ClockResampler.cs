namespace FaxAppliance.Dsp.Signal;

/// <summary>
/// Resamples a stream whose sample clock differs from ours by a small ratio, as when the far end's
/// crystal is some ppm off: output sample n is the input signal at input time n·<see cref="Step"/>,
/// computed by band-limited (windowed-sinc) interpolation, not by dropping or repeating samples.
///
/// The kernel has <see cref="HalfLength"/>·2 taps (Kaiser, β for 80 dB) tabulated at
/// <see cref="Phases"/> fractional positions with linear interpolation between them; that keeps a
/// tone anywhere in 300–3400 Hz more than 70 dB above the interpolation error.
///
/// A clock offset makes the reader drift against the writer by |step − 1| samples per sample, so the
/// reader starts <see cref="LeadSamples"/> behind: enough for <see cref="MaxBurstSeconds"/> of
/// continuous signal. When the input is silent (fax is half duplex, so every turnaround is) the reader
/// is moved back to its nominal lag; nothing a receiver can hear changes, and the lag stays bounded for
/// calls of any length. If a burst outlasts the lead anyway, the reader holds or skips and counts a slip.
/// </summary>
public sealed class ClockResampler
{
    /// <summary>Taps on each side of the interpolation point.</summary>
    public const int HalfLength = 48;

    /// <summary>Tabulated fractional positions of the kernel.</summary>
    public const int Phases = 512;

    /// <summary>Longest continuous signal the lead covers without a slip.</summary>
    public const double MaxBurstSeconds = 180.0;

    /// <summary>Samples below this magnitude count as silence for realignment.</summary>
    public const double SilenceThreshold = 4.0;

    private const int Capacity = 1 << 14; // input history, power of two
    private static readonly double[] Kernel = BuildKernel();

    private readonly double[] _ring = new double[Capacity];
    private long _written;          // input samples pushed
    private double _readTime;       // input time of the next output sample
    private long _lastLoud = long.MinValue / 2; // index of the last input sample above the threshold

    /// <summary>Creates a resampler consuming <paramref name="step"/> input samples per output sample.</summary>
    public ClockResampler(double step, double sampleRate = 8000.0)
    {
        if (!(step > 0.99 && step < 1.01))
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "The clock ratio must be within ±1 % (±10 000 ppm).");
        }

        Step = step;
        LeadSamples = (int)Math.Ceiling(Math.Abs(step - 1.0) * sampleRate * MaxBurstSeconds) + 1;
        NominalLag = HalfLength + 1 + LeadSamples;
        _readTime = -NominalLag;
    }

    /// <summary>Input samples consumed per output sample (1 + ppm·10⁻⁶ for a fast far-end clock).</summary>
    public double Step { get; }

    /// <summary>Extra delay kept to absorb drift during a burst.</summary>
    public int LeadSamples { get; }

    /// <summary>Nominal delay of the resampler in samples.</summary>
    public int NominalLag { get; }

    /// <summary>Times the reader was moved back to its nominal lag during silence.</summary>
    public long Realignments { get; private set; }

    /// <summary>Times a burst outlasted the lead and samples were held or skipped.</summary>
    public long Slips { get; private set; }

    /// <summary>Consumes <paramref name="input"/> and writes the same number of output samples.</summary>
    public void Process(ReadOnlySpan<double> input, Span<double> output)
    {
        if (output.Length != input.Length)
        {
            throw new ArgumentException("Input and output blocks must have the same length.", nameof(output));
        }

        for (int i = 0; i < input.Length; i++)
        {
            double x = input[i];
            _ring[(int)(_written & (Capacity - 1))] = x;
            if (Math.Abs(x) > SilenceThreshold)
            {
                _lastLoud = _written;
            }

            _written++;
            output[i] = Next();
        }
    }

    private double Next()
    {
        double lag = _written - _readTime;
        long newestNeeded = (long)Math.Floor(_readTime) + HalfLength;

        // Realign only across silence: nothing loud from the read window on, and, when the reader must
        // move back (it gained on the writer), nothing loud in the stretch it moves back over either —
        // otherwise the end of the burst just played would be played again.
        double backward = Math.Max(0.0, NominalLag - lag);
        bool quiet = _lastLoud < (long)Math.Floor(_readTime - backward) - HalfLength;
        if (quiet && Math.Abs(lag - NominalLag) >= 1.0)
        {
            // Silence all around the read point: move it back to the nominal lag by whole samples.
            _readTime += Math.Round(lag - NominalLag);
            Realignments++;
        }
        else if (newestNeeded >= _written)
        {
            _readTime = _written - 1 - HalfLength; // reader caught up with the writer: hold
            Slips++;
        }
        else if (lag > Capacity - 2 * HalfLength - 2)
        {
            _readTime += Math.Round(lag - NominalLag); // fell too far behind: skip
            Slips++;
        }

        double value = Interpolate(_readTime);
        _readTime += Step;
        return value;
    }

    private double Interpolate(double time)
    {
        long baseIndex = (long)Math.Floor(time);
        double frac = time - baseIndex;
        double pos = frac * Phases;
        int phase = (int)pos;
        double mix = pos - phase;
        int k0 = phase * 2 * HalfLength;
        int k1 = k0 + 2 * HalfLength;
        double acc = 0;
        long first = baseIndex - HalfLength + 1;
        for (int k = 0; k < 2 * HalfLength; k++)
        {
            long idx = first + k;
            if (idx < 0)
            {
                continue; // before the first input: silence
            }

            double w = Kernel[k0 + k] + mix * (Kernel[k1 + k] - Kernel[k0 + k]);
            acc += _ring[(int)(idx & (Capacity - 1))] * w;
        }

        return acc;
    }

    // Kernel[p·2L + k] is the weight of input sample (base − L + 1 + k) at fraction p/Phases.
    private static double[] BuildKernel()
    {
        int taps = 2 * HalfLength;
        var kernel = new double[(Phases + 1) * taps];
        double beta = Window.KaiserBeta(80);
        for (int p = 0; p <= Phases; p++)
        {
            double frac = (double)p / Phases;
            for (int k = 0; k < taps; k++)
            {
                double t = (k - HalfLength + 1) - frac; // distance of the tap from the read point
                double sinc = Math.Abs(t) < 1e-12 ? 1.0 : Math.Sin(Math.PI * t) / (Math.PI * t);
                kernel[p * taps + k] = sinc * Window.Kaiser(t / HalfLength, beta);
            }
        }

        return kernel;
    }
}
