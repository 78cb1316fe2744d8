namespace FaxAppliance.Modems.V27ter;

/// <summary>
/// The ITU-T V.27ter scrambler (§2.5): self-synchronising 1 + x^−6 + x^−7, with a guard against
/// repetitive line patterns: a counter of line bits that equal one of the bits 8, 9 or 12 places
/// earlier; when it reaches 33 the next line bit is inverted and the count restarts. The descrambler
/// keeps the same counter over the line bits, so it knows which bits were inverted.
/// </summary>
public struct V27terScrambler
{
    /// <summary>Transmitter's starting state (the register value at the start of training segment 4).</summary>
    public const uint InitialState = 0x3C;

    /// <summary>Count of repetitive bits at which a line bit is inverted.</summary>
    public const int GuardCount = 33;

    private uint _register; // line bits, the previous one in bit 0
    private int _count;

    /// <summary>Sets the register and clears the guard counter.</summary>
    public void Reset(uint state)
    {
        _register = state;
        _count = 0;
    }

    /// <summary>Scrambles one data bit into a line bit.</summary>
    public int Scramble(int bit)
    {
        int line = (bit ^ (int)(_register >> 5) ^ (int)(_register >> 6)) & 1;
        line = Guard(line);
        _register = (_register << 1) | (uint)line;
        return line;
    }

    /// <summary>Descrambles one line bit into a data bit.</summary>
    public int Descramble(int line)
    {
        line &= 1;
        // The transmitter inverted this bit iff its counter had reached the guard count; the counter
        // is a function of the line bits, so the same state here says whether to undo the inversion.
        int beforeGuard = line;
        if (_count >= GuardCount)
        {
            beforeGuard ^= 1;
            _count = 0;
        }
        else
        {
            UpdateCount(line);
        }

        int bit = (beforeGuard ^ (int)(_register >> 5) ^ (int)(_register >> 6)) & 1;
        _register = (_register << 1) | (uint)line;
        return bit;
    }

    private int Guard(int line)
    {
        if (_count >= GuardCount)
        {
            _count = 0;
            return line ^ 1;
        }

        UpdateCount(line);
        return line;
    }

    private void UpdateCount(int line)
    {
        // Reset when the bit differs from all of those 8, 9 and 12 places back; otherwise count it.
        bool differsFromAll = (((_register >> 7) ^ (uint)line) & ((_register >> 8) ^ (uint)line) & ((_register >> 11) ^ (uint)line) & 1) != 0;
        _count = differsFromAll ? 0 : _count + 1;
    }
}
