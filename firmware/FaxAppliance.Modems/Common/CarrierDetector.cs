using FaxAppliance.Dsp;

namespace FaxAppliance.Modems.Common;

/// <summary>
/// Power meter and received-line-signal detector with hysteresis (modem notes, step 1): a one-pole
/// mean-square estimate of the input, switched on above <see cref="OnDbm0"/> and off below
/// <see cref="OffDbm0"/>.
/// </summary>
public sealed class CarrierDetector
{
    private readonly double _alpha;
    private readonly double _beta; // 1 − α
    private readonly double _onPower;
    private readonly double _offPower;
    private double _meanSquare;

    /// <summary>Creates a detector.</summary>
    /// <param name="onDbm0">Level above which the carrier is declared present.</param>
    /// <param name="offDbm0">Level below which it is declared absent (lower: hysteresis).</param>
    /// <param name="timeConstantSamples">Averaging time constant of the power meter, samples.</param>
    public CarrierDetector(double onDbm0, double offDbm0, double timeConstantSamples)
    {
        OnDbm0 = onDbm0;
        OffDbm0 = offDbm0;
        _alpha = 1.0 / timeConstantSamples;
        _beta = 1.0 - _alpha;
        double on = Levels.RmsFromDbm0(onDbm0), off = Levels.RmsFromDbm0(offDbm0);
        _onPower = on * on;
        _offPower = off * off;
    }

    /// <summary>The on threshold, dBm0.</summary>
    public double OnDbm0 { get; }

    /// <summary>The off threshold, dBm0.</summary>
    public double OffDbm0 { get; }

    /// <summary>Whether the carrier is present.</summary>
    public bool Present { get; private set; }

    /// <summary>Mean square of the input (16-bit linear units squared).</summary>
    public double MeanSquare => _meanSquare;

    /// <summary>Measured level, dBm0.</summary>
    public double LevelDbm0 => Levels.Dbm0FromRms(Math.Sqrt(_meanSquare));

    /// <summary>Clears the meter.</summary>
    public void Reset()
    {
        _meanSquare = 0;
        Present = false;
    }

    /// <summary>Measures one sample; returns +1 when the carrier comes on, −1 when it goes off, else 0.</summary>
    public int Process(double x)
    {
        // m ← m + (x² − m)·α, as one fused multiply-add on m's dependency chain.
        _meanSquare = Math.FusedMultiplyAdd(_meanSquare, _beta, x * x * _alpha);
        if (!Present && _meanSquare > _onPower)
        {
            Present = true;
            return 1;
        }

        if (Present && _meanSquare < _offPower)
        {
            Present = false;
            return -1;
        }

        return 0;
    }
}
