using System.Buffers;
using FaxAppliance.Imaging.Coding;
using FaxAppliance.Imaging.Tests.Tiff;
using FaxAppliance.Imaging.Tiff;
using FaxAppliance.Testing;

namespace FaxAppliance.Imaging.Tests.Coding;

/// <summary>
/// Our T.4/T.6 coders against libtiff's (Debian's tiffcp): strips libtiff coded are decoded by our decoders, and strips
/// our encoders coded are decoded by libtiff; pixels are compared with libtiff's uncompressed copy (<c>tiffcp -c none</c>).
/// </summary>
public sealed class FaxCodingLibtiffInteropTests
{
    /// <summary>
    /// tiffcp codes the page (MH, MR, MMR; with <c>fill</c> every EOL ends on a byte boundary), our decoder (concealment
    /// off, so any error fails) must give every row, pixel-identical to libtiff's own decoding of the same strip.
    /// Source "mkpages" is faxremote's 1728-pixel text page (2 pages, split with tiffsplit); "realistic" is a generated
    /// page of the given width. libtiff picks K for MR itself, so both resolutions are used.
    /// </summary>
    [Theory]
    [InlineData("g3:1d", true, false, "mkpages", 1728)]
    [InlineData("g3:1d:fill", false, true, "mkpages", 1728)]
    [InlineData("g3:2d", true, false, "mkpages", 1728)]
    [InlineData("g3:2d:fill", true, true, "mkpages", 1728)]
    [InlineData("g4", true, true, "mkpages", 1728)]
    [InlineData("g3:1d", true, false, "realistic", 2048)]
    [InlineData("g3:1d:fill", false, true, "realistic", 2432)]
    [InlineData("g3:2d", true, true, "realistic", 2048)]
    [InlineData("g3:2d:fill", false, false, "realistic", 2432)]
    [InlineData("g3:2d", true, false, "realistic", 1728)]
    [InlineData("g4", false, false, "realistic", 2048)]
    [InlineData("g4", true, true, "realistic", 2432)]
    public void LibtiffCodedStrip_OurDecoder_GivesLibtiffsPixels(string coding, bool lsbFirst, bool fine, string source, int width)
    {
        string dir = RepoPaths.NewTempDir("coding-libtiff-decode");
        string original = Path.Combine(dir, "original.tif");
        string coded = Path.Combine(dir, "coded.tif");
        if (source == "mkpages")
        {
            TiffTools.MakePages(original, 2, fine);
        }
        else
        {
            WriteUncompressed(original, width, FaxPages.Realistic(width, 400, width + (fine ? 1 : 0)), fine);
        }

        TiffTools.Recode(original, coded, coding, lsbFirst);
        IReadOnlyList<byte[]> expected = Uncompressed(coded, dir);

        // tiffsplit gives one file per page, as a single-page TIFF-F file arrives (one strip each, from -r 100000).
        TiffTools.MustSucceed("tiffsplit", [coded, Path.Combine(dir, "page-")]);
        string[] pageFiles = [.. Directory.GetFiles(dir, "page-*.tif").Order(StringComparer.Ordinal)];
        Assert.Equal(expected.Count, pageFiles.Length);
        for (int i = 0; i < pageFiles.Length; i++)
        {
            TiffFaxPage page = Assert.Single(TiffFaxReader.Read(pageFiles[i]));
            Assert.Equal(1, page.StripCount);
            Assert.Equal(width, page.Info.Width);
            Assert.Equal(coding == "g4" ? TiffCompression.T6 : TiffCompression.T4, page.Info.Compression);
            Assert.Equal(coding.StartsWith("g3:2d", StringComparison.Ordinal), page.Info.T4Options.HasFlag(TiffT4Options.TwoDimensional));
            Assert.Equal(coding.EndsWith(":fill", StringComparison.Ordinal), page.Info.T4Options.HasFlag(TiffT4Options.FillBits));
            Assert.Equal(lsbFirst ? TiffFillOrder.LsbFirst : TiffFillOrder.MsbFirst, page.Info.FillOrder);

            if (page.Info.T4Options.HasFlag(TiffT4Options.TwoDimensional))
            {
                // libtiff codes MR with K = 4 at fine and K = 2 at standard resolution (T.4 §4.2.1): both are covered.
                Assert.Equal(fine ? 3 : 1, LongestTwoDimensionalRun(page.Data.Span, lsbFirst));
            }

            byte[] decoded = DecodeStrip(page);
            AssertSamePixels(expected[i], decoded, width, $"{coding} page {i + 1}");
        }

        Directory.Delete(dir, recursive: true);
    }

