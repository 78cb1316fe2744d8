namespace FaxAppliance.Imaging.Tiff;

/// <summary>One bilevel page read from a TIFF file by <see cref="TiffFaxReader"/>.</summary>
public sealed record TiffFaxPage
{
    /// <summary>The page's fields in the form <see cref="TiffFaxWriter.AddPage"/> takes them.</summary>
    public required FaxPageInfo Info { get; init; }

    /// <summary>All strips of the page concatenated, still coded as <see cref="FaxPageInfo.Compression"/> says.</summary>
    /// <remarks>
    /// T.4 strips concatenate into one valid T.4 stream (each starts with an EOL); T.6 strips are independent
    /// MMR streams (TIFF 6.0 §11), so for T.6 check <see cref="StripCount"/> = 1 before decoding as one.
    /// </remarks>
    public required ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>How many strips were concatenated into <see cref="Data"/>.</summary>
    public required int StripCount { get; init; }

    /// <summary>T6Options (tag 293), 0 when absent; bit 1 = uncompressed mode allowed.</summary>
    public uint T6Options { get; init; }

    /// <summary>PageNumber (tag 297) first value: the page's 0-based number, when present.</summary>
    public int? PageNumber { get; init; }

    /// <summary>PageNumber (tag 297) second value: total pages, 0 = unknown, when present.</summary>
    public int? TotalPages { get; init; }

    /// <summary>Where the page's IFD starts in the file (for messages and tests).</summary>
    public long IfdOffset { get; init; }
}
