using FaxAppliance.Imaging.Storage;

namespace FaxAppliance.Imaging.Tiff;

public sealed partial class TiffFaxWriter
{
    /// <summary>
    /// Writes <paramref name="pages"/> as a TIFF-F file at <paramref name="path"/> so that after a power loss
    /// the path holds either the old file or the complete new one: temp file in the same folder, fsync,
    /// rename over the target, then fsync of the folder (Linux) so the rename itself is on disk.
    /// </summary>
    public static void WritePagesDurably(string path, IEnumerable<FaxPage> pages)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(pages);
        using var buffer = new MemoryStream();
        using (var writer = new TiffFaxWriter(buffer, leaveOpen: true))
        {
            foreach (FaxPage page in pages)
            {
                writer.AddPage(page.Info, page.EncodedStrip.Span);
            }

            writer.Finish();
        }

        DurableFile.WriteAllBytes(path, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }
}
