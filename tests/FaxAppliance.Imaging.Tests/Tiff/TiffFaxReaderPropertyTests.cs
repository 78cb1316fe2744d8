using System.Buffers.Binary;
using CsCheck;
using FaxAppliance.Imaging.Tiff;
using FaxAppliance.Testing;

namespace FaxAppliance.Imaging.Tests.Tiff;

/// <summary>Any input gives pages or a <see cref="TiffFormatException"/> with a message — never another exception or a hang.</summary>
public sealed class TiffFaxReaderPropertyTests
{
    private static readonly byte[] SmallFile = WriteSmallFile();

    [Fact]
    public void TiffFaxReader_RandomBytes_OnlyTiffFormatException()
    {
        // An Action, not a Func<byte[], bool>: CsCheck treats a false result as a failed sample.
        Gen.Byte.Array[0, 2048].Sample(bytes => { _ = ReadsOrFailsCleanly(bytes); }, iter: 5000);

        // Past the header, so that the IFD parser sees the random bytes.
        Gen.Byte.Array[0, 2048].Sample(tail => { _ = ReadsOrFailsCleanly([(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, .. tail]); }, iter: 5000);
    }

    [Fact]
    public void TiffFaxReader_MutatedRealFile_OnlyTiffFormatException()
    {
        Gen.Select(Gen.Int[0, SmallFile.Length - 1], Gen.Byte, Gen.Int[0, SmallFile.Length - 1], Gen.Byte).Sample((i, a, j, b) =>
        {
            byte[] file = (byte[])SmallFile.Clone();
            file[i] = a;
            file[j] = b;
            _ = ReadsOrFailsCleanly(file);
        }, iter: 20000);
    }

    [Fact]
    public void TiffFaxReader_EveryPrefixOfOurFile_Rejected()
    {
        Assert.Equal(3, TiffFaxReader.Read(SmallFile).Count);
        for (int n = 0; n < SmallFile.Length; n++)
        {
            Assert.Throws<TiffFormatException>(() => TiffFaxReader.Read(SmallFile.AsSpan(0, n)));
        }
    }

    [Fact]
    public void TiffFaxReader_EveryPrefixOfFaxremoteFile_OnlyTiffFormatException()
    {
        string dir = RepoPaths.NewTempDir("tiff-prefix");
        string path = Path.Combine(dir, "p.tif");
        TiffTools.MakePages(path, 1, fine: false);
        byte[] file = File.ReadAllBytes(path);
        Directory.Delete(dir, recursive: true);
        Assert.Single(TiffFaxReader.Read(file));
        int rejected = 0;
        for (int n = 0; n < file.Length; n++)
        {
            rejected += ReadsOrFailsCleanly(file.AsSpan(0, n).ToArray()) ? 0 : 1;
        }

        Assert.Equal(file.Length, rejected);
    }

    [Fact]
    public void TiffFaxReader_IfdPointingToItself_RejectedAsLoop()
    {
        byte[] file = (byte[])SmallFile.Clone();
        long lastIfd = TiffFaxReader.Read(file)[^1].IfdOffset;
        int entries = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan((int)lastIfd));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan((int)lastIfd + 2 + (12 * entries)), (uint)lastIfd);
        var e = Assert.Throws<TiffFormatException>(() => TiffFaxReader.Read(file));
        Assert.Contains("loops", e.Message);

        // A loop back to the first page, two IFDs away.
        long firstIfd = TiffFaxReader.Read(SmallFile)[0].IfdOffset;
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan((int)lastIfd + 2 + (12 * entries)), (uint)firstIfd);
        Assert.Contains("loops", Assert.Throws<TiffFormatException>(() => TiffFaxReader.Read(file)).Message);
    }

    [Fact]
    public void TiffFaxReader_IfdCount60000_Rejected()
    {
        byte[] file = (byte[])SmallFile.Clone();
        long firstIfd = TiffFaxReader.Read(file)[0].IfdOffset;
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan((int)firstIfd), 60000);
        var e = Assert.Throws<TiffFormatException>(() => TiffFaxReader.Read(file));
        Assert.Contains("60000 entries", e.Message);
    }

    [Fact]
    public void TiffFaxReader_NonBilevelImage_RejectedWithReason()
    {
        byte[] file = (byte[])SmallFile.Clone();
        long firstIfd = TiffFaxReader.Read(file)[0].IfdOffset;
        int entries = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan((int)firstIfd));
        for (int i = 0; i < entries; i++)
        {
            Span<byte> entry = file.AsSpan((int)firstIfd + 2 + (12 * i), 12);
            if (BinaryPrimitives.ReadUInt16LittleEndian(entry) == 258)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(entry[8..], 8); // BitsPerSample 8: greyscale
            }
        }

        Assert.Contains("not a bilevel image", Assert.Throws<TiffFormatException>(() => TiffFaxReader.Read(file)).Message);
    }

    /// <summary>True when the input was read; false when it was rejected with a <see cref="TiffFormatException"/>.</summary>
    private static bool ReadsOrFailsCleanly(byte[] file)
    {
        try
        {
            IReadOnlyList<TiffFaxPage> pages = TiffFaxReader.Read(file);
            Assert.NotEmpty(pages);
            Assert.All(pages, p => Assert.True(p.Data.Length <= file.Length && p.Info.Width > 0 && p.Info.Length > 0));
            return true;
        }
        catch (TiffFormatException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            return false;
        }
    }

    /// <summary>Three pages with small strips (the reader does not decode them), about 800 bytes.</summary>
    private static byte[] WriteSmallFile()
    {
        using var stream = new MemoryStream();
        using (var writer = new TiffFaxWriter(stream, leaveOpen: true))
        {
            for (int page = 0; page < 3; page++)
            {
                byte[] strip = Enumerable.Range(0, 61 + page).Select(i => (byte)(i * 7)).ToArray();
                FaxPageInfo info = FaxPageInfo.Fine(1728, 100, TiffCompression.T4, TiffT4Options.TwoDimensional) with
                {
                    Description = $"page {page + 1}",
                    DateTime = new DateTime(2026, 1, 2, 3, 4, 5),
                };
                writer.AddPage(info, strip);
            }

            writer.Finish();
        }

        return stream.ToArray();
    }
}
