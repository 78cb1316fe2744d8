using System.Buffers;

namespace FaxAppliance.Imaging.Coding;

/// <summary>
/// Decoder of ITU-T T.4 Modified Huffman and Modified READ pages (with EOLs, optional fill bits, any K), with
/// row-level error concealment for non-ECM reception: a corrupt row is replaced by the previous row, counted in
/// <see cref="BadRows"/>, and decoding resumes at the next EOL. A row is corrupt when a code is invalid, its runs pass
/// the row width, or codes are left between its end and the next EOL (T.4 §4.1.2: every row is followed by an EOL).
/// </summary>
/// <remarks>
/// Streaming contract (like <see cref="System.IO.Pipelines.PipeReader"/>): pass the unconsumed input followed by new
/// bytes; <see cref="FaxCodingResult.BytesConsumed"/> whole bytes may be dropped. Rows are decoded whole, so the caller
/// must keep at least one coded row of input. The decoder remembers how many bits of the next byte it has used.
/// Never throws on bad data; allocates nothing after construction.
/// </remarks>
public sealed class T4Decoder
{
    /// <summary>T.4 §4.1.4: RTC is six consecutive EOLs.</summary>
    private const int RtcEolCount = 6;

    /// <summary>T.4 §4.1.2: EOL is eleven or more zeros (fill, §4.1.3, adds zeros) followed by a one.</summary>
    private const int EolZeros = 11;

    private readonly RowDecoder _rows;
    private readonly T4Coding _coding;
    private readonly bool _conceal;
    private State _state;
    private int _skipBits;
    private int _zeros;
    private int _eolCount;
    private bool _sawEol;
    private bool _twoDimensional;
    private bool _expectEol;

    /// <param name="width">Pixels per row, a multiple of 8 (1728 for A4).</param>
    /// <param name="coding">MH or MR.</param>
    /// <param name="bitOrder">Bit order of the coded bytes.</param>
    /// <param name="concealErrors">True for non-ECM reception (conceal bad rows); false reports InvalidData instead.</param>
    public T4Decoder(int width, T4Coding coding, BitOrder bitOrder, bool concealErrors = true)
    {
        _rows = new RowDecoder(width, bitOrder);
        _coding = coding;
        _conceal = concealErrors;
    }

    private enum State
    {
        LineStart,
        EolZeros,
        Resync,
        Tag,
        Done,
    }

    /// <summary>Pixels per row.</summary>
    public int Width => _rows.Width;

    /// <summary>Bytes per packed output row.</summary>
    public int RowBytes => _rows.Width >> 3;

    /// <summary>Corrupt rows since the last <see cref="Reset"/>, each counted once. A corrupt row is replaced by the previous
    /// row; only when the input ended exactly after its codes (so the missing EOL could not be seen yet) was it already
    /// delivered as decoded. Rows decoded correctly against a replaced reference row are not counted.</summary>
    public int BadRows { get; private set; }

    /// <summary>Rows delivered (good and concealed) since the last <see cref="Reset"/>.</summary>
    public int Rows { get; private set; }

    /// <summary>Starts a new page (or TIFF strip): reference row white, counters cleared.</summary>
    public void Reset()
    {
        _rows.ResetReference();
        _state = State.LineStart;
        _skipBits = 0;
        _zeros = 0;
        _eolCount = 0;
        _sawEol = false;
        _twoDimensional = false;
        _expectEol = false;
        BadRows = 0;
        Rows = 0;
    }

    /// <summary>Decodes whole rows from <paramref name="source"/> into packed rows in <paramref name="destination"/>.</summary>
    /// <returns>Done after RTC; NeedMoreData when the input ends (also after the last row of a TIFF strip);
    /// DestinationTooSmall when the next row does not fit; InvalidData only when concealment is off.</returns>
    /// <exception cref="ArgumentException">The destination is not empty but smaller than <see cref="RowBytes"/> (a caller bug;
    /// an empty destination is allowed, e.g. to consume the RTC/EOFB after the last row).</exception>
    public FaxCodingResult Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int rowBytes = RowBytes;
        if (destination.Length != 0 && destination.Length < rowBytes)
        {
            // Rows are written whole: such a destination could never take one, and DestinationTooSmall would repeat forever.
            throw new ArgumentException($"The destination must be empty or hold at least one row ({rowBytes} bytes).", nameof(destination));
        }

