namespace FaxAppliance.Modems.V17;

/// <summary>
/// A point of the V.17 signal space (a transmitted or received complex symbol), in the coordinates of the
/// Recommendation's signal-space figures (ITU-T V.17 Figures 3–6: integer grid, a 14 400 bit/s corner point
/// at (−9, 2)). The equalizer of the receiver is trained to deliver symbols in this scale.
/// </summary>
/// <param name="Re">In-phase coordinate.</param>
/// <param name="Im">Quadrature coordinate.</param>
public readonly record struct V17Point(float Re, float Im)
{
    /// <summary>The point turned by 90° counter-clockwise (multiplied by j).</summary>
    public V17Point Rotate90() => new(-Im, Re);

    /// <summary>Squared distance to (<paramref name="re"/>, <paramref name="im"/>).</summary>
    public float DistanceSquared(float re, float im)
    {
        float dr = re - Re;
        float di = im - Im;
        return (dr * dr) + (di * di);
    }
}
