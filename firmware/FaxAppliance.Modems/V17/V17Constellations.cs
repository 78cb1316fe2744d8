namespace FaxAppliance.Modems.V17;

/// <summary>
/// The V.17 signal spaces (ITU-T V.17 §2.4, Figures 3–6) and the four training points A, B, C, D.
/// <para>
/// A point is named by its <em>label</em>, the binary number the figures print next to it,
/// Q6 Q5 Q4 Q3 Y2 Y1 Y0 from the most significant bit down: bit 0 is the redundant bit Y0 of the
/// convolutional encoder, bits 1–2 the differentially encoded Y1 Y2, bits 3 and up the uncoded Q3… bits.
/// The low three bits (Y0 Y1 Y2) name the <em>subset</em> (one of 8) the trellis code chooses; the points
/// of a subset are 2√2 times farther apart than the points of the whole constellation.
/// </para>
/// <para>
/// Rates (V.17 §2.3; 2400 symbols/s, §2.2): 14 400 bit/s = 6 data bits a symbol, 128 points;
/// 12 000 = 5, 64 points; 9600 = 4, 32 points; 7200 = 3, 16 points. Coordinates are the figures' integer
/// grid (the same grid for every rate and for the training points, so one equalizer scale serves all;
/// mean power 41, 42, 40 and 40 at 14 400, 12 000, 9600 and 7200 bit/s; 40 for A/B/C/D).
/// The coordinates below are those of the figures, as also tabulated in spandsp's
/// v17_v32bis_tx_constellation_maps.h.
/// </para>
/// </summary>
public static class V17Constellations
{
    /// <summary>Symbol rate, symbols/s (V.17 §2.2).</summary>
    public const int SymbolRate = 2400;

    /// <summary>Largest number of points (14 400 bit/s).</summary>
    public const int MaxPoints = 128;

    /// <summary>Number of trellis subsets (values of Y0 Y1 Y2).</summary>
    public const int Subsets = 8;

    /// <summary>Whether V.17 defines <paramref name="bitRate"/> (7200, 9600, 12 000, 14 400 bit/s).</summary>
    public static bool IsSupportedBitRate(int bitRate) =>
        bitRate is 14400 or 12000 or 9600 or 7200;

