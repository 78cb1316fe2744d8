using FaxAppliance.Fax.Pages;
using FaxAppliance.Fax.T30;
using FaxAppliance.Testing;

namespace FaxAppliance.Fax.Tests.Pages;

/// <summary>The send direction's document reader: what libtiff writes (G3 1-D/2-D, G4, uncompressed) loads to the same pixels.</summary>
public sealed class FaxDocumentTests
{
    private static string MakeDocument(string dir)
    {
        string doc = Path.Combine(dir, "doc.tif");
        var (code, _, err) = ProcessRunner.Run(RepoPaths.FaxRemote, ["mkpages", doc, "2", "--res", "fine", "--seed", "8"]);
        Assert.True(code == 0, err);
        return doc;
    }

    [Theory]
    [InlineData("none")]
    [InlineData("g3:1d")]
    [InlineData("g3:2d")]
    [InlineData("g4")]
    public void Load_WhatLibtiffWrites_SamePixelsAsTheOriginal(string compression)
    {
        string dir = RepoPaths.NewTempDir("faxdoc-" + compression.Replace(':', '-'));
        string doc = MakeDocument(dir);
        string converted = Path.Combine(dir, "converted.tif");
        var (code, _, err) = ProcessRunner.Run("tiffcp", ["-c", compression, "-r", "100000", doc, converted]);
        Assert.True(code == 0, err);

        IReadOnlyList<PageBitmap> original = FaxDocument.Load(doc);
        IReadOnlyList<PageBitmap> loaded = FaxDocument.Load(converted);

        Assert.Equal(2, loaded.Count);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(1728, loaded[i].Width);
            Assert.Equal(Resolutions.Fine, loaded[i].Resolution);
            Assert.Equal(original[i].Rows, loaded[i].Rows);
            Assert.Equal(original[i].Data, loaded[i].Data);
        }
    }

    [Fact]
    public void Load_NarrowerPage_IsCentredOnTheFaxWidthUnscaled()
    {
        string dir = RepoPaths.NewTempDir("faxdoc-width");
        string doc = MakeDocument(dir);
        string cropped = Path.Combine(dir, "cropped.tif");
        // 1000 pixels wide (a cropped page): not 1728, 2048 or 2432.
        var (code, _, err) = ProcessRunner.Run("tiffcrop", ["-U", "px", "-E", "left", "-m", "0,0,0,728", doc, cropped]);
        Assert.True(code == 0, err);

        IReadOnlyList<PageBitmap> pages = FaxDocument.Load(cropped);
        PageBitmap original = FaxDocument.Load(doc)[0];

        PageBitmap page = pages[0];
        Assert.Equal(1728, page.Width);
        Assert.Equal(original.Rows, page.Rows);
        int offset = (216 - 125) / 2; // 1000 pixels = 125 bytes, centred in 216
        for (int r = 0; r < page.Rows; r += 97)
        {
            Assert.Equal(original.Data.AsSpan(r * 216, 125).ToArray(), page.Data.AsSpan((r * 216) + offset, 125).ToArray());
            Assert.All(page.Data.AsSpan(r * 216, offset).ToArray(), b => Assert.Equal(0, b)); // white margin
        }
    }

    [Fact]
    public void Load_WiderThanA3_RefusedNamingThePage()
    {
        string dir = RepoPaths.NewTempDir("faxdoc-wide");
        string path = Path.Combine(dir, "wide.tif");
        var writer = new TiffPageStore(path, () => null);
        writer.Commit(new ReceivedPage(new PageBitmap(2560, 8, new byte[8 * 320], Resolutions.Fine), Compressions.MH, 0, 0, false));

        var e = Assert.Throws<FaxDocumentException>(() => FaxDocument.Load(path));
        Assert.Contains("page 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("2560 pixels wide", e.Message, StringComparison.Ordinal);
        Assert.Contains("wider than A3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotATiff_ClearError()
    {
        string dir = RepoPaths.NewTempDir("faxdoc-bad");
        string path = Path.Combine(dir, "bad.tif");
        File.WriteAllBytes(path, [0x49, 0x49, 0x2A, 0x00, 0xFF, 0xFF, 0xFF, 0x7F]);
        var e = Assert.Throws<FaxDocumentException>(() => FaxDocument.Load(path));
        Assert.StartsWith($"cannot read '{path}'", e.Message, StringComparison.Ordinal);
    }
}
