using System.Buffers;
using CsCheck;
using FaxAppliance.Imaging.Coding;

namespace FaxAppliance.Imaging.Tests.Coding;

/// <summary>
/// Non-ECM reception: bits flipped inside a few rows of an MH or MR page. The rule checked here: the page keeps its row
/// count; every damaged row is counted in <see cref="T4Decoder.BadRows"/> once and replaced by the row above; in MR the
/// 2-D rows after a damaged row up to the next 1-D row (T.4 §4.2.1: at most K - 1 of them) were coded against the lost
/// row, so they may be wrong too and are counted when their codes do not fit; every other row is pixel-identical.
/// A flip is placed so that it does not create eleven zeros in a row (that would be a false EOL, T.4 §4.1.2, which
/// splits the row in two; no decoder can tell it from a real one).
/// </summary>
public sealed class T4DecoderConcealmentTests
{
    private const int Width = 1728;
    private const int Height = 200;
    private static readonly int[] DamagedRows = [30, 31, 90, 150, 151, 152];

    [Theory]
    [InlineData(FaxPages.Scheme.Mh, 1)]
    [InlineData(FaxPages.Scheme.MrK2, 2)]
    [InlineData(FaxPages.Scheme.MrK4, 4)]
    public void BitsFlippedInSomeRows_ConcealedPage_KeepsRowCount_CountsBadRows_RestIdentical(FaxPages.Scheme scheme, int k)
    {
        byte[] page = FaxPages.Realistic(Width, Height, 17);
        byte[] coded = FaxPages.Encode(scheme, Width, page, BitOrder.MsbFirst);
        byte[] damaged = Damage(coded, scheme != FaxPages.Scheme.Mh);

        var decoder = new T4Decoder(Width, scheme == FaxPages.Scheme.Mh ? T4Coding.ModifiedHuffman : T4Coding.ModifiedRead, BitOrder.MsbFirst, concealErrors: true);
        byte[] decoded = new byte[page.Length];
        FaxCodingResult r = decoder.Decode(damaged, decoded);

        Assert.Equal(OperationStatus.Done, r.Status);
        Assert.Equal(Height, r.Rows);
        Assert.Equal(Height, decoder.Rows);

        // Rows a damaged row can spoil: itself and, in MR, the 2-D rows after it up to the next 1-D row (row % K == 0).
        var window = new HashSet<int>();
        foreach (int d in DamagedRows)
        {
            window.Add(d);
            for (int y = d + 1; y < Height && y % k != 0; y++)
            {
                window.Add(y);
            }
        }

        if (scheme == FaxPages.Scheme.Mh)
        {
            Assert.Equal(DamagedRows.Length, decoder.BadRows);
        }
        else
        {
            Assert.InRange(decoder.BadRows, DamagedRows.Length, window.Count);
        }

        int rowBytes = Width / 8;
        for (int y = 0; y < Height; y++)
        {
            ReadOnlySpan<byte> got = decoded.AsSpan(y * rowBytes, rowBytes);
            if (!window.Contains(y))
            {
                Assert.True(got.SequenceEqual(page.AsSpan(y * rowBytes, rowBytes)), $"row {y}, far from the damage, differs");
            }
        }

        // A damaged row is the row above it repeated (MH: rows are independent, so this is exact).
        if (scheme == FaxPages.Scheme.Mh)
        {
            foreach (int d in DamagedRows)
            {
                Assert.True(decoded.AsSpan(d * rowBytes, rowBytes).SequenceEqual(decoded.AsSpan((d - 1) * rowBytes, rowBytes)), $"row {d} is not the row above");
            }
        }
    }