    /// <summary>
    /// Our encoder codes the page (MH, MR K=2 and K=4, MMR; with T.4 §4.1.3 fill to 192 bits per line; with or without
    /// RTC/EOFB), <see cref="TiffFaxWriter"/> stores it, and libtiff must decode it without a warning to the same pixels.
    /// </summary>
    [Theory]
    [InlineData(FaxPages.Scheme.Mh, 1728, true, false, true)]
    [InlineData(FaxPages.Scheme.Mh, 2048, false, true, true)]
    [InlineData(FaxPages.Scheme.Mh, 2432, true, false, false)]
    [InlineData(FaxPages.Scheme.MrK2, 1728, false, false, true)]
    [InlineData(FaxPages.Scheme.MrK2, 2048, true, true, false)]
    [InlineData(FaxPages.Scheme.MrK2, 2432, true, false, true)]
    [InlineData(FaxPages.Scheme.MrK4, 1728, true, true, true)]
    [InlineData(FaxPages.Scheme.MrK4, 2048, true, false, true)]
    [InlineData(FaxPages.Scheme.MrK4, 2432, false, true, false)]
    [InlineData(FaxPages.Scheme.Mmr, 1728, true, false, true)]
    [InlineData(FaxPages.Scheme.Mmr, 2048, false, false, false)]
    [InlineData(FaxPages.Scheme.Mmr, 2432, true, false, true)]
    public void OurCodedStrip_Libtiff_DecodesTheSamePixels(FaxPages.Scheme scheme, int width, bool lsbFirst, bool fill, bool trailer)
    {
        string dir = RepoPaths.NewTempDir("coding-libtiff-encode");
        byte[] page;
        if (width == 1728)
        {
            // faxremote's text page, as libtiff decodes it.
            string original = Path.Combine(dir, "original.tif");
            TiffTools.MakePages(original, 1, fine: scheme == FaxPages.Scheme.MrK4);
            page = Uncompressed(original, dir)[0];
        }
        else
        {
            page = FaxPages.Realistic(width, 500, width);
        }

        int rows = page.Length / (width / 8);
        BitOrder order = lsbFirst ? BitOrder.LsbFirst : BitOrder.MsbFirst;
        byte[] coded = FaxPages.Encode(scheme, width, page, order, trailer, minScanLineBits: fill ? 192 : 0);
        bool fine = scheme == FaxPages.Scheme.MrK4; // K=4 is the fine-resolution K (T.4 §4.2.1)
        FaxPageInfo info = (fine ? FaxPageInfo.Fine(width, rows, Compression(scheme), T4Options(scheme))
            : FaxPageInfo.Standard(width, rows, Compression(scheme), T4Options(scheme))) with
        {
            FillOrder = lsbFirst ? TiffFillOrder.LsbFirst : TiffFillOrder.MsbFirst,
        };
        string ours = Path.Combine(dir, "ours.tif");
        using (var file = new FileStream(ours, FileMode.Create))
        using (var writer = new TiffFaxWriter(file))
        {
            writer.AddPage(info, coded);
            writer.Finish();
        }

        byte[] decoded = Assert.Single(Uncompressed(ours, dir));
        AssertSamePixels(page, decoded, width, $"{scheme} {width}");
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>Decodes one strip with our decoder, concealment off; every row must come out.</summary>
    internal static byte[] DecodeStrip(TiffFaxPage page)
    {
        FaxPageInfo info = page.Info;
        int rowBytes = info.Width / 8;
        byte[] rows = new byte[rowBytes * info.Length];
        BitOrder order = info.FillOrder == TiffFillOrder.LsbFirst ? BitOrder.LsbFirst : BitOrder.MsbFirst;
        FaxCodingResult r;
        if (info.Compression == TiffCompression.T6)
        {
            r = new T6Decoder(info.Width, order).Decode(page.Data.Span, rows);
        }
        else
        {
            T4Coding coding = info.T4Options.HasFlag(TiffT4Options.TwoDimensional) ? T4Coding.ModifiedRead : T4Coding.ModifiedHuffman;
            var decoder = new T4Decoder(info.Width, coding, order, concealErrors: false);
            r = decoder.Decode(page.Data.Span, rows);
            Assert.Equal(0, decoder.BadRows);
        }

        // Done after RTC/EOFB; NeedMoreData when the strip just ends after the last row.
        Assert.True(r.Status is OperationStatus.Done or OperationStatus.NeedMoreData, $"{r.Status} after {r.Rows} rows");
        Assert.Equal(info.Length, r.Rows);
        return rows;
    }

    /// <summary>The pages of a TIFF file as libtiff decodes them: <c>tiffcp -c none</c>, MSB-first, one strip each.</summary>
    internal static IReadOnlyList<byte[]> Uncompressed(string path, string dir)
    {
        string plain = Path.Combine(dir, $"plain-{Guid.NewGuid():N}.tif");
        TiffTools.MustSucceed("tiffcp", ["-c", "none", "-f", "msb2lsb", "-r", "100000", path, plain]);
        var pages = new List<byte[]>();
        foreach (TiffFaxPage page in TiffFaxReader.Read(plain))
        {
            Assert.Equal(TiffCompression.None, page.Info.Compression);
            Assert.Equal(TiffFillOrder.MsbFirst, page.Info.FillOrder);
            Assert.Equal(TiffPhotometric.MinIsWhite, page.Info.Photometric);
            Assert.Equal(page.Info.Width / 8 * page.Info.Length, page.Data.Length);
            pages.Add(page.Data.ToArray());
        }

        File.Delete(plain);
        return pages;
    }

    /// <summary>Writes packed rows (1 = black) as an uncompressed single-strip page for tiffcp to code.</summary>
    internal static void WriteUncompressed(string path, int width, byte[] page, bool fine)
    {
        int rows = page.Length / (width / 8);
        FaxPageInfo info = (fine ? FaxPageInfo.Fine(width, rows, TiffCompression.None) : FaxPageInfo.Standard(width, rows, TiffCompression.None))
            with { FillOrder = TiffFillOrder.MsbFirst };
        using var file = new FileStream(path, FileMode.Create);
        using var writer = new TiffFaxWriter(file);
        writer.AddPage(info, page);
        writer.Finish();
    }

    /// <summary>The most consecutive 2-D rows in an MR strip: tag bits (T.4 §4.2.1.1) after each EOL, 0 = 2-D.</summary>
    private static int LongestTwoDimensionalRun(ReadOnlySpan<byte> strip, bool lsbFirst)
    {
        int zeros = 0;
        int run = 0;
        int longest = 0;
        long bits = strip.Length * 8L;
        for (long pos = 0; pos + 1 < bits; pos++)
        {
            if (BitAt(strip, pos, lsbFirst) == 0)
            {
                zeros++;
                continue;
            }

            if (zeros >= 11)
            {
                run = BitAt(strip, ++pos, lsbFirst) == 0 ? run + 1 : 0;
                longest = Math.Max(longest, run);
            }

            zeros = 0;
        }

        return longest;
    }

    private static int BitAt(ReadOnlySpan<byte> data, long pos, bool lsbFirst)
    {
        int shift = lsbFirst ? (int)(pos & 7) : 7 - (int)(pos & 7);
        return (data[(int)(pos >> 3)] >> shift) & 1;
    }

    internal static void AssertSamePixels(byte[] expected, byte[] actual, int width, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        int rowBytes = width / 8;
        for (int y = 0; y < expected.Length / rowBytes; y++)
        {
            if (!expected.AsSpan(y * rowBytes, rowBytes).SequenceEqual(actual.AsSpan(y * rowBytes, rowBytes)))
            {
                Assert.Fail($"{what}: row {y} of {expected.Length / rowBytes} differs");
            }
        }
    }

    private static TiffCompression Compression(FaxPages.Scheme scheme) =>
        scheme == FaxPages.Scheme.Mmr ? TiffCompression.T6 : TiffCompression.T4;

    private static TiffT4Options T4Options(FaxPages.Scheme scheme) =>
        scheme is FaxPages.Scheme.MrK2 or FaxPages.Scheme.MrK4 ? TiffT4Options.TwoDimensional : TiffT4Options.None;
}
