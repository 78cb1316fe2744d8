namespace FaxAppliance.Imaging.Coding;

/// <summary>Code tables of ITU-T T.4 §4.1 (run lengths) and Table 4 (2-D mode codes), with decode look-ups built once.</summary>
internal static class T4CodeTables
{
    /// <summary>Longest run-length code (black make-up codes are 13 bits), the width of the decode look-up index.</summary>
    public const int RunLookupBits = 13;

    /// <summary>Longest mode code of T.4 Table 4 (VR3/VL3/extension are 7 bits).</summary>
    public const int ModeLookupBits = 7;

    /// <summary>Largest run a single make-up code carries (T.4 Table 3 extended make-up).</summary>
    public const int MaxMakeUp = 2560;

    // Mode identifiers stored in the mode look-up (low 4 bits) with the code length in the high bits.
    public const int ModePass = 1;
    public const int ModeHorizontal = 2;
    public const int ModeVertical0 = 3; // V0..VR3 = 3..6 and VL1..VL3 = 7..9; see VerticalOffset.
    public const int ModeExtension = 10;

    // T.4 Table 2: terminating codes, white runs 0..63.
    private static readonly string[] WhiteTerminating =
    [
        "00110101", "000111", "0111", "1000", "1011", "1100", "1110", "1111",
        "10011", "10100", "00111", "01000", "001000", "000011", "110100", "110101",
        "101010", "101011", "0100111", "0001100", "0001000", "0010111", "0000011", "0000100",
        "0101000", "0101011", "0010011", "0100100", "0011000", "00000010", "00000011", "00011010",
        "00011011", "00010010", "00010011", "00010100", "00010101", "00010110", "00010111", "00101000",
        "00101001", "00101010", "00101011", "00101100", "00101101", "00000100", "00000101", "00001010",
        "00001011", "01010010", "01010011", "01010100", "01010101", "00100100", "00100101", "01011000",
        "01011001", "01011010", "01011011", "01001010", "01001011", "00110010", "00110011", "00110100",
    ];

    // T.4 Table 2: terminating codes, black runs 0..63.
    private static readonly string[] BlackTerminating =
    [
        "0000110111", "010", "11", "10", "011", "0011", "0010", "00011",
        "000101", "000100", "0000100", "0000101", "0000111", "00000100", "00000111", "000011000",
        "0000010111", "0000011000", "0000001000", "00001100111", "00001101000", "00001101100", "00000110111", "00000101000",
        "00000010111", "00000011000", "000011001010", "000011001011", "000011001100", "000011001101", "000001101000", "000001101001",
        "000001101010", "000001101011", "000011010010", "000011010011", "000011010100", "000011010101", "000011010110", "000011010111",
        "000001101100", "000001101101", "000011011010", "000011011011", "000001010100", "000001010101", "000001010110", "000001010111",
        "000001100100", "000001100101", "000001010010", "000001010011", "000000100100", "000000110111", "000000111000", "000000100111",
        "000000101000", "000001011000", "000001011001", "000000101011", "000000101100", "000001011010", "000001100110", "000001100111",
    ];

    // T.4 Table 3: make-up codes, white runs 64..1728 in steps of 64.
    private static readonly string[] WhiteMakeUp =
    [
        "11011", "10010", "010111", "0110111", "00110110", "00110111", "01100100", "01100101",
        "01101000", "01100111", "011001100", "011001101", "011010010", "011010011", "011010100", "011010101",
        "011010110", "011010111", "011011000", "011011001", "011011010", "011011011", "010011000", "010011001",
        "010011010", "011000", "010011011",
    ];

    // T.4 Table 3: make-up codes, black runs 64..1728 in steps of 64.
    private static readonly string[] BlackMakeUp =
    [
        "0000001111", "000011001000", "000011001001", "000001011011", "000000110011", "000000110100", "000000110101", "0000001101100",
        "0000001101101", "0000001001010", "0000001001011", "0000001001100", "0000001001101", "0000001110010", "0000001110011", "0000001110100",
        "0000001110101", "0000001110110", "0000001110111", "0000001010010", "0000001010011", "0000001010100", "0000001010101", "0000001011010",
        "0000001011011", "0000001100100", "0000001100101",
    ];

    // T.4 Table 3 (extended make-up, both colours): runs 1792..2560 in steps of 64.
    private static readonly string[] ExtendedMakeUp =
    [
        "00000001000", "00000001100", "00000001101", "000000010010", "000000010011", "000000010100", "000000010101",
        "000000010110", "000000010111", "000000011100", "000000011101", "000000011110", "000000011111",
    ];

    /// <summary>Code bits (right-aligned) per run index: 0..63 terminating, 64+ make-up (run = (index - 63) * 64).</summary>
    private static readonly ushort[] WhiteCode = new ushort[64 + 40];
    private static readonly byte[] WhiteLength = new byte[64 + 40];
    private static readonly ushort[] BlackCode = new ushort[64 + 40];
    private static readonly byte[] BlackLength = new byte[64 + 40];

