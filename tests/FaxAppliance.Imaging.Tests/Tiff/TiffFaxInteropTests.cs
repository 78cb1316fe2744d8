using System.Text.RegularExpressions;
using FaxAppliance.Imaging.Tiff;
using FaxAppliance.Testing;

namespace FaxAppliance.Imaging.Tests.Tiff;

/// <summary>
/// Pages coded by libtiff (tiffcp) are read with <see cref="TiffFaxReader"/>, written again with
/// <see cref="TiffFaxWriter"/>, and libtiff must read the result without a warning and decode the same pixels.
/// </summary>
public sealed partial class TiffFaxInteropTests
{
    [Theory]
    [InlineData("g3:1d", true, 1, false)] // MH, LSB-first, standard
    [InlineData("g3:1d", true, 3, true)] // MH, fine, 3 pages
    [InlineData("g3:2d:fill", false, 1, true)] // MR with fill bits, MSB-first, fine
    [InlineData("g3:2d", true, 3, false)] // MR, 3 pages, standard
    [InlineData("g4", true, 1, false)] // MMR, standard
    [InlineData("g4", false, 3, true)] // MMR, MSB-first, fine, 3 pages
    public void TiffFaxWriter_RewritesLibtiffPages_LibtiffReadsCleanlyAndPixelsMatch(string coding, bool lsbFirst, int pageCount, bool fine)
    {
        string dir = RepoPaths.NewTempDir("tiff-interop");
        string source = Path.Combine(dir, "source.tif");
        string recoded = Path.Combine(dir, "recoded.tif");
        string ours = Path.Combine(dir, "ours.tif");
        TiffTools.MakePages(source, pageCount, fine);
        TiffTools.Recode(source, recoded, coding, lsbFirst);

        IReadOnlyList<TiffFaxPage> pages = TiffFaxReader.Read(recoded);
        Assert.Equal(pageCount, pages.Count);
        using (var file = new FileStream(ours, FileMode.Create))
        using (var writer = new TiffFaxWriter(file))
        {
            foreach (TiffFaxPage page in pages)
            {
                Assert.Equal(1, page.StripCount);
                FaxPageInfo info = page.Info with
                {
                    Description = "Received from +49 30 1234567",
                    Software = "FaxAppliance tests",
                    DateTime = new DateTime(2026, 11, 27, 4, 30, 0),
                };
                writer.AddPage(info, page.Data.Span);
            }

            writer.Finish();
        }

        // libtiff reads every directory and decodes every strip without a warning.
        TiffTools.MustSucceed("tiffinfo", ["-D", ours]);
        TiffTools.MustSucceed("tiffcp", [ours, Path.Combine(dir, "copy.tif")]);

        // Pixel-identical to the pages libtiff coded, and to the original.
        var expected = TiffTools.Pixels(recoded);
        var original = TiffTools.Pixels(source);
        var actual = TiffTools.Pixels(ours);
        Assert.Equal(pageCount, actual.Count);
        for (int i = 0; i < pageCount; i++)
        {
            Assert.Equal(expected[i], actual[i]);
            Assert.Equal(original[i].Hash, actual[i].Hash);
            Assert.Equal(fine ? 196 : 98, actual[i].YRes);
            Assert.Equal(lsbFirst ? 2 : 1, actual[i].FillOrder);
        }

        // PageNumber (297) is "n, total" with n counted from 0 (TIFF 6.0 §8), as libtiff's tiffdump shows it.
        string dump = TiffTools.MustSucceed("tiffdump", [ours]);
        var numbers = PageNumberRegex().Matches(dump).Select(m => (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value))).ToList();
        Assert.Equal(Enumerable.Range(0, pageCount).Select(n => (n, pageCount)), numbers);

        // And our reader agrees with what we wrote.
        IReadOnlyList<TiffFaxPage> back = TiffFaxReader.Read(ours);
        Assert.Equal(pages.Select(p => p.Data.ToArray()), back.Select(p => p.Data.ToArray()));
        Assert.All(back, p => Assert.Equal("Received from +49 30 1234567", p.Info.Description));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void TiffFaxWriter_BadRowsAndMetricResolution_LibtiffReadsTagsWithoutWarnings()
    {
        string dir = RepoPaths.NewTempDir("tiff-badrows");
        string source = Path.Combine(dir, "source.tif");
        string ours = Path.Combine(dir, "ours.tif");
        TiffTools.MakePages(source, 1, fine: true);
        TiffFaxPage page = TiffFaxReader.Read(source)[0];
        FaxPageInfo info = page.Info.WithMetricResolution(fine: true) with
        {
            BadFaxLines = 7,
            ConsecutiveBadFaxLines = 3,
            CleanFaxData = TiffCleanFaxData.Regenerated,
        };
        TiffFaxWriter.WritePagesDurably(ours, [new FaxPage(info, page.Data)]);

        Assert.Equal(["ours.tif", "source.tif"], Directory.GetFiles(dir).Select(Path.GetFileName).Order());
        string tiffinfo = TiffTools.MustSucceed("tiffinfo", ["-D", ours]);
        Assert.Contains("Bad Fax Lines: 7", tiffinfo);
        Assert.Contains("Consecutive Bad Fax Lines: 3", tiffinfo);
        Assert.Contains("Fax Data: receiver regenerated", tiffinfo);
        Assert.Contains("pixels/cm", tiffinfo);
        Assert.Equal(TiffTools.Pixels(source)[0].Hash, TiffTools.Pixels(ours)[0].Hash);

        FaxPageInfo back = TiffFaxReader.Read(ours)[0].Info;
        Assert.Equal((7, 3, TiffCleanFaxData.Regenerated), (back.BadFaxLines, back.ConsecutiveBadFaxLines, back.CleanFaxData));
        Assert.Equal((new TiffRational(803, 10), new TiffRational(77, 1), TiffResolutionUnit.Centimeter), (back.XResolution, back.YResolution, back.ResolutionUnit));
        Directory.Delete(dir, recursive: true);
    }

    [GeneratedRegex(@"PageNumber \(297\) SHORT \(3\) 2<(\d+) (\d+)>")]
    private static partial Regex PageNumberRegex();
}
