using FaxAppliance.Fax.T30;

namespace FaxAppliance.Fax.Pages;

/// <summary>
/// A page as packed rows (MSB = leftmost pixel, 1 = black), the form the coders read and write. A page of A4 at fine
/// resolution is about 500 KB, so a call holds one or two of these at a time, never per block.
/// </summary>
/// <param name="Width">Pixels per row (1728, 2048 or 2432).</param>
/// <param name="Rows">Scan lines.</param>
/// <param name="Data">Rows × Width / 8 bytes.</param>
/// <param name="Resolution">Standard or fine (the vertical resolution the rows were scanned at).</param>
public sealed record PageBitmap(int Width, int Rows, byte[] Data, Resolutions Resolution)
{
    /// <summary>Bytes per row.</summary>
    public int RowBytes => Width / 8;

    /// <summary>The page width class for T.30 (the pixel widths depend on the horizontal resolution).</summary>
    public PageWidth WidthClass =>
        Width <= PageScaler.Pixels(PageWidth.A4_1728, Resolution) ? PageWidth.A4_1728
        : Width <= PageScaler.Pixels(PageWidth.B4_2048, Resolution) ? PageWidth.B4_2048
        : PageWidth.A3_2432;
}
