namespace FaxAppliance.Dsp.Signal;

/// <summary>
/// xoshiro256** pseudo-random generator (Blackman and Vigna, 2018), seeded through splitmix64.
/// Our own so that a seed gives the same sequence on every runtime version: simulator runs are
/// repeatable bit for bit.
/// </summary>
public struct Xoshiro256
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates a generator from a 64-bit seed.</summary>
    public Xoshiro256(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1), 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>White Gaussian noise of a given RMS, flat over 0 to fs/2, from a seeded generator.</summary>
public sealed class GaussianNoise
{
    private Xoshiro256 _rng;
    private double _spare;
    private bool _hasSpare;

    /// <summary>Creates a noise source of standard deviation <paramref name="rms"/>.</summary>
    public GaussianNoise(double rms, ulong seed)
    {
        Rms = rms;
        _rng = new Xoshiro256(seed);
    }

    /// <summary>The noise RMS (standard deviation).</summary>
    public double Rms { get; }

    /// <summary>One noise sample (polar Box–Muller).</summary>
    public double Next()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare * Rms;
        }

        double u, v, s;
        do
        {
            u = 2.0 * _rng.NextDouble() - 1.0;
            v = 2.0 * _rng.NextDouble() - 1.0;
            s = u * u + v * v;
        }
        while (s >= 1.0 || s == 0.0);

        double m = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spare = v * m;
        _hasSpare = true;
        return u * m * Rms;
    }
}
