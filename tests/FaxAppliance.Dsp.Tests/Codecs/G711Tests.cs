using FaxAppliance.Dsp.Codecs;

namespace FaxAppliance.Dsp.Tests.Codecs;

public class G711Tests
{
    [Theory]
    // G.711 Table 1b: character signals (even bits inverted) and their decoder output values
    // on the 13-bit scale (×8 for 16-bit PCM).
    [InlineData(0xD5, 1)]     // +, segment 0, step 0
    [InlineData(0x55, -1)]
    [InlineData(0xD4, 3)]     // +, segment 0, step 1
    [InlineData(0xC5, 33)]    // +, segment 1, step 0
    [InlineData(0xF5, 66)]    // +, segment 2, step 0
    [InlineData(0xAA, 4032)]  // +, segment 7, step 15: the largest level
    [InlineData(0x2A, -4032)]
    public void ALawDecode_TableValues_MatchRecommendation(int code, int level13)
    {
        Assert.Equal(level13 * 8, G711.ALawToLinearSample((byte)code));
    }

    [Theory]
    // G.711 Table 2b: µ-law characters (all bits inverted), decoder output on the 14-bit scale (×4).
    [InlineData(0xFF, 0)]
    [InlineData(0x7F, 0)]      // "negative zero"
    [InlineData(0xFE, 2)]
    [InlineData(0xEF, 33)]     // segment 1, step 0: (2·0+33)·2 − 33
    [InlineData(0x80, 8031)]   // the largest level
    [InlineData(0x00, -8031)]
    public void MuLawDecode_TableValues_MatchRecommendation(int code, int level14)
    {
        Assert.Equal(level14 * 4, G711.MuLawToLinearSample((byte)code));
    }

    [Theory]
    [InlineData(G711Law.ALaw)]
    [InlineData(G711Law.MuLaw)]
    public void Encode_AllLinearInputs_AreMonotonicAndWithinHalfAStepOfTheirLevel(G711Law law)
    {
        short previous = short.MinValue;
        for (int x = short.MinValue; x <= short.MaxValue; x++)
        {
            short level = Roundtrip(law, (short)x);
            Assert.True(level >= previous, $"{law}: output not monotonic at input {x}");
            previous = level;

            // The error is within half a step (plus one LSB of the 13- or 14-bit input the law works
            // on) except beyond the last level, where inputs clip.
            int error = Math.Abs(x - level);
            int maxLevel = law == G711Law.ALaw ? 32256 : 32124;
            int allowed = Math.Abs(x) > maxLevel ? Math.Abs(x) - maxLevel + 512 : StepAt(law, level) / 2 + (law == G711Law.ALaw ? 8 : 4);
            Assert.True(error <= allowed, $"{law}: input {x} decoded to {level}, error {error} > {allowed}");
        }
    }

    [Theory]
    [InlineData(G711Law.ALaw)]
    [InlineData(G711Law.MuLaw)]
    public void Encode_EveryDecodedLevel_GivesBackItsCode(G711Law law)
    {
        for (int code = 0; code < 256; code++)
        {
            short level = law == G711Law.ALaw ? G711.ALawToLinearSample((byte)code) : G711.MuLawToLinearSample((byte)code);
            byte again = law == G711Law.ALaw ? G711.LinearToALaw(level) : G711.LinearToMuLaw(level);
            int expected = law == G711Law.MuLaw && code == 0x7F ? 0xFF : code; // −0 encodes as +0
            Assert.Equal(expected, again);
        }
    }

    [Fact]
    public void Quantise_Block_EqualsEncodeThenDecode()
    {
        short[] block = { 0, 1, -1, 100, -100, 1000, -32768, 32767, 12345 };
        var codes = new byte[block.Length];
        var decoded = new short[block.Length];
        G711.Encode(G711Law.ALaw, block, codes);
        G711.Decode(G711Law.ALaw, codes, decoded);

        G711.Quantise(G711Law.ALaw, block);

        Assert.Equal(decoded, block);
    }

    [Fact]
    public void Encode_DestinationTooShort_ThrowsNamingTheBuffer()
    {
        var ex = Assert.Throws<ArgumentException>(() => G711.Encode(G711Law.ALaw, new short[4], new byte[3]));
        Assert.Equal("codes", ex.ParamName);
    }

    private static short Roundtrip(G711Law law, short x) =>
        law == G711Law.ALaw ? G711.ALawToLinearSample(G711.LinearToALaw(x)) : G711.MuLawToLinearSample(G711.LinearToMuLaw(x));

    private static int StepAt(G711Law law, short level)
    {
        int m = Math.Abs((int)level);
        if (law == G711Law.ALaw)
        {
            int m13 = m / 8;
            int segment = m13 < 32 ? 0 : (int)Math.Log2(m13) - 4;
            return (segment == 0 ? 2 : 1 << segment) * 8;
        }

        int m14 = m / 4 + 33;
        int seg = (int)Math.Log2(m14) - 5;
        return (1 << (seg + 1)) * 4;
    }
}
