using System.Buffers;

namespace FaxAppliance.Imaging.Coding;

/// <summary>
/// Encoder of ITU-T T.6 (MMR) pages: every row 2-D against the row above (the first against a white row), no EOLs,
/// EOFB at the end if asked (T.6 §2.4). Allocates nothing after construction.
/// </summary>
public sealed class T6Encoder
{
    /// <summary>T.6 §2.4: EOFB = 000000000001 000000000001.</summary>
    private const int Eol = 1;
    private const int EolBits = 12;

    private readonly RowEncoder _rows;
    private bool _trailerStaged;

    /// <param name="width">Pixels per row, a multiple of 8.</param>
    /// <param name="bitOrder">Bit order of the coded bytes.</param>
    public T6Encoder(int width, BitOrder bitOrder) => _rows = new RowEncoder(width, bitOrder, 0);

    /// <summary>Bytes per packed input row.</summary>
    public int RowBytes => _rows.Width >> 3;

    /// <summary>Most bytes one row (with EOL, tag and fill) or the trailer can code to. A destination of this size
    /// always takes at least one whole row; smaller destinations work too (see <see cref="Encode"/>).</summary>
    public int MaxCodedRowBytes => _rows.MaxCodedBytes;

    /// <summary>Starts a new page.</summary>
    public void Reset()
    {
        _rows.Reset();
        _trailerStaged = false;
    }

    /// <summary>Codes whole packed rows; Done when all were coded and written out, DestinationTooSmall when the destination
    /// is full (consumed rows' remaining bytes are written first by the next Encode or Finish, as in <see cref="T4Encoder"/>).</summary>
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
            _rows.Load(rows.Slice(done * rowBytes, rowBytes));
            _rows.Code2D();
            _rows.Commit(rowCoded: true);
            done++;
            written += _rows.Flush(destination[written..]);
            if (_rows.HasPending)
            {
                return new FaxCodingResult(OperationStatus.DestinationTooSmall, done * rowBytes, written, done);
            }
        }

        return new FaxCodingResult(OperationStatus.Done, done * rowBytes, written, done);
    }

    /// <summary>Ends the page: pending bytes, EOFB if asked, then the last partial byte padded with zeros.</summary>
    /// <returns>Done, or DestinationTooSmall: call again with more room (the trailer is coded only once).</returns>
    public FaxCodingResult Finish(Span<byte> destination, bool endOfFacsimileBlock)
    {
        int written = _rows.Flush(destination);
        if (_rows.HasPending || _trailerStaged)
        {
            return new FaxCodingResult(_rows.HasPending ? OperationStatus.DestinationTooSmall : OperationStatus.Done, 0, written, 0);
        }

        _rows.Begin();
        if (endOfFacsimileBlock)
        {
            _rows.Put(Eol, EolBits);
            _rows.Put(Eol, EolBits);
        }

        _rows.PadToByte();
        _rows.Commit(rowCoded: false);
        _trailerStaged = true;
        written += _rows.Flush(destination[written..]);
        return new FaxCodingResult(_rows.HasPending ? OperationStatus.DestinationTooSmall : OperationStatus.Done, 0, written, 0);
    }
}
