namespace FaxAppliance.Imaging.Coding;

/// <summary>
/// Codes one row at a time (T.4 §4.1 one-dimensional, §4.2 / T.6 §2 two-dimensional) into a staging buffer; after
/// <see cref="Commit"/> the staged bytes are pending and <see cref="Flush"/> hands them out in pieces of any size.
/// </summary>
internal sealed class RowEncoder
{
    /// <summary>Worst case bits per pixel of a coded row: every run one pixel long, at most 13-bit codes, plus modes.</summary>
    private const int WorstBitsPerPixel = 16;

    /// <summary>Room for EOL + tag, make-up codes, RTC (6 × 13 bits) and a pending partial byte.</summary>
    private const int OverheadBits = 256;

    private readonly int _width;
    private readonly bool _lsbFirst;
    private readonly byte[] _staging;
    private int[] _reference;
    private int[] _current;
    private int _referenceCount;
    private int _currentCount;
    private int _stagingLength;
    private int _flushed;
    private uint _acc;
    private int _accBits;
    private int _savedAccBits;

    public RowEncoder(int width, BitOrder bitOrder, int extraBitsPerRow)
    {
        if (width <= 0 || (width & 7) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "Width must be a positive multiple of 8 pixels.");
        }

        _width = width;
        _lsbFirst = bitOrder == BitOrder.LsbFirst;
        _staging = new byte[((width * WorstBitsPerPixel) + OverheadBits + extraBitsPerRow) / 8];
        _reference = new int[ChangingElements.Capacity(width)];
        _current = new int[ChangingElements.Capacity(width)];
        Reset();
    }

    public int Width => _width;

    /// <summary>Bits written since <see cref="Begin"/>.</summary>
    public int BitsSinceBegin => ((_stagingLength * 8) + _accBits) - _savedAccBits;

    /// <summary>Size of the staging buffer: no row, fill or trailer codes to more bytes.</summary>
    public int MaxCodedBytes => _staging.Length;

    /// <summary>True while committed bytes wait for <see cref="Flush"/>.</summary>
    public bool HasPending => _flushed < _stagingLength;

    /// <summary>Start of page: white reference row, no pending bits.</summary>
    public void Reset()
    {
        _referenceCount = ChangingElements.Normalize(_reference, 0, _width);
        _acc = 0;
        _accBits = 0;
        _stagingLength = 0;
        _flushed = 0;
    }

    /// <summary>Starts staging a row (or trailer); the previous staged bytes must have been flushed.</summary>
    public void Begin()
    {
        _savedAccBits = _accBits;
        _stagingLength = 0;
        _flushed = 0;
    }

    /// <summary>The staged bytes become pending output; a coded row becomes the reference row.</summary>
    public void Commit(bool rowCoded)
    {
        if (rowCoded)
        {
            (_reference, _current) = (_current, _reference);
            _referenceCount = _currentCount;
        }
    }

    /// <summary>Copies as many pending bytes as fit; returns how many.</summary>
    public int Flush(Span<byte> destination)
    {
        int n = Math.Min(_stagingLength - _flushed, destination.Length);
        _staging.AsSpan(_flushed, n).CopyTo(destination);
        _flushed += n;
        return n;
    }

    /// <summary>Flushes a partial byte padded with zeros (end of page).</summary>
    public void PadToByte()
    {
        if (_accBits > 0)
        {
            Put(0, 8 - _accBits);
        }
    }

    public void Put(int code, int length)
    {
        _acc = (_acc << length) | (uint)(code & ((1 << length) - 1));
        _accBits += length;
        while (_accBits >= 8)
        {
            _accBits -= 8;
            int b = (int)(_acc >> _accBits) & 0xFF;
            _staging[_stagingLength++] = _lsbFirst ? RowDecoder.Reverse(b) : (byte)b;
        }
    }

    public void PutZeros(int count)
    {
        for (; count >= 16; count -= 16)
        {
            Put(0, 16);
        }

        Put(0, count);
    }

    /// <summary>Finds the changing elements of a packed row for <see cref="Code1D"/> / <see cref="Code2D"/>.</summary>
    public void Load(ReadOnlySpan<byte> row) => _currentCount = ChangingElements.FromPacked(row, _width, _current);

    // T.4 §4.1.1: alternate white and black runs, the first white.
    public void Code1D()
    {
        int a0 = 0;
        for (int j = 0; j <= _currentCount; j++)
        {
            int end = j < _currentCount ? _current[j] : _width;
            PutRun((j & 1) != 0, end - a0);
            a0 = end;
        }
    }

    // T.4 §4.2.1.3.3 coding procedure (T.6 §2.2.3 is the same).
    public void Code2D()
    {
        int[] cur = _current;
        int[] reference = _reference;
        int a0 = -1;
        int color = 0;
        int ai = 0;
        int bi = 0;
        while (a0 < _width)
        {
            // a1: next change on the coding line right of a0 (changes alternate colour, so parity follows color).
            while (cur[ai] <= a0 && cur[ai] < _width)
            {
                ai++;
            }

            int a1 = cur[ai];
            int a2 = cur[ai + 1];

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

            if (b2 < a1)
            {
                Mode(T4CodeTables.ModePass); // §4.2.1.3.2 (a) pass mode
                a0 = b2;
            }
            else if (Math.Abs(a1 - b1) <= 3)
            {
                Mode(T4CodeTables.VerticalMode(a1 - b1)); // vertical mode
                a0 = a1;
                color ^= 1;
                if (bi > 0)
                {
                    bi--;
                }
            }
            else
            {
                Mode(T4CodeTables.ModeHorizontal); // horizontal mode: M(a0a1) M(a1a2)
                PutRun(color != 0, a1 - Math.Max(a0, 0));
                PutRun(color == 0, a2 - a1);
                a0 = a2;
            }
        }
    }

    private void Mode(int mode)
    {
        (int code, int length) = T4CodeTables.ModeCode(mode);
        Put(code, length);
    }

    // T.4 §4.1.1.2: runs of 2561 or more use 2560 make-up codes, then a make-up code, then a terminating code.
    private void PutRun(bool black, int run)
    {
        while (run >= T4CodeTables.MaxMakeUp + 64)
        {
            (int c, int l) = T4CodeTables.RunCode(black, T4CodeTables.MaxMakeUp);
            Put(c, l);
            run -= T4CodeTables.MaxMakeUp;
        }

        if (run >= 64)
        {
            (int c, int l) = T4CodeTables.RunCode(black, run & ~63);
            Put(c, l);
            run &= 63;
        }

        (int code, int length) = T4CodeTables.RunCode(black, run);
        Put(code, length);
    }
}
