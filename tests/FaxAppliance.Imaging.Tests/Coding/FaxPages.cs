using System.Buffers;
using FaxAppliance.Imaging.Coding;

namespace FaxAppliance.Imaging.Tests.Coding;

/// <summary>Test pages and whole-page helpers around the coders.</summary>
public static class FaxPages
{
    /// <summary>Coding schemes under test: MH, MR K=2, MR K=4, MMR.</summary>
    public enum Scheme
    {
        Mh,
        MrK2,
        MrK4,
        Mmr,
    }

    public static readonly Scheme[] All = [Scheme.Mh, Scheme.MrK2, Scheme.MrK4, Scheme.Mmr];

    /// <summary>A page that looks like text and graphics: runs, rows copied from above with small shifts, some noise rows.</summary>
    public static byte[] Realistic(int width, int height, int seed)
    {
        var rng = new Random(seed);
        int rowBytes = width / 8;
        byte[] page = new byte[rowBytes * height];
        for (int y = 0; y < height; y++)
        {
            Span<byte> row = page.AsSpan(y * rowBytes, rowBytes);
            int kind = rng.Next(10);
            if (y > 0 && kind < 5)
            {
                // Previous row shifted by -3..3 pixels with a few flips: exercises vertical and pass modes.
                ReadOnlySpan<byte> above = page.AsSpan((y - 1) * rowBytes, rowBytes);
                int shift = rng.Next(-3, 4);
                for (int x = 0; x < width; x++)
                {
                    int src = Math.Clamp(x - shift, 0, width - 1);
                    SetPixel(row, x, GetPixel(above, src));
                }

                for (int f = rng.Next(3); f > 0; f--)
                {
                    int x = rng.Next(width);
                    SetPixel(row, x, !GetPixel(row, x));
                }
            }
            else if (kind < 8)
            {
                bool black = false;
                for (int x = 0; x < width;)
                {
                    int run = rng.Next(4) == 0 ? rng.Next(1, width + 1) : rng.Next(1, 12);
                    for (int e = Math.Min(width, x + run); x < e; x++)
                    {
                        SetPixel(row, x, black);
                    }

                    black = !black;
                }
            }
            else if (kind == 8)
            {
                rng.NextBytes(row);
            }
            else
            {
                row.Fill(rng.Next(2) == 0 ? (byte)0 : (byte)0xFF);
            }
        }

        return page;
    }

    public static bool GetPixel(ReadOnlySpan<byte> row, int x) => (row[x >> 3] & (0x80 >> (x & 7))) != 0;

    public static void SetPixel(Span<byte> row, int x, bool black)
    {
        if (black)
        {
            row[x >> 3] |= (byte)(0x80 >> (x & 7));
        }
        else
        {
            row[x >> 3] &= (byte)~(0x80 >> (x & 7));
        }
    }

    /// <summary>Codes a whole page, ending with RTC (T.4) or EOFB (T.6) when <paramref name="trailer"/> is set.</summary>
    public static byte[] Encode(Scheme scheme, int width, ReadOnlySpan<byte> page, BitOrder order, bool trailer = true, int minScanLineBits = 0)
    {
        byte[] buffer = new byte[(page.Length * 3) + 1024];
        FaxCodingResult r;
        FaxCodingResult f;
        if (scheme == Scheme.Mmr)
        {
            var enc = new T6Encoder(width, order);
            r = enc.Encode(page, buffer);
            f = enc.Finish(buffer.AsSpan(r.BytesWritten), trailer);
        }
        else
        {
            var enc = new T4Encoder(width, scheme == Scheme.Mh ? T4Coding.ModifiedHuffman : T4Coding.ModifiedRead, order, scheme == Scheme.MrK4 ? 4 : 2, minScanLineBits);
            r = enc.Encode(page, buffer);
            f = enc.Finish(buffer.AsSpan(r.BytesWritten), trailer);
        }

        Assert.Equal(OperationStatus.Done, r.Status);
        Assert.Equal(OperationStatus.Done, f.Status);
        return buffer.AsSpan(0, r.BytesWritten + f.BytesWritten).ToArray();
    }

    /// <summary>A decoder for the scheme behind one Decode signature.</summary>
    public static Func<ReadOnlyMemory<byte>, Memory<byte>, FaxCodingResult> Decoder(Scheme scheme, int width, BitOrder order, out Func<int> badRows)
    {
        if (scheme == Scheme.Mmr)
        {
            var d6 = new T6Decoder(width, order);
            badRows = () => 0;
            return (s, d) => d6.Decode(s.Span, d.Span);
        }

        var d4 = new T4Decoder(width, scheme == Scheme.Mh ? T4Coding.ModifiedHuffman : T4Coding.ModifiedRead, order);
        badRows = () => d4.BadRows;
        return (s, d) => d4.Decode(s.Span, d.Span);
    }

    /// <summary>Decodes a whole buffer in one call.</summary>
    public static (FaxCodingResult Result, byte[] Page) Decode(Scheme scheme, int width, int height, byte[] coded, BitOrder order)
    {
        byte[] page = new byte[width / 8 * height];
        var decode = Decoder(scheme, width, order, out _);
        return (decode(coded, page), page);
    }
}
