using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FaxAppliance.Dsp;

namespace FaxAppliance.Modems.Common;

/// <summary>
/// The transmit half of a QAM/PSK modem: complex symbols through a root-raised-cosine pulse shaper,
/// then onto the carrier. The symbol period is a rational number of samples,
/// <c>numerator / denominator</c> (V.29: 10/3 at 2400 baud; V.27ter: 5/1 at 1600 baud, 20/3 at 1200
/// baud), so the pulse is tabulated every 1/denominator of a sample and every output sample is exact:
/// no drift, no interpolation error. State is sized in the constructor; generating allocates nothing.
/// <para>
/// For speed the shaping runs as overlap-add: when a symbol arrives its whole pulse, sampled at the output
/// instants that follow (every denominator-th tap from its offset: one of <c>numerator</c> precomputed rows,
/// zero-padded to whole SIMD vectors), is added to an accumulator of the coming baseband samples; each
/// output sample then only takes its accumulated value onto the carrier, looked up in a
/// <see cref="CarrierTable"/>. The same sums as filtering the symbols sample by sample, in another order.
/// </para>
/// </summary>
public sealed class PassbandModulator
{
    /// <summary>Rows are padded to a multiple of this many taps (zeros), so that any SIMD width up to
    /// 512 bits covers a row in whole vectors.</summary>
    private const int RowAlignment = 8;

    private readonly int _numerator;
    private readonly int _denominator;
    private readonly int _rowLength;   // output samples one symbol's pulse reaches, padded to RowAlignment
    private readonly double[] _rows;   // _numerator rows of _rowLength taps: row o = taps o, o + den, o + 2·den, …
    private readonly double[] _accRe;  // baseband samples to come, from _read on (2 × _rowLength: room to slide)
    private readonly double[] _accIm;
    private readonly CarrierTable? _carrier;
    private readonly double _phaseStep;
    private readonly double _pulseEnergy;
    private int _read;   // index in the accumulators of the next output sample; all outside [_read, _read + _rowLength) is zero
    private int _offset; // time of the next output sample after the newest symbol, in 1/denominator samples
    private int _carrierIndex;
    private double _phase;
    private double _scale;

    /// <summary>Creates a modulator.</summary>
    /// <param name="carrierHz">Carrier frequency.</param>
    /// <param name="numerator">Samples per symbol = numerator / denominator.</param>
    /// <param name="denominator">See <paramref name="numerator"/>.</param>
    /// <param name="rollOff">Roll-off of the root-raised-cosine pulse.</param>
    /// <param name="spanSymbols">Length of the pulse in symbols.</param>
    public PassbandModulator(double carrierHz, int numerator, int denominator, double rollOff, int spanSymbols)
    {
        _numerator = numerator;
        _denominator = denominator;
        double[] pulse = RootRaisedCosine.Design((double)numerator / denominator, rollOff, spanSymbols, denominator);
        int reach = (pulse.Length + denominator - 1) / denominator;
        _rowLength = (reach + RowAlignment - 1) / RowAlignment * RowAlignment;
        _rows = new double[numerator * _rowLength];
        for (int o = 0; o < numerator; o++)
        {
            for (int t = 0; o + t * denominator < pulse.Length; t++)
            {
                _rows[o * _rowLength + t] = pulse[o + t * denominator];
            }
        }

        _accRe = new double[2 * _rowLength];
        _accIm = new double[2 * _rowLength];
        _carrier = CarrierTable.TryCreate(carrierHz);
        _phaseStep = 2.0 * Math.PI * carrierHz / 8000.0;
        double energy = 0;
        foreach (double h in pulse)
        {
            energy += h * h;
        }

        _pulseEnergy = energy;
        _scale = 1.0;
        Reset();
    }

    /// <summary>True when the next output sample needs another symbol (<see cref="PushSymbol"/>).</summary>
    public bool NeedsSymbol => _offset >= _numerator;

    /// <summary>Clears the pulse shaper and the carrier phase.</summary>
    public void Reset()
    {
        Array.Clear(_accRe);
        Array.Clear(_accIm);
        _read = 0;
        _offset = _numerator;
        _phase = 0;
        _carrierIndex = 0;
    }

    /// <summary>
    /// Sets the output level: symbols of mean power <paramref name="symbolPower"/> (in the constellation's
    /// own units) come out at <paramref name="dbm0"/>. The passband power is half the complex baseband
    /// power, which averages symbolPower × Σh² / numerator over the output samples.
    /// </summary>
    public void SetLevel(double dbm0, double symbolPower)
    {
        double rms = Levels.RmsFromDbm0(dbm0);
        double unscaled = symbolPower * _pulseEnergy / (2.0 * _numerator);
        _scale = unscaled > 0 ? rms / Math.Sqrt(unscaled) : 0.0;
    }

