using System.Numerics;

namespace FaxAppliance.Modems.Common;

/// <summary>Nearest-point decisions over a subset of a constellation.</summary>
public static class Slicer
{
    /// <summary>The index (into <paramref name="points"/>) of the allowed point nearest to
    /// <paramref name="z"/>; <paramref name="allowed"/> lists the indices a rate may send.</summary>
    public static int Nearest(Complex z, ReadOnlySpan<Complex> points, ReadOnlySpan<byte> allowed)
    {
        int best = allowed[0];
        double bestDistance = double.MaxValue;
        double zr = z.Real, zi = z.Imaginary;
        foreach (byte i in allowed)
        {
            Complex p = points[i];
            double dr = zr - p.Real, di = zi - p.Imaginary;
            double d = (dr * dr) + (di * di);
            // Branch-free selection (conditional moves): the nearest point is unpredictable.
            bool closer = d < bestDistance;
            best = closer ? i : best;
            bestDistance = closer ? d : bestDistance;
        }

        return best;
    }

    /// <summary>Squared distance between two points.</summary>
    public static double DistanceSquared(Complex a, Complex b)
    {
        double dr = a.Real - b.Real, di = a.Imaginary - b.Imaginary;
        return (dr * dr) + (di * di);
    }
}
