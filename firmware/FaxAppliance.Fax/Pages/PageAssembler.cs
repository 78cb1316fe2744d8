using System.Buffers;
using FaxAppliance.Fax.T30;
using FaxAppliance.Imaging.Coding;

namespace FaxAppliance.Fax.Pages;

/// <summary>
/// Turns a stream of received T.4/T.6 data into page rows as it arrives: MH/MR with row concealment (non-ECM, a
/// corrupt row becomes a copy of the row above and is counted), MMR without (ECM has already made it error-free).
/// Bounded: a page longer than <see cref="MaxRows"/> is cut there and marked.
/// </summary>
public sealed class PageAssembler
{
    /// <summary>Most rows kept: an unlimited-length page at 400 lines per inch over 2 m (nothing real is longer).</summary>
    public const int MaxRows = 32_000;

    private readonly T4Decoder? _t4;
    private readonly T6Decoder? _t6;
    private readonly int _rowBytes;
    private byte[] _input = new byte[8192];
    private int _inputLength;
    private byte[] _rows;
    private int _rowCount;
    private int _lastBadRows;
    private bool _seekingEol;
    private readonly bool _lsbFirst;
    private int _zeroRun;
    private int _consecutiveBad;

    /// <summary>Starts an empty page.</summary>
    /// <param name="width">Pixels per row.</param>
    /// <param name="compression">MH, MR or MMR.</param>
    /// <param name="bitOrder">Bit order of the data.</param>
    /// <param name="concealErrors">Non-ECM reception: conceal corrupt rows (MH/MR).</param>
    /// <param name="skipToFirstEol">Data from the line (MH/MR): whatever the modem delivers before the page's first
    /// EOL is not part of the page (T.4 §4.1.2: "the first EOL … at the start of each page") and is dropped.</param>
    public PageAssembler(int width, Compressions compression, BitOrder bitOrder, bool concealErrors, bool skipToFirstEol = false)
    {
        Width = width;
        _seekingEol = skipToFirstEol && compression != Compressions.MMR;
        _lsbFirst = bitOrder == BitOrder.LsbFirst;
        _rowBytes = width / 8;
        if (compression == Compressions.MMR)
        {
            _t6 = new T6Decoder(width, bitOrder);
        }
        else
        {
            _t4 = new T4Decoder(width, compression == Compressions.MR ? T4Coding.ModifiedRead : T4Coding.ModifiedHuffman, bitOrder, concealErrors);
        }

        _rows = new byte[_rowBytes * 256];
    }

    /// <summary>Pixels per row.</summary>
    public int Width { get; }

    /// <summary>Rows so far.</summary>
    public int Rows => _rowCount;

    /// <summary>Rows concealed so far.</summary>
    public int BadRows => _t4?.BadRows ?? 0;

    /// <summary>Longest run of concealed rows.</summary>
    public int ConsecutiveBadRows { get; private set; }

    /// <summary>The end-of-page marker (RTC or EOFB) was seen.</summary>
    public bool Complete { get; private set; }

    /// <summary>Why decoding stopped early (corrupt data without concealment, or too many rows); null while fine.</summary>
    public string? Failed { get; private set; }

    /// <summary>Adds received bytes and decodes every whole row they complete.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (Complete || Failed is not null || data.IsEmpty)
        {
            return;
        }

        if (_seekingEol && !SeekEol(ref data))
        {
            return;
        }

