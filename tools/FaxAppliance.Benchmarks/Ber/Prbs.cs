namespace FaxAppliance.Benchmarks.Ber;

/// <summary>
/// The 2^23 − 1 pseudo-random bit sequence of ITU-T O.151 / V.52 (x^23 + x^18 + 1). Being
/// self-synchronising, a receiver's output is checked without aligning it to what was sent: a bit is
/// right when it equals the XOR of the bits 18 and 23 before it, and one line error shows up as
/// three check failures.
/// </summary>
public sealed class Prbs
{
    private uint _state = 0x7FFFFF;

    /// <summary>The next bit.</summary>
    public int Next()
    {
        int bit = (int)(((_state >> 22) ^ (_state >> 17)) & 1);
        _state = ((_state << 1) | (uint)bit) & 0x7FFFFF;
        return bit;
    }

    /// <summary>Counts errors in received bits, skipping the first <paramref name="skip"/>.</summary>
    public static (long Bits, long Errors) Check(IReadOnlyList<byte> bits, int skip)
    {
        long checkedBits = 0, failures = 0;
        for (int n = Math.Max(skip, 23); n < bits.Count; n++)
        {
            int expected = bits[n - 23] ^ bits[n - 18];
            if (bits[n] != expected)
            {
                failures++;
            }

            checkedBits++;
        }

        return (checkedBits, (failures + 2) / 3);
    }
}