    /// <summary>
    /// One random data bit flipped in each damaged row of an MH page. Exact rule: every damaged row is either counted
    /// in BadRows and replaced by the last good row above it, or its damaged bits are themselves a valid MH row of exactly
    /// the page width followed by the EOL (checked by decoding those bits alone): such damage cannot be seen without ECM.
    /// All other rows are pixel-identical. (About 1 flip in 2000 lands in the second case on this page.)
    /// </summary>
    [Fact]
    public void MhPage_OneRandomBitFlippedInEachOfSomeRows_EachDamagedRowCountedAndReplaced()
    {
        byte[] page = FaxPages.Realistic(Width, Height, 23);
        byte[] coded = FaxPages.Encode(FaxPages.Scheme.Mh, Width, page, BitOrder.MsbFirst);
        List<(long Start, long End)> eols = FindEols(coded);
        int rowBytes = Width / 8;
        int totalUndetectable = 0;
        Gen.Int.Sample(seed =>
        {
            byte[] damaged = Damage(coded, tagBit: false, new Random(seed));
            var decoder = new T4Decoder(Width, T4Coding.ModifiedHuffman, BitOrder.MsbFirst, concealErrors: true);
            byte[] decoded = new byte[page.Length];
            FaxCodingResult r = decoder.Decode(damaged, decoded);
            Assert.Equal((OperationStatus.Done, Height), (r.Status, r.Rows));
            int undetectable = 0;
            int lastGood = -1;
            for (int y = 0; y < Height; y++)
            {
                ReadOnlySpan<byte> got = decoded.AsSpan(y * rowBytes, rowBytes);
                if (Array.IndexOf(DamagedRows, y) < 0)
                {
                    Assert.True(got.SequenceEqual(page.AsSpan(y * rowBytes, rowBytes)), $"undamaged row {y} differs");
                    lastGood = y;
                }
                else if (!got.SequenceEqual(page.AsSpan(lastGood * rowBytes, rowBytes)))
                {
                    // Not concealed: then the damaged bits must decode alone, strictly, to this very row.
                    byte[] alone = Bits(damaged, eols[y].Start, eols[y + 1].End);
                    byte[] row = new byte[rowBytes];
                    var strict = new T4Decoder(Width, T4Coding.ModifiedHuffman, BitOrder.MsbFirst, concealErrors: false);
                    FaxCodingResult one = strict.Decode(alone, row);
                    Assert.True(one.Rows == 1 && one.Status == OperationStatus.NeedMoreData, $"row {y}: damaged bits are not one valid row");
                    Assert.True(got.SequenceEqual(row), $"row {y}");
                    undetectable++;
                }
            }

            Assert.Equal(DamagedRows.Length - undetectable, decoder.BadRows);
            Interlocked.Add(ref totalUndetectable, undetectable);

            // Fed one byte at a time, the counts are the same and undamaged rows are identical (a damaged row whose
            // codes end exactly at a chunk end is counted when the next byte shows no EOL, but was already delivered).
            var streaming = new T4Decoder(Width, T4Coding.ModifiedHuffman, BitOrder.MsbFirst, concealErrors: true);
            byte[] streamed = new byte[page.Length];
            int consumed = 0;
            int written = 0;
            for (int available = 1; available <= damaged.Length; available++)
            {
                FaxCodingResult part = streaming.Decode(damaged.AsSpan(consumed, available - consumed), streamed.AsSpan(written));
                consumed += part.BytesConsumed;
                written += part.BytesWritten;
            }

            Assert.Equal((Height, decoder.BadRows), (streaming.Rows, streaming.BadRows));
            for (int y = 0; y < Height; y++)
            {
                if (Array.IndexOf(DamagedRows, y) < 0)
                {
                    Assert.True(streamed.AsSpan(y * rowBytes, rowBytes).SequenceEqual(page.AsSpan(y * rowBytes, rowBytes)), $"streamed row {y}");
                }
            }
        }, iter: 300);
        Assert.InRange(totalUndetectable, 0, 300 * DamagedRows.Length / 20); // under 5 % of the flips
    }

