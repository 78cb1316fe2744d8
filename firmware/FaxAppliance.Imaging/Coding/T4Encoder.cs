using System.Buffers;

namespace FaxAppliance.Imaging.Coding;

/// <summary>
/// Encoder of ITU-T T.4 pages: Modified Huffman (§4.1) or Modified READ with K = 2 or 4 (§4.2), every row after an
/// EOL (and tag bit for MR), optional fill to a minimum scan-line length (§4.1.3), RTC at the end if asked (§4.1.4).
/// Allocates nothing after construction.
/// </summary>
public sealed class T4Encoder
{
    /// <summary>T.4 §4.1.2: EOL = 000000000001.</summary>
    private const int Eol = 1;
    private const int EolBits = 12;

    /// <summary>T.4 §4.1.4: RTC = six EOLs (each followed by tag bit 1 in MR, §4.2.2).</summary>
    private const int RtcEolCount = 6;

    private readonly RowEncoder _rows;
    private readonly T4Coding _coding;
    private readonly int _k;
    private readonly int _minScanLineBits;
    private int _rowIndex;
    private bool _trailerStaged;

    /// <param name="width">Pixels per row, a multiple of 8.</param>
    /// <param name="coding">MH or MR.</param>
    /// <param name="k">MR: one 1-D row then at most K - 1 2-D rows (T.4 §4.2.1; 2 at standard, 4 at fine resolution).</param>
    /// <param name="bitOrder">Bit order of the coded bytes.</param>
    /// <param name="minScanLineBits">Minimum bits of data + fill + EOL per row (scan-line time × bit rate), 0 for none.</param>
    public T4Encoder(int width, T4Coding coding, BitOrder bitOrder, int k = 2, int minScanLineBits = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(minScanLineBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minScanLineBits, 65536);
        _rows = new RowEncoder(width, bitOrder, minScanLineBits);
        _coding = coding;
        _k = coding == T4Coding.ModifiedRead ? k : 1;
        _minScanLineBits = minScanLineBits;
    }

    /// <summary>Bytes per packed input row.</summary>
    public int RowBytes => _rows.Width >> 3;

    /// <summary>Most bytes one row (with EOL, tag and fill) or the trailer can code to. A destination of this size
    /// always takes at least one whole row; smaller destinations work too (see <see cref="Encode"/>).</summary>
    public int MaxCodedRowBytes => _rows.MaxCodedBytes;

    /// <summary>Starts a new page.</summary>
    public void Reset()
    {
        _rows.Reset();
        _rowIndex = 0;
        _trailerStaged = false;
    }

    /// <summary>Codes whole packed rows (MSB = leftmost pixel, 1 = black) from <paramref name="rows"/>.</summary>
    /// <returns>Done when every row was coded and written out; DestinationTooSmall when the destination is full. Rows in
    /// <see cref="FaxCodingResult.BytesConsumed"/> are coded; their bytes that did not fit are kept and written first by
    /// the next <see cref="Encode"/> or <see cref="Finish"/>, so any non-empty destination makes progress.</returns>
    /// <exception cref="ArgumentException">The input is not a whole number of rows.</exception>
    public FaxCodingResult Encode(ReadOnlySpan<byte> rows, Span<byte> destination)
    {
        int rowBytes = RowBytes;
        if (rows.Length % rowBytes != 0)
        {
            throw new ArgumentException($"Input must be whole rows of {rowBytes} bytes.", nameof(rows));
        }

        int written = _rows.Flush(destination);
        if (_rows.HasPending)
        {
            return new FaxCodingResult(OperationStatus.DestinationTooSmall, 0, written, 0);
        }

        int done = 0;
        while ((done + 1) * rowBytes <= rows.Length)
        {
            _rows.Begin();
            _rows.Put(Eol, EolBits);
            bool oneDimensional = _rowIndex % _k == 0;
            if (_coding == T4Coding.ModifiedRead)
            {
                _rows.Put(oneDimensional ? 1 : 0, 1); // T.4 §4.2.1.1 tag bit
            }

            _rows.Load(rows.Slice(done * rowBytes, rowBytes));
            if (oneDimensional)
            {
                _rows.Code1D();
            }
            else
            {
                _rows.Code2D();
            }

            // T.4 §4.1.3: fill zeros so that data + fill + the next EOL last the minimum scan-line time.
            int lineBits = _rows.BitsSinceBegin; // EOL + tag + data, the same length as data + fill + next EOL
            if (lineBits < _minScanLineBits)
            {
                _rows.PutZeros(_minScanLineBits - lineBits);
            }

            _rows.Commit(rowCoded: true);
            _rowIndex++;
            done++;
            written += _rows.Flush(destination[written..]);
            if (_rows.HasPending)
            {
                return new FaxCodingResult(OperationStatus.DestinationTooSmall, done * rowBytes, written, done);
            }
        }

        return new FaxCodingResult(OperationStatus.Done, done * rowBytes, written, done);
    }

    /// <summary>Ends the page: pending bytes, RTC if asked, then the last partial byte padded with zeros.</summary>
    /// <returns>Done, or DestinationTooSmall: call again with more room (the trailer is coded only once).</returns>
    public FaxCodingResult Finish(Span<byte> destination, bool returnToControl)
    {
        int written = _rows.Flush(destination);
        if (_rows.HasPending || _trailerStaged)
        {
            return new FaxCodingResult(_rows.HasPending ? OperationStatus.DestinationTooSmall : OperationStatus.Done, 0, written, 0);
        }

        _rows.Begin();
        if (returnToControl)
        {
            for (int i = 0; i < RtcEolCount; i++)
            {
                _rows.Put(Eol, EolBits);
                if (_coding == T4Coding.ModifiedRead)
                {
                    _rows.Put(1, 1);
                }
            }
        }

        _rows.PadToByte();
        _rows.Commit(rowCoded: false);
        _trailerStaged = true;
        written += _rows.Flush(destination[written..]);
        return new FaxCodingResult(_rows.HasPending ? OperationStatus.DestinationTooSmall : OperationStatus.Done, 0, written, 0);
    }
}