        long total = (long)source.Length << 3;
        long pos = Math.Min(_skipBits, total);
        int rows = 0;
        OperationStatus status;
        while (true)
        {
            if (_state == State.Done)
            {
                status = OperationStatus.Done;
                pos = (pos + 7) & ~7L; // the rest of the byte after RTC is padding
                break;
            }

            if (_state is State.EolZeros or State.Resync)
            {
                if (!FindEol(source, ref pos, total))
                {
                    status = OperationStatus.NeedMoreData;
                    break;
                }

                continue;
            }

            if (_state == State.Tag)
            {
                // T.4 §4.2.1.1: after each EOL of an MR page, a tag bit: 1 = next row 1-D, 0 = 2-D.
                if (pos >= total)
                {
                    status = OperationStatus.NeedMoreData;
                    break;
                }

                _twoDimensional = _rows.Bit(source, pos) == 0;
                pos++;
                _state = _eolCount >= RtcEolCount ? State.Done : State.LineStart; // T.4 §4.2.2: RTC = 6 × (EOL + 1)
                continue;
            }

            // LineStart: an EOL (with fill zeros before it) or row data.
            int zeros = CountZeros(source, pos, total, EolZeros);
            if (zeros >= EolZeros)
            {
                pos += zeros;
                _zeros = zeros;
                _state = State.EolZeros;
                _expectEol = false;
                continue;
            }

            if (pos + zeros >= total)
            {
                status = OperationStatus.NeedMoreData;
                break;
            }

            if (_expectEol)
            {
                // T.4 §4.1.2: every row is followed by an EOL. The row before (delivered when the input ended right
                // after it) had codes left over, so it was corrupt: count it and resynchronise at the next EOL.
                if (!_conceal)
                {
                    status = OperationStatus.InvalidData; // and again on every call: the caller decides
                    break;
                }

                _expectEol = false;
                BadRows++;
                _state = State.Resync;
                _zeros = 0;
                continue;
            }

            if (destination.Length - (rows * rowBytes) < rowBytes)
            {
                status = OperationStatus.DestinationTooSmall;
                break;
            }

            long rowStart = pos;
            RowResult r = _coding == T4Coding.ModifiedRead && !_sawEol
                ? RowResult.Invalid // an MR row must follow EOL + tag bit
                : _rows.DecodeRow(source, ref pos, _coding == T4Coding.ModifiedRead && _twoDimensional);
            if (r == RowResult.NeedMoreData)
            {
                pos = rowStart;
                status = OperationStatus.NeedMoreData;
                break;
            }

            if (r == RowResult.Complete && !EolOrEndFollows(source, pos, total))
            {
                // T.4 §4.1.2: a row is followed by an EOL; codes left before it mean the row decoded wrongly.
                _rows.RevertLastRow();
                r = RowResult.Invalid;
            }

            if (r == RowResult.Invalid && !_conceal)
            {
                pos = rowStart;
                status = OperationStatus.InvalidData;
                break;
            }

            if (r == RowResult.Invalid)
            {
                // Look for the next EOL from the row start: a corrupt code may have run into the EOL's zeros.
                BadRows++;
                pos = rowStart;
                _state = State.Resync;
                _zeros = 0;
            }

            _expectEol = r == RowResult.Complete;

            // A good row is now the reference row; a bad row repeats the reference (previous) row.
            _rows.RenderReference(destination.Slice(rows * rowBytes, rowBytes));
            rows++;
            Rows++;
            _eolCount = 0;
            _sawEol = false;
        }

        _skipBits = (int)(pos & 7);
        return new FaxCodingResult(status, (int)(pos >> 3), rows * rowBytes, rows);
    }

    /// <summary>Consumes bits up to and including the next EOL; false when the input ends first.</summary>
    private bool FindEol(ReadOnlySpan<byte> source, ref long pos, long total)
    {
        while (pos < total)
        {
            int bit = _rows.Bit(source, pos);
            pos++;
            if (bit == 0)
            {
                _zeros = Math.Min(_zeros + 1, EolZeros);
                continue;
            }

            if (_zeros < EolZeros)
            {
                _zeros = 0; // a one too early: still inside a corrupt row
                continue;
            }

            _zeros = 0;
            _sawEol = true;
            _eolCount++;
            _state = _coding == T4Coding.ModifiedRead ? State.Tag
                : _eolCount >= RtcEolCount ? State.Done
                : State.LineStart;
            return true;
        }

        return false;
    }

    /// <summary>True when an EOL (fill zeros, then eleven zeros and a one) or the end of the input follows.</summary>
    private bool EolOrEndFollows(ReadOnlySpan<byte> source, long pos, long total)
    {
        int zeros = CountZeros(source, pos, total, EolZeros);
        return zeros >= EolZeros || pos + zeros >= total;
    }

    private int CountZeros(ReadOnlySpan<byte> source, long pos, long total, int limit)
    {
        int zeros = 0;
        while (zeros < limit && pos + zeros < total && _rows.Bit(source, pos + zeros) == 0)
        {
            zeros++;
        }

        return zeros;
    }
}
