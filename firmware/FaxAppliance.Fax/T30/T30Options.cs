namespace FaxAppliance.Fax.T30;

/// <summary>Which end of the call the engine plays.</summary>
public enum T30Role
{
    /// <summary>The called station: answers and receives (the appliance's everyday role).</summary>
    Answering,

    /// <summary>The calling station: sends a document.</summary>
    Calling,
}

/// <summary>What the engine may offer and accept, from the appliance's configuration.</summary>
public sealed record T30Options
{
    /// <summary>The role in this call.</summary>
    public required T30Role Role { get; init; }

    /// <summary>Our identity (CSI when answering, TSI when calling): up to 20 digits, '+' and spaces.</summary>
    public string LocalIdentity { get; init; } = string.Empty;

    /// <summary>Calling: the sub-address (SUB, T.30 §5.3.6.2.x: digits, up to 20) that routes the fax to a mailbox at the
    /// receiver; sent only when the receiver's DIS offers subaddressing (bit 49). Null: none.</summary>
    public string? SubAddress { get; init; }

    /// <summary>The page modems we offer or use.</summary>
    public ModemSupport Modems { get; init; } = ModemSupport.V27ter | ModemSupport.V29 | ModemSupport.V17;

    /// <summary>The fastest rate to start at (null: the fastest both sides have).</summary>
    public SignallingRate? MaxRate { get; init; }

    /// <summary>Error correction mode (T.30 Annex A).</summary>
    public bool Ecm { get; init; }

    /// <summary>Calling with ECM: the frame size, 256 octets or 64 (T.30 Annex A, DCS bit 28; 64 loses less to each bad
    /// frame on a noisy line, at more overhead).</summary>
    public int EcmFrameSize { get; init; } = 256;

    /// <summary>Compressions we offer (MH is always there; MMR needs ECM).</summary>
    public Compressions Compressions { get; init; } = Compressions.MH | Compressions.MR;

    /// <summary>Resolutions we accept.</summary>
    public Resolutions Resolutions { get; init; } = Resolutions.Standard | Resolutions.Fine | Resolutions.Superfine | Resolutions.R300 | Resolutions.R400;

    /// <summary>Widest page we accept.</summary>
    public PageWidth MaxWidth { get; init; } = PageWidth.A3_2432;

    /// <summary>Non-ECM page quality: at most this share of bad rows answers MCF.</summary>
    public double GoodPageMaxBadRowFraction { get; init; } = 0.02;

    /// <summary>Non-ECM page quality: more than this share of bad rows (or this many consecutive) answers RTN.</summary>
    public double RetrainBadRowFraction { get; init; } = 0.10;

    /// <summary>Non-ECM page quality: this many consecutive bad rows answers RTN whatever the share.</summary>
    public int RetrainConsecutiveBadRows { get; init; } = 32;
}
