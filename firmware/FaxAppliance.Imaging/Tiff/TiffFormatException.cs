namespace FaxAppliance.Imaging.Tiff;

/// <summary>
/// A TIFF file that cannot be read as a bilevel fax document: the message names what is wrong
/// (and where, as a byte offset, when that helps). The only exception <see cref="TiffFaxReader"/> throws
/// for bad input.
/// </summary>
public sealed class TiffFormatException : FormatException
{
    public TiffFormatException()
    {
    }

    public TiffFormatException(string message)
        : base(message)
    {
    }

    public TiffFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
