using System.Buffers.Binary;
using System.Text;

namespace FaxAppliance.Imaging.Tiff;

/// <summary>Bounds-checked reads from a TIFF file in either byte order: any read outside the file is a <see cref="TiffFormatException"/>.</summary>
internal readonly ref struct TiffBytes(ReadOnlySpan<byte> file, bool bigEndian)
{
    private readonly ReadOnlySpan<byte> _file = file;

    public long Length => _file.Length;

    public ReadOnlySpan<byte> Slice(long offset, long count)
    {
        if (offset < 0 || count < 0 || offset + count > _file.Length)
        {
            throw new TiffFormatException($"{count} bytes at offset {offset} run past the end of the file ({_file.Length} bytes)");
        }

        return _file.Slice((int)offset, (int)count);
    }

    public ushort UInt16(long offset) => bigEndian
        ? BinaryPrimitives.ReadUInt16BigEndian(Slice(offset, 2))
        : BinaryPrimitives.ReadUInt16LittleEndian(Slice(offset, 2));

    public uint UInt32(long offset) => bigEndian
        ? BinaryPrimitives.ReadUInt32BigEndian(Slice(offset, 4))
        : BinaryPrimitives.ReadUInt32LittleEndian(Slice(offset, 4));
}

/// <summary>The fields of one IFD that a fax reader needs (TIFF 6.0 §2), decoded into plain values.</summary>
internal sealed class TiffIfd
{
    /// <summary>Longest ASCII value kept (descriptions, software); longer text is cut.</summary>
    private const int MaxTextChars = 4096;

    private readonly Dictionary<ushort, uint[]> _ints = [];
    private readonly Dictionary<ushort, TiffRational> _rationals = [];
    private readonly Dictionary<ushort, string> _texts = [];

    public long NextIfdOffset { get; private set; }

    public static TiffIfd Parse(TiffBytes data, long offset, int maxEntries)
    {
        if (offset + 2 > data.Length)
        {
            throw new TiffFormatException($"IFD offset {offset} is past the end of the file ({data.Length} bytes)");
        }

        int count = data.UInt16(offset);
        if (count == 0)
        {
            throw new TiffFormatException($"IFD at offset {offset} has no entries");
        }

        if (count > maxEntries)
        {
            throw new TiffFormatException($"IFD at offset {offset} claims {count} entries, more than the {maxEntries} accepted");
        }

        long end = offset + 2 + (12L * count) + 4;
        if (end > data.Length)
        {
            throw new TiffFormatException($"IFD at offset {offset} with {count} entries runs past the end of the file ({data.Length} bytes)");
        }

        var ifd = new TiffIfd { NextIfdOffset = data.UInt32(end - 4) };
        for (int i = 0; i < count; i++)
        {
            ifd.ParseEntry(data, offset + 2 + (12L * i));
        }

        return ifd;
    }

    public bool Has(ushort tag) => _ints.ContainsKey(tag);

    public uint[]? UInts(ushort tag) => _ints.GetValueOrDefault(tag);

    public uint UInt(ushort tag, uint fallback) => _ints.TryGetValue(tag, out uint[]? v) && v.Length > 0 ? v[0] : fallback;

    public uint RequiredUInt(ushort tag, string where) =>
        _ints.TryGetValue(tag, out uint[]? v) && v.Length > 0 ? v[0] : throw new TiffFormatException($"{where}: required tag {tag} is missing");

    /// <summary>The rational, or 0/0 when the tag is absent.</summary>
    public TiffRational Rational(ushort tag) => _rationals.GetValueOrDefault(tag);

    public string? Ascii(ushort tag) => _texts.GetValueOrDefault(tag);

    private void ParseEntry(TiffBytes data, long at)
    {
        ushort tag = data.UInt16(at);
        ushort type = data.UInt16(at + 2);
        uint count = data.UInt32(at + 4);
        int size = TiffType.Size(type);
        if (!IsKnown(tag) || size == 0 || _ints.ContainsKey(tag) || _rationals.ContainsKey(tag) || _texts.ContainsKey(tag))
        {
            return; // TIFF 6.0 §2: readers skip fields they do not know; the first of duplicates wins.
        }

        long bytes = (long)size * count;
        long valueAt = bytes <= 4 ? at + 8 : data.UInt32(at + 8);
        if (valueAt + bytes > data.Length)
        {
            throw new TiffFormatException($"Tag {tag}: {count} values of type {type} at offset {valueAt} run past the end of the file ({data.Length} bytes)");
        }

        ReadOnlySpan<byte> value = data.Slice(valueAt, bytes);
        switch (type)
        {
            case TiffType.Byte or TiffType.Short or TiffType.Long:
                var ints = new uint[count];
                for (int i = 0; i < ints.Length; i++)
                {
                    ints[i] = type switch
                    {
                        TiffType.Byte => value[i],
                        TiffType.Short => data.UInt16(valueAt + (2L * i)),
                        _ => data.UInt32(valueAt + (4L * i)),
                    };
                }

                _ints[tag] = ints;
                break;
            case TiffType.Rational when count >= 1:
                _rationals[tag] = new TiffRational(data.UInt32(valueAt), data.UInt32(valueAt + 4));
                break;
            case TiffType.Ascii:
                int n = value.IndexOf((byte)0);
                ReadOnlySpan<byte> text = n >= 0 ? value[..n] : value;
                _texts[tag] = Encoding.ASCII.GetString(text[..Math.Min(text.Length, MaxTextChars)]);
                break;
            default:
                throw new TiffFormatException($"Tag {tag} has type {type}, which does not fit it");
        }
    }

    private static bool IsKnown(ushort tag) => tag is TiffTag.NewSubfileType or TiffTag.ImageWidth or TiffTag.ImageLength
        or TiffTag.BitsPerSample or TiffTag.Compression or TiffTag.Photometric or TiffTag.FillOrder or TiffTag.ImageDescription
        or TiffTag.StripOffsets or TiffTag.SamplesPerPixel or TiffTag.RowsPerStrip or TiffTag.StripByteCounts
        or TiffTag.XResolution or TiffTag.YResolution or TiffTag.T4Options or TiffTag.T6Options or TiffTag.ResolutionUnit
        or TiffTag.PageNumber or TiffTag.Software or TiffTag.DateTime or TiffTag.BadFaxLines or TiffTag.CleanFaxData
        or TiffTag.ConsecutiveBadFaxLines;
}
