using System.Numerics;
using System.Runtime.CompilerServices;

namespace FaxAppliance.Modems.Common;

/// <summary>
/// The front of a QAM/PSK receiver (modem notes, steps 2–3): complex demodulation by the nominal
/// carrier, the matched filter evaluated by <see cref="InterpolatingMatchedFilter"/> at two instants a
/// symbol (the symbol centre and the half-way point between symbols, for a T/2 equalizer), and a
/// Gardner timing-error detector driving a second-order loop whose integral term learns the far end's
/// clock offset. Every input sample is pushed with <see cref="Push"/> (or, faster, demodulated a chunk at
/// a time by <see cref="Prepare"/> and then taken with <see cref="Next"/>); it returns true when a symbol's
/// pair of samples is ready. Allocates nothing after construction.
/// <para>
/// Speed: the carrier comes from a <see cref="CarrierTable"/>; the ring holds interleaved single-precision
/// (re, im) pairs for the SIMD filter. The timing loop is the critical path (each output instant depends on
/// the last correction), so the correction from a symbol centre is applied after the following half-way
/// sample rather than before it: the half-way sample's filter runs while the correction is computed.
/// </para>
/// </summary>
public sealed class SymbolSynchronizer
{
    /// <summary>Demodulated samples kept (a power of two, several times the matched filter's length,
    /// so a fill-in gap or the filter's look-ahead never overruns it).</summary>
    public const int RingSize = 256;

    /// <summary>Most samples <see cref="Prepare"/> may hold ahead: with the matched filter's look-back (its
    /// length, checked in the constructor) they must fit in the ring without overwriting a sample still
    /// needed.</summary>
    public const int MaxPrepare = 128;

    private readonly InterpolatingMatchedFilter _filter;
    private readonly float[] _iq = new float[4 * RingSize]; // interleaved (re, im), mirrored: any window is contiguous
    private readonly double _carrierStep;
    private readonly float[]? _cos; // one period of the carrier (CarrierTable), when it has an integral frequency
    private readonly float[]? _sin;
    private double _carrierPhase;
    private int _carrierIndex;
    private int _prepared;            // samples demodulated by Prepare, not yet taken by Next
    private long _written;            // input samples pushed (absolute index of the next one)
    private long _nextInt;            // next output instant: integer part (absolute sample index)
    private double _nextFrac;         // … and fraction
    private bool _nextIsMid;
    private double _correction;       // timing correction from the last symbol centre, applied after the next half-way sample
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
        if (_filter.Length + MaxPrepare + 2 > RingSize)
        {
            throw new ArgumentOutOfRangeException(nameof(spanSymbols), "matched filter too long for the ring");
        }

        _carrierStep = 2.0 * Math.PI * carrierHz / 8000.0;
        CarrierTable? table = CarrierTable.TryCreate(carrierHz);
        if (table is not null)
        {
            _cos = Array.ConvertAll(table.Cos, c => (float)c);
            _sin = Array.ConvertAll(table.Sin, c => (float)c);
        }

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
        Array.Clear(_iq);
        _carrierPhase = 0;
        _carrierIndex = 0;
        _prepared = 0;
        _written = 0;
        _nextInt = _filter.HalfLength;
        _nextFrac = 0;
        _nextIsMid = true;
        _correction = 0;
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
    /// <see cref="OnTime"/>) is ready. Discards samples still pending from <see cref="Prepare"/>.</summary>
    public bool Push(double x)
    {
        DiscardPrepared();
        Store(_written, (float)x);
        _written++;

        // The output at _nextInt + _nextFrac needs samples up to _nextInt + HalfLength.
        return _written > _nextInt + _filter.HalfLength && TryOutput();
    }

    /// <summary>
    /// Demodulates up to <see cref="MaxPrepare"/> input samples ahead, in one tight loop (discarding any
    /// still pending from the last call); then <see cref="Next"/>, once for each of them in order, does
    /// what <see cref="Push"/> would have done for it: the same result at a fraction of the cost a sample.
    /// </summary>
    /// <exception cref="ArgumentException">More than <see cref="MaxPrepare"/> samples.</exception>
    public void Prepare(ReadOnlySpan<short> samples)
    {
        if (samples.Length > MaxPrepare)
        {
            throw new ArgumentException($"at most {MaxPrepare} samples at a time", nameof(samples));
        }

        DiscardPrepared();
        long at = _written;
        for (int i = 0; i < samples.Length; i++)
        {
            Store(at + i, samples[i]);
        }

        _prepared = samples.Length;
    }

    /// <summary>Takes the next sample given to <see cref="Prepare"/>, which must be <paramref name="x"/>
    /// (if none is pending, after a <see cref="Reset"/> in between, <paramref name="x"/> is demodulated
    /// now); returns true when a new symbol pair is ready.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Next(float x)
    {
        if (_prepared > 0)
        {
            _prepared--;
        }
        else
        {
            Store(_written, x);
        }

        _written++;
        return _written > _nextInt + _filter.HalfLength && TryOutput();
    }

    /// <summary>Forgets the samples <see cref="Prepare"/> demodulated but <see cref="Next"/> did not take:
    /// the carrier goes back to where the first of them was.</summary>
    private void DiscardPrepared()
    {
        if (_prepared == 0)
        {
            return;
        }

        if (_cos is not null)
        {
            _carrierIndex = (int)((_carrierIndex - (long)_prepared) % _cos.Length);
            if (_carrierIndex < 0)
            {
                _carrierIndex += _cos.Length;
            }
        }
        else
        {
            _carrierPhase = Math.IEEERemainder(_carrierPhase - (_prepared * _carrierStep), 2.0 * Math.PI);
            if (_carrierPhase < 0)
            {
                _carrierPhase += 2.0 * Math.PI;
            }
        }

        _prepared = 0;
    }

    /// <summary>Demodulates input sample number <paramref name="index"/> into the ring.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Store(long index, float x)
    {
        float cos, sin;
        if (_cos is not null)
        {
            int n = _carrierIndex;
            cos = _cos[n];
            sin = _sin![n];
            _carrierIndex = n + 1 == _cos.Length ? 0 : n + 1;
        }
        else
        {
            (double s, double c) = Math.SinCos(_carrierPhase);
            _carrierPhase += _carrierStep;
            if (_carrierPhase >= 2.0 * Math.PI)
            {
                _carrierPhase -= 2.0 * Math.PI;
            }

            cos = (float)c;
            sin = (float)s;
        }

        int pos = 2 * (int)(index & (RingSize - 1));
        float re = x * cos, im = -x * sin;
        float[] iq = _iq;
        iq[pos] = re;
        iq[pos + 1] = im;
        iq[pos + 2 * RingSize] = re;
        iq[pos + 2 * RingSize + 1] = im;
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
        long first = _nextInt - _filter.HalfLength + 1;
        int start = (int)(first & (RingSize - 1));
        Complex y = _filter.EvaluateInterleaved(_iq, start, _nextFrac);
        double half = SamplesPerSymbol / 2.0;
        bool coasting = _nextInt < _coastUntil;
        if (_nextIsMid)
        {
            _mid = y;
            _nextIsMid = false;
            Advance(half - _correction);
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

        // The correction moves the next symbol centre, applied after the half-way sample: that sample's
        // instant then does not wait for this symbol's timing update (the loop's critical path), and
        // sits within a hair (the correction, a few thousandths of a sample once locked) of the middle.
        _lastOnTime = y;
        _correction = correction;
        Advance(half);
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
