namespace FaxAppliance.Routing.Model;

/// <summary>
/// A dial plan: the numbers that belong together (number ranges and/or a fixed extension length) and whether fax
/// is allowed for any of them. A dial plan that disallows fax refuses every mailbox in it, whatever the mailbox's own
/// switch says (the established unified-messaging precedence).
/// </summary>
/// <param name="Name">Unique name, referenced by <see cref="Mailbox.DialPlan"/>.</param>
/// <param name="NumberRanges">Inclusive digit ranges; empty when the plan is defined by extension length only.</param>
/// <param name="ExtensionLength">Digits in an extension of this plan, or null when not fixed.</param>
/// <param name="FaxEnabled">Whether fax may be received for numbers of this plan. Default true.</param>
public sealed record DialPlan(
    string Name,
    IReadOnlyList<NumberRange> NumberRanges,
    int? ExtensionLength = null,
    bool FaxEnabled = true)
{
    /// <summary>True when <paramref name="number"/> (normalised digits) lies in one of <see cref="NumberRanges"/>.</summary>
    /// <param name="number">A normalised number (digits, optional leading '+').</param>
    /// <returns>Whether a range contains it.</returns>
    public bool ContainsNumber(string number)
    {
        foreach (NumberRange range in NumberRanges)
        {
            if (range.Contains(number))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// An inclusive range of numbers of one length, e.g. 2000–2999 or +4930123400–+4930123499.
/// Both ends have the same number of characters; comparison is digit by digit (so leading zeros count).
/// </summary>
/// <param name="First">Lowest number (normalised).</param>
/// <param name="Last">Highest number (normalised, same length as <paramref name="First"/>).</param>
public readonly record struct NumberRange(string First, string Last)
{
    /// <summary>True when <paramref name="number"/> has the range's length and lies between its ends.</summary>
    /// <param name="number">A normalised number.</param>
    /// <returns>Whether the range contains it.</returns>
    public bool Contains(string number) =>
        number is not null
        && First is not null
        && Last is not null
        && number.Length == First.Length
        && string.CompareOrdinal(number, First) >= 0
        && string.CompareOrdinal(number, Last) <= 0;

    /// <summary>True when the two ranges share at least one number.</summary>
    /// <param name="other">The other range.</param>
    /// <returns>Whether they overlap.</returns>
    public bool Overlaps(NumberRange other) =>
        First.Length == other.First.Length
        && string.CompareOrdinal(First, other.Last) <= 0
        && string.CompareOrdinal(other.First, Last) <= 0;

    /// <inheritdoc/>
    public override string ToString() => First == Last ? First : First + "-" + Last;
}
