using System.Numerics;
using FaxAppliance.Modems.Common;

namespace FaxAppliance.Modems.V17;

/// <summary>
/// ITU-T V.17 transmitter: 2400 baud on an 1800 Hz carrier (V.17 §2.1–2.2), the long or short training
/// sequence (<see cref="V17TrainingSequence"/>), then data scrambled by 1 + x^−18 + x^−23 (V.17 §3),
/// differentially and trellis coded (§2.4, <see cref="V17TrellisEncoder"/>) at 7200, 9600, 12 000 or
/// 14 400 bit/s. Sends for as long as it is asked for samples; the caller ends the transmission by no
/// longer calling <see cref="Generate"/>. Allocates nothing after construction.
/// </summary>
public sealed class V17Transmitter
{
    /// <summary>Transmit pulse: root-raised-cosine roll-off. V.17 leaves the shaping to the
    /// implementer; 25 % keeps the spectrum inside 300–3300 Hz (1800 ± 1.25 × 1200 Hz).</summary>
    public const double RollOff = 0.25;

    /// <summary>Pulse length, symbols.</summary>
    public const int PulseSpanSymbols = 12;

    /// <summary>Default transmit level, dBm0 (T.30 senders commonly use −9 to −15 dBm0).</summary>
    public const double DefaultLevelDbm0 = -14.0;

    // 8000 / 2400 = 10 / 3 samples a symbol, exactly.
    private readonly PassbandModulator _modulator = new(1800.0, 10, 3, RollOff, PulseSpanSymbols);
    private readonly V17TrainingSequence _training = new();
    private SelfSynchronizingScrambler _scrambler = new(18, 23);
    private bool _inTraining;
    private double _levelDbm0 = DefaultLevelDbm0;

    /// <summary>Creates a transmitter at <paramref name="bitRate"/>, long train.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate V.17 does not define.</exception>
    public V17Transmitter(int bitRate = 14400)
    {
        Restart(bitRate, shortTrain: false);
    }

    /// <summary>The bit rate of the last restart.</summary>
    public int BitRate { get; private set; }

    /// <summary>Whether the last restart chose the short train.</summary>
    public bool ShortTrain { get; private set; }

    /// <summary>Whether the next restart sends the talker-echo protection tone first (V.17 training sequence,
    /// optional, segments of <see cref="V17TrainingSegment.EchoProtectionTone"/>; off by default, as in T.30 practice).</summary>
    public bool EchoProtection { get; set; }

    /// <summary>True while the training sequence is being sent.</summary>
    public bool InTraining => _inTraining;

    /// <summary>Transmit level of the data signal, dBm0 (default −14).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not finite, or above +3 dBm0.</exception>
    public double LevelDbm0
    {
        get => _levelDbm0;
        set
        {
            if (!double.IsFinite(value) || value > 3.0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), "level must be finite and at most +3 dBm0");
            }

            _levelDbm0 = value;
            _modulator.SetLevel(value, MeanPower(BitRate));
        }
    }

    /// <summary>Starts a new transmission: the long train (first signal at a rate, and TCF) or the short
    /// one (T.30 pages after the first at the same rate).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate V.17 does not define.</exception>
    public void Restart(int bitRate, bool shortTrain)
    {
        if (!V17Constellations.IsSupportedBitRate(bitRate))
        {
            throw new ArgumentOutOfRangeException(nameof(bitRate), bitRate, "V.17 runs at 7200, 9600, 12000 or 14400 bit/s");
        }

        BitRate = bitRate;
        ShortTrain = shortTrain;
        _modulator.Reset();
        _modulator.SetLevel(_levelDbm0, MeanPower(bitRate));
        _training.Restart(bitRate, shortTrain, EchoProtection);
        _inTraining = true;
    }

    /// <summary>Fills <paramref name="samples"/>, taking data bits from <paramref name="source"/> once the
    /// training sequence is over.</summary>
    public void Generate<TSource>(Span<short> samples, ref TSource source)
        where TSource : struct, IBitSource
    {
        int i = 0;
        while (i < samples.Length)
        {
            while (_modulator.NeedsSymbol)
            {
                V17Point p = NextSymbol(ref source);
                _modulator.PushSymbol(new Complex(p.Re, p.Im));
            }

            i += _modulator.Fill(samples[i..]);
        }
    }

    /// <summary>Mean power of the data constellation at <paramref name="bitRate"/> (41, 42, 40, 40 in the
    /// figures' units), for the transmit level.</summary>
    public static double MeanPower(int bitRate)
    {
        ReadOnlySpan<sbyte> c = V17Constellations.Coordinates(bitRate);
        double sum = 0;
        for (int i = 0; i < c.Length; i++)
        {
            sum += c[i] * c[i];
        }

        return sum / (c.Length / 2);
    }

    private V17Point NextSymbol<TSource>(ref TSource source)
        where TSource : struct, IBitSource
    {
        if (_inTraining)
        {
            if (_training.TryNext(out V17Point p))
            {
                return p;
            }

            // Data continue the scrambler and the encoders of segment 4 (V.17 training sequence).
            _inTraining = false;
            _scrambler.Reset(_training.ScramblerRegister);
        }

        V17TrellisEncoder encoder = _training.Encoder;
        int bits = 0;
        for (int b = 0; b < encoder.DataBitsPerSymbol; b++)
        {
            bits |= _scrambler.Scramble(source.GetBit() & 1) << b; // Q1 first in time (V.17 §2.4)
        }

        return encoder.EncodePoint(bits);
    }
}