    /// <summary>Data bits (Q1…) carried per symbol: 6, 5, 4, 3 (V.17 §2.4).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate V.17 does not define.</exception>
    public static int DataBitsPerSymbol(int bitRate) => bitRate switch
    {
        14400 => 6,
        12000 => 5,
        9600 => 4,
        7200 => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(bitRate), bitRate, "V.17 bit rates are 7200, 9600, 12000 and 14400 bit/s."),
    };

    /// <summary>Points in the constellation: 2^(data bits + 1), the +1 being the redundant bit Y0.</summary>
    public static int PointCount(int bitRate) => 2 << DataBitsPerSymbol(bitRate);

    /// <summary>Coordinates, interleaved (re, im) and indexed by label: point <c>k</c> is at
    /// <c>[2k], [2k+1]</c>.</summary>
    public static ReadOnlySpan<sbyte> Coordinates(int bitRate) => bitRate switch
    {
        14400 => Points14400,
        12000 => Points12000,
        9600 => Points9600,
        7200 => Points7200,
        _ => throw new ArgumentOutOfRangeException(nameof(bitRate), bitRate, "V.17 bit rates are 7200, 9600, 12000 and 14400 bit/s."),
    };

    /// <summary>The point of <paramref name="label"/> at <paramref name="bitRate"/>.</summary>
    public static V17Point Point(int bitRate, int label)
    {
        ReadOnlySpan<sbyte> c = Coordinates(bitRate);
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(label, c.Length / 2);
        return new V17Point(c[2 * label], c[(2 * label) + 1]);
    }

    /// <summary>Hard decision: the label of the point nearest (<paramref name="re"/>, <paramref name="im"/>)
    /// in the whole constellation, ignoring the trellis code (uncoded slicing).</summary>
    public static int Nearest(int bitRate, float re, float im)
    {
        ReadOnlySpan<sbyte> c = Coordinates(bitRate);
        int best = 0;
        float bestDistance = float.PositiveInfinity;
        for (int k = 0; k < c.Length / 2; k++)
        {
            float dr = re - c[2 * k];
            float di = im - c[(2 * k) + 1];
            float d = (dr * dr) + (di * di);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = k;
            }
        }

        return best;
    }

    /// <summary>Training point A, B, C or D (V.17 training sequence): the 4-point training
    /// constellation, each point the previous one turned by +90° (B = A·j, C = B·j, D = C·j).</summary>
    public static V17Point TrainingPoint(V17TrainingPoint point) => point switch
    {
        V17TrainingPoint.A => new V17Point(-6, -2),
        V17TrainingPoint.B => new V17Point(2, -6),
        V17TrainingPoint.C => new V17Point(6, 2),
        V17TrainingPoint.D => new V17Point(-2, 6),
        _ => throw new ArgumentOutOfRangeException(nameof(point), point, "Training points are A, B, C and D."),
    };

    /// <summary>Hard decision among the training points A–D (for training, before the trellis runs).</summary>
    public static V17TrainingPoint NearestTrainingPoint(float re, float im)
    {
        // A, B, C, D are (−6,−2), (2,−6), (6,2), (−2,6): the nearest is the one with the largest
        // projection on the received vector, i.e. the quadrant of the vector turned by atan(1/3).
        float u = (3 * re) + im;   // projection on C = (6, 2)/2
        float v = (3 * im) - re;   // projection on D = (−2, 6)/2
        if (Math.Abs(u) >= Math.Abs(v))
        {
            return u >= 0 ? V17TrainingPoint.C : V17TrainingPoint.A;
        }

        return v >= 0 ? V17TrainingPoint.D : V17TrainingPoint.B;
    }

    // V.17 Figure 3 (14 400 bit/s, 128 points), label 0x00…0x7F.
    private static ReadOnlySpan<sbyte> Points14400 =>
    [
        -8, -3, 9, 2, 2, -9, -3, 8, 8, 3, -9, -2, -2, 9, 3, -8,
        -8, 1, 9, -2, -2, -9, 1, 8, 8, -1, -9, 2, 2, 9, -1, -8,
        -4, -3, 5, 2, 2, -5, -3, 4, 4, 3, -5, -2, -2, 5, 3, -4,
        -4, 1, 5, -2, -2, -5, 1, 4, 4, -1, -5, 2, 2, 5, -1, -4,
        4, -3, -3, 2, 2, 3, -3, -4, -4, 3, 3, -2, -2, -3, 3, 4,
        4, 1, -3, -2, -2, 3, 1, -4, -4, -1, 3, 2, 2, -3, -1, 4,
        0, -3, 1, 2, 2, -1, -3, 0, 0, 3, -1, -2, -2, 1, 3, 0,
        0, 1, 1, -2, -2, -1, 1, 0, 0, -1, -1, 2, 2, 1, -1, 0,
        8, -3, -7, 2, 2, 7, -3, -8, -8, 3, 7, -2, -2, -7, 3, 8,
        8, 1, -7, -2, -2, 7, 1, -8, -8, -1, 7, 2, 2, -7, -1, 8,
        -4, -7, 5, 6, 6, -5, -7, 4, 4, 7, -5, -6, -6, 5, 7, -4,
        -4, 5, 5, -6, -6, -5, 5, 4, 4, -5, -5, 6, 6, 5, -5, -4,
        4, -7, -3, 6, 6, 3, -7, -4, -4, 7, 3, -6, -6, -3, 7, 4,
        4, 5, -3, -6, -6, 3, 5, -4, -4, -5, 3, 6, 6, -3, -5, 4,
        0, -7, 1, 6, 6, -1, -7, 0, 0, 7, -1, -6, -6, 1, 7, 0,
        0, 5, 1, -6, -6, -1, 5, 0, 0, -5, -1, 6, 6, 1, -5, 0,
    ];

    // V.17 Figure 4 (12 000 bit/s, 64 points).
    private static ReadOnlySpan<sbyte> Points12000 =>
    [
        7, 1, -5, -1, -1, 5, 1, -7, -7, -1, 5, 1, 1, -5, -1, 7,
        3, -3, -1, 3, 3, 1, -3, -3, -3, 3, 1, -3, -3, -1, 3, 3,
        7, -7, -5, 7, 7, 5, -7, -7, -7, 7, 5, -7, -7, -5, 7, 7,
        -1, -7, 3, 7, 7, -3, -7, 1, 1, 7, -3, -7, -7, 3, 7, -1,
        3, 5, -1, -5, -5, 1, 5, -3, -3, -5, 1, 5, 5, -1, -5, 3,
        -1, 1, 3, -1, -1, -3, 1, 1, 1, -1, -3, 1, 1, 3, -1, -1,
        -5, 5, 7, -5, -5, -7, 5, 5, 5, -5, -7, 5, 5, 7, -5, -5,
        -5, -3, 7, 3, 3, -7, -3, 5, 5, 3, -7, -3, -3, 7, 3, -5,
    ];

    // V.17 Figure 5 (9600 bit/s, 32 points).
    private static ReadOnlySpan<sbyte> Points9600 =>
    [
        -8, 2, -6, -4, -4, 6, 2, 8, 8, -2, 6, 4, 4, -6, -2, -8,
        0, 2, -6, 4, 4, 6, 2, 0, 0, -2, 6, -4, -4, -6, -2, 0,
        0, -6, 2, -4, -4, -2, -6, 0, 0, 6, -2, 4, 4, 2, 6, 0,
        8, 2, 2, 4, 4, -2, 2, -8, -8, -2, -2, -4, -4, 2, -2, 8,
    ];

    // V.17 Figure 6 (7200 bit/s, 16 points).
    private static ReadOnlySpan<sbyte> Points7200 =>
    [
        6, -6, -2, 6, 6, 2, -6, -6, -6, 6, 2, -6, -6, -2, 6, 6,
        -2, 2, 6, -2, -2, -6, 2, 2, 2, -2, -6, 2, 2, 6, -2, -2,
    ];
}

/// <summary>The four points of the V.17 training constellation (V.17 training sequence, segments 1–3).</summary>
public enum V17TrainingPoint
{
    /// <summary>A = (−6, −2).</summary>
    A = 0,

    /// <summary>B = (2, −6): A turned by +90°.</summary>
    B = 1,

    /// <summary>C = (6, 2) = −A.</summary>
    C = 2,

    /// <summary>D = (−2, 6) = −B.</summary>
    D = 3,
}
