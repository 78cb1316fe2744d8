using FaxAppliance.Testing;
using FaxAppliance.Uplink.Mail;

namespace FaxAppliance.Uplink.Tests;

/// <summary>Fax requests and TIFF-like files for the tests.</summary>
internal static class TestFaxes
{
    public static readonly FaxMailOptions Mail = new("fax-appliance@fax.test", "Fax appliance");

    /// <summary>Bytes that start like a little-endian TIFF (TIFF 6.0 §2 header) followed by every byte value, so
    /// any re-encoding (line ends, 8-bit, charset) would show.</summary>
    public static byte[] TiffBytes(int length = 70_000, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        "II*\0"u8.CopyTo(bytes);
        for (int i = 0; i < 256 && 8 + i < length; i++)
        {
            bytes[8 + i] = (byte)i;
        }

        return bytes;
    }

    /// <summary>One folder for this test run's files. Test hosts end without running exit handlers, so each run
    /// removes the folders earlier runs left (only this project's "uplink-" folders older than an hour).</summary>
    private static readonly Lazy<string> Dir = new(() =>
    {
        string dir = RepoPaths.NewTempDir("uplink");
        foreach (string old in Directory.GetDirectories(Path.GetDirectoryName(dir)!, "uplink-*"))
        {
            try
            {
                if (old != dir && Directory.GetLastWriteTimeUtc(old) < DateTime.UtcNow.AddHours(-1))
                {
                    Directory.Delete(old, recursive: true);
                }
            }
            catch (IOException)
            {
                // Another run is using it.
            }
        }

        return dir;
    });

    /// <summary>A new file name in this run's folder.</summary>
    public static string NewFilePath(string extension) => Path.Combine(Dir.Value, $"{Guid.NewGuid():N}{extension}");

    public static FaxMailRequest Request(string callId, string recipient = "fax@fax.test", byte[]? tiff = null)
    {
        string path = NewFilePath(".tif");
        File.WriteAllBytes(path, tiff ?? TiffBytes());
        return new FaxMailRequest(callId, "ACME Corp Sales", "+49 30 1234567", 3, TimeSpan.FromSeconds(95), 14400, true,
            [0, 12, 0], path, recipient, "Erika Mustermann", new DateTimeOffset(2026, 11, 27, 8, 30, 15, TimeSpan.Zero));
    }
}
