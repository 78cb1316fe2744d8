using System.Buffers;

namespace FaxAppliance.Imaging.Coding;

/// <summary>Order of the coded bits inside each byte.</summary>
public enum BitOrder
{
    /// <summary>First bit in time is the least significant bit (fax line order, TIFF FillOrder=2).</summary>
    LsbFirst,

    /// <summary>First bit in time is the most significant bit (TIFF FillOrder=1).</summary>
    MsbFirst,
}

/// <summary>One-dimensional or two-dimensional coding for <see cref="T4Encoder"/> and <see cref="T4Decoder"/>.</summary>
public enum T4Coding
{
    /// <summary>Modified Huffman, ITU-T T.4 §4.1.</summary>
    ModifiedHuffman,

    /// <summary>Modified READ, ITU-T T.4 §4.2.</summary>
    ModifiedRead,
}

/// <summary>Outcome of one coder call, in the style of <see cref="System.Buffers.Text.Base64"/>.</summary>
/// <param name="Status">Done, NeedMoreData, InvalidData or DestinationTooSmall.</param>
/// <param name="BytesConsumed">Input bytes the caller may drop (the decoder remembers bits used in the next byte).</param>
/// <param name="BytesWritten">Output bytes written.</param>
/// <param name="Rows">Rows written (decoder) or rows read (encoder).</param>
public readonly record struct FaxCodingResult(OperationStatus Status, int BytesConsumed, int BytesWritten, int Rows);
