using CsCheck;
using FaxAppliance.Fax.T30;

namespace FaxAppliance.Fax.Tests.Frames;

/// <summary>Shared helpers and CsCheck generators for the T.30 frame tests.</summary>
internal static class FrameTestData
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    /// <summary>The four modem sets DIS bits 11-14 can express (T.30 Table 2).</summary>
    public static readonly Gen<ModemSupport> DisModems = Gen.OneOfConst(
        ModemSupport.V27ter,
        ModemSupport.V29,
        ModemSupport.V27ter | ModemSupport.V29,
        ModemSupport.V27ter | ModemSupport.V29 | ModemSupport.V17);

    /// <summary>Every (ms, halved at fine) pair DIS bits 21-23 can express.</summary>
    public static readonly Gen<(int Ms, bool Halved)> DisScanTimes = Gen.OneOfConst(
        (0, false), (5, false), (10, false), (20, false), (40, false), (10, true), (20, true), (40, true));

    public static readonly Gen<PageWidth> Widths = Gen.OneOfConst(PageWidth.A4_1728, PageWidth.B4_2048, PageWidth.A3_2432);

    public static readonly Gen<RecordingLength> Lengths = Gen.OneOfConst(RecordingLength.A4, RecordingLength.B4, RecordingLength.Unlimited);

    public static readonly Gen<Resolutions> SingleResolution = Gen.OneOfConst(
        Resolutions.Standard, Resolutions.Fine, Resolutions.Superfine, Resolutions.R300, Resolutions.R400);

    public static readonly Gen<SignallingRate> Rates = Gen.OneOfConst(SignallingRate.StepDownOrder.ToArray());

    /// <summary>Every valid combination of what <see cref="FaxCapabilities"/> carries.</summary>
    public static readonly Gen<FaxCapabilities> Capabilities = Gen.Select(
        DisModems, Gen.Bool, Gen.Int[0, 3], Gen.Int[0, 15], Widths, Lengths, DisScanTimes, Gen.Int[0, 31],
        (modems, fallback, codings, resolutions, width, length, scan, flags) => new FaxCapabilities
        {
            Modems = modems,
            V27terFallbackOnly = fallback && modems == ModemSupport.V27ter,
            Compressions = Compressions.MH | (Compressions)(codings << 1),
            Resolutions = Resolutions.Standard | (Resolutions)(resolutions << 1),
            MaxWidth = width,
            MaxLength = length,
            MinScanLineMs = scan.Ms,
            MinScanLineHalvedAtFine = scan.Halved,
            Ecm = (flags & 1) != 0,
            ReadyToReceive = (flags & 2) != 0,
            ReadyToTransmit = (flags & 4) != 0,
            Subaddressing = (flags & 8) != 0,
            Password = (flags & 16) != 0,
        });

    /// <summary>Every valid combination of what <see cref="DcsParameters"/> carries.</summary>
    public static readonly Gen<DcsParameters> Dcs = Gen.Select(
        Rates, Gen.Int[0, 2], SingleResolution, Widths, Lengths, Gen.OneOfConst(0, 5, 10, 20, 40), Gen.Int[0, 15],
        (rate, coding, resolution, width, length, scan, flags) =>
        {
            bool ecm = (flags & 1) != 0 || coding == 2; // MMR needs ECM
            return new DcsParameters
            {
                Rate = rate,
                Compression = coding switch { 0 => Compressions.MH, 1 => Compressions.MR, _ => Compressions.MMR },
                Resolution = resolution,
                Width = width,
                Length = length,
                Ecm = ecm,
                EcmFrameSize = ecm && (flags & 2) != 0 ? 64 : 256,
                MinScanLineMs = scan,
                SubaddressFollows = (flags & 4) != 0,
                SenderIdFollows = (flags & 8) != 0,
            };
        });
}
