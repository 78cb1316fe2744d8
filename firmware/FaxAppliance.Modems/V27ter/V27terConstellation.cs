using System.Numerics;

namespace FaxAppliance.Modems.V27ter;

/// <summary>
/// ITU-T V.27ter signal space and training (§2.2–§2.4, §3): eight phases on one amplitude, differential
/// coding of tribits (4800 bit/s, 1600 baud) or dibits (2400 bit/s, 1200 baud), carrier 1800 Hz.
/// </summary>
public static class V27terConstellation
{
    /// <summary>The carrier, Hz (§2.1).</summary>
    public const double CarrierHz = 1800.0;

    /// <summary>Training segment lengths in symbols (§3, Table 3): long train for the first signal,
    /// short train ("for subsequent" signals, fax page data after TCF) keeps the receiver's equalizer.</summary>
    public const int Segment2Symbols = 32, Segment3Long = 50, Segment3Short = 14, Segment4Long = 1074, Segment4Short = 58, Segment5Symbols = 8;

    /// <summary>The eight points (phase index × 45°), amplitude √2.</summary>
    public static readonly Complex[] Points = MakePoints();

    /// <summary>All eight phases (4800 bit/s).</summary>
    public static ReadOnlySpan<byte> Points4800 => [0, 1, 2, 3, 4, 5, 6, 7];

    /// <summary>The four phases on the axes (2400 bit/s).</summary>
    public static ReadOnlySpan<byte> Points2400 => [0, 2, 4, 6];

    /// <summary>Training segments 3 and 4 use 0° and 180° only.</summary>
    public static ReadOnlySpan<byte> PointsTraining => [0, 4];

    /// <summary>§2.2 Table 1: phase change (×45°) for the tribit 000 … 111 (001 → 0°, 000 → 45°, …).</summary>
    public static ReadOnlySpan<byte> PhaseStepFromTribit => [1, 0, 2, 3, 6, 7, 5, 4];

    /// <summary>Inverse of <see cref="PhaseStepFromTribit"/>.</summary>
    public static ReadOnlySpan<byte> TribitFromPhaseStep => [1, 0, 2, 3, 7, 6, 4, 5];

    /// <summary>§2.2 Table 2: phase change (×45°) for the dibit 00 … 11 (0°, 90°, 270°, 180°).</summary>
    public static ReadOnlySpan<byte> PhaseStepFromDibit => [0, 2, 6, 4];

    /// <summary>Inverse of <see cref="PhaseStepFromDibit"/>, index = change / 2.</summary>
    public static ReadOnlySpan<byte> DibitFromPhaseStep => [0, 1, 3, 2];

    /// <summary>Mean power of the symbols.</summary>
    public const double SymbolPower = 2.0;

    /// <summary>Symbols a second at a rate.</summary>
    public static double BaudRate(int bitRate) => bitRate == 4800 ? 1600.0 : 1200.0;

    /// <summary>Roll-off of the raised-cosine spectrum, equally divided between transmitter and
    /// receiver (§2.3): 50 % at 4800 bit/s, 90 % at 2400 bit/s.</summary>
    public static double RollOff(int bitRate) => bitRate == 4800 ? 0.5 : 0.9;

    /// <summary>Whether <paramref name="bitRate"/> is a V.27ter rate.</summary>
    public static bool IsValidRate(int bitRate) => bitRate is 4800 or 2400;

    private static Complex[] MakePoints()
    {
        var p = new Complex[8];
        for (int i = 0; i < 8; i++)
        {
            p[i] = Complex.FromPolarCoordinates(Math.Sqrt(2.0), i * Math.PI / 4.0);
        }

        return p;
    }
}

/// <summary>
/// Training segment 4 (§3): the scrambler, started at <see cref="V27terScrambler.InitialState"/> with
/// binary ones at its input, chooses each symbol's phase change: every third scrambled bit, 1 for 180°
/// and 0 for 0°. The receiver runs the same generator to know where segment 4 ends.
/// </summary>
public struct V27terSegment4Sequence
{
    private V27terScrambler _scrambler;

    /// <summary>Starts the sequence.</summary>
    public void Reset() => _scrambler.Reset(V27terScrambler.InitialState);

    /// <summary>The next symbol: true for a 180° reversal.</summary>
    public bool NextIsReversal()
    {
        int bit = _scrambler.Scramble(1);
        _scrambler.Scramble(1);
        _scrambler.Scramble(1);
        return bit != 0;
    }

    /// <summary>The scrambler after the segment, for the data that follows.</summary>
    public readonly V27terScrambler Scrambler => _scrambler;
}
