using System.Runtime.Intrinsics;

namespace FaxAppliance.Modems.V17;

/// <summary>
/// Nearest point of each of the 8 trellis subsets (ITU-T V.17 §2.4) without measuring all 128 points:
/// the received-point plane around the constellation is cut into unit cells on the integer grid of
/// <see cref="V17Constellations"/>, and each cell keeps, per subset, the few points that can be the
/// nearest of their subset anywhere in the cell. Only those are measured.
/// <para>
/// A point p of subset s is a candidate for cell R when its smallest distance to R is at most the
/// smallest, over the points q of s, of q's largest distance to R (if p is nearest at some x in R, then
/// |p−x| ≤ |q−x| ≤ max|q−R| for every q, and |p−x| ≥ min|p−R|). Corners and points are integers, so
/// these squared distances are integers and a non-candidate is at least 1 (squared) farther than some
/// candidate everywhere in the cell: float rounding of the measured distances cannot make it win. The
/// candidates are kept in label order, so ties go to the lowest label exactly as a full search in label
/// order does: the result is identical to measuring every point. Outside the grid (only bad input: the
/// constellation spans ±9) the caller measures every point.
/// </para>
/// </summary>
internal sealed class V17SubsetSlicer
{
    /// <summary>The grid covers [−GridHalf, GridHalf) in each coordinate: the constellation's ±9 plus
    /// a margin wider than any noise a trained equalizer leaves.</summary>
    public const int GridHalf = 12;

    private const int GridSize = 2 * GridHalf;        // unit cells a side
    private const int Cells = GridSize * GridSize;
    private const int Subsets = V17Constellations.Subsets;

    private static readonly V17SubsetSlicer Slicer14400 = new(14400);
    private static readonly V17SubsetSlicer Slicer12000 = new(12000);
    private static readonly V17SubsetSlicer Slicer9600 = new(9600);
    private static readonly V17SubsetSlicer Slicer7200 = new(7200);

    // Candidates per (cell, subset), padded: the most any cell needs is 4 (14 400 bit/s); a list with
    // fewer repeats its first point, which never wins a strict comparison against itself, so the 8
    // subsets are measured together as 4 rows of 8 lanes.
    private const int Candidates = 4;
    private const int CellFloats = 2 * Candidates * Subsets;   // re rows, then im rows
    private const int CellLabels = Candidates * Subsets;

    private readonly float[] _coordinates;   // [cell][re row 0…3, im row 0…3][subset]
    private readonly int[] _labels;          // [cell][row 0…3][subset]

    private V17SubsetSlicer(int bitRate)
    {
        ReadOnlySpan<sbyte> c = V17Constellations.Coordinates(bitRate);
        int points = c.Length / 2;
        _coordinates = new float[Cells * CellFloats];
        _labels = new int[Cells * CellLabels];
        Span<int> list = stackalloc int[points / Subsets];
        for (int cell = 0; cell < Cells; cell++)
        {
            int x0 = (cell % GridSize) - GridHalf;
            int y0 = (cell / GridSize) - GridHalf;
            for (int s = 0; s < Subsets; s++)
            {
                int bound = int.MaxValue;
                for (int k = s; k < points; k += Subsets)
                {
                    bound = Math.Min(bound, FarthestSquared(c[2 * k], c[(2 * k) + 1], x0, y0));
                }

                int count = 0;
                for (int k = s; k < points; k += Subsets)
                {
                    if (NearestSquared(c[2 * k], c[(2 * k) + 1], x0, y0) <= bound)
                    {
                        list[count++] = k;
                    }
                }

                if (count > Candidates)
                {
                    throw new InvalidOperationException("V.17 subset slicer: a cell needs more than 4 candidates.");
                }

                for (int j = 0; j < Candidates; j++)
                {
                    int k = list[j < count ? j : 0];
                    _coordinates[(cell * CellFloats) + (j * Subsets) + s] = c[2 * k];
                    _coordinates[(cell * CellFloats) + ((Candidates + j) * Subsets) + s] = c[(2 * k) + 1];
                    _labels[(cell * CellLabels) + (j * Subsets) + s] = k;
                }
            }
        }
    }

    /// <summary>The slicer of <paramref name="bitRate"/> (7200, 9600, 12 000, 14 400 bit/s).</summary>
    public static V17SubsetSlicer For(int bitRate) => bitRate switch
    {
        14400 => Slicer14400,
        12000 => Slicer12000,
        9600 => Slicer9600,
        _ => Slicer7200,
    };

    /// <summary>For a point inside the grid: per subset, the squared distance to its nearest point and
    /// that point's label; returns false (nothing written) outside the grid.</summary>
    public bool TrySlice(float re, float im, Span<float> distance, Span<int> nearest)
    {
        if (!(re >= -GridHalf && re < GridHalf && im >= -GridHalf && im < GridHalf))
        {
            return false;
        }

        int cell = ((int)MathF.Floor(re) + GridHalf) + (((int)MathF.Floor(im) + GridHalf) * GridSize);
        ReadOnlySpan<float> co = _coordinates.AsSpan(cell * CellFloats, CellFloats);
        ReadOnlySpan<int> label = _labels.AsSpan(cell * CellLabels, CellLabels);
        var r = Vector256.Create(re);
        var i = Vector256.Create(im);
        Vector256<float> best = Distance(r, i, co, 0);
        Vector256<int> bestLabel = Vector256.Create(label[..Subsets]);
        for (int j = 1; j < Candidates; j++)
        {
            Vector256<float> d = Distance(r, i, co, j);
            Vector256<float> closer = Vector256.LessThan(d, best);
            best = Vector256.ConditionalSelect(closer, d, best);
            bestLabel = Vector256.ConditionalSelect(closer.AsInt32(), Vector256.Create(label.Slice(j * Subsets, Subsets)), bestLabel);
        }

        best.CopyTo(distance);
        bestLabel.CopyTo(nearest);
        return true;
    }

    private static Vector256<float> Distance(Vector256<float> re, Vector256<float> im, ReadOnlySpan<float> co, int row)
    {
        Vector256<float> dr = re - Vector256.Create(co.Slice(row * Subsets, Subsets));
        Vector256<float> di = im - Vector256.Create(co.Slice((Candidates + row) * Subsets, Subsets));
        return (dr * dr) + (di * di);
    }

    // Squared distance from (px, py) to the nearest / farthest point of the unit cell at (x0, y0).
    private static int NearestSquared(int px, int py, int x0, int y0)
    {
        int dx = px < x0 ? x0 - px : px > x0 + 1 ? px - x0 - 1 : 0;
        int dy = py < y0 ? y0 - py : py > y0 + 1 ? py - y0 - 1 : 0;
        return (dx * dx) + (dy * dy);
    }

    private static int FarthestSquared(int px, int py, int x0, int y0)
    {
        int dx = Math.Max(Math.Abs(px - x0), Math.Abs(px - x0 - 1));
        int dy = Math.Max(Math.Abs(py - y0), Math.Abs(py - y0 - 1));
        return (dx * dx) + (dy * dy);
    }
}
