using FaxAppliance.Dsp;

namespace FaxAppliance.Modems.V21;

/// <summary>
/// ITU-T V.21 channel 2 transmitter, as ITU-T T.30 §5 uses it for the binary coded control
/// procedures: 300 bit/s (T.30 §5: ± 0.01 %), frequency-shift keying about the channel 2 mean
/// frequency of 1750 Hz with a deviation of ± 100 Hz (V.21 §2): binary 1 (mark) 1650 Hz, binary 0
/// (space) 1850 Hz. The modulation is phase-continuous (one oscillator whose frequency is switched), so
/// the spectrum stays narrow (T.30 §5: signal generator distortion not exceeding 1 %). Our frequencies
/// are exact to the sample clock, well inside V.21's ± 6 Hz (V.21 §3).
/// <para>
/// The bit clock is exact: 8000/300 = 80/3 samples per bit, kept as an integer accumulator (no drift).
/// Level: <see cref="DefaultLevelDbm0"/> unless set (V.2 limits the mean power sent to the line;
/// fax machines send about −10 to −13 dBm0).
/// </para>
/// </summary>
public sealed class V21Transmitter
{
    /// <summary>Sample rate, Hz.</summary>
    public const int SampleRate = 8000;

    /// <summary>Data signalling rate, bit/s (T.30 §5).</summary>
    public const int BitRate = 300;

    /// <summary>Binary 1 (mark), Hz (V.21 §2, channel 2).</summary>
    public const double MarkHz = 1650.0;

    /// <summary>Binary 0 (space), Hz (V.21 §2, channel 2).</summary>
    public const double SpaceHz = 1850.0;

    /// <summary>Default transmit level, dBm0.</summary>
    public const double DefaultLevelDbm0 = -13.0;

    /// <summary>Lowest settable level, dBm0.</summary>
    public const double MinLevelDbm0 = -60.0;

    /// <summary>Highest settable level: a full-scale sine (G.711, +3.14 dBm0).</summary>
    public const double MaxLevelDbm0 = Levels.FullScaleSineDbm0;

    // Bit clock: BitRate/SampleRate = 3/80 of a bit per sample, as integers.
    private const int ClockStep = 3;
    private const int ClockPeriod = 80;

    private const double MarkStep = 2.0 * Math.PI * MarkHz / SampleRate;
    private const double SpaceStep = 2.0 * Math.PI * SpaceHz / SampleRate;

    private double _amplitude;
    private double _phase;      // oscillator phase, radians in [0, 2π)
    private double _step;       // phase increment of the current bit
    private int _clock;         // bit clock accumulator, 0..ClockPeriod
    private bool _started;

    /// <summary>Creates a transmitter at <see cref="DefaultLevelDbm0"/>.</summary>
    public V21Transmitter()
    {
        SetLevel(DefaultLevelDbm0);
        Restart();
    }

    /// <summary>The transmit level, dBm0.</summary>
    public double LevelDbm0 { get; private set; }

    /// <summary>Bits sent since the last restart.</summary>
    public long BitsSent { get; private set; }

    /// <summary>Sets the transmit level.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside <see cref="MinLevelDbm0"/>..<see cref="MaxLevelDbm0"/>.</exception>
    public void SetLevel(double dbm0)
    {
        if (!double.IsFinite(dbm0) || dbm0 < MinLevelDbm0 || dbm0 > MaxLevelDbm0)
        {
            throw new ArgumentOutOfRangeException(nameof(dbm0), dbm0, $"The level must be {MinLevelDbm0}..{MaxLevelDbm0} dBm0.");
        }

        LevelDbm0 = dbm0;
        _amplitude = Math.Min(Levels.SineAmplitudeFromDbm0(dbm0), short.MaxValue);
    }

    /// <summary>Prepares a new transmission: the first sample starts the first bit at phase 0.</summary>
    public void Restart()
    {
        _phase = 0;
        _clock = 0;
        _step = MarkStep;
        _started = false;
        BitsSent = 0;
    }

    /// <summary>Fills <paramref name="samples"/>, taking a bit from <paramref name="source"/> at each bit start.</summary>
    public void Generate<TSource>(Span<short> samples, ref TSource source)
        where TSource : struct, IBitSource
    {
        for (int i = 0; i < samples.Length; i++)
        {
            if (!_started || _clock >= ClockPeriod)
            {
                if (_started)
                {
                    _clock -= ClockPeriod;
                }

                _started = true;
                _step = source.GetBit() != 0 ? MarkStep : SpaceStep;
                BitsSent++;
            }

            samples[i] = (short)Math.Round(_amplitude * Math.Sin(_phase));
            _phase += _step;
            if (_phase >= 2.0 * Math.PI)
            {
                _phase -= 2.0 * Math.PI;
            }

            _clock += ClockStep;
        }
    }
}
