using System.Buffers;

namespace FaxAppliance.Imaging.Coding;

/// <summary>
/// Decoder of ITU-T T.6 (MMR) pages: 2-D rows with no EOLs, ended by EOFB (two EOLs, T.6 §2.4) or by the input.
/// Same streaming contract as <see cref="T4Decoder"/>. A corrupt row cannot be concealed (every row depends on the one
/// above and there is no EOL to resynchronise on), so it is reported as InvalidData; T.30 ECM retransmits it.
/// </summary>
public sealed class T6Decoder
{
    /// <summary>T.4 §4.1.2 / T.6 §2.4: EOL = 000000000001.</summary>
    private const int Eol = 0b000000000001;
    private const int EolBits = 12;

    private readonly RowDecoder _rows;
    private int _skipBits;
    private bool _done;

    /// <param name="width">Pixels per row, a multiple of 8.</param>
    /// <param name="bitOrder">Bit order of the coded bytes.</param>
    public T6Decoder(int width, BitOrder bitOrder) => _rows = new RowDecoder(width, bitOrder);

    /// <summary>Pixels per row.</summary>
    public int Width => _rows.Width;

    /// <summary>Bytes per packed output row.</summary>
    public int RowBytes => _rows.Width >> 3;

    /// <summary>Rows delivered since the last <see cref="Reset"/>.</summary>
    public int Rows { get; private set; }

    /// <summary>Starts a new page (or TIFF strip): the reference row is white (T.6 §2.2.4).</summary>
    public void Reset()
    {
        _rows.ResetReference();
        _skipBits = 0;
        _done = false;
        Rows = 0;
    }

    /// <summary>Decodes whole rows; Done after EOFB, NeedMoreData when the input ends, InvalidData on a bad code.</summary>
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
            if (_done)
            {
                status = OperationStatus.Done;
                pos = (pos + 7) & ~7L; // pad bits after EOFB
                break;
            }

            if (pos >= total || _rows.MaybeEolPrefix(source, pos))
            {
                status = OperationStatus.NeedMoreData;
                break;
            }

            if (_rows.Peek(source, pos, EolBits, out _) == Eol)
            {
                // T.6 §2.4: EOFB = EOL + EOL.
                int second = _rows.Peek(source, pos + EolBits, EolBits, out int available);
                if (available < EolBits && second == 0)
                {
                    status = OperationStatus.NeedMoreData;
                    break;
                }

                if (second != Eol)
                {
                    status = OperationStatus.InvalidData;
                    break;
                }

                pos += 2 * EolBits;
                _done = true;
                continue;
            }

            if (destination.Length - (rows * rowBytes) < rowBytes)
            {
                status = OperationStatus.DestinationTooSmall;
                break;
            }

            long rowStart = pos;
            RowResult r = _rows.DecodeRow(source, ref pos, twoDimensional: true);
            if (r != RowResult.Complete)
            {
                pos = rowStart;
                status = r == RowResult.NeedMoreData ? OperationStatus.NeedMoreData : OperationStatus.InvalidData;
                break;
            }

            _rows.RenderReference(destination.Slice(rows * rowBytes, rowBytes));
            rows++;
            Rows++;
        }

        _skipBits = (int)(pos & 7);
        return new FaxCodingResult(status, (int)(pos >> 3), rows * rowBytes, rows);
    }
}
