using System.Runtime.InteropServices;

namespace FaxAppliance.Imaging.Storage;

/// <summary>
/// File operations that survive a crash or power loss at any point: a reader sees the old content or the
/// complete new one, never a part (temp file in the same folder, fsync, rename, fsync of the folder).
/// </summary>
public static class DurableFile
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically and durably.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException("The path has no folder", nameof(path));
        string temp = TempNameFor(fullPath);
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(content);
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

    /// <summary>The temporary name used beside <paramref name="fullPath"/>: ".NAME.GUID.tmp".</summary>
    public static string TempNameFor(string fullPath)
    {
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        return Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
    }

    /// <summary>True for a name made by <see cref="TempNameFor"/> (a write that a crash interrupted if it is still there).</summary>
    public static bool IsTempName(string fileName) =>
        fileName.StartsWith('.') && fileName.EndsWith(".tmp", StringComparison.Ordinal);

    /// <summary>Creates <paramref name="directory"/> and makes its entry durable in the parent folder.</summary>
    public static void CreateDirectory(string directory)
    {
        string full = Path.GetFullPath(directory);
        if (Directory.Exists(full))
        {
            return;
        }

        Directory.CreateDirectory(full);
        SyncDirectory(Path.GetDirectoryName(full.TrimEnd(Path.DirectorySeparatorChar)) ?? full);
    }

    /// <summary>fsync(2) of a folder so that creations, renames and deletions in it are on disk (POSIX; no-op elsewhere).</summary>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        int fd = NativeMethods.open(directory, NativeMethods.O_RDONLY | (OperatingSystem.IsLinux() ? NativeMethods.O_DIRECTORY_LINUX : 0));
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
        public const int O_DIRECTORY_LINUX = 0x10000; // Linux asm-generic fcntl.h (x86-64, arm, arm64)

#pragma warning disable SYSLIB1054, CA2101, CA5392 // plain libc calls with blittable arguments except the path (no unsafe code for LibraryImport)
        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
#pragma warning restore SYSLIB1054, CA2101, CA5392
    }
}
