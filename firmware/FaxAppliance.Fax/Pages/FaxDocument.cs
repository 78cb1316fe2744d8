using FaxAppliance.Fax.T30;
using FaxAppliance.Imaging.Coding;
using FaxAppliance.Imaging.Tiff;

namespace FaxAppliance.Fax.Pages;

/// <summary>A document could not be prepared for sending; the message names the page and what is wrong.</summary>
public sealed class FaxDocumentException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Loads a TIFF (G3, G4 or uncompressed bilevel) into pages the engine can send.</summary>
public static class FaxDocument
{
    /// <summary>Reads every page of <paramref name="path"/>; throws <see cref="FaxDocumentException"/> naming the page that cannot be sent.</summary>
    public static IReadOnlyList<PageBitmap> Load(string path)
    {
        IReadOnlyList<TiffFaxPage> pages;
        try
        {
            pages = TiffFaxReader.Read(path);
        }
        catch (Exception e) when (e is TiffFormatException or IOException or UnauthorizedAccessException)
        {
            throw new FaxDocumentException($"cannot read '{path}': {e.Message}", e);
        }

        if (pages.Count == 0)
        {
            throw new FaxDocumentException($"'{path}' has no pages");
        }

        var result = new List<PageBitmap>(pages.Count);
        for (int i = 0; i < pages.Count; i++)
        {
            result.Add(ToBitmap(pages[i], i + 1));
        }

        return result;
    }

    private static PageBitmap ToBitmap(TiffFaxPage page, int number)
    {
        FaxPageInfo info = page.Info;
        double dpiX = PerInch(info.XResolution, info.ResolutionUnit, 204);
        double dpiY = PerInch(info.YResolution, info.ResolutionUnit, 98);

        // 300 and 400 pels per inch across are the inch-based resolutions (T.30 bits 42–44); else 8 pels/mm, with the
        // rows at 3.85, 7.7 or 15.4 lines/mm.
        Resolutions resolution = Math.Abs(dpiX - 400) < 20 ? Resolutions.R400
            : Math.Abs(dpiX - 300) < 15 ? Resolutions.R300
            : dpiY >= 300 ? Resolutions.Superfine : dpiY >= 150 ? Resolutions.Fine : Resolutions.Standard;
        int[] widths = [PageScaler.Pixels(PageWidth.A4_1728, resolution), PageScaler.Pixels(PageWidth.B4_2048, resolution), PageScaler.Pixels(PageWidth.A3_2432, resolution)];
        int target = widths.FirstOrDefault(w => w >= info.Width);
        if (target == 0 || info.Width % 8 != 0)
        {
            // A narrower page is centred on the fax width below; wider than A3, or not whole bytes, cannot be sent.
            throw new FaxDocumentException(info.Width % 8 != 0
                ? $"page {number}: {info.Width} pixels wide is not a whole number of bytes per row"
                : $"page {number}: {info.Width} pixels wide at {dpiX:0} pels per inch is wider than A3 ({widths[2]} pixels)");
        }

        BitOrder order = info.FillOrder == TiffFillOrder.LsbFirst ? BitOrder.LsbFirst : BitOrder.MsbFirst;
        PageBitmap bitmap;
        if (info.Compression == TiffCompression.None)
        {
            int rowBytes = info.Width / 8;
            long needed = (long)rowBytes * info.Length;
            if (page.Data.Length < needed)
            {
                throw new FaxDocumentException($"page {number}: {page.Data.Length} bytes of uncompressed data for {info.Length} rows of {info.Width} pixels");
            }

            byte[] rows = page.Data[..(int)needed].ToArray();
            if (order == BitOrder.LsbFirst)
            {
                for (int k = 0; k < rows.Length; k++)
                {
                    rows[k] = ReverseBits(rows[k]);
                }
            }

            bitmap = new PageBitmap(info.Width, info.Length, rows, resolution);
        }
        else
        {
            if (info.Compression == TiffCompression.T6 && page.StripCount != 1)
            {
                throw new FaxDocumentException($"page {number}: G4 in {page.StripCount} strips (only one strip per page is supported)");
            }

            Compressions coding = info.Compression == TiffCompression.T6 ? Compressions.MMR
                : info.T4Options.HasFlag(TiffT4Options.TwoDimensional) ? Compressions.MR : Compressions.MH;
            bitmap = PageCoding.Decode(page.Data.Span, info.Width, coding, order, resolution, out string? error)
                ?? throw new FaxDocumentException($"page {number}: {error}");
        }

        if (info.Photometric == TiffPhotometric.MinIsBlack)
        {
            byte[] d = bitmap.Data;
            for (int k = 0; k < d.Length; k++)
            {
                d[k] = (byte)~d[k];
            }
        }

        if (bitmap.Rows == 0)
        {
            throw new FaxDocumentException($"page {number}: no rows decoded");
        }

        return target == bitmap.Width ? bitmap : PageScaler.Centre(bitmap, target);
    }

    private static double PerInch(Imaging.Tiff.TiffRational r, TiffResolutionUnit unit, double fallback)
    {
        if (r.Denominator == 0 || r.Numerator == 0)
        {
            return fallback;
        }

        double v = (double)r.Numerator / r.Denominator;
        return unit == TiffResolutionUnit.Centimeter ? v * 2.54 : v;
    }

    private static byte ReverseBits(byte b)
    {
        int r = 0;
        for (int i = 0; i < 8; i++)
        {
            r = (r << 1) | ((b >> i) & 1);
        }

        return (byte)r;
    }
}
