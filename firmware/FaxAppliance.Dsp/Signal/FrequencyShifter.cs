namespace FaxAppliance.Dsp.Signal;

/// <summary>
/// Shifts every frequency of a real signal by a fixed offset, as an FDM carrier system with a
/// mismatched carrier does: the analytic signal x + j·H{x} (H a windowed Hilbert FIR) is rotated by
/// e^(j·2π·Δf·t) and the real part kept. A single-sideband shift, so a 1000 Hz tone becomes exactly
/// 1000 + Δf Hz. The Hilbert filter passes 300–3700 Hz with its image below −60 dB; its delay
/// (<see cref="DelaySamples"/>) is added to the path.
/// </summary>
public sealed class FrequencyShifter
{
    /// <summary>Hilbert FIR length: odd, so the delay is a whole number of samples. 127 taps with a
    /// Kaiser window (β for 60 dB) give a transition of about 300 Hz at each band edge.</summary>
    public const int HilbertTaps = 127;

    private readonly FirFilter _hilbert;
    private readonly double[] _delay = new double[HilbertTaps];
    private readonly double _phaseStep;
    private int _delayPos;
    private double _phase;

    /// <summary>Creates a shifter by <paramref name="offsetHz"/> at <paramref name="sampleRate"/>.</summary>
    public FrequencyShifter(double offsetHz, double sampleRate = 8000.0)
    {
        OffsetHz = offsetHz;
        _phaseStep = 2.0 * Math.PI * offsetHz / sampleRate;
        _hilbert = new FirFilter(DesignHilbert(HilbertTaps, Window.KaiserBeta(60)));
    }

    /// <summary>The shift in hertz.</summary>
    public double OffsetHz { get; }

    /// <summary>Delay the shifter adds, in samples.</summary>
    public static int DelaySamples => (HilbertTaps - 1) / 2;

    /// <summary>Designs an odd-length windowed Hilbert transformer (ideal h[k] = 2/(πk) for odd k).</summary>
    public static double[] DesignHilbert(int taps, double beta)
    {
        if (taps < 3 || taps % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(taps), taps, "The Hilbert FIR needs an odd length of at least 3.");
        }

        var h = new double[taps];
        int mid = taps / 2;
        for (int n = 0; n < taps; n++)
        {
            int k = n - mid;
            if (k % 2 != 0)
            {
                h[n] = 2.0 / (Math.PI * k) * Window.Kaiser((double)k / mid, beta);
            }
        }

        return h;
    }

    /// <summary>Shifts a block in place.</summary>
    public void Process(Span<double> block)
    {
        int delayLength = DelaySamples;
        for (int i = 0; i < block.Length; i++)
        {
            double x = block[i];
            double quadrature = _hilbert.Process(x);

            // The in-phase branch is x delayed by the Hilbert filter's group delay.
            _delay[_delayPos] = x;
            int readPos = _delayPos - delayLength;
            if (readPos < 0)
            {
                readPos += _delay.Length;
            }

            double inPhase = _delay[readPos];
            _delayPos++;
            if (_delayPos == _delay.Length)
            {
                _delayPos = 0;
            }

            block[i] = inPhase * Math.Cos(_phase) - quadrature * Math.Sin(_phase);
            _phase += _phaseStep;
            if (_phase > Math.PI)
            {
                _phase -= 2.0 * Math.PI;
            }
            else if (_phase < -Math.PI)
            {
                _phase += 2.0 * Math.PI;
            }
        }
    }
}
