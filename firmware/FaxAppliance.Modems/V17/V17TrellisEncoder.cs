namespace FaxAppliance.Modems.V17;

/// <summary>
/// The V.17 trellis-coded modulation encoder (ITU-T V.17 §2.4): per symbol, a group of scrambled data
/// bits Q1 Q2 Q3… (6, 5, 4 or 3 of them at 14 400, 12 000, 9600, 7200 bit/s, Q1 first in time) becomes a
/// signal point:
/// <list type="number">
/// <item>Q1 Q2 are differentially encoded into Y1 Y2 (V.17 Table 2): with y = Y1 + 2·Y2 and
/// q = Q1 + 2·Q2, <c>y(n) = y(n−1) + q(n) mod 4</c>. A 90° turn of the signal space adds a constant to y,
/// which the differences cancel.</item>
/// <item>Y1 Y2 drive the 8-state systematic convolutional encoder (<see cref="V17Trellis"/>, V.17
/// Figure 2), which gives the redundant bit Y0.</item>
/// <item>Q6 Q5 Q4 Q3 Y2 Y1 Y0 is the label of the point sent (<see cref="V17Constellations"/>,
/// Figures 3–6); Q3 and up go through uncoded.</item>
/// </list>
/// The scrambler (V.17's 1 + x^−18 + x^−23, <see cref="Common.SelfSynchronizingScrambler"/>) is the caller's: this class
/// takes bits already scrambled, packed Q1 in bit 0. It allocates nothing.
/// </summary>
public sealed class V17TrellisEncoder
{
    private int _bitRate = 14400;
    private int _dataBits = 6;
    private int _differential;     // y(n−1) = Y1 + 2·Y2 of the last symbol
    private int _state;            // convolutional encoder cells

    /// <summary>The bit rate of the last restart.</summary>
    public int BitRate => _bitRate;

    /// <summary>Data bits per symbol (Q1…Qn): 6, 5, 4 or 3.</summary>
    public int DataBitsPerSymbol => _dataBits;

    /// <summary>Y1 + 2·Y2 of the last symbol encoded (the differential encoder's memory).</summary>
    public int DifferentialState => _differential;

    /// <summary>The convolutional encoder's cells (0–7).</summary>
    public int TrellisState => _state;

    /// <summary>Prepares for <paramref name="bitRate"/>.</summary>
    /// <param name="bitRate">7200, 9600, 12 000 or 14 400 bit/s.</param>
    /// <param name="differentialState">y(n−1) before the first symbol (0–3). After the long train the
    /// transmitter starts from 1, after the short train from 0
    /// (<see cref="V17TrainingSequence.InitialDifferentialState"/>).</param>
    /// <param name="trellisState">Convolutional encoder cells before the first symbol (0–7; 0 at the
    /// start of training segment 4).</param>
    /// <exception cref="ArgumentOutOfRangeException">A rate V.17 does not define, or a state out of range.</exception>
    public void Restart(int bitRate, int differentialState = 0, int trellisState = 0)
    {
        int bits = V17Constellations.DataBitsPerSymbol(bitRate);
        ArgumentOutOfRangeException.ThrowIfNegative(differentialState);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(differentialState, 3);
        ArgumentOutOfRangeException.ThrowIfNegative(trellisState);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(trellisState, V17Trellis.States - 1);
        _bitRate = bitRate;
        _dataBits = bits;
        _differential = differentialState;
        _state = trellisState;
    }

    /// <summary>Encodes one symbol's scrambled data bits (Q1 in bit 0, Q2 in bit 1, …; bits above
    /// <see cref="DataBitsPerSymbol"/> are ignored) and returns the label of the point to send.</summary>
    public int Encode(int dataBits)
    {
        int q = dataBits & 3;
        _differential = (_differential + q) & 3;                    // V.17 Table 2
        int y0 = V17Trellis.RedundantBit(_state);                    // V.17 Figure 2
        _state = V17Trellis.NextState(_state, _differential);
        int uncoded = (dataBits >> 2) & ((1 << (_dataBits - 2)) - 1); // Q3…
        return y0 | (_differential << 1) | (uncoded << 3);
    }

    /// <summary>Encodes one symbol's scrambled data bits and returns the point to send.</summary>
    public V17Point EncodePoint(int dataBits)
    {
        int label = Encode(dataBits);
        ReadOnlySpan<sbyte> c = V17Constellations.Coordinates(_bitRate);
        return new V17Point(c[2 * label], c[(2 * label) + 1]);
    }
}
