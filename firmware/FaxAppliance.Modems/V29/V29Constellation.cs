using System.Numerics;

namespace FaxAppliance.Modems.V29;

/// <summary>
/// ITU-T V.29 signal space and training symbols. The 16 points are indexed amplitude × 8 + phase, with
/// phase in steps of 45°: the low amplitudes are 3 (0°, 90°, …) and √2 (45°, …), the high ones 5 and
/// 3√2 (V.29 §2.2, Figure 1). 9600 bit/s uses all 16, 7200 bit/s the eight low points, 4800 bit/s
/// the four low points on the axes.
/// </summary>
public static class V29Constellation
{
    /// <summary>The 16 points, index = amplitude bit × 8 + phase (0–7, ×45°).</summary>
    public static readonly Complex[] Points =
    [
        new(3, 0), new(1, 1), new(0, 3), new(-1, 1), new(-3, 0), new(-1, -1), new(0, -3), new(1, -1),
        new(5, 0), new(3, 3), new(0, 5), new(-3, 3), new(-5, 0), new(-3, -3), new(0, -5), new(3, -3),
    ];

    /// <summary>Symbols of each rate's slicer, as indices into <see cref="Points"/>.</summary>
    public static ReadOnlySpan<byte> Points9600 => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

    /// <summary>7200 bit/s: the low amplitudes only.</summary>
    public static ReadOnlySpan<byte> Points7200 => [0, 1, 2, 3, 4, 5, 6, 7];

    /// <summary>4800 bit/s: the low points on the axes.</summary>
    public static ReadOnlySpan<byte> Points4800 => [0, 2, 4, 6];

    /// <summary>V.29 §2.3 Table 1: phase change (×45°) for Q2Q3Q4 = 000 … 111.</summary>
    public static ReadOnlySpan<byte> PhaseStepFromTribit => [1, 0, 2, 3, 6, 7, 5, 4];

    /// <summary>Inverse of <see cref="PhaseStepFromTribit"/>: Q2Q3Q4 for a phase change of 0 … 7 × 45°.</summary>
    public static ReadOnlySpan<byte> TribitFromPhaseStep => [1, 0, 2, 3, 7, 6, 4, 5];

    /// <summary>4800 bit/s: phase change (×45°) for Q2Q3 = 00 … 11 (0°, 90°, 270°, 180°).</summary>
    public static ReadOnlySpan<byte> PhaseStepFromDibit => [0, 2, 6, 4];

    /// <summary>Inverse of <see cref="PhaseStepFromDibit"/> for even phase changes 0, 2, 4, 6 (index = change / 2).</summary>
    public static ReadOnlySpan<byte> DibitFromPhaseStep => [0, 1, 3, 2];

    /// <summary>Training segment 2 point A for a rate (V.29 §2.4, Table 3).</summary>
    public static Complex PointA(int bitRate) => bitRate switch
    {
        9600 => new Complex(3, -3),
        7200 => new Complex(1, -1),
        _ => new Complex(0, -3),
    };

    /// <summary>Training segment 2 point B (180°, low amplitude, at every rate).</summary>
    public static Complex PointB(int bitRate) => new(-3, 0);

    /// <summary>Training segment 3 point C (0°, low amplitude, at every rate).</summary>
    public static Complex PointC(int bitRate) => new(3, 0);

    /// <summary>Training segment 3 point D for a rate.</summary>
    public static Complex PointD(int bitRate) => bitRate switch
    {
        9600 => new Complex(-3, 3),
        7200 => new Complex(-1, 1),
        _ => new Complex(0, 3),
    };

    /// <summary>Data bits a symbol.</summary>
    public static int BitsPerSymbol(int bitRate) => bitRate / 2400;

    /// <summary>Mean power of random data symbols at a rate (for the transmit level).</summary>
    public static double DataPower(int bitRate) => bitRate switch
    {
        9600 => 13.5,
        7200 => 5.5,
        _ => 9.0,
    };

    /// <summary>Whether <paramref name="bitRate"/> is a V.29 rate.</summary>
    public static bool IsValidRate(int bitRate) => bitRate is 9600 or 7200 or 4800;
}

/// <summary>
/// The generator of V.29 training segment 3 (V.29 §2.4): the pseudo-random sequence
/// 1 + x^−6 + x^−7 started at 0101010; a 0 sends C, a 1 sends D.
/// </summary>
public struct V29TrainingSequence
{
    /// <summary>The generator's starting state (V.29 §2.4).</summary>
    public const int InitialState = 0x2A;

    private int _register;

    /// <summary>Starts the sequence.</summary>
    public void Reset() => _register = InitialState;

    /// <summary>The next bit: 0 for C, 1 for D.</summary>
    public int Next()
    {
        int bit = _register & 1;
        _register >>= 1;
        _register |= ((bit ^ _register) & 1) << 6;
        return bit;
    }
}
