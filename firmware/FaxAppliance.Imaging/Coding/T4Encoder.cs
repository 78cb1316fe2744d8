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

    /// <summary>Starts a new page.</summary>
    public void Reset()
    {
        _rows.Reset();
        _rowIndex = 0;
    }

    /// <summary>Codes whole packed rows (MSB = leftmost pixel, 1 = black) from <paramref name="rows"/>.</summary>
    /// <returns>Done when every row was coded, DestinationTooSmall when the next row's code did not fit.</returns>
    /// <exception cref="ArgumentException">The input is not a whole number of rows.</exception>
    public FaxCodingResult Encode(ReadOnlySpan<byte> rows, Span<byte> destination)
    {
        int rowBytes = RowBytes;
        if (rows.Length % rowBytes != 0)
        {
            throw new ArgumentException($"Input must be whole rows of {rowBytes} bytes.", nameof(rows));
        }

        int written = 0;
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

            if (!TryCommit(destination, ref written, rowCoded: true))
            {
                return new FaxCodingResult(OperationStatus.DestinationTooSmall, done * rowBytes, written, done);
            }

            _rowIndex++;
            done++;
        }

        return new FaxCodingResult(OperationStatus.Done, done * rowBytes, written, done);
    }

    /// <summary>Ends the page: RTC if asked, then the last partial byte padded with zeros.</summary>
    public FaxCodingResult Finish(Span<byte> destination, bool returnToControl)
    {
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
        int written = 0;
        return TryCommit(destination, ref written, rowCoded: false)
            ? new FaxCodingResult(OperationStatus.Done, 0, written, 0)
            : new FaxCodingResult(OperationStatus.DestinationTooSmall, 0, 0, 0);
    }

    private bool TryCommit(Span<byte> destination, ref int written, bool rowCoded)
    {
        ReadOnlySpan<byte> staged = _rows.Staged;
        if (staged.Length > destination.Length - written)
        {
            _rows.Rollback();
            return false;
        }

        staged.CopyTo(destination[written..]);
        written += staged.Length;
        _rows.Commit(rowCoded);
        return true;
    }
}
