using FaxAppliance.Fax.Pages;
using FaxAppliance.Fax.T30;

namespace FaxAppliance.Fax.Tests.Pages;

public sealed class PageScalerTests
{
    [Fact]
    public void Fit_FineToStandard_JoinsRowPairsBlackWins()
    {
        byte[] rows = new byte[4 * 216];
        rows[0] = 0x80;          // row 0, pixel 0
        rows[216 + 1] = 0x01;    // row 1, pixel 15
        rows[3 * 216] = 0x40;    // row 3, pixel 1
        var page = new PageBitmap(1728, 4, rows, Resolutions.Fine);

        PageBitmap std = PageScaler.Fit(page, PageWidth.A4_1728, Resolutions.Standard, out string? changed);

        Assert.Equal(2, std.Rows);
        Assert.Equal(Resolutions.Standard, std.Resolution);
        Assert.Equal(0x80, std.Data[0]);
        Assert.Equal(0x01, std.Data[1]);
        Assert.Equal(0x40, std.Data[216]);
        Assert.Equal("fine → standard", changed);
    }

    [Fact]
    public void Fit_A3ToA4_KeepsAOnePixelVerticalLine()
    {
        byte[] rows = new byte[2 * 304];
        rows[100] = 0x08; // pixel 804 in row 0 (a one-pixel line)
        rows[304 + 100] = 0x08;
        var page = new PageBitmap(2432, 2, rows, Resolutions.Standard);

        PageBitmap a4 = PageScaler.Fit(page, PageWidth.A4_1728, Resolutions.Standard, out _);

        Assert.Equal(1728, a4.Width);
        int x = (int)(804L * 1728 / 2432); // where the line lands
        Assert.True((a4.Data[x >> 3] & (0x80 >> (x & 7))) != 0 || (a4.Data[(x + 1) >> 3] & (0x80 >> ((x + 1) & 7))) != 0);
        Assert.Equal(1, CountBits(a4.Data.AsSpan(0, 216)));
        Assert.Equal(1, CountBits(a4.Data.AsSpan(216, 216)));
    }

    [Fact]
    public void Fit_AlreadyFitting_ReturnsTheSamePage()
    {
        var page = new PageBitmap(1728, 3, new byte[3 * 216], Resolutions.Fine);
        Assert.Same(page, PageScaler.Fit(page, PageWidth.A4_1728, Resolutions.Fine, out string? changed));
        Assert.Null(changed);
    }

    private static int CountBits(ReadOnlySpan<byte> bytes)
    {
        int n = 0;
        foreach (byte b in bytes)
        {
            n += System.Numerics.BitOperations.PopCount(b);
        }

        return n;
    }

    [Fact]
    public void Fit_300x300ToFine_ScalesBothWaysKeepingStrokes()
    {
        // 300 rows of 2592 pixels (A4 at 300 pels per inch), a one-pixel horizontal line on row 150.
        byte[] rows = new byte[300 * 324];
        rows.AsSpan(150 * 324, 324).Fill(0xFF);
        var page = new PageBitmap(2592, 300, rows, Resolutions.R300);

        PageBitmap fine = PageScaler.Fit(page, PageWidth.A4_1728, Resolutions.Fine, out string? changed);

        Assert.Equal(1728, fine.Width);
        Assert.Equal((int)Math.Ceiling(300 * PageScaler.LinesPerInch(Resolutions.Fine) / 300), fine.Rows); // 196
        Assert.Equal(Resolutions.Fine, fine.Resolution);
        int blackRows = Enumerable.Range(0, fine.Rows).Count(r => fine.Data.AsSpan(r * 216, 216).IndexOfAnyExcept((byte)0) >= 0);
        Assert.Equal(1, blackRows); // the line survives, once
        Assert.Equal("width 2592 → 1728 pixels, 300×300 → fine", changed);
    }

    [Theory]
    [InlineData(PageWidth.A4_1728, Resolutions.R300, 2592)]
    [InlineData(PageWidth.B4_2048, Resolutions.R300, 3072)]
    [InlineData(PageWidth.A3_2432, Resolutions.R300, 3648)]
    [InlineData(PageWidth.A4_1728, Resolutions.R400, 3456)]
    [InlineData(PageWidth.B4_2048, Resolutions.R400, 4096)]
    [InlineData(PageWidth.A3_2432, Resolutions.R400, 4864)]
    [InlineData(PageWidth.A3_2432, Resolutions.Superfine, 2432)]
    public void Pixels_InchBasedResolutions_FollowT4(PageWidth width, Resolutions resolution, int pixels) =>
        Assert.Equal(pixels, PageScaler.Pixels(width, resolution));
}
