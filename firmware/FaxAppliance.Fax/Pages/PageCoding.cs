using System.Buffers;
using FaxAppliance.Fax.T30;
using FaxAppliance.Imaging.Coding;

namespace FaxAppliance.Fax.Pages;

/// <summary>Whole-page encoding and decoding between <see cref="PageBitmap"/> and T.4/T.6 data (per page, not per block).</summary>
public static class PageCoding
{
    /// <summary>
    /// Codes <paramref name="page"/> for the line or a file: MH, MR (K = 2 standard, 4 fine, 8 superfine, T.4 §4.2.1) or MMR, in
    /// <paramref name="bitOrder"/>, with fill to <paramref name="minScanLineBits"/> (T.4 §4.1.3) and RTC/EOFB when
    /// <paramref name="endMarker"/> (a TIFF strip leaves it out, the line needs it).
    /// </summary>
    public static byte[] Encode(PageBitmap page, Compressions compression, BitOrder bitOrder, int minScanLineBits, bool endMarker)
    {
        ArgumentNullException.ThrowIfNull(page);
        var output = new ArrayBufferWriter<byte>(Math.Max(4096, page.Data.Length / 8));
        if (compression == Compressions.MMR)
        {
            var mmr = new T6Encoder(page.Width, bitOrder);
            Pump(page.Data, output, mmr.MaxCodedRowBytes, (src, dst) => mmr.Encode(src.Span, dst.Span), dst => mmr.Finish(dst.Span, endMarker));
        }
        else
        {
            // T.4 §4.2.1: K = 2 at standard, 4 at fine resolution; 8 at 15.4 lines/mm (superfine).
            int k = 2 * PageScaler.RowsPerStandardRow(page.Resolution);
            var t4 = new T4Encoder(page.Width, compression == Compressions.MR ? T4Coding.ModifiedRead : T4Coding.ModifiedHuffman, bitOrder, k, minScanLineBits);
            Pump(page.Data, output, t4.MaxCodedRowBytes, (src, dst) => t4.Encode(src.Span, dst.Span), dst => t4.Finish(dst.Span, endMarker));
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a whole T.4/T.6 strip (a TIFF page) to a bitmap; null with a reason when the data is corrupt.</summary>
    public static PageBitmap? Decode(ReadOnlySpan<byte> data, int width, Compressions compression, BitOrder bitOrder, Resolutions resolution, out string? error)
    {
        var assembler = new PageAssembler(width, compression, bitOrder, concealErrors: false);
        assembler.Append(data);
        assembler.EndOfData();
        if (assembler.Failed is { } reason)
        {
            error = reason;
            return null;
        }

        error = null;
        return assembler.ToBitmap(resolution);
    }

    private static void Pump(
        byte[] rows,
        ArrayBufferWriter<byte> output,
        int chunk,
        Func<ReadOnlyMemory<byte>, Memory<byte>, FaxCodingResult> encode,
        Func<Memory<byte>, FaxCodingResult> finish)
    {
        int offset = 0;
        while (true)
        {
            Memory<byte> dst = output.GetMemory(chunk * 4);
            FaxCodingResult r = encode(rows.AsMemory(offset), dst);
            output.Advance(r.BytesWritten);
            offset += r.BytesConsumed;
            if (r.Status == OperationStatus.Done && offset >= rows.Length)
            {
                break;
            }
        }

        while (true)
        {
            Memory<byte> dst = output.GetMemory(chunk * 4);
            FaxCodingResult r = finish(dst);
            output.Advance(r.BytesWritten);
            if (r.Status == OperationStatus.Done)
            {
                break;
            }
        }
    }
}
