using FaxAppliance.Dsp.Signal;
using FaxAppliance.Modems.V17;

namespace FaxAppliance.Modems.Tests.V17;

/// <summary>Symbol-level test streams for the V.17 trellis code: random data through the encoder, and
/// Gaussian noise at a given SNR (mean symbol power over the noise's total complex variance).</summary>
internal static class V17TestSupport
{
    public static readonly int[] Rates = [14400, 12000, 9600, 7200];

    /// <summary>Mean power of the constellation at <paramref name="bitRate"/>.</summary>
    public static double MeanPower(int bitRate)
    {
        ReadOnlySpan<sbyte> c = V17Constellations.Coordinates(bitRate);
        double sum = 0;
        for (int i = 0; i < c.Length; i++)
        {
            sum += c[i] * c[i];
        }

        return sum / (c.Length / 2);
    }

    /// <summary>Random data bits per symbol and the labels/points the encoder sends for them.</summary>
    public static (int[] Data, int[] Labels, V17Point[] Points) Encode(int bitRate, int symbols, ulong seed, int differentialState = 0)
    {
        var rng = new Xoshiro256(seed);
        var encoder = new V17TrellisEncoder();
        encoder.Restart(bitRate, differentialState);
        int mask = (1 << encoder.DataBitsPerSymbol) - 1;
        var data = new int[symbols];
        var labels = new int[symbols];
        var points = new V17Point[symbols];
        for (int n = 0; n < symbols; n++)
        {
            data[n] = (int)(rng.NextUInt64() >> 40) & mask;
            labels[n] = encoder.Encode(data[n]);
            points[n] = V17Constellations.Point(bitRate, labels[n]);
        }

        return (data, labels, points);
    }

    /// <summary>The points with complex Gaussian noise at <paramref name="snrDb"/>.</summary>
    public static V17Point[] AddNoise(int bitRate, V17Point[] points, double snrDb, ulong seed)
    {
        double sigma = Math.Sqrt(MeanPower(bitRate) / (2 * Math.Pow(10, snrDb / 10)));
        var noise = new GaussianNoise(sigma, seed);
        var noisy = new V17Point[points.Length];
        for (int n = 0; n < points.Length; n++)
        {
            noisy[n] = new V17Point((float)(points[n].Re + noise.Next()), (float)(points[n].Im + noise.Next()));
        }

        return noisy;
    }

    /// <summary>Runs the Viterbi decoder over <paramref name="received"/> (then flushes) and counts the
    /// decided labels that differ from <paramref name="sent"/>.</summary>
    public static int ViterbiLabelErrors(int bitRate, V17Point[] received, int[] sent, int delay)
    {
        var decoder = new V17ViterbiDecoder(delay);
        decoder.Restart(bitRate);
        int errors = 0;
        int n = 0;
        foreach (V17Point p in received)
        {
            if (decoder.Decode(p.Re, p.Im, out _))
            {
                errors += decoder.DecidedLabel != sent[n++] ? 1 : 0;
            }
        }

        while (decoder.Flush(out _))
        {
            errors += decoder.DecidedLabel != sent[n++] ? 1 : 0;
        }

        return errors;
    }

    /// <summary>Counts the labels the uncoded nearest-point slicer gets wrong.</summary>
    public static int SlicerLabelErrors(int bitRate, V17Point[] received, int[] sent)
    {
        int errors = 0;
        for (int n = 0; n < received.Length; n++)
        {
            errors += V17Constellations.Nearest(bitRate, received[n].Re, received[n].Im) != sent[n] ? 1 : 0;
        }

        return errors;
    }
}
