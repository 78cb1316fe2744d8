namespace FaxAppliance.Modems.Hdlc;

/// <summary>
/// The HDLC frame check sequence of ITU-T T.30 §5.3.7 (ISO/IEC 13239 / ITU-T V.42 §8.1.1.6.1):
/// CRC-16 with generator x^16 + x^12 + x^5 + 1, register preset to all ones, the remainder inverted
/// (ones' complement) before sending, transmitted low-order bit first. Bits leave LSB first, so the
/// register runs bit-reversed (polynomial 0x8408) and the FCS goes out low octet first.
/// A receiver running the same register over data and FCS ends at the constant <see cref="GoodResidue"/>.
/// </summary>
public static class Crc16Itu
{
    /// <summary>Register preset (all ones).</summary>
    public const ushort Initial = 0xFFFF;

    /// <summary>Register value after data plus a correct FCS (the "magic" remainder 0xF0B8).</summary>
    public const ushort GoodResidue = 0xF0B8;

    /// <summary>x^16 + x^12 + x^5 + 1, bit-reversed for LSB-first processing.</summary>
    private const ushort ReversedPolynomial = 0x8408;

    /// <summary>Byte-at-a-time table, built once (256 entries).</summary>
    private static readonly ushort[] Table = BuildTable();

    /// <summary>Runs the register over <paramref name="data"/> starting from <paramref name="crc"/>.</summary>
    public static ushort Update(ushort crc, ReadOnlySpan<byte> data)
    {
        ushort[] table = Table;
        foreach (byte b in data)
        {
            crc = (ushort)((crc >> 8) ^ table[(crc ^ b) & 0xFF]);
        }

        return crc;
    }

    /// <summary>The FCS to send after <paramref name="data"/>: the inverted register (low octet first on the line).</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => (ushort)~Update(Initial, data);

    /// <summary>Whether <paramref name="frameWithFcs"/> (data followed by its two FCS octets) checks.</summary>
    public static bool Check(ReadOnlySpan<byte> frameWithFcs) =>
        frameWithFcs.Length >= 2 && Update(Initial, frameWithFcs) == GoodResidue;

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (int i = 0; i < 256; i++)
        {
            int r = i;
            for (int k = 0; k < 8; k++)
            {
                r = (r & 1) != 0 ? (r >> 1) ^ ReversedPolynomial : r >> 1;
            }

            table[i] = (ushort)r;
        }

        return table;
    }
}
