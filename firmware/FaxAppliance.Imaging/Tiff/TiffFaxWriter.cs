using System.Buffers.Binary;

namespace FaxAppliance.Imaging.Tiff;

/// <summary>
/// Writes a multi-page TIFF Class F file (RFC 2306; TIFF 6.0) to a seekable stream, one page at a time, each
/// page one strip of already T.4/T.6-encoded data. Little-endian. After every <see cref="AddPage"/> the stream
/// holds a valid file (PageNumber's total is 0, "unknown", as RFC 2306 allows); <see cref="Finish"/> patches
/// the totals in and flushes.
/// </summary>
/// <remarks>
/// Layout: 8-byte header, then per page: strip, IFD, the IFD's out-of-line values. The previous IFD's next
/// pointer (or the header's first-IFD offset) is patched to each new IFD.
/// </remarks>
public sealed partial class TiffFaxWriter : IDisposable
{
    /// <summary>TIFF 6.0 §2: offsets are 32-bit.</summary>
    private const long MaxFileBytes = uint.MaxValue;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly long _origin;
    private readonly List<long> _pageNumberOffsets = [];
    private long _nextIfdPointerAt = 4;
    private bool _finished;
    private bool _disposed;

    /// <param name="stream">A writable, seekable stream; the file starts at its current position.</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves the stream open.</param>
    public TiffFaxWriter(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite || !stream.CanSeek)
        {
            throw new ArgumentException("A TIFF writer needs a writable, seekable stream (IFD links are patched)", nameof(stream));
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
        _origin = stream.Position;

        // TIFF 6.0 §2 "Image File Header": "II", 42, offset of the first IFD (patched by the first page).
        Span<byte> header = stackalloc byte[8];
        header[0] = (byte)'I';
        header[1] = (byte)'I';
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], 42);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], 0);
        _stream.Write(header);
    }

    /// <summary>Pages written so far.</summary>
    public int PageCount => _pageNumberOffsets.Count;

    /// <summary>Appends one page whose strip is already encoded as <paramref name="info"/> says.</summary>
    public void AddPage(FaxPageInfo info, ReadOnlySpan<byte> encodedStrip)
    {
        ArgumentNullException.ThrowIfNull(info);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_finished)
        {
            throw new InvalidOperationException("Finish() was already called; no more pages can be added");
        }

        Validate(info, encodedStrip);
        _stream.Seek(0, SeekOrigin.End);
        long stripOffset = Align(Relative(_stream.Position));
        long ifdOffset = Align(stripOffset + encodedStrip.Length);
        IfdBuilder ifd = BuildIfd(info, stripOffset, encodedStrip.Length, PageCount);
        var valueOffsets = new Dictionary<ushort, long>();
        byte[] ifdBytes = ifd.Build(ifdOffset, valueOffsets);
        if (ifdOffset + ifdBytes.Length > MaxFileBytes)
        {
            throw new IOException("The TIFF file would pass 4 GiB, the limit of 32-bit TIFF offsets");
        }

        PadTo(stripOffset);
        _stream.Write(encodedStrip);
        PadTo(ifdOffset);
        _stream.Write(ifdBytes);

        // Link the new IFD in last, so that a crash before this point leaves the previous file intact.
        WriteUInt32At(_nextIfdPointerAt, (uint)ifdOffset);
        _nextIfdPointerAt = ifdOffset + ifd.NextIfdFieldOffset;
        _pageNumberOffsets.Add(valueOffsets[TiffTag.PageNumber]);
        _stream.Seek(0, SeekOrigin.End);
    }

    /// <summary>Writes the page total into every PageNumber (TIFF 6.0 tag 297) and flushes the stream.</summary>
    public void Finish()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (PageCount == 0)
        {
            throw new InvalidOperationException("A TIFF file needs at least one page");
        }

        if (!_finished)
        {
            Span<byte> pageNumber = stackalloc byte[4];
            for (int i = 0; i < PageCount; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(pageNumber, (ushort)i);
                BinaryPrimitives.WriteUInt16LittleEndian(pageNumber[2..], (ushort)PageCount);
                _stream.Seek(_origin + _pageNumberOffsets[i], SeekOrigin.Begin);
                _stream.Write(pageNumber);
            }

            _stream.Seek(0, SeekOrigin.End);
            _finished = true;
        }

        _stream.Flush();
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            if (!_leaveOpen)
            {
                _stream.Dispose();
            }
        }
    }

    private static void Validate(FaxPageInfo info, ReadOnlySpan<byte> strip)
    {
        if (info.Width <= 0 || info.Length <= 0)
        {
            throw new ArgumentException($"Page size {info.Width} × {info.Length} must be positive", nameof(info));
        }

        if (!Enum.IsDefined(info.Compression) || !Enum.IsDefined(info.FillOrder) || !Enum.IsDefined(info.Photometric)
            || !Enum.IsDefined(info.ResolutionUnit))
        {
            throw new ArgumentException("Compression, FillOrder, Photometric or ResolutionUnit is not a defined value", nameof(info));
        }

        if (info.XResolution.Denominator == 0 || info.YResolution.Denominator == 0
            || info.XResolution.Numerator == 0 || info.YResolution.Numerator == 0)
        {
            throw new ArgumentException($"Resolution {info.XResolution} × {info.YResolution} must be positive", nameof(info));
        }

        if (info.BadFaxLines < 0 || info.ConsecutiveBadFaxLines < 0 || info.ConsecutiveBadFaxLines > info.BadFaxLines)
        {
            throw new ArgumentException("Bad-row counts must be non-negative, consecutive ≤ total", nameof(info));
        }

        if (strip.IsEmpty)
        {
            throw new ArgumentException("A page needs encoded data", nameof(strip));
        }
    }

    private static IfdBuilder BuildIfd(FaxPageInfo info, long stripOffset, int stripBytes, int pageIndex)
    {
        // Fields required by TIFF 6.0 §3 (bilevel) and RFC 2306 §3.1 (Class F); the builder sorts them by tag.
        var ifd = new IfdBuilder();
        ifd.AddLong(TiffTag.NewSubfileType, 2); // bit 1: one page of a multi-page image
        ifd.AddLong(TiffTag.ImageWidth, (uint)info.Width);
        ifd.AddLong(TiffTag.ImageLength, (uint)info.Length);
        ifd.AddShort(TiffTag.BitsPerSample, 1);
        ifd.AddShort(TiffTag.Compression, (ushort)info.Compression);
        ifd.AddShort(TiffTag.Photometric, (ushort)info.Photometric);
        ifd.AddShort(TiffTag.FillOrder, (ushort)info.FillOrder);
        ifd.AddLong(TiffTag.StripOffsets, (uint)stripOffset);
        ifd.AddShort(TiffTag.Orientation, 1);
        ifd.AddShort(TiffTag.SamplesPerPixel, 1);
        ifd.AddLong(TiffTag.RowsPerStrip, (uint)info.Length);
        ifd.AddLong(TiffTag.StripByteCounts, (uint)stripBytes);
        ifd.AddRational(TiffTag.XResolution, info.XResolution);
        ifd.AddRational(TiffTag.YResolution, info.YResolution);
        ifd.AddShort(TiffTag.PlanarConfiguration, 1);
        ifd.AddShort(TiffTag.ResolutionUnit, (ushort)info.ResolutionUnit);
        ifd.AddShorts(TiffTag.PageNumber, [(ushort)pageIndex, 0]); // total 0 = unknown until Finish
        if (info.Compression == TiffCompression.T4)
        {
            ifd.AddLong(TiffTag.T4Options, (uint)info.T4Options);
        }
        else if (info.Compression == TiffCompression.T6)
        {
            ifd.AddLong(TiffTag.T6Options, 0);
        }

        if (info.Description is not null)
        {
            ifd.AddAscii(TiffTag.ImageDescription, info.Description);
        }

        if (info.Software is not null)
        {
            ifd.AddAscii(TiffTag.Software, info.Software);
        }

        if (info.DateTime is { } when)
        {
            ifd.AddDateTime(TiffTag.DateTime, when);
        }

        // RFC 2306 §3.1.1: the fax quality tags, for pages received without ECM.
        if (info.BadFaxLines > 0)
        {
            ifd.AddLong(TiffTag.BadFaxLines, (uint)info.BadFaxLines);
            ifd.AddLong(TiffTag.ConsecutiveBadFaxLines, (uint)info.ConsecutiveBadFaxLines);
            ifd.AddShort(TiffTag.CleanFaxData, (ushort)(info.CleanFaxData ?? TiffCleanFaxData.Unclean));
        }
        else if (info.CleanFaxData is { } clean)
        {
            ifd.AddShort(TiffTag.CleanFaxData, (ushort)clean);
        }

        return ifd;
    }

    private static long Align(long offset) => (offset + 1) & ~1L;

    private long Relative(long position) => position - _origin;

    private void PadTo(long offset)
    {
        while (Relative(_stream.Position) < offset)
        {
            _stream.WriteByte(0);
        }
    }

    private void WriteUInt32At(long offset, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        _stream.Seek(_origin + offset, SeekOrigin.Begin);
        _stream.Write(bytes);
    }
}
