namespace FaxAppliance.Modems.V17;

/// <summary>
/// The 8-state systematic convolutional encoder of ITU-T V.17 §2.4 (Figure 2; the same code as V.32's
/// trellis option and V.32bis), as a trellis: a state is the content of the encoder's three delay cells, the input
/// of a transition is the differentially encoded pair Y1 Y2, and the redundant bit Y0 is the output of a
/// delay cell, so it is fixed by the state before the transition.
/// <para>
/// State numbering (ours): bit 0 = cell W1 (its output is Y0n), bit 1 = W2, bit 2 = W3. With ∧ for AND
/// and ⊕ for XOR, one symbol moves the cells as the gates of Figure 2 do:
/// <code>
///   W1' = Y2 ⊕ W2 ⊕ (Y1 ∧ W1)
///   W2' = Y1 ⊕ Y2 ⊕ W3 ⊕ ((Y2 ⊕ W2) ∧ W1)
///   W3' = W1
///   Y0  = W1  (before the move)
/// </code>
/// The AND terms make the code non-linear; that is what lets it be transparent to 90° turns of the
/// signal space (Wei's code), so the receiver's 90° phase ambiguity is removed by differential coding of
/// Y1 Y2 alone. Every state has 4 successors and 4 predecessors (checked by the tests).
/// </para>
/// </summary>
public static class V17Trellis
{
    /// <summary>Number of states (three delay cells).</summary>
    public const int States = 8;

    /// <summary>Constraint length of the code in symbols (memory 3 + 1).</summary>
    public const int ConstraintLength = 4;

    private static readonly byte[] NextStates = BuildNextStates();
    private static readonly byte[] Predecessors = BuildPredecessors(NextStates);

    /// <summary>The redundant bit Y0 sent in a symbol that leaves <paramref name="state"/>.</summary>
    public static int RedundantBit(int state) => state & 1;

    /// <summary>The state after a symbol with differential output <paramref name="y"/> = Y1 + 2·Y2
    /// leaves <paramref name="state"/>.</summary>
    public static int NextState(int state, int y) => NextStates[((state & 7) << 2) | (y & 3)];

    /// <summary>The subset (label bits Y0 Y1 Y2 = Y0 + 2·Y1 + 4·Y2) of the transition from
    /// <paramref name="state"/> with input <paramref name="y"/>.</summary>
    public static int Subset(int state, int y) => (state & 1) | ((y & 3) << 1);

    /// <summary>The <paramref name="index"/>-th (0–3) predecessor of <paramref name="state"/>, packed as
    /// <c>previousState | (y &lt;&lt; 3)</c>.</summary>
    internal static int Predecessor(int state, int index) => Predecessors[(state << 2) | index];

    private static byte[] BuildNextStates()
    {
        var table = new byte[States * 4];
        for (int s = 0; s < States; s++)
        {
            int w1 = s & 1;
            int w2 = (s >> 1) & 1;
            int w3 = (s >> 2) & 1;
            for (int y = 0; y < 4; y++)
            {
                int y1 = y & 1;
                int y2 = (y >> 1) & 1;
                int n1 = y2 ^ w2 ^ (y1 & w1);
                int n2 = y1 ^ y2 ^ w3 ^ ((y2 ^ w2) & w1);
                int n3 = w1;
                table[(s << 2) | y] = (byte)(n1 | (n2 << 1) | (n3 << 2));
            }
        }

        return table;
    }

    private static byte[] BuildPredecessors(byte[] next)
    {
        var table = new byte[States * 4];
        var count = new int[States];
        for (int s = 0; s < States; s++)
        {
            for (int y = 0; y < 4; y++)
            {
                int n = next[(s << 2) | y];
                if (count[n] == 4)
                {
                    throw new InvalidOperationException("V.17 trellis: a state has more than 4 predecessors.");
                }

                table[(n << 2) | count[n]++] = (byte)(s | (y << 3));
            }
        }

        return table;
    }
}
