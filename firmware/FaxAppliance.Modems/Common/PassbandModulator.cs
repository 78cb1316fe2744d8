using System.Numerics;
using FaxAppliance.Dsp;

namespace FaxAppliance.Modems.Common;

/// <summary>
/// The transmit half of a QAM/PSK modem: complex symbols through a root-raised-cosine pulse shaper,
/// then onto the carrier. The symbol period is a rational number of samples,
/// <c>numerator / denominator</c> (V.29: 10/3 at 2400 baud; V.27ter: 5/1 at 1600 baud, 20/3 at 1200
/// baud), so the pulse is tabulated every 1/denominator of a sample and every output sample is exact:
/// no drift, no interpolation error. State is sized in the constructor; generating allocates nothing.
/// </summary>
public sealed class PassbandModulator
{
    private readonly int _numerator;
    private readonly int _denominator;
    private readonly double[] _pulse;
    private readonly Complex[] _symbols; // ring of the symbols the pulse still spans
    private readonly double _phaseStep;
    private readonly double _pulseEnergy;
    private int _newest;
    private int _offset; // time of the next output sample after the newest symbol, in 1/denominator samples
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
        _pulse = RootRaisedCosine.Design((double)numerator / denominator, rollOff, spanSymbols, denominator);
        _symbols = new Complex[_pulse.Length / numerator + 2];
        _phaseStep = 2.0 * Math.PI * carrierHz / 8000.0;
        double energy = 0;
        foreach (double h in _pulse)
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
        Array.Clear(_symbols);
        _newest = 0;
        _offset = _numerator;
        _phase = 0;
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
        _newest = _newest + 1 == _symbols.Length ? 0 : _newest + 1;
        _symbols[_newest] = symbol;
        _offset -= _numerator;
    }

    /// <summary>The next output sample, 16-bit linear, saturated.</summary>
    public short NextSample()
    {
        double re = 0, im = 0;
        int k = _newest;
        for (int d = _offset; d < _pulse.Length; d += _numerator)
        {
            double h = _pulse[d];
            Complex s = _symbols[k];
            re += s.Real * h;
            im += s.Imaginary * h;
            k = k == 0 ? _symbols.Length - 1 : k - 1;
        }

        (double sin, double cos) = Math.SinCos(_phase);
        _phase += _phaseStep;
        if (_phase >= 2.0 * Math.PI)
        {
            _phase -= 2.0 * Math.PI;
        }

        _offset += _denominator;
        double v = Math.Round((re * cos - im * sin) * _scale);
        return v > short.MaxValue ? short.MaxValue : v < short.MinValue ? short.MinValue : (short)v;
    }
}
