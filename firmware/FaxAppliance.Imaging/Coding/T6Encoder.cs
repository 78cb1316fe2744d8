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

    /// <param name="width">Pixels per row, a multiple of 8.</param>
    /// <param name="bitOrder">Bit order of the coded bytes.</param>
    public T6Encoder(int width, BitOrder bitOrder) => _rows = new RowEncoder(width, bitOrder, 0);

    /// <summary>Bytes per packed input row.</summary>
    public int RowBytes => _rows.Width >> 3;

    /// <summary>Starts a new page.</summary>
    public void Reset() => _rows.Reset();

    /// <summary>Codes whole packed rows; Done when all were coded, DestinationTooSmall when the next did not fit.</summary>
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
            _rows.Load(rows.Slice(done * rowBytes, rowBytes));
            _rows.Code2D();
            if (!TryCommit(destination, ref written, rowCoded: true))
            {
                return new FaxCodingResult(OperationStatus.DestinationTooSmall, done * rowBytes, written, done);
            }

            done++;
        }

        return new FaxCodingResult(OperationStatus.Done, done * rowBytes, written, done);
    }

    /// <summary>Ends the page: EOFB if asked, then the last partial byte padded with zeros.</summary>
    public FaxCodingResult Finish(Span<byte> destination, bool endOfFacsimileBlock)
    {
        _rows.Begin();
        if (endOfFacsimileBlock)
        {
            _rows.Put(Eol, EolBits);
            _rows.Put(Eol, EolBits);
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
