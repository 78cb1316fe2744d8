using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace FaxAppliance.Spool.Tests;

/// <summary>
/// A stand-in for the multi-page TIFF in the crash test: "FAXSIM01", page count, then per page its length, bytes and
/// SHA-256, so a reader can tell a whole page from a torn one. Rewritten like TiffPageStore does: temp, fsync, rename.
/// </summary>
internal static class SimFax
{
    private static readonly byte[] Magic = "FAXSIM01"u8.ToArray();

    /// <summary>The deterministic content of page <paramref name="page"/> of call <paramref name="callId"/> (4–40 KB).</summary>
    public static byte[] PageContent(string callId, int page)
    {
        byte[] seed = SHA256.HashData(Encoding.UTF8.GetBytes($"{callId}/{page}"));
        var rng = new Random(BinaryPrimitives.ReadInt32LittleEndian(seed));
        byte[] content = new byte[4096 + rng.Next(36 * 1024)];
        rng.NextBytes(content);
        return content;
    }

    public static string Hash(byte[] page) => Convert.ToHexStringLower(SHA256.HashData(page));

    public static byte[] Encode(IReadOnlyList<byte[]> pages)
    {
        using var ms = new MemoryStream();
        ms.Write(Magic);
        Span<byte> n = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(n, pages.Count);
        ms.Write(n);
        foreach (byte[] p in pages)
        {
            BinaryPrimitives.WriteInt32LittleEndian(n, p.Length);
            ms.Write(n);
            ms.Write(p);
            ms.Write(SHA256.HashData(p));
        }

        return ms.ToArray();
    }

    /// <summary>The pages, or null with a reason when the data is not a whole container (torn, truncated, trailing bytes).</summary>
    public static List<byte[]>? Decode(ReadOnlySpan<byte> data, out string reason)
    {
        reason = "";
        if (data.Length < 12 || !data[..8].SequenceEqual(Magic))
        {
            reason = "no header";
            return null;
        }

        int count = BinaryPrimitives.ReadInt32LittleEndian(data[8..]);
        int at = 12;
        var pages = new List<byte[]>();
        for (int i = 0; i < count; i++)
        {
            if (data.Length - at < 4)
            {
                reason = $"page {i + 1}: truncated length";
                return null;
            }

            int len = BinaryPrimitives.ReadInt32LittleEndian(data[at..]);
            at += 4;
            if (len < 0 || data.Length - at < len + 32)
            {
                reason = $"page {i + 1}: truncated body";
                return null;
            }

            byte[] page = data.Slice(at, len).ToArray();
            if (!SHA256.HashData(page).AsSpan().SequenceEqual(data.Slice(at + len, 32)))
            {
                reason = $"page {i + 1}: checksum mismatch";
                return null;
            }

            pages.Add(page);
            at += len + 32;
        }

        if (at != data.Length)
        {
            reason = "trailing bytes";
            return null;
        }

        return pages;
    }
}
