namespace FaxAppliance.Imaging.Coding;

/// <summary>Result of decoding one coded row.</summary>
internal enum RowResult
{
    Complete,
    NeedMoreData,
    Invalid,
}

/// <summary>
/// Decodes one row of one-dimensional (T.4 §4.1) or two-dimensional (T.4 §4.2, T.6 §2) coding into changing elements.
/// Rows are decoded whole: on NeedMoreData or Invalid the caller rewinds to the row start; the reference row is kept.
/// </summary>
internal sealed class RowDecoder
{
    private readonly int _width;
    private readonly bool _lsbFirst;
    private int[] _reference;
    private int[] _current;
    private int _referenceCount;
    private int _previousCount;

    public RowDecoder(int width, BitOrder bitOrder)
    {
        if (width <= 0 || (width & 7) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "Width must be a positive multiple of 8 pixels.");
        }

        _width = width;
        _lsbFirst = bitOrder == BitOrder.LsbFirst;
        _reference = new int[ChangingElements.Capacity(width)];
        _current = new int[ChangingElements.Capacity(width)];
        ResetReference();
    }

    public int Width => _width;

    /// <summary>The reference row becomes all white (start of page, T.4 §4.2.1.3.4 / T.6 §2.2.4).</summary>
    public void ResetReference() => _referenceCount = ChangingElements.Normalize(_reference, 0, _width);

    /// <summary>Writes the reference row (the last decoded row) as packed pixels.</summary>
    public void RenderReference(Span<byte> row) => ChangingElements.ToPacked(_reference, _referenceCount, _width, row);

    /// <summary>Decodes a row; on Complete the row becomes the reference row.</summary>
    public RowResult DecodeRow(ReadOnlySpan<byte> src, ref long pos, bool twoDimensional)
    {
        int n = 0;
        RowResult r = twoDimensional ? Decode2D(src, ref pos, ref n) : Decode1D(src, ref pos, ref n);
        if (r == RowResult.Complete)
        {
            (_reference, _current) = (_current, _reference);
            _previousCount = _referenceCount;
            _referenceCount = ChangingElements.Normalize(_reference, n, _width);
        }

        return r;
    }

    /// <summary>Undoes the last Complete <see cref="DecodeRow"/>: the row before it is the reference row again.</summary>
    /// <remarks>Valid once after a Complete row (the previous row is still intact in the spare buffer).</remarks>
    public void RevertLastRow()
    {
        (_reference, _current) = (_current, _reference);
        _referenceCount = _previousCount;
    }

    /// <summary>Up to 16 bits at bit position pos, first bit in time as the MSB, zero-padded past the end.</summary>
    public int Peek(ReadOnlySpan<byte> src, long pos, int count, out int available)
    {
        long total = (long)src.Length << 3;
        available = (int)Math.Clamp(total - pos, 0, count);
        int byteIndex = (int)(pos >> 3);
        int acc = 0;
        for (int i = 0; i < 3; i++)
        {
            acc = (acc << 8) | (byteIndex + i < src.Length ? ByteAt(src, byteIndex + i) : 0);
        }

        int shift = 24 - (int)(pos & 7) - count;
        return (acc >> shift) & ((1 << count) - 1);
    }

    public int Bit(ReadOnlySpan<byte> src, long pos) => (ByteAt(src, (int)(pos >> 3)) >> (7 - (int)(pos & 7))) & 1;

    /// <summary>True when the bits left are all zero and too few to tell an EOL (000000000001) from an error.</summary>
    public bool MaybeEolPrefix(ReadOnlySpan<byte> src, long pos)
    {
        int bits = Peek(src, pos, 12, out int available);
        return available < 12 && bits == 0;
    }

    private int ByteAt(ReadOnlySpan<byte> src, int index)
    {
        int b = src[index];
        return _lsbFirst ? BitReverse[b] : b;
    }

    // T.4 §4.1.1: each row is alternating white and black runs, the first white (possibly of length zero).
    private RowResult Decode1D(ReadOnlySpan<byte> src, ref long pos, ref int n)
    {
        int a0 = 0;
        int color = 0;
        while (a0 < _width)
        {
            RowResult r = ReadRun(src, ref pos, color, _width - a0, out int run);
            if (r != RowResult.Complete)
            {
                return r;
            }

            if (n > _width)
            {
                return RowResult.Invalid; // zero-length runs repeated past the row: corrupt data
            }

            a0 += run;
            _current[n++] = a0;
            color ^= 1;
        }

        return RowResult.Complete;
    }

    // T.4 §4.2.1.3 (T.6 §2.2): pass, horizontal and vertical modes against the reference row.
    private RowResult Decode2D(ReadOnlySpan<byte> src, ref long pos, ref int n)
    {
        int[] reference = _reference;
        int a0 = -1; // imaginary white element before the first pixel
        int color = 0;
        int bi = 0;
        while (a0 < _width)
        {
            // b1: first changing element on the reference row right of a0 and of opposite colour to a0's.
            while (reference[bi] <= a0 && reference[bi] < _width)
            {
                bi++;
            }

            if ((bi & 1) != color)
            {
                bi++;
            }

            int b1 = reference[bi];
            int b2 = reference[bi + 1];

            int bits = Peek(src, pos, T4CodeTables.ModeLookupBits, out int available);
            int entry = T4CodeTables.ModeLookup[bits];
            int length = entry >> 4;
            if (length > available)
            {
                return RowResult.NeedMoreData;
            }

            if (length == 0)
            {
                return available < T4CodeTables.ModeLookupBits || MaybeEolPrefix(src, pos) ? RowResult.NeedMoreData : RowResult.Invalid;
            }

            if (n > _width)
            {
                return RowResult.Invalid; // more changes than pixels: only corrupt data does this
            }

            int mode = entry & 0xF;
            if (mode == T4CodeTables.ModeExtension)
            {
                return RowResult.Invalid; // T.4 §4.2.1.3.5 extensions (uncompressed mode) are not supported
            }

            pos += length;
            int start = Math.Max(a0, 0);
            if (mode == T4CodeTables.ModePass)
            {
                if (b2 >= _width)
                {
                    return RowResult.Invalid;
                }

                a0 = b2;
            }
            else if (mode == T4CodeTables.ModeHorizontal)
            {
                RowResult r = ReadRun(src, ref pos, color, _width - start, out int run1);
                if (r != RowResult.Complete)
                {
                    return r;
                }

                int a1 = start + run1;
                r = ReadRun(src, ref pos, color ^ 1, _width - a1, out int run2);
                if (r != RowResult.Complete)
                {
                    return r;
                }

                _current[n++] = a1;
                _current[n++] = a1 + run2;
                a0 = a1 + run2;
            }
            else
            {
                int a1 = b1 + T4CodeTables.VerticalOffset(mode);
                if (a1 <= a0 || a1 > _width)
                {
                    return RowResult.Invalid;
                }

                _current[n++] = a1;
                a0 = a1;
                color ^= 1;
                if (bi > 0)
                {
                    bi--; // after VLn the new b1 may be the element just left of the old b1
                }
            }
        }

        return RowResult.Complete;
    }

    /// <summary>Reads make-up codes and one terminating code (T.4 §4.1.1); fails when the run passes <paramref name="limit"/>.</summary>
    private RowResult ReadRun(ReadOnlySpan<byte> src, ref long pos, int color, int limit, out int total)
    {
        ushort[] lookup = color == 0 ? T4CodeTables.WhiteLookup : T4CodeTables.BlackLookup;
        total = 0;
        while (true)
        {
            int bits = Peek(src, pos, T4CodeTables.RunLookupBits, out int available);
            int entry = lookup[bits];
            int length = entry >> 12;
            if (length == 0 || length > available)
            {
                return available < T4CodeTables.RunLookupBits ? RowResult.NeedMoreData : RowResult.Invalid;
            }

            pos += length;
            int run = entry & 0xFFF;
            total += run;
            if (total > limit)
            {
                return RowResult.Invalid;
            }

            if (run < 64)
            {
                return RowResult.Complete;
            }
        }
    }

    /// <summary>Reverses the bit order of a byte (LSB-first line order to MSB-first).</summary>
    private static ReadOnlySpan<byte> BitReverse =>
    [
        0x00, 0x80, 0x40, 0xC0, 0x20, 0xA0, 0x60, 0xE0, 0x10, 0x90, 0x50, 0xD0, 0x30, 0xB0, 0x70, 0xF0,
        0x08, 0x88, 0x48, 0xC8, 0x28, 0xA8, 0x68, 0xE8, 0x18, 0x98, 0x58, 0xD8, 0x38, 0xB8, 0x78, 0xF8,
        0x04, 0x84, 0x44, 0xC4, 0x24, 0xA4, 0x64, 0xE4, 0x14, 0x94, 0x54, 0xD4, 0x34, 0xB4, 0x74, 0xF4,
        0x0C, 0x8C, 0x4C, 0xCC, 0x2C, 0xAC, 0x6C, 0xEC, 0x1C, 0x9C, 0x5C, 0xDC, 0x3C, 0xBC, 0x7C, 0xFC,
        0x02, 0x82, 0x42, 0xC2, 0x22, 0xA2, 0x62, 0xE2, 0x12, 0x92, 0x52, 0xD2, 0x32, 0xB2, 0x72, 0xF2,
        0x0A, 0x8A, 0x4A, 0xCA, 0x2A, 0xAA, 0x6A, 0xEA, 0x1A, 0x9A, 0x5A, 0xDA, 0x3A, 0xBA, 0x7A, 0xFA,
        0x06, 0x86, 0x46, 0xC6, 0x26, 0xA6, 0x66, 0xE6, 0x16, 0x96, 0x56, 0xD6, 0x36, 0xB6, 0x76, 0xF6,
        0x0E, 0x8E, 0x4E, 0xCE, 0x2E, 0xAE, 0x6E, 0xEE, 0x1E, 0x9E, 0x5E, 0xDE, 0x3E, 0xBE, 0x7E, 0xFE,
        0x01, 0x81, 0x41, 0xC1, 0x21, 0xA1, 0x61, 0xE1, 0x11, 0x91, 0x51, 0xD1, 0x31, 0xB1, 0x71, 0xF1,
        0x09, 0x89, 0x49, 0xC9, 0x29, 0xA9, 0x69, 0xE9, 0x19, 0x99, 0x59, 0xD9, 0x39, 0xB9, 0x79, 0xF9,
        0x05, 0x85, 0x45, 0xC5, 0x25, 0xA5, 0x65, 0xE5, 0x15, 0x95, 0x55, 0xD5, 0x35, 0xB5, 0x75, 0xF5,
        0x0D, 0x8D, 0x4D, 0xCD, 0x2D, 0xAD, 0x6D, 0xED, 0x1D, 0x9D, 0x5D, 0xDD, 0x3D, 0xBD, 0x7D, 0xFD,
        0x03, 0x83, 0x43, 0xC3, 0x23, 0xA3, 0x63, 0xE3, 0x13, 0x93, 0x53, 0xD3, 0x33, 0xB3, 0x73, 0xF3,
        0x0B, 0x8B, 0x4B, 0xCB, 0x2B, 0xAB, 0x6B, 0xEB, 0x1B, 0x9B, 0x5B, 0xDB, 0x3B, 0xBB, 0x7B, 0xFB,
        0x07, 0x87, 0x47, 0xC7, 0x27, 0xA7, 0x67, 0xE7, 0x17, 0x97, 0x57, 0xD7, 0x37, 0xB7, 0x77, 0xF7,
        0x0F, 0x8F, 0x4F, 0xCF, 0x2F, 0xAF, 0x6F, 0xEF, 0x1F, 0x9F, 0x5F, 0xDF, 0x3F, 0xBF, 0x7F, 0xFF,
    ];

    /// <summary>Bit reversal shared with the encoder.</summary>
    public static byte Reverse(int b) => BitReverse[b];
}
