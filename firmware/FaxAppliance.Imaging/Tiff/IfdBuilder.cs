using System.Buffers.Binary;
using System.Globalization;

namespace FaxAppliance.Imaging.Tiff;

/// <summary>
/// Collects the entries of one image file directory (TIFF 6.0 §2 "Image File Directory") and lays it out,
/// little-endian, at a known offset: entries sorted by tag, values of more than 4 bytes after the IFD,
/// each on a word boundary.
/// </summary>
internal sealed class IfdBuilder
{
    /// <summary>TIFF 6.0 §2: a 12-byte entry holds its value inline when it takes 4 bytes or fewer.</summary>
    private const int InlineValueBytes = 4;

    private readonly List<(ushort Tag, ushort Type, uint Count, byte[] Value)> _entries = [];

    public void Add(ushort tag, ushort type, uint count, byte[] value)
    {
        if (_entries.Exists(e => e.Tag == tag))
        {
            throw new InvalidOperationException($"Tag {tag} added twice; TIFF 6.0 allows one entry per tag");
        }

        _entries.Add((tag, type, count, value));
    }

    public void AddShort(ushort tag, ushort value) => AddShorts(tag, [value]);

    public void AddShorts(ushort tag, ReadOnlySpan<ushort> values)
    {
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), values[i]);
        }

        Add(tag, TiffType.Short, (uint)values.Length, bytes);
    }

    public void AddLong(ushort tag, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        Add(tag, TiffType.Long, 1, bytes);
    }

    public void AddRational(ushort tag, TiffRational value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value.Numerator);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), value.Denominator);
        Add(tag, TiffType.Rational, 1, bytes);
    }

    /// <summary>7-bit ASCII, NUL-terminated (TIFF 6.0 §2 type 2); other characters become '?'.</summary>
    public void AddAscii(ushort tag, string text)
    {
        var bytes = new byte[text.Length + 1];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bytes[i] = c is >= ' ' and < (char)0x7F or '\n' or '\r' or '\t' ? (byte)c : (byte)'?';
        }

        Add(tag, TiffType.Ascii, (uint)bytes.Length, bytes);
    }

    public void AddDateTime(ushort tag, DateTime value) =>
        AddAscii(tag, value.ToString("yyyy':'MM':'dd HH':'mm':'ss", CultureInfo.InvariantCulture));

    /// <summary>Lays out the IFD at <paramref name="offset"/> (even) and returns its bytes plus out-of-line values.</summary>
    /// <param name="offset">Where the IFD starts, counted from the TIFF header.</param>
    /// <param name="valueOffsets">Receives, per tag, the file offset of the entry's value field (for later patching).</param>
    public byte[] Build(long offset, Dictionary<ushort, long> valueOffsets)
    {
        _entries.Sort((a, b) => a.Tag.CompareTo(b.Tag));
        int ifdSize = 2 + (12 * _entries.Count) + 4;
        int extra = 0;
        foreach (var e in _entries)
        {
            if (e.Value.Length > InlineValueBytes)
            {
                extra += (e.Value.Length + 1) & ~1;
            }
        }

        var buffer = new byte[ifdSize + extra];
        BinaryPrimitives.WriteUInt16LittleEndian(buffer, (ushort)_entries.Count);
        int outOfLine = ifdSize;
        for (int i = 0; i < _entries.Count; i++)
        {
            var (tag, type, count, value) = _entries[i];
            Span<byte> entry = buffer.AsSpan(2 + (12 * i), 12);
            BinaryPrimitives.WriteUInt16LittleEndian(entry, tag);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], type);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], count);
            if (value.Length <= InlineValueBytes)
            {
                value.CopyTo(entry[8..]);
                valueOffsets[tag] = offset + 2 + (12 * i) + 8;
            }
            else
            {
                long at = offset + outOfLine;
                BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], checked((uint)at));
                value.CopyTo(buffer.AsSpan(outOfLine));
                valueOffsets[tag] = at;
                outOfLine += (value.Length + 1) & ~1;
            }
        }

        // The next-IFD offset (last 4 bytes of the IFD) stays 0 until another page follows.
        return buffer;
    }

    /// <summary>Bytes from the IFD start to its next-IFD offset field.</summary>
    public int NextIfdFieldOffset => 2 + (12 * _entries.Count);
}