    /// <summary>Adds the next symbol (only when <see cref="NeedsSymbol"/>).</summary>
    public void PushSymbol(Complex symbol)
    {
        _offset -= _numerator;
        int length = _rowLength;
        if (_read + length > _accRe.Length)
        {
            // Slide the live part back to the start; what lies beyond it is zero.
            int live = _accRe.Length - _read;
            Array.Copy(_accRe, _read, _accRe, 0, live);
            Array.Copy(_accIm, _read, _accIm, 0, live);
            Array.Clear(_accRe, live, _read);
            Array.Clear(_accIm, live, _read);
            _read = 0;
        }

        // The symbol's tap for the t-th sample from now is o + t·denominator (o = _offset).
        if ((uint)_offset >= (uint)_numerator)
        {
            AddOffRow(symbol);
            return;
        }

        int row = _offset;
        ref double h = ref MemoryMarshal.GetReference(_rows.AsSpan(row * length, length));
        ref double ar = ref MemoryMarshal.GetReference(_accRe.AsSpan(_read, length));
        ref double ai = ref MemoryMarshal.GetReference(_accIm.AsSpan(_read, length));
        var re = new Vector<double>(symbol.Real);
        var im = new Vector<double>(symbol.Imaginary);
        for (int t = 0; t < length; t += Vector<double>.Count)
        {
            // length is a multiple of RowAlignment, itself a multiple of every Vector<double>.Count.
            Vector<double> taps = Vector.LoadUnsafe(ref h, (nuint)t);
            Vector.FusedMultiplyAdd(taps, re, Vector.LoadUnsafe(ref ar, (nuint)t)).StoreUnsafe(ref ar, (nuint)t);
            Vector.FusedMultiplyAdd(taps, im, Vector.LoadUnsafe(ref ai, (nuint)t)).StoreUnsafe(ref ai, (nuint)t);
        }
    }

    /// <summary>The next output sample, 16-bit linear, saturated.</summary>
    public short NextSample() => Sample();

    /// <summary>Writes output samples into <paramref name="samples"/> until it is full or the next sample
    /// needs another symbol (<see cref="NeedsSymbol"/>); returns how many were written.</summary>
    public int Fill(Span<short> samples)
    {
        int i = 0;
        while (i < samples.Length && _offset < _numerator)
        {
            samples[i++] = Sample();
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private short Sample()
    {
        int r = _read;
        if (r >= _accRe.Length)
        {
            // Samples past everything pushed (no symbol for a whole pulse): silence, and slide back.
            r = 0;
        }

        double re = _accRe[r], im = _accIm[r];
        _accRe[r] = 0;
        _accIm[r] = 0;
        _read = r + 1;
        double cos, sin;
        if (_carrier is not null)
        {
            int n = _carrierIndex;
            cos = _carrier.Cos[n];
            sin = _carrier.Sin[n];
            _carrierIndex = n + 1 == _carrier.Period ? 0 : n + 1;
        }
        else
        {
            (sin, cos) = Math.SinCos(_phase);
            _phase += _phaseStep;
            if (_phase >= 2.0 * Math.PI)
            {
                _phase -= 2.0 * Math.PI;
            }
        }

        _offset += _denominator;
        return Saturate(((re * cos) - (im * sin)) * _scale);
    }

    /// <summary>A symbol pushed out of turn (not when <see cref="NeedsSymbol"/> said so): its offset is
    /// not one of the rows, so its taps are added one by one; taps before the pulse starts or after it
    /// ends are zero.</summary>
    private void AddOffRow(Complex symbol)
    {
        for (int t = 0; t < _rowLength; t++)
        {
            long d = _offset + ((long)t * _denominator);
            if (d < 0)
            {
                continue;
            }

            // Tap d = o + t'·den with o = d mod den (< numerator): entry t' of row o.
            long o = d % _denominator, tt = d / _denominator;
            if (o >= _numerator || tt >= _rowLength)
            {
                break;
            }

            double h = _rows[(o * _rowLength) + tt];
            _accRe[_read + t] += h * symbol.Real;
            _accIm[_read + t] += h * symbol.Imaginary;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static short Saturate(double x)
    {
        double v = Math.Round(x);
        return v > short.MaxValue ? short.MaxValue : v < short.MinValue ? short.MinValue : (short)v;
    }
}
