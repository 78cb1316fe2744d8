using System.Diagnostics.CodeAnalysis;

namespace FaxAppliance.Fax.T30;

/// <summary>A page (phase C) modem. V.21 carries only the T.30 control frames and is not listed.</summary>
public enum Modulation
{
    /// <summary>ITU-T V.27 ter, 2400 and 4800 bit/s.</summary>
    V27ter,

    /// <summary>ITU-T V.29, 7200 and 9600 bit/s.</summary>
    V29,

    /// <summary>ITU-T V.17, 7200 to 14400 bit/s.</summary>
    V17,
}

/// <summary>A page modem and bit rate, as commanded by DCS bits 11-14 (T.30 Table 2).</summary>
/// <param name="Modulation">The page modem.</param>
/// <param name="BitRate">The data signalling rate in bit/s.</param>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Names fixed by the shared API brief.")]
public readonly record struct SignallingRate(Modulation Modulation, int BitRate)
{
    /// <summary>V.17 at 14400 bit/s.</summary>
    public static readonly SignallingRate V17_14400 = new(Modulation.V17, 14400);
    /// <summary>V.17 at 12000 bit/s.</summary>
    public static readonly SignallingRate V17_12000 = new(Modulation.V17, 12000);
    /// <summary>V.17 at 9600 bit/s.</summary>
    public static readonly SignallingRate V17_9600 = new(Modulation.V17, 9600);
    /// <summary>V.17 at 7200 bit/s.</summary>
    public static readonly SignallingRate V17_7200 = new(Modulation.V17, 7200);
    /// <summary>V.29 at 9600 bit/s.</summary>
    public static readonly SignallingRate V29_9600 = new(Modulation.V29, 9600);
    /// <summary>V.29 at 7200 bit/s.</summary>
    public static readonly SignallingRate V29_7200 = new(Modulation.V29, 7200);
    /// <summary>V.27 ter at 4800 bit/s.</summary>
    public static readonly SignallingRate V27ter_4800 = new(Modulation.V27ter, 4800);
    /// <summary>V.27 ter at 2400 bit/s.</summary>
    public static readonly SignallingRate V27ter_2400 = new(Modulation.V27ter, 2400);

    private static readonly SignallingRate[] Order =
    [
        V17_14400, V17_12000, V17_9600, V17_7200, V29_9600, V29_7200, V27ter_4800, V27ter_2400,
    ];

    /// <summary>
    /// Every rate T.30 can command, fastest first: V.17 14400, 12000, 9600, 7200, V.29 9600, 7200, V.27 ter 4800, 2400.
    /// </summary>
    public static ReadOnlySpan<SignallingRate> StepDownOrder => Order;

    /// <summary>True when this is one of the eight rates of <see cref="StepDownOrder"/>.</summary>
    public bool IsDefined => Array.IndexOf(Order, this) >= 0;

    /// <summary>The modem bit this rate needs in a DIS.</summary>
    public ModemSupport RequiredSupport => Modulation switch
    {
        Modulation.V17 => ModemSupport.V17,
        Modulation.V29 => ModemSupport.V29,
        _ => ModemSupport.V27ter,
    };

    /// <summary>"V.17 14400", "V.27ter 4800", ...</summary>
    /// <returns>The modem and rate.</returns>
    public override string ToString() => Modulation switch
    {
        Modulation.V17 => $"V.17 {BitRate}",
        Modulation.V29 => $"V.29 {BitRate}",
        Modulation.V27ter => $"V.27ter {BitRate}",
        _ => $"{Modulation} {BitRate}",
    };
}

/// <summary>Page modems a terminal offers, DIS bits 11-14 (T.30 Table 2).</summary>
[Flags]
public enum ModemSupport
{
    /// <summary>No page modem (or a DIS modem code we do not know).</summary>
    None = 0,
    /// <summary>V.27 ter.</summary>
    V27ter = 1,
    /// <summary>V.29.</summary>
    V29 = 2,
    /// <summary>V.17.</summary>
    V17 = 4,
}

/// <summary>Bi-level page codings (T.4 MH and MR, T.6 MMR).</summary>
[Flags]
public enum Compressions
{
    /// <summary>None.</summary>
    None = 0,
    /// <summary>Modified Huffman, T.4 one-dimensional: every terminal has it.</summary>
    MH = 1,
    /// <summary>Modified READ, T.4 two-dimensional: T.30 Table 2 bit 16.</summary>
    MR = 2,
    /// <summary>Modified modified READ, T.6: T.30 Table 2 bit 31; needs ECM.</summary>
    MMR = 4,
}

/// <summary>Bi-level resolutions (T.30 Table 2 bits 15, 41, 42, 43; bits 44/45 say metric or inch).</summary>
[Flags]
[SuppressMessage("Design", "CA1008:Enums should have zero value", Justification = "Standard resolution is always present; flags fixed by the shared API brief.")]
public enum Resolutions
{
    /// <summary>R8 x 3.85 lines/mm: every terminal has it.</summary>
    Standard = 1,
    /// <summary>R8 x 7.7 lines/mm, bit 15.</summary>
    Fine = 2,
    /// <summary>R8 x 15.4 lines/mm, bit 41.</summary>
    Superfine = 4,
    /// <summary>300 x 300 pels/25.4 mm, bit 42 (inch based, bit 44).</summary>
    R300 = 8,
    /// <summary>400 x 400 pels/25.4 mm, bit 43 (inch based, bit 44).</summary>
    R400 = 16,
}

/// <summary>Scan line width, T.30 Table 2 bits 17-18.</summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Names fixed by the shared API brief.")]
public enum PageWidth
{
    /// <summary>215 mm, 1728 pels at R8.</summary>
    A4_1728,
    /// <summary>255 mm, 2048 pels at R8.</summary>
    B4_2048,
    /// <summary>303 mm, 2432 pels at R8.</summary>
    A3_2432,
}

/// <summary>Recording length, T.30 Table 2 bits 19-20.</summary>
public enum RecordingLength
{
    /// <summary>A4, 297 mm.</summary>
    A4,
    /// <summary>B4, 364 mm.</summary>
    B4,
    /// <summary>Unlimited.</summary>
    Unlimited,
}
