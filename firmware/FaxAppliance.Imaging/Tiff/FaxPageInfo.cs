namespace FaxAppliance.Imaging.Tiff;

/// <summary>
/// What a TIFF-F page says about its already-encoded strip: size, coding, bit order, resolution and
/// the fax-specific quality tags (RFC 2306 §3). The strip itself travels separately.
/// </summary>
public sealed record FaxPageInfo
{
    /// <summary>Standard resolution, T.4 §2.2: 204 × 98 per inch (8.03 × 3.85 lines/mm).</summary>
    public static TiffRational StandardX { get; } = new(204, 1);

    /// <summary>Vertical standard resolution, 98 lines per inch.</summary>
    public static TiffRational StandardY { get; } = new(98, 1);

    /// <summary>Vertical fine resolution, 196 lines per inch (7.7 lines/mm).</summary>
    public static TiffRational FineY { get; } = new(196, 1);

    /// <summary>Pixels per row (1728 for A4 at 8 pels/mm).</summary>
    public required int Width { get; init; }

    /// <summary>Rows in the page.</summary>
    public required int Length { get; init; }

    public TiffCompression Compression { get; init; } = TiffCompression.T4;

    /// <summary>For T.4: 2-D coding (MR) and byte-aligned EOLs; ignored otherwise.</summary>
    public TiffT4Options T4Options { get; init; }

    /// <summary>As the bits arrive from a fax line: least significant bit first.</summary>
    public TiffFillOrder FillOrder { get; init; } = TiffFillOrder.LsbFirst;

    public TiffPhotometric Photometric { get; init; } = TiffPhotometric.MinIsWhite;

    public TiffRational XResolution { get; init; } = StandardX;

    public TiffRational YResolution { get; init; } = StandardY;

    public TiffResolutionUnit ResolutionUnit { get; init; } = TiffResolutionUnit.Inch;

    /// <summary>Free text, e.g. "Received from +49 30 1234567" (the remote's T.30 TSI/CSI).</summary>
    public string? Description { get; init; }

    public string? Software { get; init; }

    /// <summary>When the page was received (written as local "YYYY:MM:DD HH:MM:SS", TIFF 6.0 tag 306).</summary>
    public DateTime? DateTime { get; init; }

    /// <summary>Rows received with errors (non-ECM pages); 0 means a clean page and writes no bad-row tags.</summary>
    public int BadFaxLines { get; init; }

    /// <summary>The longest run of consecutive bad rows.</summary>
    public int ConsecutiveBadFaxLines { get; init; }

    /// <summary>Whether bad rows were regenerated; written when known or when there are bad rows.</summary>
    public TiffCleanFaxData? CleanFaxData { get; init; }

    /// <summary>Standard (204 × 98 dpi) page of the given size and coding.</summary>
    public static FaxPageInfo Standard(int width, int length, TiffCompression compression, TiffT4Options t4Options = TiffT4Options.None) =>
        new() { Width = width, Length = length, Compression = compression, T4Options = t4Options };

    /// <summary>Fine (204 × 196 dpi) page of the given size and coding.</summary>
    public static FaxPageInfo Fine(int width, int length, TiffCompression compression, TiffT4Options t4Options = TiffT4Options.None) =>
        new() { Width = width, Length = length, Compression = compression, T4Options = t4Options, YResolution = FineY };

    /// <summary>
    /// The metric resolutions of T.4 §2.2 as RFC 2306 allows them: 8.03 pels/mm across, 3.85 (standard) or 7.7 (fine)
    /// lines/mm down, written per centimetre (803/10, 385/10 or 77/1).
    /// </summary>
    public FaxPageInfo WithMetricResolution(bool fine) => this with
    {
        XResolution = new TiffRational(803, 10),
        YResolution = fine ? new TiffRational(77, 1) : new TiffRational(385, 10),
        ResolutionUnit = TiffResolutionUnit.Centimeter,
    };
}

/// <summary>One page of a fax: its description and its encoded strip.</summary>
public sealed record FaxPage(FaxPageInfo Info, ReadOnlyMemory<byte> EncodedStrip);
