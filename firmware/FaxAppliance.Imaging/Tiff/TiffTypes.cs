namespace FaxAppliance.Imaging.Tiff;

/// <summary>TIFF 6.0 Compression (tag 259) values a fax file uses.</summary>
public enum TiffCompression
{
    /// <summary>1: no compression, rows packed into bytes.</summary>
    None = 1,

    /// <summary>3: ITU-T T.4 (MH, or MR when T4Options bit 0 is set).</summary>
    T4 = 3,

    /// <summary>4: ITU-T T.6 (MMR).</summary>
    T6 = 4,
}

/// <summary>TIFF 6.0 FillOrder (tag 266).</summary>
public enum TiffFillOrder
{
    /// <summary>1: the first pixel/code bit is the most significant bit of a byte.</summary>
    MsbFirst = 1,

    /// <summary>2: the first bit is the least significant bit, as fax data arrives from the line.</summary>
    LsbFirst = 2,
}

/// <summary>TIFF 6.0 PhotometricInterpretation (tag 262) for bilevel images.</summary>
public enum TiffPhotometric
{
    /// <summary>0: a 0 bit is white (the fax convention, required by RFC 2306).</summary>
    MinIsWhite = 0,

    /// <summary>1: a 0 bit is black.</summary>
    MinIsBlack = 1,
}

/// <summary>TIFF 6.0 ResolutionUnit (tag 296).</summary>
public enum TiffResolutionUnit
{
    /// <summary>1: no absolute unit.</summary>
    None = 1,

    /// <summary>2: per inch.</summary>
    Inch = 2,

    /// <summary>3: per centimetre.</summary>
    Centimeter = 3,
}

/// <summary>CleanFaxData (tag 327, RFC 2306 §3.1.1 / TIFF-F).</summary>
public enum TiffCleanFaxData
{
    /// <summary>0: no bad rows.</summary>
    Clean = 0,

    /// <summary>1: bad rows were regenerated (e.g. copied from the row above).</summary>
    Regenerated = 1,

    /// <summary>2: bad rows are present and were not regenerated.</summary>
    Unclean = 2,
}

/// <summary>TIFF 6.0 T4Options (tag 292) bits.</summary>
[Flags]
public enum TiffT4Options
{
    None = 0,

    /// <summary>Bit 0: 2-dimensional coding (MR).</summary>
    TwoDimensional = 1,

    /// <summary>Bit 1: uncompressed mode used.</summary>
    Uncompressed = 2,

    /// <summary>Bit 2: fill bits before each EOL so that it ends on a byte boundary.</summary>
    FillBits = 4,
}

/// <summary>A TIFF RATIONAL: two unsigned 32-bit integers.</summary>
public readonly record struct TiffRational(uint Numerator, uint Denominator)
{
    /// <summary>The value, or 0 when the denominator is 0.</summary>
    public double Value => Denominator == 0 ? 0 : (double)Numerator / Denominator;

    public override string ToString() => Denominator == 1 ? $"{Numerator}" : $"{Numerator}/{Denominator}";
}

/// <summary>Tag numbers from TIFF 6.0 §8 and the fax tags of RFC 2306 (TIFF-F).</summary>
internal static class TiffTag
{
    public const ushort NewSubfileType = 254;
    public const ushort ImageWidth = 256;
    public const ushort ImageLength = 257;
    public const ushort BitsPerSample = 258;
    public const ushort Compression = 259;
    public const ushort Photometric = 262;
    public const ushort FillOrder = 266;
    public const ushort ImageDescription = 270;
    public const ushort StripOffsets = 273;
    public const ushort Orientation = 274;
    public const ushort SamplesPerPixel = 277;
    public const ushort RowsPerStrip = 278;
    public const ushort StripByteCounts = 279;
    public const ushort XResolution = 282;
    public const ushort YResolution = 283;
    public const ushort PlanarConfiguration = 284;
    public const ushort T4Options = 292;
    public const ushort T6Options = 293;
    public const ushort ResolutionUnit = 296;
    public const ushort PageNumber = 297;
    public const ushort Software = 305;
    public const ushort DateTime = 306;
    public const ushort BadFaxLines = 326;
    public const ushort CleanFaxData = 327;
    public const ushort ConsecutiveBadFaxLines = 328;
}

/// <summary>TIFF 6.0 §2 field types.</summary>
internal static class TiffType
{
    public const ushort Byte = 1;
    public const ushort Ascii = 2;
    public const ushort Short = 3;
    public const ushort Long = 4;
    public const ushort Rational = 5;

    /// <summary>Bytes per value of each type 1–12 (0 for unknown types, which readers skip).</summary>
    public static int Size(ushort type) => type switch
    {
        1 or 2 or 6 or 7 => 1,
        3 or 8 => 2,
        4 or 9 or 11 => 4,
        5 or 10 or 12 => 8,
        _ => 0,
    };
}
