using System.Buffers;

namespace FaxAppliance.Fax.T30;

/// <summary>
/// The 20-octet identity FIFs: CSI, TSI, CIG (T.30 §5.3.6.2.4-5.3.6.2.6) and SUB, SID, PWD, SEP, PSA which use
/// the same format. Characters are T.50 (IA5) octets; the last character of the number is transmitted first,
/// so FIF octet 1 holds the last character, and the frame is filled up with spaces.
/// </summary>
public static class T30Identity
{
    /// <summary>The identity FIF length in octets.</summary>
    public const int Length = 20;

    /// <summary>Encodes an identity of up to 20 digits, '+' and spaces.</summary>
    /// <param name="id">The identity, e.g. "+49 30 1234567".</param>
    /// <param name="fif">Destination, at least 20 octets.</param>
    /// <returns>20.</returns>
    /// <exception cref="ArgumentException">
    /// More than 20 characters, a character other than a digit, '+' or space, or a buffer too small
    /// (our configuration is validated elsewhere, so this is a bug).
    /// </exception>
    public static int Encode(string id, Span<byte> fif)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length > Length)
        {
            throw new ArgumentException($"identity has {id.Length} characters, T.30 allows {Length}", nameof(id));
        }

        foreach (char c in id)
        {
            if (!IsAllowed(c))
            {
                throw new ArgumentException($"identity character '{c}' is not a digit, '+' or space", nameof(id));
            }
        }

        if (fif.Length < Length)
        {
            throw new ArgumentException($"FIF buffer holds {fif.Length} octets, identity needs {Length}", nameof(fif));
        }

        for (int i = 0; i < Length; i++)
        {
            // Octet 1 carries the last character; the octets after the first character are space padding.
            fif[i] = i < id.Length ? (byte)id[id.Length - 1 - i] : (byte)' ';
        }

        return Length;
    }

    /// <summary>
    /// Decodes a received identity. Tolerant: any printable ASCII is kept, other octets become '?', the result
    /// is trimmed, a FIF shorter than 20 octets is decoded as far as it goes. More than 20 octets is
    /// <see cref="OperationStatus.InvalidData"/>. Never throws.
    /// </summary>
    /// <param name="fif">The FIF.</param>
    /// <param name="id">The identity in reading order; empty on failure.</param>
    /// <param name="error">Why the FIF is invalid; null on success.</param>
    /// <returns>Done or InvalidData.</returns>
    public static OperationStatus TryDecode(ReadOnlySpan<byte> fif, out string id, out string? error)
    {
        if (fif.Length > Length)
        {
            id = string.Empty;
            error = $"identity FIF has {fif.Length} octets, T.30 allows {Length}";
            return OperationStatus.InvalidData;
        }

        Span<char> chars = stackalloc char[Length];
        for (int i = 0; i < fif.Length; i++)
        {
            byte b = fif[fif.Length - 1 - i];
            chars[i] = b is >= 0x20 and < 0x7F ? (char)b : '?';
        }

        id = new string(chars[..fif.Length].Trim(' '));
        error = null;
        return OperationStatus.Done;
    }

    private static bool IsAllowed(char c) => c is (>= '0' and <= '9') or '+' or ' ';
}
