using System.Text.Json;
using FaxAppliance.Testing;

namespace FaxAppliance.Imaging.Tests.Tiff;

/// <summary>The outside TIFF tools the tests compare against: faxremote (spandsp/libtiff) and Debian's libtiff tools.</summary>
internal static class TiffTools
{
    /// <summary>One page as <c>faxremote pixels</c> reports it (hash = FNV-1a of the decoded rows).</summary>
    internal sealed record PagePixels(int Width, int Height, double XRes, double YRes, int Compression, int FillOrder, string Hash);

    public static void MakePages(string path, int pages, bool fine) =>
        MustSucceed(RepoPaths.FaxRemote, ["mkpages", path, pages.ToString(), "--res", fine ? "fine" : "standard"]);

    /// <summary>Re-encodes with tiffcp; <paramref name="coding"/> is tiffcp's -c argument (g3:1d, g3:2d:fill, g4).</summary>
    public static void Recode(string source, string target, string coding, bool lsbFirst)
    {
        var args = new List<string> { "-c", coding, "-f", lsbFirst ? "lsb2msb" : "msb2lsb" };

        // One strip per page, as TIFF-F has it (T.6 strips cannot be concatenated).
        args.AddRange(["-r", "100000", source, target]);
        MustSucceed("tiffcp", args);
    }

    public static IReadOnlyList<PagePixels> Pixels(string path)
    {
        string stdout = MustSucceed(RepoPaths.FaxRemote, ["pixels", path]);
        var pages = new List<PagePixels>();
        foreach (string line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            JsonElement e = doc.RootElement;
            pages.Add(new PagePixels(
                e.GetProperty("width").GetInt32(), e.GetProperty("height").GetInt32(),
                e.GetProperty("xres").GetDouble(), e.GetProperty("yres").GetDouble(),
                e.GetProperty("compression").GetInt32(), e.GetProperty("fill_order").GetInt32(),
                e.GetProperty("hash").GetString()!));
        }

        return pages;
    }

    /// <summary>Runs a tool that must exit 0 and write nothing to stderr (libtiff's warnings go there).</summary>
    public static string MustSucceed(string tool, IEnumerable<string> args)
    {
        var (exit, stdout, stderr) = ProcessRunner.Run(tool, args, timeoutSeconds: 60);
        Assert.True(exit == 0 && stderr.Length == 0, $"{tool} {string.Join(' ', args)}: exit {exit}, stderr: {stderr}");
        return stdout;
    }
}
