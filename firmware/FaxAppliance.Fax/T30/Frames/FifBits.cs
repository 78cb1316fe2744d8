namespace FaxAppliance.Fax.T30;

/// <summary>
/// Bit access to a DIS/DTC/DCS FIF with T.30 Table 2 numbering: bit n (1-based) is octet (n-1)/8,
/// mask 1 &lt;&lt; ((n-1)%8), since the first bit on the line is each octet's least significant bit.
/// </summary>
internal static class FifBits
{
    /// <summary>DIS/DTC/DCS always carry octets 1-3 (bits 1-24); T.30 §5.3.6.2.1.</summary>
    public const int MinimumOctets = 3;

    public static bool Get(ReadOnlySpan<byte> fif, int bit)
    {
        int index = (bit - 1) >> 3;
        return index < fif.Length && (fif[index] & (1 << ((bit - 1) & 7))) != 0;
    }

    public static void Set(Span<byte> fif, int bit, bool value = true)
    {
        if (value)
        {
            fif[(bit - 1) >> 3] |= (byte)(1 << ((bit - 1) & 7));
        }
    }

    /// <summary>A field of <paramref name="count"/> bits; bit <paramref name="firstBit"/> is the value's LSB.</summary>
    public static int Field(ReadOnlySpan<byte> fif, int firstBit, int count)
    {
        int value = 0;
        for (int i = 0; i < count; i++)
        {
            if (Get(fif, firstBit + i))
            {
                value |= 1 << i;
            }
        }

        return value;
    }

    public static void SetField(Span<byte> fif, int firstBit, int count, int value)
    {
        for (int i = 0; i < count; i++)
        {
            Set(fif, firstBit + i, (value & (1 << i)) != 0);
        }
    }

    /// <summary>
    /// The octets that belong to the frame by the extend-field chain: bits 24, 32, 40, ... (bit 8 of
    /// octet 3 onwards) say "another octet follows" (T.30 Table 2 note on extend fields). Octets after one
    /// whose extend bit is clear are ignored; a chain that runs past the end simply stops there.
    /// </summary>
    public static ReadOnlySpan<byte> Chained(ReadOnlySpan<byte> fif)
    {
        int length = MinimumOctets;
        while (length < fif.Length && (fif[length - 1] & 0x80) != 0)
        {
            length++;
        }

        return fif[..Math.Min(length, fif.Length)];
    }

    /// <summary>Bit 8 of octet k (k &gt;= 3) is an extend bit, not data.</summary>
    public static bool IsExtendBit(int bit) => bit >= 24 && bit % 8 == 0;

    /// <summary>
    /// Trims to the shortest length (at least 3 octets) holding every set data bit of
    /// <paramref name="work"/> and sets the extend bits of all octets before the last. Returns the length.
    /// </summary>
    public static int Finish(Span<byte> work)
    {
        int length = MinimumOctets;
        for (int i = work.Length - 1; i >= MinimumOctets; i--)
        {
            if ((work[i] & 0x7F) != 0)
            {
                length = i + 1;
                break;
            }
        }

        for (int i = MinimumOctets - 1; i < length; i++)
        {
            work[i] = (byte)(i < length - 1 ? work[i] | 0x80 : work[i] & 0x7F);
        }

        return length;
    }

    /// <summary>Copies a finished encoding, throwing if the caller's buffer is too small (our own bug).</summary>
    public static int CopyOut(ReadOnlySpan<byte> work, Span<byte> fif)
    {
        if (fif.Length < work.Length)
        {
            throw new ArgumentException($"FIF buffer holds {fif.Length} octets, encoding needs {work.Length}", nameof(fif));
        }

        work.CopyTo(fif);
        return work.Length;
    }

    // T.30 Table 2 bits 11-14 in DCS (and CTC), as a value with bit 11 as LSB:
    // written "11 12 13 14": 0000 V.27ter 2400, 0100 V.27ter 4800, 1000 V.29 9600, 1100 V.29 7200,
    // 0001 V.17 14400, 0101 V.17 12000, 1001 V.17 9600, 1101 V.17 7200; every other code is invalid.
    public static int DcsRateCode(SignallingRate rate) => (rate.Modulation, rate.BitRate) switch
    {
        (Modulation.V27ter, 2400) => 0b0000,
        (Modulation.V27ter, 4800) => 0b0010,
        (Modulation.V29, 9600) => 0b0001,
        (Modulation.V29, 7200) => 0b0011,
        (Modulation.V17, 14400) => 0b1000,
        (Modulation.V17, 12000) => 0b1010,
        (Modulation.V17, 9600) => 0b1001,
        (Modulation.V17, 7200) => 0b1011,
        _ => throw new ArgumentException($"{rate} is not a T.30 signalling rate", nameof(rate)),
    };

    public static SignallingRate? DcsRate(int code) => code switch
    {
        0b0000 => SignallingRate.V27ter_2400,
        0b0010 => SignallingRate.V27ter_4800,
        0b0001 => SignallingRate.V29_9600,
        0b0011 => SignallingRate.V29_7200,
        0b1000 => SignallingRate.V17_14400,
        0b1010 => SignallingRate.V17_12000,
        0b1001 => SignallingRate.V17_9600,
        0b1011 => SignallingRate.V17_7200,
        _ => null,
    };

    // T.30 Table 2 bits 21-23 as a value with bit 21 as LSB. Written "21 22 23":
    // 000 20 ms, 001 40 ms, 010 10 ms, 100 5 ms, 111 0 ms (DIS and DCS); DIS only, where the time at
    // 7.7 lines/mm is half the one at 3.85 (T7.7 = ½ T3.85): 110 20 ms, 011 10 ms, 101 40 ms.
    public static int ScanCode(int ms, bool halved) => (ms, halved) switch
    {
        (20, false) => 0,
        (5, _) => 1,
        (10, false) => 2,
        (40, false) => 4,
        (0, _) => 7,
        (20, true) => 3,
        (40, true) => 5,
        (10, true) => 6,
        _ => throw new ArgumentException($"{ms} ms is not a T.30 minimum scan line time (0, 5, 10, 20, 40)", nameof(ms)),
    };

    public static (int Ms, bool Halved) DisScanTime(int code) => code switch
    {
        0 => (20, false),
        1 => (5, false),
        2 => (10, false),
        3 => (20, true),
        4 => (40, false),
        5 => (40, true),
        6 => (10, true),
        _ => (0, false),
    };

    public static int? DcsScanTime(int code) => code switch
    {
        0 => 20,
        1 => 5,
        2 => 10,
        4 => 40,
        7 => 0,
        _ => null,
    };
}
