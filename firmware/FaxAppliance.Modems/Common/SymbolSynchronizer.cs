using System.Numerics;

namespace FaxAppliance.Modems.Common;

/// <summary>
/// The front of a QAM/PSK receiver (modem notes, steps 2–3): complex demodulation by the nominal
/// carrier, the matched filter evaluated by <see cref="InterpolatingMatchedFilter"/> at two instants a
/// symbol (the symbol centre and the half-way point between symbols, for a T/2 equalizer), and a
/// Gardner timing-error detector driving a second-order loop whose integral term learns the far end's
/// clock offset. Every input sample is pushed with <see cref="Push"/>; it returns true when a symbol's
/// pair of samples is ready. Allocates nothing after construction.
/// </summary>
public sealed class SymbolSynchronizer
{
    /// <summary>Demodulated samples kept (a power of two, several times the matched filter's length,
    /// so a fill-in gap or the filter's look-ahead never overruns it).</summary>
    public const int RingSize = 256;

    private readonly InterpolatingMatchedFilter _filter;
    private readonly double[] _re = new double[2 * RingSize]; // mirrored: any window is contiguous
    private readonly double[] _im = new double[2 * RingSize];
    private readonly double _carrierStep;
    private double _carrierPhase;
    private long _written;            // input samples pushed (absolute index of the next one)
    private long _nextInt;            // next output instant: integer part (absolute sample index)
    private double _nextFrac;         // … and fraction
    private bool _nextIsMid;
    private Complex _mid;
    private Complex _lastOnTime;
    private double _integral;         // learned period correction, samples a symbol
    private double _power = 1.0;      // mean |y|², for a level-independent detector gain
    private long _coastUntil;         // outputs before this input index fall in a fill-in gap

    /// <summary>Creates the front end.</summary>
    /// <param name="carrierHz">Nominal carrier.</param>
    /// <param name="baudRate">Symbols a second.</param>
    /// <param name="rollOff">Roll-off of the matched root-raised-cosine filter.</param>
    /// <param name="spanSymbols">Length of the matched filter in symbols.</param>
    public SymbolSynchronizer(double carrierHz, double baudRate, double rollOff, int spanSymbols)
    {
        SamplesPerSymbol = 8000.0 / baudRate;
        _filter = new InterpolatingMatchedFilter(SamplesPerSymbol, rollOff, spanSymbols);
        _carrierStep = 2.0 * Math.PI * carrierHz / 8000.0;
        Reset(keepClockRate: false);
    }

    /// <summary>Nominal samples a symbol.</summary>
    public double SamplesPerSymbol { get; }

    /// <summary>Proportional gain of the timing loop (fraction of the symbol period per unit of
    /// normalised timing error).</summary>
    public double ProportionalGain { get; set; } = 0.02;

    /// <summary>Integral gain of the timing loop.</summary>
    public double IntegralGain { get; set; } = 0.0002;

    /// <summary>Clock-rate correction learned by the loop, ppm (positive: the far end's clock is fast).</summary>
    public double ClockOffsetPpm => _integral / SamplesPerSymbol * 1e6;

    /// <summary>The half-way sample of the last symbol pair.</summary>
    public Complex Mid => _mid;

    /// <summary>The symbol-centre sample of the last symbol pair.</summary>
    public Complex OnTime => _lastOnTime;

    /// <summary>True if the last pair was computed across a fill-in gap (it carries no signal).</summary>
    public bool LastWasCoasting { get; private set; }

    /// <summary>Restarts the timing; <paramref name="keepClockRate"/> keeps the learned clock offset
    /// (short/"old" train).</summary>
    public void Reset(bool keepClockRate)
    {
        Array.Clear(_re);
        Array.Clear(_im);
        _carrierPhase = 0;
        _written = 0;
        _nextInt = _filter.HalfLength;
        _nextFrac = 0;
        _nextIsMid = true;
        _mid = Complex.Zero;
        _lastOnTime = Complex.Zero;
        _power = 1.0;
        _coastUntil = 0;
        if (!keepClockRate)
        {
            _integral = 0;
        }
    }

    /// <summary>Pushes one input sample; returns true when a new symbol pair (<see cref="Mid"/>,
    /// <see cref="OnTime"/>) is ready.</summary>
    public bool Push(double x)
    {
        (double sin, double cos) = Math.SinCos(_carrierPhase);
        _carrierPhase += _carrierStep;
        if (_carrierPhase >= 2.0 * Math.PI)
        {
            _carrierPhase -= 2.0 * Math.PI;
        }

        int pos = (int)(_written & (RingSize - 1));
        double re = x * cos, im = -x * sin;
        _re[pos] = re;
        _re[pos + RingSize] = re;
        _im[pos] = im;
        _im[pos + RingSize] = im;
        _written++;
        return TryOutput();
    }

    /// <summary>
    /// Accounts for <paramref name="samples"/> missing input samples: the carrier phase and the
    /// sampling instants advance as if they had arrived (as silence), and the pairs computed from the
    /// gap are flagged <see cref="LastWasCoasting"/>. Call <see cref="Push"/> with zeros for the same
    /// number of samples right after (the receiver does), or fewer if the gap is long.
    /// </summary>
    public void MarkGap(int samples)
    {
        _coastUntil = _written + samples + _filter.Length;
    }

    private bool TryOutput()
    {
        // The output at _nextInt + _nextFrac needs samples up to _nextInt + HalfLength.
        if (_written <= _nextInt + _filter.HalfLength)
        {
            return false;
        }

        long first = _nextInt - _filter.HalfLength + 1;
        int start = (int)(first & (RingSize - 1));
        Complex y = _filter.Evaluate(_re, _im, start, _nextFrac);
        double half = SamplesPerSymbol / 2.0;
        bool coasting = _nextInt < _coastUntil;
        if (_nextIsMid)
        {
            _mid = y;
            _nextIsMid = false;
            Advance(half);
            return false;
        }

        _nextIsMid = true;
        LastWasCoasting = coasting;
        double correction = 0;
        if (!coasting)
        {
            // Gardner: positive when sampling late (the half-way sample has moved towards the next symbol).
            double e = ((y.Real - _lastOnTime.Real) * _mid.Real) + ((y.Imaginary - _lastOnTime.Imaginary) * _mid.Imaginary);
            double p = y.Real * y.Real + y.Imaginary * y.Imaginary;
            _power += (p - _power) * (1.0 / 64.0);
            double norm = e / (_power + 1e-12);
            norm = Math.Clamp(norm, -1.0, 1.0);
            _integral += IntegralGain * SamplesPerSymbol * norm;
            _integral = Math.Clamp(_integral, -0.01 * SamplesPerSymbol, 0.01 * SamplesPerSymbol);
            correction = ProportionalGain * SamplesPerSymbol * norm + _integral;
        }

        _lastOnTime = y;
        Advance(half - correction);
        return true;
    }

    private void Advance(double samples)
    {
        _nextFrac += samples;
        double whole = Math.Floor(_nextFrac);
        _nextInt += (long)whole;
        _nextFrac -= whole;
    }
}
