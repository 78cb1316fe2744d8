namespace FaxAppliance.Fax.T30;

/// <summary>What a DIS or DTC offers (T.30 Table 2, the subset this appliance uses).</summary>
public sealed record FaxCapabilities
{
    /// <summary>Page modems, bits 11-14.</summary>
    public ModemSupport Modems { get; init; } = ModemSupport.V27ter | ModemSupport.V29;

    /// <summary>
    /// Bits 11-14 = "0000": V.27 ter fall-back mode, i.e. 2400 bit/s only. Only meaningful with
    /// <see cref="Modems"/> = <see cref="ModemSupport.V27ter"/>.
    /// </summary>
    public bool V27terFallbackOnly { get; init; }

    /// <summary>Codings: MH always, MR bit 16, MMR (T.6) bit 31.</summary>
    public Compressions Compressions { get; init; } = Compressions.MH;

    /// <summary>Resolutions: Standard always, Fine bit 15, Superfine bit 41, 300x300 bit 42, 400x400 bit 43.</summary>
    public Resolutions Resolutions { get; init; } = Resolutions.Standard;

    /// <summary>Widest scan line accepted, bits 17-18.</summary>
    public PageWidth MaxWidth { get; init; } = PageWidth.A4_1728;

    /// <summary>Longest recording length accepted, bits 19-20.</summary>
    public RecordingLength MaxLength { get; init; } = RecordingLength.A4;

    /// <summary>Error correction mode (T.30 Annex A), bit 27.</summary>
    public bool Ecm { get; init; }

    /// <summary>
    /// Minimum scan line time at standard resolution in ms (0, 5, 10, 20 or 40), bits 21-23.
    /// </summary>
    public int MinScanLineMs { get; init; }

    /// <summary>
    /// Bits 21-23 = "110", "011" or "101": at fine (and finer) resolution the minimum scan line time is half
    /// of <see cref="MinScanLineMs"/> (T.30 Table 2: T7.7 = ½ T3.85). Only with 10, 20 or 40 ms.
    /// </summary>
    public bool MinScanLineHalvedAtFine { get; init; }

    /// <summary>Bit 10: ready to receive a fax document (in DIS), or receiving capability.</summary>
    public bool ReadyToReceive { get; init; }

    /// <summary>Bit 9: a fax document is ready to be polled.</summary>
    public bool ReadyToTransmit { get; init; }

    /// <summary>Bit 49: subaddressing capability.</summary>
    public bool Subaddressing { get; init; }

    /// <summary>Bit 50: password capability (in DTC: password transmission).</summary>
    public bool Password { get; init; }
}

/// <summary>What a DCS commands (T.30 Table 2, the subset this appliance uses).</summary>
public sealed record DcsParameters
{
    /// <summary>Page modem and rate, bits 11-14.</summary>
    public SignallingRate Rate { get; init; } = SignallingRate.V27ter_2400;

    /// <summary>The coding: exactly one of MH (no bit), MR (bit 16), MMR (bit 31, needs ECM).</summary>
    public Compressions Compression { get; init; } = Compressions.MH;

    /// <summary>The resolution: exactly one flag (Standard: no bit; Fine bit 15; Superfine bit 41; R300 bit 42; R400 bit 43, with bit 44 inch).</summary>
    public Resolutions Resolution { get; init; } = Resolutions.Standard;

    /// <summary>Scan line width, bits 17-18.</summary>
    public PageWidth Width { get; init; } = PageWidth.A4_1728;

    /// <summary>Recording length, bits 19-20.</summary>
    public RecordingLength Length { get; init; } = RecordingLength.A4;

    /// <summary>Error correction mode, bit 27.</summary>
    public bool Ecm { get; init; }

    /// <summary>ECM frame size in octets, bit 28 (0 = 256, 1 = 64); only meaningful with <see cref="Ecm"/>.</summary>
    public int EcmFrameSize { get; init; } = 256;

    /// <summary>Minimum scan line time in ms (0, 5, 10, 20 or 40), bits 21-23.</summary>
    public int MinScanLineMs { get; init; }

    /// <summary>Bit 49: a SUB frame (subaddress) accompanies this DCS.</summary>
    public bool SubaddressFollows { get; init; }

    /// <summary>Bit 50: a SID frame (sender identification) accompanies this DCS.</summary>
    public bool SenderIdFollows { get; init; }
}
