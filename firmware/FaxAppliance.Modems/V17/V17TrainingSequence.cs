using FaxAppliance.Modems.Common;

namespace FaxAppliance.Modems.V17;

/// <summary>The segments of the V.17 training sequence (V.17 training-sequence table), in the order sent.</summary>
public enum V17TrainingSegment
{
    /// <summary>Optional talker-echo protection: unmodulated carrier (sent as the constant point A).</summary>
    EchoProtectionTone,

    /// <summary>Optional talker-echo protection: no transmitted energy (the zero symbol).</summary>
    EchoProtectionSilence,

    /// <summary>Segment 1: alternations A B A B …</summary>
    Alternations,

    /// <summary>Segment 2: the equalizer conditioning pattern, C D B A points chosen by the scrambler.</summary>
    EqualizerConditioning,

    /// <summary>Segment 3 (long train only): the bridge.</summary>
    Bridge,

    /// <summary>Segment 4: scrambled binary ones, trellis coded at the data rate.</summary>
    ScrambledOnes,

    /// <summary>Training is over: data follows.</summary>
    Done,
}

/// <summary>
/// The V.17 training sequence at the symbol level (ITU-T V.17, the training-sequence table), symbol by symbol: what the
/// transmitter sends, and what a receiver expects. Lengths (2400 symbols/s):
/// <code>
///   segment                         long train   short train
///   (echo protection, optional)     480 + 48     480 + 48      185–200 ms tone, 20 ms silence
///   1  alternations ABAB            256          256
///   2  equalizer conditioning       2976         38
///   3  bridge                       64           —
///   4  scrambled ones (coded)       48           48
///   total                           3344         342           1393 ms / 142.5 ms
/// </code>
/// The symbol-level details below are the Recommendation's as spandsp's v17tx.c/v17rx.c tabulate them (the
/// full V.17 text was not at hand); V17SpanDspInteropTests prove them against spandsp both ways, symbol
/// for symbol and bit for bit, long and short train. Segment 1 starts with A. Segments 2–4 run the data
/// scrambler (V.17's 1 + x^−18 + x^−23) from the register
/// <see cref="InitialScramblerRegister"/>, fed with binary ones in segment 2, so it is a known
/// pseudo-random sequence: each symbol takes two scrambler output bits b1 (first) b2, and
/// 00 → C, 01 → D, 10 → B, 11 → A. Segment 3 feeds the scrambler with the bridge word
/// <see cref="BridgeWord"/> (bits from the least significant, repeated every 8 symbols); each dibit turns
/// the point of the last symbol by 00 → +90°, 01 → 0°, 10 → 180°, 11 → 270° (A→B→C→D is +90°).
/// Segment 4 sends binary ones through scrambler, differential encoder (starting from
/// <see cref="InitialDifferentialState"/>) and trellis encoder (starting from state 0) at the data rate;
/// after it the same scrambler and encoders carry on with the data (<see cref="ScramblerRegister"/>,
/// <see cref="Encoder"/>). Nothing here allocates after construction.
/// </summary>
public sealed class V17TrainingSequence
{
    /// <summary>Talker-echo protection tone, symbols (200 ms).</summary>
    public const int EchoProtectionToneSymbols = 480;

    /// <summary>Talker-echo protection silence, symbols (20 ms).</summary>
    public const int EchoProtectionSilenceSymbols = 48;

    /// <summary>Segment 1, symbols.</summary>
    public const int Segment1Symbols = 256;

    /// <summary>Segment 2 of the long train, symbols.</summary>
    public const int Segment2LongSymbols = 2976;

    /// <summary>Segment 2 of the short train, symbols.</summary>
    public const int Segment2ShortSymbols = 38;

    /// <summary>Segment 3 (long train only), symbols.</summary>
    public const int Segment3Symbols = 64;

    /// <summary>Segment 4, symbols.</summary>
    public const int Segment4Symbols = 48;

    /// <summary>The scrambler register at the start of segment 2 (newest line bit in bit 0, as
    /// <see cref="SelfSynchronizingScrambler.Register"/>).</summary>
    public const uint InitialScramblerRegister = 0x2ECDD5;

    /// <summary>The 16-bit bridge word of segment 3, sent least significant bit first.</summary>
    public const int BridgeWord = 0x8880;

    private SelfSynchronizingScrambler _scrambler = new(18, 23);
    private readonly V17TrellisEncoder _encoder = new();
    private bool _shortTrain;
    private bool _echoProtection;
    private int _index;          // symbols given so far
    private int _segmentStart;   // index of the first symbol of the current segment
    private V17TrainingSegment _segment = V17TrainingSegment.Done;
    private int _abcd;           // A=0…D=3 of the last point of segments 1–3

    /// <summary>The encoder's differential state (Y1 + 2·Y2) at the start of segment 4 and so of the data:
    /// 1 after the long train, 0 after the short train (as spandsp's transmitter sets it; some modems use
    /// 3 after the long train, which costs only the first symbol's Q1 Q2, inside the ones).</summary>
    public static int InitialDifferentialState(bool shortTrain) => shortTrain ? 0 : 1;

    /// <summary>Symbols in the whole sequence.</summary>
    public static int TotalSymbols(bool shortTrain, bool echoProtection = false) =>
        (echoProtection ? EchoProtectionToneSymbols + EchoProtectionSilenceSymbols : 0)
        + Segment1Symbols
        + (shortTrain ? Segment2ShortSymbols : Segment2LongSymbols + Segment3Symbols)
        + Segment4Symbols;

    /// <summary>The segment the next symbol belongs to (<see cref="V17TrainingSegment.Done"/> at the end).</summary>
    public V17TrainingSegment Segment => _segment;

