using FaxAppliance.Fax.T30;
using FaxAppliance.Imaging.Coding;
using FaxAppliance.Imaging.Tiff;

namespace FaxAppliance.Fax.Pages;

/// <summary>A received page, ready to be stored.</summary>
/// <param name="Bitmap">The rows (bad rows already concealed).</param>
/// <param name="Compression">How the page came over the line (kept for the file).</param>
/// <param name="BadRows">Rows concealed.</param>
/// <param name="ConsecutiveBadRows">Longest run of concealed rows.</param>
/// <param name="Partial">The page was cut off before its end.</param>
public sealed record ReceivedPage(PageBitmap Bitmap, Compressions Compression, int BadRows, int ConsecutiveBadRows, bool Partial);

/// <summary>
/// Where the engine puts received pages. <see cref="Commit"/> returns only when the page is on stable storage: the
/// engine calls it before it sends the MCF that tells the sender the page arrived (nothing confirmed is lost).
/// </summary>
public interface IPageStore
{
    /// <summary>Pages committed so far.</summary>
    int Count { get; }

    /// <summary>Stores <paramref name="page"/> durably; throws <see cref="IOException"/> when it cannot.</summary>
    void Commit(ReceivedPage page);
}

/// <summary>
/// Keeps a call's pages in one multi-page TIFF-F file, rewritten durably (temporary file, fsync, rename) after each
/// page: after a crash the file holds exactly the pages confirmed so far. Rewriting is O(pages²) in bytes written,
/// a few MB for a long fax, which an SD card does in well under the sender's T4 (3 s) wait for MCF.
/// </summary>
public sealed class TiffPageStore : IPageStore
{
    /// <summary>Superfine, 15.4 lines/mm (T.4 §2.2): 391 lines per inch, as TIFF-FX and fax software write it.</summary>
    public static readonly Imaging.Tiff.TiffRational SuperfineY = new(391, 1);

    private readonly List<FaxPage> _pages = [];
    private readonly string _path;
    private readonly Func<string?> _remoteIdentity;
    private readonly TimeProvider _time;

    /// <summary>Stores into <paramref name="path"/>; <paramref name="remoteIdentity"/> is read at each commit for the page description.</summary>
    public TiffPageStore(string path, Func<string?> remoteIdentity, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        _remoteIdentity = remoteIdentity;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The file.</summary>
    public string Path => _path;

    /// <inheritdoc/>
    public int Count => _pages.Count;

    /// <inheritdoc/>
    public void Commit(ReceivedPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        PageBitmap b = page.Bitmap;
        Compressions coding = page.Compression is Compressions.MR or Compressions.MMR ? page.Compression : Compressions.MH;
        byte[] strip = PageCoding.Encode(b, coding, BitOrder.LsbFirst, 0, endMarker: false);
        TiffCompression compression = coding == Compressions.MMR ? TiffCompression.T6 : TiffCompression.T4;
        TiffT4Options t4 = coding == Compressions.MR ? TiffT4Options.TwoDimensional : TiffT4Options.None;
        FaxPageInfo info = (b.Resolution switch
        {
            Resolutions.R400 => FaxPageInfo.Standard(b.Width, b.Rows, compression, t4) with { XResolution = new(400, 1), YResolution = new(400, 1) },
            Resolutions.R300 => FaxPageInfo.Standard(b.Width, b.Rows, compression, t4) with { XResolution = new(300, 1), YResolution = new(300, 1) },
            Resolutions.Superfine => FaxPageInfo.Fine(b.Width, b.Rows, compression, t4) with { YResolution = SuperfineY }, // 15.4 lines/mm
            Resolutions.Fine => FaxPageInfo.Fine(b.Width, b.Rows, compression, t4),
            _ => FaxPageInfo.Standard(b.Width, b.Rows, compression, t4),
        }) with
        {
            Description = _remoteIdentity() is { Length: > 0 } id ? $"Received from {id}" : "Received fax",
            Software = "FaxAppliance",
            DateTime = _time.GetLocalNow().DateTime,
            BadFaxLines = page.BadRows,
            ConsecutiveBadFaxLines = page.ConsecutiveBadRows,
            CleanFaxData = page.BadRows > 0 ? TiffCleanFaxData.Regenerated : TiffCleanFaxData.Clean,
        };
        _pages.Add(new FaxPage(info, strip));
        try
        {
            TiffFaxWriter.WritePagesDurably(_path, _pages);
        }
        catch
        {
            _pages.RemoveAt(_pages.Count - 1);
            throw;
        }
    }
}
