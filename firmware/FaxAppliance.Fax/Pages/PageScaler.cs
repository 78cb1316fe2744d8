using FaxAppliance.Fax.T30;

namespace FaxAppliance.Fax.Pages;

/// <summary>
/// Fits a page to what the receiver accepts (what fax machines call reduction): a wider page is scaled to the receiver's
/// width, a fine page becomes standard by joining row pairs, a standard page becomes fine by repeating rows. Black wins
/// when pixels are joined, so thin strokes survive.
/// </summary>
public static class PageScaler
{
    /// <summary>Pixels per row of a T.30 width class at 8 pels/mm (T.4 §2.2).</summary>
    public static int Pixels(PageWidth width) => width switch
    {
        PageWidth.B4_2048 => 2048,
        PageWidth.A3_2432 => 2432,
        _ => 1728,
    };

    /// <summary>The page at <paramref name="width"/> and <paramref name="resolution"/> (the same object when it already fits).</summary>
    /// <param name="page">The page.</param>
    /// <param name="width">Target width class.</param>
    /// <param name="resolution">Target vertical resolution: Standard, Fine or Superfine (3.85, 7.7, 15.4 lines/mm).</param>
    /// <param name="changed">What was done, for the trace; null when nothing.</param>
    public static PageBitmap Fit(PageBitmap page, PageWidth width, Resolutions resolution, out string? changed)
    {
        ArgumentNullException.ThrowIfNull(page);
        changed = null;
        PageBitmap result = page;
        int pixels = Pixels(width);
        if (result.Width != pixels)
        {
            result = ScaleWidth(result, pixels);
            changed = $"width {page.Width} → {pixels} pixels";
        }

        int from = RowsPerStandardRow(result.Resolution);
        int to = RowsPerStandardRow(resolution);
        if (to < from)
        {
            result = JoinRows(result, from / to, resolution);
            changed = (changed is null ? string.Empty : changed + ", ") + $"{Name(page.Resolution)} → {Name(resolution)}";
        }
        else if (to > from)
        {
            result = RepeatRows(result, to / from, resolution);
            changed = (changed is null ? string.Empty : changed + ", ") + $"{Name(page.Resolution)} → {Name(resolution)}";
        }

        return result;
    }

    private static PageBitmap ScaleWidth(PageBitmap page, int width)
    {
        int srcBytes = page.RowBytes;
        int dstBytes = width / 8;
        byte[] data = new byte[page.Rows * dstBytes];
        for (int r = 0; r < page.Rows; r++)
        {
            ReadOnlySpan<byte> src = page.Data.AsSpan(r * srcBytes, srcBytes);
            Span<byte> dst = data.AsSpan(r * dstBytes, dstBytes);
            for (int x = 0; x < width; x++)
            {
                // Destination pixel x covers source pixels [x·W/w, (x+1)·W/w): black if any of them is.
                int from = (int)((long)x * page.Width / width);
                int to = Math.Max(from + 1, (int)((long)(x + 1) * page.Width / width));
                for (int sx = from; sx < to && sx < page.Width; sx++)
                {
                    if ((src[sx >> 3] & (0x80 >> (sx & 7))) != 0)
                    {
                        dst[x >> 3] |= (byte)(0x80 >> (x & 7));
                        break;
                    }
                }
            }
        }

        return new PageBitmap(width, page.Rows, data, page.Resolution);
    }

    /// <summary>Rows per standard row: 1 (3.85 lines/mm), 2 (fine, 7.7), 4 (superfine, 15.4; T.4 §2.2).</summary>
    public static int RowsPerStandardRow(Resolutions resolution) =>
        resolution.HasFlag(Resolutions.Superfine) ? 4 : resolution.HasFlag(Resolutions.Fine) ? 2 : 1;

    private static string Name(Resolutions r) => RowsPerStandardRow(r) switch { 4 => "superfine", 2 => "fine", _ => "standard" };

    private static PageBitmap JoinRows(PageBitmap page, int factor, Resolutions resolution)
    {
        int bytes = page.RowBytes;
        int rows = (page.Rows + factor - 1) / factor;
        byte[] data = new byte[rows * bytes];
        for (int r = 0; r < page.Rows; r++)
        {
            ReadOnlySpan<byte> src = page.Data.AsSpan(r * bytes, bytes);
            Span<byte> dst = data.AsSpan((r / factor) * bytes, bytes);
            for (int i = 0; i < bytes; i++)
            {
                dst[i] |= src[i];
            }
        }

        return new PageBitmap(page.Width, rows, data, resolution);
    }

    private static PageBitmap RepeatRows(PageBitmap page, int factor, Resolutions resolution)
    {
        int bytes = page.RowBytes;
        byte[] data = new byte[page.Rows * factor * bytes];
        for (int r = 0; r < page.Rows; r++)
        {
            ReadOnlySpan<byte> src = page.Data.AsSpan(r * bytes, bytes);
            for (int k = 0; k < factor; k++)
            {
                src.CopyTo(data.AsSpan(((factor * r) + k) * bytes));
            }
        }

        return new PageBitmap(page.Width, page.Rows * factor, data, resolution);
    }
}