    /// <summary>The data rate of the last restart (segment 4 is coded at it).</summary>
    public int BitRate => _encoder.BitRate;

    /// <summary>Symbols given since the restart.</summary>
    public int SymbolIndex => _index;

    /// <summary>Symbols of the next symbol's segment already given.</summary>
    public int IndexInSegment => _index - _segmentStart;

    /// <summary>Symbols still to come.</summary>
    public int SymbolsRemaining => TotalSymbols(_shortTrain, _echoProtection) - _index;

    /// <summary>The training point (segments 1–3) of the last symbol given.</summary>
    public V17TrainingPoint LastTrainingPoint => (V17TrainingPoint)_abcd;

    /// <summary>The scrambler register now (after training: the state the data scrambler continues from).</summary>
    public uint ScramblerRegister => _scrambler.Register;

    /// <summary>The trellis encoder of segment 4 (after training: the encoder the data continues with).</summary>
    public V17TrellisEncoder Encoder => _encoder;

    /// <summary>Starts a training sequence.</summary>
    /// <param name="bitRate">Data rate, for segment 4 (7200–14 400 bit/s).</param>
    /// <param name="shortTrain">The short train (V.17 resync train: pages after the first, same rate).</param>
    /// <param name="echoProtection">Precede with the talker-echo protection tone and silence.</param>
    /// <exception cref="ArgumentOutOfRangeException">A rate V.17 does not define.</exception>
    public void Restart(int bitRate, bool shortTrain, bool echoProtection = false)
    {
        _encoder.Restart(bitRate, InitialDifferentialState(shortTrain), 0);
        _shortTrain = shortTrain;
        _echoProtection = echoProtection;
        _scrambler.Reset(InitialScramblerRegister);
        _index = 0;
        _segmentStart = 0;
        _abcd = 0;
        _segment = echoProtection ? V17TrainingSegment.EchoProtectionTone : V17TrainingSegment.Alternations;
    }

    /// <summary>Gives the next training symbol.</summary>
    /// <returns>False (and the zero point) once the sequence is over.</returns>
    public bool TryNext(out V17Point symbol)
    {
        switch (_segment)
        {
            case V17TrainingSegment.EchoProtectionTone:
                _abcd = 0;
                symbol = V17Constellations.TrainingPoint(V17TrainingPoint.A);
                Advance(EchoProtectionToneSymbols, V17TrainingSegment.EchoProtectionSilence);
                return true;
            case V17TrainingSegment.EchoProtectionSilence:
                symbol = default;
                Advance(EchoProtectionSilenceSymbols, V17TrainingSegment.Alternations);
                return true;
            case V17TrainingSegment.Alternations:
                _abcd = (_index - _segmentStart) & 1;                 // A, B, A, B, …
                symbol = V17Constellations.TrainingPoint((V17TrainingPoint)_abcd);
                Advance(Segment1Symbols, V17TrainingSegment.EqualizerConditioning);
                return true;
            case V17TrainingSegment.EqualizerConditioning:
                _abcd = ConditioningPoint(ScrambleDibit(1, 1));
                symbol = V17Constellations.TrainingPoint((V17TrainingPoint)_abcd);
                Advance(
                    _shortTrain ? Segment2ShortSymbols : Segment2LongSymbols,
                    _shortTrain ? V17TrainingSegment.ScrambledOnes : V17TrainingSegment.Bridge);
                return true;
            case V17TrainingSegment.Bridge:
                int shift = ((_index - _segmentStart) & 7) << 1;
                int dibit = ScrambleDibit(BridgeWord >> shift, BridgeWord >> (shift + 1));
                _abcd = (_abcd + BridgeTurn(dibit)) & 3;
                symbol = V17Constellations.TrainingPoint((V17TrainingPoint)_abcd);
                Advance(Segment3Symbols, V17TrainingSegment.ScrambledOnes);
                return true;
            case V17TrainingSegment.ScrambledOnes:
                int bits = 0;
                for (int i = 0; i < _encoder.DataBitsPerSymbol; i++)
                {
                    bits |= _scrambler.Scramble(1) << i;
                }

                symbol = _encoder.EncodePoint(bits);
                Advance(Segment4Symbols, V17TrainingSegment.Done);
                return true;
            default:
                symbol = default;
                return false;
        }
    }

    /// <summary>Skips <paramref name="symbols"/> symbols (e.g. a receiver that found where segment 2
    /// starts); returns how many were skipped (fewer at the end of the sequence).</summary>
    public int Skip(int symbols)
    {
        int n = 0;
        while (n < symbols && TryNext(out _))
        {
            n++;
        }

        return n;
    }

    // Segment 2 mapping of the scrambler dibit b1 b2 (b1 first): 00 → C, 01 → D, 10 → B, 11 → A.
    private static int ConditioningPoint(int dibit) => dibit switch
    {
        0 => (int)V17TrainingPoint.C,
        1 => (int)V17TrainingPoint.D,
        2 => (int)V17TrainingPoint.B,
        _ => (int)V17TrainingPoint.A,
    };

    // Segment 3 turn, in quarter turns counter-clockwise, of the dibit b1 b2: 00 → +1, 01 → 0, 10 → +2, 11 → +3.
    private static int BridgeTurn(int dibit) => dibit switch
    {
        0 => 1,
        1 => 0,
        2 => 2,
        _ => 3,
    };

    private int ScrambleDibit(int first, int second)
    {
        int b1 = _scrambler.Scramble(first & 1);
        int b2 = _scrambler.Scramble(second & 1);
        return (b1 << 1) | b2;
    }

    private void Advance(int segmentLength, V17TrainingSegment following)
    {
        _index++;
        if (_index - _segmentStart >= segmentLength)
        {
            _segmentStart = _index;
            _segment = following;
        }
    }
}
