using System.Reflection;
using CsCheck;
using FaxAppliance.Fax.Channel;
using FaxAppliance.Fax.T30;

namespace FaxAppliance.Fax.Tests.Engine;

/// <summary>What kind of outside input a <see cref="FuzzInput"/> is.</summary>
internal enum FuzzKind
{
    RandomFrame,      // any octets as a V.21 frame
    RandomFcf,        // a good header, a random FCF and FIF ("unknown FCF")
    KnownFcfBadFif,   // a real FCF with a random FIF (truncated, or oversized up to 200 octets)
    KnownFcfGoodFif,  // a well-formed frame in whatever state we are in (DCS, CFR, MPS, DCN, CRP, ...)
    LongDis,          // a DIS of 200 octets
    ShortFcd,         // an FCD shorter than its header (T.4 Annex A: FCF + frame number + data)
    ImageStatus,      // a high-speed receiver status in any state
    ImageData,        // raw image bits in any state
    ImageFrame,       // an ECM frame (control channel off)
    ControlCarrier,   // V.21 carrier up/down
    Tone,             // CED/CNG heard
    Wait,             // silence on the line for up to 4 s
}

/// <summary>One piece of garbage (or of a valid frame in the wrong place) the remote or the line produces.</summary>
internal sealed record FuzzInput(FuzzKind Kind, byte[] Bytes, bool CrcOk, int Value)
{
    /// <summary>Every FCF constant T30Fcf defines.</summary>
    public static readonly byte[] KnownFcfs = typeof(T30Fcf).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(byte)).Select(f => (byte)f.GetRawConstantValue()!).Distinct().ToArray();

    private static readonly SignallingRate[] Rates = SignallingRate.StepDownOrder.ToArray();

    public static readonly Gen<FuzzInput> Gen = CsCheck.Gen.Select(
        CsCheck.Gen.Enum<FuzzKind>(), CsCheck.Gen.Byte.Array[0, 64], CsCheck.Gen.Int[0, 9], CsCheck.Gen.Int[0, 1_000_000],
        (kind, bytes, crc, value) => new FuzzInput(kind, bytes, crc != 0, value)); // FCS good 9 times in 10

    public override string ToString() => $"{Kind} {Convert.ToHexString(Bytes)} crc={CrcOk} v={Value}";

    /// <summary>The frame this input delivers over V.21 (or over the page modem for FCD), or null for other kinds.</summary>
    public byte[]? Frame(bool xBit)
    {
        byte control = (Value & 2) != 0 ? T30FrameParser.ControlFinal : T30FrameParser.ControlNotFinal;
        switch (Kind)
        {
            case FuzzKind.RandomFrame:
                return Bytes;
            case FuzzKind.RandomFcf:
                return [T30FrameParser.Address, control, (byte)Value, .. Bytes];
            case FuzzKind.KnownFcfBadFif:
                byte fcf = KnownFcfs[Value % KnownFcfs.Length];
                byte[] fif = (Value & 4) != 0 ? [.. Enumerable.Repeat(Bytes, 4).SelectMany(b => b).Take(200)] : Bytes[..Math.Min(Bytes.Length, Value % 4)];
                return Build(fcf, xBit, control == T30FrameParser.ControlFinal, fif);
            case FuzzKind.KnownFcfGoodFif:
                byte good = KnownFcfs[Value % KnownFcfs.Length];
                byte[] info = good switch
                {
                    T30Fcf.Dcs => EngineHarness.Dcs(Rates[(Value >> 8) % Rates.Length]),
                    T30Fcf.Dis or T30Fcf.Dtc => EngineHarness.Dis(),
                    T30Fcf.Csi or T30Fcf.Tsi or T30Fcf.Cig => EngineHarness.Identity("+1 555 0199"),
                    _ => [],
                };
                return Build(good, xBit, final: true, info);
            case FuzzKind.LongDis:
                byte[] dis = new byte[200];
                EngineHarness.Dis().CopyTo(dis, 0);
                Bytes.CopyTo(dis, 10);
                return Build(T30Fcf.Dis, xBit, final: true, dis);
            case FuzzKind.ShortFcd:
                byte[] fcd = [T30FrameParser.Address, control, T30Fcf.Fcd, .. Bytes[..Math.Min(Bytes.Length, 1)]];
                return fcd[..Math.Min(fcd.Length, 1 + (Value % 4))];
            default:
                return null;
        }
    }

    public ImageStatus Status => (ImageStatus)(Value % 3);

    public ChannelTone ToneHeard => (ChannelTone)(Value % 2);

    private static byte[] Build(byte fcf, bool xBit, bool final, byte[] info)
    {
        var frame = new byte[3 + info.Length];
        T30FrameParser.Build(frame, fcf, xBit, final, info);
        return frame;
    }
}
