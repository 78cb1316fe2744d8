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
        foreach (byte i in allowed)
        {
            double dr = z.Real - points[i].Real, di = z.Imaginary - points[i].Imaginary;
            double d = (dr * dr) + (di * di);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = i;
            }
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
