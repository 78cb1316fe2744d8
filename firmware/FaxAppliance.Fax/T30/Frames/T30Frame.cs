using System.Buffers;

namespace FaxAppliance.Fax.T30;

/// <summary>
/// A parsed view of one T.30 HDLC frame (T.30 §5.3.5): [address 0xFF][control 0x03/0x13][FCF][FIF...],
/// the bytes after the flags and without the FCS. Views the caller's buffer; copies nothing.
/// </summary>
public readonly ref struct T30Frame
{
    internal T30Frame(byte fcf, bool xBit, bool final, ReadOnlySpan<byte> info)
    {
        Fcf = fcf;
        XBit = xBit;
        Final = final;
        Info = info;
    }

    /// <summary>The facsimile control field with the X bit cleared (see <see cref="T30Fcf"/>).</summary>
    public byte Fcf { get; }

    /// <summary>The X bit of the FCF (T.30 §5.3.6.1): set by the station that received a valid DIS. Always false for the DIS/DTC groups.</summary>
    public bool XBit { get; }

    /// <summary>True when the control field is 0x13: the last frame of a transmission (P/F bit, T.30 §5.3.5.2).</summary>
    public bool Final { get; }

    /// <summary>The facsimile information field (FIF); empty when the frame has none.</summary>
    public ReadOnlySpan<byte> Info { get; }

    /// <summary>The FCF mnemonic, for logs.</summary>
    public string Name => T30Fcf.Name(Fcf);
}

/// <summary>Parses and builds T.30 HDLC frames (T.30 §5.3.5 frame structure).</summary>
public static class T30FrameParser
{
    /// <summary>The address field, "1111 1111" (T.30 §5.3.5.1).</summary>
    public const byte Address = 0xFF;

    /// <summary>Control field of a non-final frame, "1100 0000" written (T.30 §5.3.5.2).</summary>
    public const byte ControlNotFinal = 0x03;

    /// <summary>Control field of the final frame, "1100 1000" written (T.30 §5.3.5.2).</summary>
    public const byte ControlFinal = 0x13;

    /// <summary>Address, control and FCF octets before the FIF.</summary>
    public const int HeaderLength = 3;

    /// <summary>
    /// Parses a received frame. Returns <see cref="OperationStatus.Done"/>, or <see cref="OperationStatus.InvalidData"/>
    /// with a reason (too short, bad address, bad control). Never throws.
    /// </summary>
    /// <param name="frame">The frame without flags and FCS.</param>
    /// <param name="parsed">The view on success; default otherwise.</param>
    /// <param name="error">Why the frame is invalid; null on success.</param>
    /// <returns>Done or InvalidData.</returns>
    public static OperationStatus TryParse(ReadOnlySpan<byte> frame, out T30Frame parsed, out string? error)
    {
        parsed = default;
        if (frame.Length < HeaderLength)
        {
            error = $"frame too short: {frame.Length} octets, need at least {HeaderLength} (address, control, FCF)";
            return OperationStatus.InvalidData;
        }

        if (frame[0] != Address)
        {
            error = $"bad address field 0x{frame[0]:X2}, expected 0xFF";
            return OperationStatus.InvalidData;
        }

        if (frame[1] != ControlNotFinal && frame[1] != ControlFinal)
        {
            error = $"bad control field 0x{frame[1]:X2}, expected 0x03 or 0x13";
            return OperationStatus.InvalidData;
        }

        byte raw = frame[2];
        bool hasX = !T30Fcf.HasNoXBit(raw);
        parsed = new T30Frame(T30Fcf.Normalize(raw), hasX && (raw & 0x01) != 0, frame[1] == ControlFinal, frame[HeaderLength..]);
        error = null;
        return OperationStatus.Done;
    }

    /// <summary>Builds a frame into <paramref name="destination"/>.</summary>
    /// <param name="destination">Where to write; needs 3 + info.Length octets.</param>
    /// <param name="fcf">The FCF with the X bit cleared (a <see cref="T30Fcf"/> constant).</param>
    /// <param name="xBit">The X bit; ignored for the DIS/DTC groups, which have none.</param>
    /// <param name="final">Whether this is the last frame of the transmission (control 0x13).</param>
    /// <param name="info">The FIF.</param>
    /// <returns>The frame length.</returns>
    /// <exception cref="ArgumentException">The destination is too small (a bug in the caller, not bad outside input).</exception>
    public static int Build(Span<byte> destination, byte fcf, bool xBit, bool final, ReadOnlySpan<byte> info)
    {
        int length = HeaderLength + info.Length;
        if (destination.Length < length)
        {
            throw new ArgumentException($"destination holds {destination.Length} octets, frame needs {length}", nameof(destination));
        }

        destination[0] = Address;
        destination[1] = final ? ControlFinal : ControlNotFinal;
        destination[2] = xBit && !T30Fcf.HasNoXBit(fcf) ? (byte)(fcf | 0x01) : fcf;
        info.CopyTo(destination[HeaderLength..]);
        return length;
    }
}
