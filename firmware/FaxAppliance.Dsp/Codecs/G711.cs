using System.Numerics;

namespace FaxAppliance.Dsp.Codecs;

/// <summary>The two companding laws of ITU-T G.711.</summary>
public enum G711Law
{
    /// <summary>A-law (G.711 Tables 1a/1b), used on European and most international links.</summary>
    ALaw,

    /// <summary>µ-law (G.711 Tables 2a/2b), used in North America and Japan.</summary>
    MuLaw,
}

/// <summary>
/// ITU-T G.711 pulse code modulation of voice frequencies: 16-bit linear PCM to and from 8-bit codes.
/// Linear samples are 16-bit; A-law works on the top 13 bits and µ-law on the top 14 bits (G.711 §3, §4).
/// Nothing here allocates; decoding uses two 256-entry tables built once.
/// </summary>
public static class G711
{
    private static readonly short[] ALawToLinear = BuildDecodeTable(G711Law.ALaw);
    private static readonly short[] MuLawToLinear = BuildDecodeTable(G711Law.MuLaw);

    /// <summary>Encodes one 16-bit linear sample to an A-law code (even bits inverted, G.711 §3.3).</summary>
    public static byte LinearToALaw(short sample)
    {
        int x = sample;
        // Sign-magnitude on 13 bits; negative values map to the magnitude of (-x - 1) so that
        // the code is symmetric and there is no zero level (G.711 Table 1a: decision values).
        int sign = x >= 0 ? 0x80 : 0x00;
        int magnitude = (x >= 0 ? x : ~x) >> 3; // 0..4095
        int code;
        if (magnitude < 32)
        {
            code = magnitude >> 1; // segment 0: 16 intervals of 2
        }
        else
        {
            int segment = BitOperations.Log2((uint)magnitude) - 4; // 1..7
            code = (segment << 4) | ((magnitude >> segment) & 0x0F);
        }

        return (byte)((sign | code) ^ 0x55);
    }

    /// <summary>Encodes one 16-bit linear sample to a µ-law code (all bits inverted, G.711 §3.3).</summary>
    public static byte LinearToMuLaw(short sample)
    {
        const int Bias = 33;      // G.711 Table 2a: the µ-law segments start at 33 on the 14-bit scale
        const int Clip = 8158;    // largest 14-bit magnitude inside the last decision interval
        int x = sample >> 2;      // 14-bit two's complement
        int mask = 0xFF;
        if (x < 0)
        {
            x = -x;
            mask = 0x7F;
        }

        if (x > Clip)
        {
            x = Clip;
        }

        x += Bias; // 33..8191
        int segment = BitOperations.Log2((uint)x) - 5; // 0..7
        int code = (segment << 4) | ((x >> (segment + 1)) & 0x0F);
        return (byte)(code ^ mask);
    }

    /// <summary>Decodes an A-law code to the 16-bit linear value of its reconstruction level.</summary>
    public static short ALawToLinearSample(byte code) => ALawToLinear[code];

    /// <summary>Decodes a µ-law code to the 16-bit linear value of its reconstruction level.</summary>
    public static short MuLawToLinearSample(byte code) => MuLawToLinear[code];

    /// <summary>Encodes a block of linear samples. <paramref name="codes"/> must be at least as long.</summary>
    public static void Encode(G711Law law, ReadOnlySpan<short> samples, Span<byte> codes)
    {
        if (codes.Length < samples.Length)
        {
            throw new ArgumentException("The code buffer is shorter than the sample block.", nameof(codes));
        }

        if (law == G711Law.ALaw)
        {
            for (int i = 0; i < samples.Length; i++)
            {
                codes[i] = LinearToALaw(samples[i]);
            }
        }
        else
        {
            for (int i = 0; i < samples.Length; i++)
            {
                codes[i] = LinearToMuLaw(samples[i]);
            }
        }
    }

    /// <summary>Decodes a block of codes. <paramref name="samples"/> must be at least as long.</summary>
    public static void Decode(G711Law law, ReadOnlySpan<byte> codes, Span<short> samples)
    {
        if (samples.Length < codes.Length)
        {
            throw new ArgumentException("The sample buffer is shorter than the code block.", nameof(samples));
        }

        short[] table = law == G711Law.ALaw ? ALawToLinear : MuLawToLinear;
        for (int i = 0; i < codes.Length; i++)
        {
            samples[i] = table[codes[i]];
        }
    }

    /// <summary>Passes a block through an encoder and decoder in place: the quantisation of a G.711 link.</summary>
    public static void Quantise(G711Law law, Span<short> samples)
    {
        if (law == G711Law.ALaw)
        {
            for (int i = 0; i < samples.Length; i++)
            {
                samples[i] = ALawToLinear[LinearToALaw(samples[i])];
            }
        }
        else
        {
            for (int i = 0; i < samples.Length; i++)
            {
                samples[i] = MuLawToLinear[LinearToMuLaw(samples[i])];
            }
        }
    }

    private static short[] BuildDecodeTable(G711Law law)
    {
        var table = new short[256];
        for (int code = 0; code < 256; code++)
        {
            table[code] = law == G711Law.ALaw ? DecodeALaw((byte)code) : DecodeMuLaw((byte)code);
        }

        return table;
    }

    // G.711 Table 1b: the reconstruction level is the middle of the decision interval.
    private static short DecodeALaw(byte code)
    {
        int c = code ^ 0x55;
        int segment = (c >> 4) & 0x07;
        int step = c & 0x0F;
        int magnitude = segment == 0 ? (step << 1) + 1 : ((step << 1) + 33) << (segment - 1); // 13-bit scale
        magnitude <<= 3;
        return (short)((c & 0x80) != 0 ? magnitude : -magnitude);
    }

    // G.711 Table 2b.
    private static short DecodeMuLaw(byte code)
    {
        int c = ~code & 0xFF;
        int segment = (c >> 4) & 0x07;
        int step = c & 0x0F;
        int magnitude = ((((step << 1) + 33) << segment) - 33) << 2; // 14-bit scale, times 4
        return (short)((c & 0x80) != 0 ? -magnitude : magnitude);
    }
}