    /// <summary>Bits [start, end) of an MSB-first stream as a new MSB-first byte array, zero-padded.</summary>
    private static byte[] Bits(byte[] source, long start, long end)
    {
        byte[] result = new byte[(end - start + 7) / 8];
        for (long p = start; p < end; p++)
        {
            if (Bit(source, p) != 0)
            {
                result[(p - start) >> 3] |= (byte)(0x80 >> (int)((p - start) & 7));
            }
        }

        return result;
    }

    [Theory]
    [InlineData(FaxPages.Scheme.Mh)]
    [InlineData(FaxPages.Scheme.MrK2)]
    public void BitsFlipped_ConcealmentOff_InvalidDataAtTheFirstDamagedRow(FaxPages.Scheme scheme)
    {
        byte[] page = FaxPages.Realistic(Width, Height, 17);
        byte[] damaged = Damage(FaxPages.Encode(scheme, Width, page, BitOrder.MsbFirst), scheme != FaxPages.Scheme.Mh);
        var decoder = new T4Decoder(Width, scheme == FaxPages.Scheme.Mh ? T4Coding.ModifiedHuffman : T4Coding.ModifiedRead, BitOrder.MsbFirst, concealErrors: false);
        byte[] decoded = new byte[page.Length];
        FaxCodingResult r = decoder.Decode(damaged, decoded);
        Assert.Equal(OperationStatus.InvalidData, r.Status);
        Assert.Equal(DamagedRows[0], r.Rows);
        Assert.Equal(page.AsSpan(0, r.BytesWritten).ToArray(), decoded.AsSpan(0, r.BytesWritten).ToArray());

        // It stays there: the caller decides (ECM: the frame is retransmitted).
        Assert.Equal(OperationStatus.InvalidData, decoder.Decode(damaged.AsSpan(r.BytesConsumed), decoded).Status);
    }

    /// <summary>Flips one data bit (the middle one, or a random one) of each damaged row (MSB-first, EOL before every row).</summary>
    private static byte[] Damage(byte[] coded, bool tagBit, Random? rng = null)
    {
        List<(long Start, long End)> eols = FindEols(coded);
        Assert.Equal(Height + 6, eols.Count); // one EOL before each row, then RTC (T.4 §4.1.4)
        byte[] damaged = (byte[])coded.Clone();
        foreach (int d in DamagedRows)
        {
            long start = eols[d].End + (tagBit ? 1 : 0);
            long end = eols[d + 1].Start;
            Assert.True(end - start >= 2, $"row {d} has {end - start} data bits");
            long bit = start + (rng is null ? (end - start) / 2 : rng.NextInt64(end - start));
            while (CreatesFalseEol(damaged, bit))
            {
                bit = start + ((bit - start + 1) % (end - start));
            }

            damaged[bit >> 3] ^= (byte)(0x80 >> (int)(bit & 7));
        }

        return damaged;
    }

    /// <summary>EOLs as [first zero, bit after the one) in an MSB-first stream without fill.</summary>
    private static List<(long Start, long End)> FindEols(byte[] coded)
    {
        var eols = new List<(long, long)>();
        int zeros = 0;
        for (long pos = 0; pos < coded.Length * 8L; pos++)
        {
            if (Bit(coded, pos) == 0)
            {
                zeros++;
                continue;
            }

            if (zeros >= 11)
            {
                eols.Add((pos - zeros, pos + 1));
            }

            zeros = 0;
        }

        return eols;
    }

    private static bool CreatesFalseEol(byte[] coded, long bit)
    {
        if (Bit(coded, bit) == 0)
        {
            return false; // 0 → 1 cannot lengthen a run of zeros
        }

        long run = 1;
        for (long p = bit - 1; p >= 0 && Bit(coded, p) == 0; p--)
        {
            run++;
        }

        for (long p = bit + 1; p < coded.Length * 8L && Bit(coded, p) == 0; p++)
        {
            run++;
        }

        return run >= 11;
    }

    private static int Bit(byte[] b, long pos) => (b[pos >> 3] >> (7 - (int)(pos & 7))) & 1;
}
