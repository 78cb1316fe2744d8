using System.Numerics;
using FaxAppliance.Modems.Common;

namespace FaxAppliance.Modems.V27ter;

/// <summary>
/// ITU-T V.27ter transmitter: 4800 bit/s (8 phases, 1600 baud) or 2400 bit/s (4 phases, 1200 baud) on
/// an 1800 Hz carrier, root-raised-cosine shaped (§2.3). Training (§3): segment 2, 32 symbols of
/// silence; segment 3, continuous 180° reversals (50 long / 14 short); segment 4, scrambled reversals
/// (1074 long / 58 short); segment 5, 8 symbols of scrambled ones; then scrambled data.
/// </summary>
public sealed class V27terTransmitter
{
    /// <summary>Pulse length, symbols.</summary>
    public const int PulseSpanSymbols = 10;

    private readonly PassbandModulator _modulator4800 = new(V27terConstellation.CarrierHz, 5, 1, 0.5, PulseSpanSymbols);
    private readonly PassbandModulator _modulator2400 = new(V27terConstellation.CarrierHz, 20, 3, 0.9, PulseSpanSymbols);
    private V27terSegment4Sequence _segment4;
    private V27terScrambler _scrambler;
    private PassbandModulator _modulator;
    private int _segment3;
    private int _segment4Length;
    private int _symbolIndex;
    private int _phase;
    private double _levelDbm0 = -14.0;

    /// <summary>Creates a transmitter at <paramref name="bitRate"/> (4800 or 2400) with the long train.</summary>
    public V27terTransmitter(int bitRate = 4800)
    {
        _modulator = _modulator4800;
        Restart(bitRate, shortTrain: false);
    }

    /// <summary>The bit rate.</summary>
    public int BitRate { get; private set; }

    /// <summary>Transmit level, dBm0 (default −14).</summary>
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
            _modulator.SetLevel(value, V27terConstellation.SymbolPower);
        }
    }

    /// <summary>True while the training sequence is being sent.</summary>
    public bool InTraining => _symbolIndex < DataStart;

    private const int Segment3Start = V27terConstellation.Segment2Symbols;

    private int Segment4Start => Segment3Start + _segment3;

    private int Segment5Start => Segment4Start + _segment4Length;

    private int DataStart => Segment5Start + V27terConstellation.Segment5Symbols;

    /// <summary>Starts a new transmission with the long or the short training sequence.</summary>
    public void Restart(int bitRate, bool shortTrain)
    {
        if (!V27terConstellation.IsValidRate(bitRate))
        {
            throw new ArgumentOutOfRangeException(nameof(bitRate), bitRate, "V.27ter runs at 4800 or 2400 bit/s");
        }

        BitRate = bitRate;
        _modulator = bitRate == 4800 ? _modulator4800 : _modulator2400;
        _modulator.Reset();
        _modulator.SetLevel(_levelDbm0, V27terConstellation.SymbolPower);
        _segment3 = shortTrain ? V27terConstellation.Segment3Short : V27terConstellation.Segment3Long;
        _segment4Length = shortTrain ? V27terConstellation.Segment4Short : V27terConstellation.Segment4Long;
        _segment4.Reset();
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

        if (index < Segment3Start)
        {
            return Complex.Zero;
        }

        if (index < Segment4Start)
        {
            _phase = (_phase + 4) & 7;
            return V27terConstellation.Points[_phase];
        }

        if (index < Segment5Start)
        {
            _phase = (_phase + (_segment4.NextIsReversal() ? 4 : 0)) & 7;
            if (index == Segment5Start - 1)
            {
                _scrambler = _segment4.Scrambler; // the data continue the same scrambler
            }

            return V27terConstellation.Points[_phase];
        }

        bool ones = index < DataStart;
        int step;
        if (BitRate == 4800)
        {
            int tribit = NextBit(ref source, ones) << 2;
            tribit |= NextBit(ref source, ones) << 1;
            tribit |= NextBit(ref source, ones);
            step = V27terConstellation.PhaseStepFromTribit[tribit];
        }
        else
        {
            int dibit = NextBit(ref source, ones) << 1;
            dibit |= NextBit(ref source, ones);
            step = V27terConstellation.PhaseStepFromDibit[dibit];
        }

        _phase = (_phase + step) & 7;
        return V27terConstellation.Points[_phase];
    }

    private int NextBit<TSource>(ref TSource source, bool ones)
        where TSource : struct, IBitSource
    {
        int bit = ones ? 1 : source.GetBit() & 1;
        return _scrambler.Scramble(bit);
    }
}