        EnsureInput(data.Length);
        data.CopyTo(_input.AsSpan(_inputLength));
        _inputLength += data.Length;
        Run();
    }

    /// <summary>No more data will come; decodes what is left.</summary>
    public void EndOfData() => Run();

    /// <summary>The rows so far as a bitmap (a copy).</summary>
    public PageBitmap ToBitmap(Resolutions resolution) =>
        new(Width, _rowCount, _rows.AsSpan(0, _rowCount * _rowBytes).ToArray(), resolution);

    // Drops data up to the first EOL (eleven or more zeros and a one). The zeros of the EOL are kept; bits before them in
    // the same byte are cleared, which only adds fill zeros (T.4 §4.1.3). Returns true once the EOL is found, with
    // <paramref name="data"/> trimmed to start at it (the first byte possibly rewritten into the input buffer).
    private bool SeekEol(ref ReadOnlySpan<byte> data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            for (int b = 0; b < 8; b++)
            {
                int bit = _lsbFirst ? (data[i] >> b) & 1 : (data[i] >> (7 - b)) & 1;
                if (bit == 0)
                {
                    _zeroRun++;
                    continue;
                }

                if (_zeroRun >= 11)
                {
                    // The EOL's zeros began _zeroRun bits before this one; start the page at the byte where they began.
                    long start = ((long)i * 8) + b - _zeroRun;
                    _seekingEol = false;
                    int firstByte = (int)Math.Max(0, start >> 3);
                    EnsureInput(data.Length - firstByte + 2);
                    if (start < 0)
                    {
                        // The zeros began in earlier input that was dropped: give the decoder zero bytes for them.
                        int zeroBytes = (int)((-start + 7) / 8);
                        EnsureInput(zeroBytes + data.Length);
                        _input.AsSpan(_inputLength, zeroBytes).Clear();
                        _inputLength += zeroBytes;
                    }

                    data[firstByte..].CopyTo(_input.AsSpan(_inputLength));
                    if (start >= 0)
                    {
                        int skip = (int)(start & 7);
                        byte keep = _lsbFirst ? (byte)(0xFF << skip) : (byte)(0xFF >> skip);
                        _input[_inputLength] &= keep;
                    }

                    _inputLength += data.Length - firstByte;
                    data = [];
                    return true;
                }

                _zeroRun = 0;
            }
        }

        return false;
    }

    private void Run()
    {
        while (!Complete && Failed is null)
        {
            EnsureRows();
            Span<byte> destination = _rows.AsSpan(_rowCount * _rowBytes);
            ReadOnlySpan<byte> source = _input.AsSpan(0, _inputLength);
            FaxCodingResult r = _t4 is not null ? _t4.Decode(source, destination) : _t6!.Decode(source, destination);
            _rowCount += r.Rows;
            TrackBadRuns();
            if (r.BytesConsumed > 0)
            {
                _input.AsSpan(r.BytesConsumed, _inputLength - r.BytesConsumed).CopyTo(_input);
                _inputLength -= r.BytesConsumed;
            }

            switch (r.Status)
            {
                case OperationStatus.Done:
                    Complete = true;
                    return;
                case OperationStatus.NeedMoreData:
                    return;
                case OperationStatus.InvalidData:
                    Failed = $"corrupt {(_t6 is not null ? "T.6" : "T.4")} data after row {_rowCount}";
                    return;
                case OperationStatus.DestinationTooSmall:
                    if (_rowCount >= MaxRows)
                    {
                        Failed = $"the page is longer than {MaxRows} rows";
                        return;
                    }

                    break;
            }
        }
    }

    private void TrackBadRuns()
    {
        int bad = BadRows;
        if (bad > _lastBadRows)
        {
            _consecutiveBad += bad - _lastBadRows;
            ConsecutiveBadRows = Math.Max(ConsecutiveBadRows, _consecutiveBad);
        }
        else
        {
            _consecutiveBad = 0;
        }

        _lastBadRows = bad;
    }

    private void EnsureInput(int more)
    {
        if (_inputLength + more > _input.Length)
        {
            Array.Resize(ref _input, Math.Max(_input.Length * 2, _inputLength + more));
        }
    }

    private void EnsureRows()
    {
        int needed = (_rowCount + 64) * _rowBytes;
        if (needed > _rows.Length && _rowCount < MaxRows)
        {
            Array.Resize(ref _rows, Math.Min(Math.Max(_rows.Length * 2, needed), MaxRows * _rowBytes));
        }
    }
}
