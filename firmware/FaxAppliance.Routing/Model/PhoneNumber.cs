namespace FaxAppliance.Routing.Model;

/// <summary>Normalises dialled numbers so that "+49 (30) 1234-56", "+4930123456" and "+49.30.123456" compare equal.</summary>
public static class PhoneNumber
{
    /// <summary>Longest number accepted (ITU-T E.164 §6 allows 15 digits; extensions and sub-addresses are shorter,
    /// the T.30 SUB frame uses the 20-character identity format of CSI, T.30 §5.3.6.2.4).</summary>
    public const int MaxDigits = 32;

    /// <summary>
    /// Strips visual separators (RFC 3966 §3 visual-separator: "-", ".", "(", ")") and spaces, keeps a leading '+'.
    /// Returns false when anything else remains (letters, '*', '#', a '+' not in front) or no digit is left.
    /// </summary>
    /// <param name="text">The number as written.</param>
    /// <param name="normalised">Digits with optional leading '+', or null.</param>
    /// <returns>Whether <paramref name="text"/> is a number.</returns>
    public static bool TryNormalise(ReadOnlySpan<char> text, out string? normalised)
    {
        normalised = null;
        Span<char> buffer = stackalloc char[MaxDigits + 1];
        int length = 0;
        int digits = 0;
        foreach (char c in text)
        {
            if (c is '-' or '.' or '(' or ')' or ' ' or '\t')
            {
                continue;
            }

            bool plus = c == '+' && length == 0;
            if (!plus && c is not (>= '0' and <= '9'))
            {
                return false;
            }

            if (length == buffer.Length)
            {
                return false;
            }

            buffer[length++] = c;
            digits += plus ? 0 : 1;
        }

        if (digits == 0)
        {
            return false;
        }

        normalised = new string(buffer[..length]);
        return true;
    }

    /// <summary>Normalises or returns null.</summary>
    /// <param name="text">The number as written, or null.</param>
    /// <returns>The normalised number, or null when <paramref name="text"/> is not a number.</returns>
    public static string? NormaliseOrNull(string? text) =>
        text is not null && TryNormalise(text, out string? n) ? n : null;
}
