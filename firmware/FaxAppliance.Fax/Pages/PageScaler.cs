using FaxAppliance.Fax.T30;

namespace FaxAppliance.Fax.Pages;

/// <summary>
/// Fits a page to what the receiver accepts (what fax machines call reduction): a wider page is scaled to the receiver's
/// width, and rows are joined or repeated between vertical resolutions (standard, fine, superfine: 3.85, 7.7, 15.4
/// lines/mm; 300 and 400 lines per inch). Black wins when pixels are joined, so thin strokes survive.
/// </summary>
public static class PageScaler
{
    /// <summary>Pixels per row of a width class at a resolution: 1728/2048/2432 at 8 pels/mm, 2592/3072/3648 at 300 and
    /// 3456/4096/4864 at 400 pels per inch (T.4 §2.2, the inch-based resolutions of T.30 Table 2 bits 42–44).</summary>
    public static int Pixels(PageWidth width, Resolutions resolution)
    {
        int metric = width switch
        {
            PageWidth.B4_2048 => 2048,
            PageWidth.A3_2432 => 2432,
            _ => 1728,
        };
        return resolution.HasFlag(Resolutions.R400) ? metric * 2 : resolution.HasFlag(Resolutions.R300) ? metric * 3 / 2 : metric;
    }

    /// <summary>Rows per inch of a vertical resolution (3.85, 7.7 and 15.4 lines/mm exactly, or 300 and 400 per inch).</summary>
    public static double LinesPerInch(Resolutions resolution) =>
        resolution.HasFlag(Resolutions.R400) ? 400
        : resolution.HasFlag(Resolutions.Superfine) ? 15.4 * 25.4
        : resolution.HasFlag(Resolutions.R300) ? 300
        : resolution.HasFlag(Resolutions.Fine) ? 7.7 * 25.4
        : 3.85 * 25.4;

    /// <summary>Rows per standard row: 1 (3.85 lines/mm), 2 (fine, 7.7), 4 (superfine, 15.4; T.4 §2.2), for the MR K parameter.</summary>
    public static int RowsPerStandardRow(Resolutions resolution) =>
        resolution.HasFlag(Resolutions.Superfine) || resolution.HasFlag(Resolutions.R400) ? 4
        : resolution.HasFlag(Resolutions.Fine) || resolution.HasFlag(Resolutions.R300) ? 2
        : 1;

    /// <summary>The page at <paramref name="width"/> and <paramref name="resolution"/> (the same object when it already fits).</summary>
    /// <param name="page">The page.</param>
    /// <param name="width">Target width class.</param>
    /// <param name="resolution">Target resolution (one flag).</param>
    /// <param name="changed">What was done, for the trace; null when nothing.</param>
    public static PageBitmap Fit(PageBitmap page, PageWidth width, Resolutions resolution, out string? changed)
    {
        ArgumentNullException.ThrowIfNull(page);
        changed = null;
        PageBitmap result = page;
        int pixels = Pixels(width, resolution);
        if (result.Width != pixels)
        {
            result = ScaleWidth(result, pixels);
            changed = $"width {page.Width} → {pixels} pixels";
        }

        double from = LinesPerInch(page.Resolution);
        double to = LinesPerInch(resolution);
        if (Math.Abs(from - to) > 0.01)
        {
            result = ScaleRows(result, to / from, resolution);
            changed = (changed is null ? string.Empty : changed + ", ") + $"{Name(page.Resolution)} → {Name(resolution)}";
        }
        else if (result.Resolution != resolution)
        {
            result = result with { Resolution = resolution };
        }

        return result;
    }

    /// <summary>A narrower page (a letter-size scan, a cropped image) centred on a wider row of white: nothing is
    /// scaled, so the page keeps its size on paper.</summary>
    public static PageBitmap Centre(PageBitmap page, int width)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (width < page.Width || width % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, $"must be a multiple of 8 and at least {page.Width}");
        }

        int srcBytes = page.RowBytes;
        int dstBytes = width / 8;
        int offset = (dstBytes - srcBytes) / 2;
        byte[] data = new byte[page.Rows * dstBytes];
        for (int r = 0; r < page.Rows; r++)
        {
            page.Data.AsSpan(r * srcBytes, srcBytes).CopyTo(data.AsSpan((r * dstBytes) + offset));
        }

        return new PageBitmap(width, page.Rows, data, page.Resolution);
    }

    private static string Name(Resolutions r) =>
        r.HasFlag(Resolutions.R400) ? "400×400" : r.HasFlag(Resolutions.R300) ? "300×300"
        : r.HasFlag(Resolutions.Superfine) ? "superfine" : r.HasFlag(Resolutions.Fine) ? "fine" : "standard";

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

    // Output row y takes source rows [y/ratio, (y+1)/ratio): joined (black wins) when reducing, repeated when enlarging.
    // With ratio 1/2 this joins row pairs, with 2 it repeats every row.
    private static PageBitmap ScaleRows(PageBitmap page, double ratio, Resolutions resolution)
    {
        int bytes = page.RowBytes;
        int rows = Math.Max(1, (int)Math.Ceiling((page.Rows * ratio) - 1e-9));
        byte[] data = new byte[rows * bytes];
        for (int y = 0; y < rows; y++)
        {
            int from = Math.Min(page.Rows - 1, (int)Math.Floor((y / ratio) + 1e-9));
            int to = Math.Min(page.Rows, Math.Max(from + 1, (int)Math.Floor(((y + 1) / ratio) + 1e-9)));
            Span<byte> dst = data.AsSpan(y * bytes, bytes);
            for (int r = from; r < to; r++)
            {
                ReadOnlySpan<byte> src = page.Data.AsSpan(r * bytes, bytes);
                for (int i = 0; i < bytes; i++)
                {
                    dst[i] |= src[i];
                }
            }
        }

        return new PageBitmap(page.Width, rows, data, resolution);
    }
}
