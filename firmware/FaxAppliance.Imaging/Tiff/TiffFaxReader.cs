namespace FaxAppliance.Imaging.Tiff;

/// <summary>
/// Reads the pages of a (multi-page) bilevel TIFF file — TIFF-F (RFC 2306) or any TIFF 6.0 bilevel image with
/// compression 1, 3 or 4 — without decoding them. Defensive: any input either yields pages or throws a
/// <see cref="TiffFormatException"/> naming the problem; memory stays within a small multiple of the file
/// size; IFD chains are followed at most <see cref="MaxPages"/> times and never around a loop.
/// </summary>
public static class TiffFaxReader
{
    /// <summary>Largest file accepted: a 1000-page fine fax is well under 100 MiB.</summary>
    public const int MaxFileBytes = 256 * 1024 * 1024;

    /// <summary>IFDs followed before giving up (bounds the work on a chain of distinct offsets).</summary>
    public const int MaxPages = 10_000;

    /// <summary>Entries accepted in one IFD: a fax IFD has about 25; TIFF 6.0 allows 65535.</summary>
    public const int MaxEntriesPerIfd = 1_000;

    /// <summary>Reads the whole of <paramref name="stream"/> (at most <see cref="MaxFileBytes"/>) and parses it.</summary>
    public static IReadOnlyList<TiffFaxPage> Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek && stream.Length - stream.Position > MaxFileBytes)
        {
            throw new TiffFormatException($"The file has {stream.Length - stream.Position} bytes, more than the {MaxFileBytes} accepted");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + n > MaxFileBytes)
            {
                throw new TiffFormatException($"The file has more than the {MaxFileBytes} bytes accepted");
            }

            buffer.Write(chunk, 0, n);
        }

        return Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    public static IReadOnlyList<TiffFaxPage> Read(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Read(file);
    }

    /// <summary>Parses a whole TIFF file held in memory.</summary>
    public static IReadOnlyList<TiffFaxPage> Read(ReadOnlySpan<byte> file)
    {
        // TIFF 6.0 §2 "Image File Header": byte order, 42, offset of the first IFD.
        if (file.Length < 8)
        {
            throw new TiffFormatException($"The file has {file.Length} bytes, too short for the 8-byte TIFF header");
        }

        bool bigEndian = (file[0], file[1]) switch
        {
            ((byte)'I', (byte)'I') => false,
            ((byte)'M', (byte)'M') => true,
            _ => throw new TiffFormatException($"Not a TIFF file: byte order mark 0x{file[0]:X2}{file[1]:X2} is neither \"II\" nor \"MM\""),
        };
        var data = new TiffBytes(file, bigEndian);
        ushort magic = data.UInt16(2);
        if (magic == 43)
        {
            throw new TiffFormatException("BigTIFF (version 43) is not supported; a fax file is a classic TIFF (version 42)");
        }

        if (magic != 42)
        {
            throw new TiffFormatException($"Not a TIFF file: version {magic} instead of 42");
        }

        var pages = new List<TiffFaxPage>();
        var visited = new HashSet<long>();
        long ifdOffset = data.UInt32(4);
        if (ifdOffset == 0)
        {
            throw new TiffFormatException("The file has no image: the first IFD offset is 0");
        }

        while (ifdOffset != 0)
        {
            if (!visited.Add(ifdOffset))
            {
                throw new TiffFormatException($"The IFD chain loops back to offset {ifdOffset}");
            }

            if (visited.Count > MaxPages)
            {
                throw new TiffFormatException($"The file has more than {MaxPages} IFDs");
            }

            var ifd = TiffIfd.Parse(data, ifdOffset, MaxEntriesPerIfd);
            if ((ifd.UInt(TiffTag.NewSubfileType, 0) & 1) == 0)
            {
                // Bit 0 marks a reduced-resolution copy (a thumbnail), not a page: TIFF 6.0 §8 NewSubfileType.
                pages.Add(ToPage(data, ifd, ifdOffset));
            }

            ifdOffset = ifd.NextIfdOffset;
        }

        if (pages.Count == 0)
        {
            throw new TiffFormatException("The file holds only reduced-resolution images, no page");
        }

        return pages;
    }

    private static TiffFaxPage ToPage(TiffBytes data, TiffIfd ifd, long ifdOffset)
    {
        string where = $"IFD at offset {ifdOffset}";
        uint width = ifd.RequiredUInt(TiffTag.ImageWidth, where);
        uint length = ifd.RequiredUInt(TiffTag.ImageLength, where);
        if (width == 0 || length == 0 || width > int.MaxValue || length > int.MaxValue)
        {
            throw new TiffFormatException($"{where}: image size {width} × {length} is not usable");
        }

        uint samples = ifd.UInt(TiffTag.SamplesPerPixel, 1);
        uint bits = ifd.UInt(TiffTag.BitsPerSample, 1);
        if (samples != 1 || bits != 1)
        {
            throw new TiffFormatException($"{where}: not a bilevel image ({samples} samples of {bits} bits per pixel); a fax page has 1 sample of 1 bit");
        }

        uint photometric = ifd.UInt(TiffTag.Photometric, 0);
        if (photometric > 1)
        {
            throw new TiffFormatException($"{where}: PhotometricInterpretation {photometric} is not bilevel (0 MinIsWhite or 1 MinIsBlack)");
        }

        uint compression = ifd.UInt(TiffTag.Compression, 1);
        if (compression is not (1 or 3 or 4))
        {
            throw new TiffFormatException($"{where}: Compression {compression} is not a fax coding (1 none, 3 T.4, 4 T.6)");
        }

        uint fillOrder = ifd.UInt(TiffTag.FillOrder, 1);
        if (fillOrder is not (1 or 2))
        {
            throw new TiffFormatException($"{where}: FillOrder {fillOrder} is neither 1 nor 2");
        }

        uint unit = ifd.UInt(TiffTag.ResolutionUnit, 2);
        if (unit is not (1 or 2 or 3))
        {
            throw new TiffFormatException($"{where}: ResolutionUnit {unit} is not 1, 2 or 3");
        }

        uint t4 = ifd.UInt(TiffTag.T4Options, 0);
        if (compression == 3 && (t4 & ~7u) != 0)
        {
            throw new TiffFormatException($"{where}: T4Options 0x{t4:X} has undefined bits set");
        }

        byte[] strips = ReadStrips(data, ifd, where, out int stripCount);
        uint[]? pageNumber = ifd.UInts(TiffTag.PageNumber);
        var info = new FaxPageInfo
        {
            Width = (int)width,
            Length = (int)length,
            Compression = (TiffCompression)compression,
            T4Options = compression == 3 ? (TiffT4Options)t4 : TiffT4Options.None,
            FillOrder = (TiffFillOrder)fillOrder,
            Photometric = (TiffPhotometric)photometric,
            XResolution = ifd.Rational(TiffTag.XResolution),
            YResolution = ifd.Rational(TiffTag.YResolution),
            ResolutionUnit = (TiffResolutionUnit)unit,
            Description = ifd.Ascii(TiffTag.ImageDescription),
            Software = ifd.Ascii(TiffTag.Software),
            BadFaxLines = (int)Math.Min(ifd.UInt(TiffTag.BadFaxLines, 0), int.MaxValue),
            ConsecutiveBadFaxLines = (int)Math.Min(ifd.UInt(TiffTag.ConsecutiveBadFaxLines, 0), int.MaxValue),
            CleanFaxData = ifd.Has(TiffTag.CleanFaxData) && ifd.UInt(TiffTag.CleanFaxData, 0) <= 2
                ? (TiffCleanFaxData)ifd.UInt(TiffTag.CleanFaxData, 0) : null,
        };
        return new TiffFaxPage
        {
            Info = info,
            Data = strips,
            StripCount = stripCount,
            T6Options = compression == 4 ? ifd.UInt(TiffTag.T6Options, 0) : 0,
            PageNumber = pageNumber is { Length: >= 1 } ? (int)pageNumber[0] : null,
            TotalPages = pageNumber is { Length: >= 2 } ? (int)pageNumber[1] : null,
            IfdOffset = ifdOffset,
        };
    }

    private static byte[] ReadStrips(TiffBytes data, TiffIfd ifd, string where, out int stripCount)
    {
        uint[] offsets = ifd.UInts(TiffTag.StripOffsets) ?? throw new TiffFormatException($"{where}: StripOffsets (273) is missing");
        uint[] counts = ifd.UInts(TiffTag.StripByteCounts) ?? throw new TiffFormatException($"{where}: StripByteCounts (279) is missing");
        if (offsets.Length == 0 || offsets.Length != counts.Length)
        {
            throw new TiffFormatException($"{where}: {offsets.Length} StripOffsets but {counts.Length} StripByteCounts");
        }

        long total = 0;
        for (int i = 0; i < offsets.Length; i++)
        {
            if ((long)offsets[i] + counts[i] > data.Length)
            {
                throw new TiffFormatException($"{where}: strip {i} ({counts[i]} bytes at offset {offsets[i]}) runs past the end of the file ({data.Length} bytes)");
            }

            total += counts[i];
        }

        // Strips of a valid page never overlap, so together they fit in the file; this also bounds memory.
        if (total > data.Length)
        {
            throw new TiffFormatException($"{where}: the strips add up to {total} bytes, more than the file's {data.Length}: they overlap");
        }

        var result = new byte[total];
        int at = 0;
        for (int i = 0; i < offsets.Length; i++)
        {
            data.Slice(offsets[i], counts[i]).CopyTo(result.AsSpan(at));
            at += (int)counts[i];
        }

        stripCount = offsets.Length;
        return result;
    }
}
