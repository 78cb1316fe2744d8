using System.Numerics;
using FaxAppliance.Modems.Common;

namespace FaxAppliance.Modems.V29;

/// <summary>
/// ITU-T V.29 transmitter: 2400 baud on a 1700 Hz carrier (§2.1), the training sequence of §2.4
/// (segment 1: 48 symbols of silence; 2: 128 symbols alternating A/B; 3: 384 symbols of C/D from the
/// 1 + x^−6 + x^−7 generator; 4: 48 symbols of scrambled ones) then data scrambled by
/// 1 + x^−18 + x^−23 (§5) and coded by phase change and amplitude (§2.3).
/// </summary>
public sealed class V29Transmitter
{
    /// <summary>Segment lengths in symbols (V.29 §2.4, Table 2).</summary>
    public const int Segment1Symbols = 48, Segment2Symbols = 128, Segment3Symbols = 384, Segment4Symbols = 48;

    /// <summary>Transmit pulse: root-raised-cosine roll-off. V.29 leaves the shaping to the implementer;
    /// 25 % keeps the spectrum inside 200–3200 Hz (1700 ± 1.25 × 1200 Hz).</summary>
    public const double RollOff = 0.25;

    /// <summary>Pulse length, symbols.</summary>
    public const int PulseSpanSymbols = 12;

    private const int Segment2Start = Segment1Symbols;
    private const int Segment3Start = Segment2Start + Segment2Symbols;
    private const int Segment4Start = Segment3Start + Segment3Symbols;
    private const int DataStart = Segment4Start + Segment4Symbols;

    private readonly PassbandModulator _modulator = new(1700.0, 10, 3, RollOff, PulseSpanSymbols);
    private SelfSynchronizingScrambler _scrambler = new(18, 23);
    private V29TrainingSequence _training;
    private int _symbolIndex;
    private int _phase;
    private double _levelDbm0 = -14.0;

    /// <summary>Creates a transmitter at <paramref name="bitRate"/> (9600, 7200 or 4800).</summary>
    public V29Transmitter(int bitRate = 9600)
    {
        Restart(bitRate, shortTrain: false);
    }

    /// <summary>The bit rate.</summary>
    public int BitRate { get; private set; }

    /// <summary>Transmit level of the data signal, dBm0 (default −14).</summary>
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
            _modulator.SetLevel(value, V29Constellation.DataPower(BitRate));
        }
    }

    /// <summary>True while the training sequence is being sent.</summary>
    public bool InTraining => _symbolIndex < DataStart;

    /// <summary>Starts a new transmission with the full training sequence. V.29 has one training
    /// sequence, so <paramref name="shortTrain"/> is accepted for the common life cycle and ignored.</summary>
    public void Restart(int bitRate, bool shortTrain)
    {
        if (!V29Constellation.IsValidRate(bitRate))
        {
            throw new ArgumentOutOfRangeException(nameof(bitRate), bitRate, "V.29 runs at 9600, 7200 or 4800 bit/s");
        }

        BitRate = bitRate;
        _modulator.Reset();
        _modulator.SetLevel(_levelDbm0, V29Constellation.DataPower(bitRate));
        _scrambler.Reset();
        _training.Reset();
        _symbolIndex = 0;
        _phase = 0;
    }

    /// <summary>Fills <paramref name="samples"/>, taking data bits from <paramref name="source"/>.</summary>
    public void Generate<TSource>(Span<short> samples, ref TSource source)
        where TSource : struct, IBitSource
    {
        int i = 0;
        while (i < samples.Length)
        {
            while (_modulator.NeedsSymbol)
            {
                _modulator.PushSymbol(NextSymbol(ref source));
            }

            i += _modulator.Fill(samples[i..]);
        }
    }

    private Complex NextSymbol<TSource>(ref TSource source)
        where TSource : struct, IBitSource
    {
        int index = _symbolIndex;
        if (_symbolIndex < DataStart)
        {
            _symbolIndex++;
        }

        if (index < Segment2Start)
        {
            return Complex.Zero;
        }

        if (index < Segment3Start)
        {
            return ((index - Segment2Start) & 1) == 0 ? V29Constellation.PointB(BitRate) : V29Constellation.PointA(BitRate);
        }

        if (index < Segment4Start)
        {
            return _training.Next() == 0 ? V29Constellation.PointC(BitRate) : V29Constellation.PointD(BitRate);
        }

        bool ones = index < DataStart;
        int amplitude = 0;
        if (BitRate == 9600)
        {
            amplitude = NextBit(ref source, ones);
        }

        int step;
        if (BitRate == 4800)
        {
            int dibit = (NextBit(ref source, ones) << 1) | NextBit(ref source, ones);
            step = V29Constellation.PhaseStepFromDibit[dibit];
        }
        else
        {
            int tribit = (NextBit(ref source, ones) << 2) | (NextBit(ref source, ones) << 1);
            tribit |= NextBit(ref source, ones);
            step = V29Constellation.PhaseStepFromTribit[tribit];
        }

        _phase = (_phase + step) & 7;
        return V29Constellation.Points[(amplitude << 3) | _phase];
    }

    private int NextBit<TSource>(ref TSource source, bool ones)
        where TSource : struct, IBitSource
    {
        int bit = ones ? 1 : source.GetBit() & 1;
        return _scrambler.Scramble(bit);
    }
}
