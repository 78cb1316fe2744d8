using System.Runtime.InteropServices;

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
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException("The path has no folder", nameof(path));
        string temp = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
            {
                using var writer = new TiffFaxWriter(file, leaveOpen: true);
                foreach (FaxPage page in pages)
                {
                    writer.AddPage(page.Info, page.EncodedStrip.Span);
                }

                writer.Finish();
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        SyncDirectory(directory);
    }

    /// <summary>fsync(2) of a folder, so that a rename in it is durable; best effort, Linux only.</summary>
    private static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int fd = NativeMethods.open(directory, NativeMethods.O_RDONLY | NativeMethods.O_DIRECTORY);
        if (fd < 0)
        {
            return;
        }

        _ = NativeMethods.fsync(fd);
        _ = NativeMethods.close(fd);
    }

    private static class NativeMethods
    {
        public const int O_RDONLY = 0;
        public const int O_DIRECTORY = 0x10000; // Linux asm-generic fcntl.h (x86-64, arm, arm64)

#pragma warning disable SYSLIB1054, CA2101, CA5392 // plain libc calls with blittable arguments except the path
        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
#pragma warning restore SYSLIB1054, CA2101, CA5392
    }
}
