namespace FaxAppliance.Modems.Common;

/// <summary>
/// A self-synchronising scrambler 1 + x^−a + x^−b (ITU-T V.29 §5: 1 + x^−18 + x^−23; V.17 uses the
/// same; V.27ter §2.5 uses 1 + x^−6 + x^−7 with an extra guard, see the V.27ter folder). The
/// descrambler recovers the data after b correct line bits, whatever its starting state.
/// </summary>
public struct SelfSynchronizingScrambler
{
    private readonly int _tapA;
    private readonly int _tapB;
    private uint _register; // bit 0: the previous line bit

    /// <summary>Creates a scrambler with taps at <paramref name="tapA"/> and <paramref name="tapB"/> bits
    /// (1 ≤ a &lt; b ≤ 31).</summary>
    public SelfSynchronizingScrambler(int tapA, int tapB)
    {
        if (tapA < 1 || tapB <= tapA || tapB > 31)
        {
            throw new ArgumentOutOfRangeException(nameof(tapB), "taps must satisfy 1 ≤ a < b ≤ 31");
        }

        _tapA = tapA;
        _tapB = tapB;
        _register = 0;
    }

    /// <summary>The register (line bits, newest in bit 0).</summary>
    public readonly uint Register => _register;

    /// <summary>Sets the register.</summary>
    public void Reset(uint state = 0) => _register = state;

    /// <summary>Scrambles one data bit into a line bit.</summary>
    public int Scramble(int bit)
    {
        int line = (bit ^ (int)(_register >> (_tapA - 1)) ^ (int)(_register >> (_tapB - 1))) & 1;
        _register = (_register << 1) | (uint)line;
        return line;
    }

    /// <summary>Descrambles one line bit into a data bit.</summary>
    public int Descramble(int line)
    {
        line &= 1;
        int bit = (line ^ (int)(_register >> (_tapA - 1)) ^ (int)(_register >> (_tapB - 1))) & 1;
        _register = (_register << 1) | (uint)line;
        return bit;
    }
}