    /// <summary>13-bit look-up: (code length &lt;&lt; 12) | run, 0 = no code.</summary>
    public static readonly ushort[] WhiteLookup = new ushort[1 << RunLookupBits];
    public static readonly ushort[] BlackLookup = new ushort[1 << RunLookupBits];

    /// <summary>7-bit look-up of T.4 Table 4 mode codes: (length &lt;&lt; 4) | mode, 0 = no code (EOL or error).</summary>
    public static readonly byte[] ModeLookup = new byte[1 << ModeLookupBits];

    static T4CodeTables()
    {
        Fill(WhiteTerminating, WhiteMakeUp, WhiteCode, WhiteLength, WhiteLookup);
        Fill(BlackTerminating, BlackMakeUp, BlackCode, BlackLength, BlackLookup);

        // T.4 Table 4: 2-D mode codes. Vertical modes by offset a1 - b1.
        AddMode("0001", ModePass);
        AddMode("001", ModeHorizontal);
        AddMode("1", ModeVertical0);        // V0
        AddMode("011", ModeVertical0 + 1);  // VR1
        AddMode("000011", ModeVertical0 + 2); // VR2
        AddMode("0000011", ModeVertical0 + 3); // VR3
        AddMode("010", ModeVertical0 + 4);  // VL1
        AddMode("000010", ModeVertical0 + 5); // VL2
        AddMode("0000010", ModeVertical0 + 6); // VL3
        AddMode("0000001", ModeExtension);
    }

    /// <summary>a1 - b1 for a vertical mode id (ModeVertical0..ModeVertical0+6).</summary>
    public static int VerticalOffset(int mode) => mode - ModeVertical0 <= 3 ? mode - ModeVertical0 : 3 - (mode - ModeVertical0);

    /// <summary>Mode id for a vertical offset -3..3.</summary>
    public static int VerticalMode(int offset) => offset >= 0 ? ModeVertical0 + offset : ModeVertical0 + 3 - offset;

    /// <summary>Code (right-aligned bits) and length of the vertical/pass/horizontal mode codes.</summary>
    public static (int Code, int Length) ModeCode(int mode) => mode switch
    {
        ModePass => (0b0001, 4),
        ModeHorizontal => (0b001, 3),
        ModeVertical0 => (0b1, 1),
        ModeVertical0 + 1 => (0b011, 3),
        ModeVertical0 + 2 => (0b000011, 6),
        ModeVertical0 + 3 => (0b0000011, 7),
        ModeVertical0 + 4 => (0b010, 3),
        ModeVertical0 + 5 => (0b000010, 6),
        _ => (0b0000010, 7),
    };

    /// <summary>Code of a terminating (run &lt; 64) or make-up (run a multiple of 64, up to 2560) code.</summary>
    public static (int Code, int Length) RunCode(bool black, int run)
    {
        int index = run < 64 ? run : 63 + (run >> 6);
        return black ? (BlackCode[index], BlackLength[index]) : (WhiteCode[index], WhiteLength[index]);
    }

    private static void Fill(string[] terminating, string[] makeUp, ushort[] code, byte[] length, ushort[] lookup)
    {
        for (int run = 0; run < 64; run++)
        {
            Add(terminating[run], run, run, code, length, lookup);
        }

        for (int i = 0; i < makeUp.Length; i++)
        {
            Add(makeUp[i], 64 + i, (i + 1) * 64, code, length, lookup);
        }

        for (int i = 0; i < ExtendedMakeUp.Length; i++)
        {
            Add(ExtendedMakeUp[i], 64 + makeUp.Length + i, 1792 + (i * 64), code, length, lookup);
        }
    }

    private static void Add(string bits, int index, int run, ushort[] code, byte[] length, ushort[] lookup)
    {
        int value = Convert.ToInt32(bits, 2);
        code[index] = (ushort)value;
        length[index] = (byte)bits.Length;
        int shift = RunLookupBits - bits.Length;
        for (int tail = 0; tail < 1 << shift; tail++)
        {
            int slot = (value << shift) | tail;
            if (lookup[slot] != 0)
            {
                throw new InvalidOperationException($"T.4 run code {bits} overlaps another code"); // table self-check at type load
            }

            lookup[slot] = (ushort)((bits.Length << 12) | run);
        }
    }

    private static void AddMode(string bits, int mode)
    {
        int value = Convert.ToInt32(bits, 2);
        int shift = ModeLookupBits - bits.Length;
        for (int tail = 0; tail < 1 << shift; tail++)
        {
            ModeLookup[(value << shift) | tail] = (byte)((bits.Length << 4) | mode);
        }
    }
}
