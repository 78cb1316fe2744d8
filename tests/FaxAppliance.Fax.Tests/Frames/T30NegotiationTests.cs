using CsCheck;
using FaxAppliance.Fax.T30;
using static FaxAppliance.Fax.Tests.Frames.FrameTestData;

namespace FaxAppliance.Fax.Tests.Frames;

public class T30NegotiationTests
{
    private const ModemSupport All = ModemSupport.V27ter | ModemSupport.V29 | ModemSupport.V17;
    private const ModemSupport V27V29 = ModemSupport.V27ter | ModemSupport.V29;

    private static readonly FaxCapabilities Ours = new()
    {
        Modems = All,
        Compressions = Compressions.MH | Compressions.MR | Compressions.MMR,
        Resolutions = Resolutions.Standard | Resolutions.Fine,
        MaxWidth = PageWidth.A3_2432,
        Ecm = true,
    };

    public static TheoryData<ModemSupport, bool, ModemSupport, string?, string> StartRates => new()
    {
        { All, false, All, null, "V.17 14400" },
        { V27V29, false, All, null, "V.29 9600" },
        { All, false, V27V29, null, "V.29 9600" },
        { ModemSupport.V27ter, false, All, null, "V.27ter 4800" },
        { ModemSupport.V27ter, true, All, null, "V.27ter 2400" },     // DIS "0000": fall-back mode
        { All, false, All, "V.17 9600", "V.17 9600" },
        { All, false, All, "V.29 9600", "V.17 9600" },                 // the limit is a bit rate
        { V27V29, false, All, "V.29 7200", "V.29 7200" },
        { ModemSupport.V29, false, All, "V.27ter 4800", "-" },
    };

    [Theory]
    [MemberData(nameof(StartRates))]
    public void TryChooseDcs_StartsAtHighestCommonRateWithinLimit(ModemSupport remoteModems, bool fallback, ModemSupport ourModems, string? max, string expected)
    {
        SignallingRate? maxRate = max is null ? null : SignallingRate.StepDownOrder.ToArray().First(r => r.ToString() == max);
        var remote = new FaxCapabilities { Modems = remoteModems, V27terFallbackOnly = fallback };

        bool ok = T30Negotiation.TryChooseDcs(remote, Ours with { Modems = ourModems }, PageWidth.A4_1728, Resolutions.Standard, maxRate, out DcsParameters? dcs, out string? reason);

        Assert.Equal(expected != "-", ok);
        Assert.Equal(expected, ok ? dcs!.Rate.ToString() : "-");
        Assert.True(ok || reason!.Contains("no common rate", StringComparison.Ordinal));
    }

    public static TheoryData<string, ModemSupport, string?> StepDowns => new()
    {
        { "V.17 14400", All, "V.17 12000" },
        { "V.17 12000", All, "V.17 9600" },
        { "V.17 9600", All, "V.17 7200" },
        { "V.17 7200", All, "V.29 9600" },        // the order: another modem after V.17 7200
        { "V.17 7200", ModemSupport.V17 | ModemSupport.V27ter, "V.27ter 4800" },
        { "V.29 9600", V27V29, "V.29 7200" },
        { "V.29 7200", V27V29, "V.27ter 4800" },
        { "V.27ter 4800", V27V29, "V.27ter 2400" },
        { "V.27ter 2400", All, null },
        { "V.29 7200", ModemSupport.V29, null },
        { "V.17 9600", ModemSupport.V17 | ModemSupport.V27ter, "V.17 7200" },
        { "V.29 9600", ModemSupport.V27ter, "V.27ter 4800" },
    };

    [Theory]
    [MemberData(nameof(StepDowns))]
    public void StepDown_FollowsOrderRestrictedToCommonModems(string current, ModemSupport common, string? expected)
    {
        SignallingRate rate = SignallingRate.StepDownOrder.ToArray().First(r => r.ToString() == current);
        Assert.Equal(expected, T30Negotiation.StepDown(rate, common)?.ToString());
    }

    [Theory]
    [InlineData(Compressions.MH | Compressions.MR | Compressions.MMR, true, true, Compressions.MMR)]
    [InlineData(Compressions.MH | Compressions.MR | Compressions.MMR, false, true, Compressions.MR)]  // remote has no ECM
    [InlineData(Compressions.MH | Compressions.MR | Compressions.MMR, true, false, Compressions.MR)]  // we have no ECM
    [InlineData(Compressions.MH | Compressions.MMR, false, true, Compressions.MH)]
    [InlineData(Compressions.MH, true, true, Compressions.MH)]
    public void TryChooseDcs_MmrOnlyWithEcmOnBothSides(Compressions remoteCodings, bool remoteEcm, bool ourEcm, Compressions expected)
    {
        var remote = new FaxCapabilities { Modems = All, Compressions = remoteCodings, Ecm = remoteEcm };

        Assert.True(T30Negotiation.TryChooseDcs(remote, Ours with { Ecm = ourEcm }, PageWidth.A4_1728, Resolutions.Standard, null, out DcsParameters? dcs, out _));
        Assert.Equal(expected, dcs.Compression);
        Assert.Equal(remoteEcm && ourEcm, dcs.Ecm);
    }

    [Theory]
    [InlineData(PageWidth.A4_1728, PageWidth.A4_1728, true)]
    [InlineData(PageWidth.B4_2048, PageWidth.A4_1728, false)]
    [InlineData(PageWidth.A3_2432, PageWidth.B4_2048, false)]
    [InlineData(PageWidth.B4_2048, PageWidth.A3_2432, true)]
    public void TryChooseDcs_PageWidthMustFitRemote(PageWidth page, PageWidth remoteMax, bool accepted)
    {
        var remote = new FaxCapabilities { Modems = All, MaxWidth = remoteMax };

        bool ok = T30Negotiation.TryChooseDcs(remote, Ours, page, Resolutions.Standard, null, out DcsParameters? dcs, out string? reason);

        Assert.Equal(accepted, ok);
        if (ok)
        {
            Assert.Equal(page, dcs!.Width);
        }
        else
        {
            Assert.Contains("page wider than the remote accepts", reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TryChooseDcs_NoCommonModem_GivesReason()
    {
        var remote = new FaxCapabilities { Modems = ModemSupport.V29 };

        Assert.False(T30Negotiation.TryChooseDcs(remote, Ours with { Modems = ModemSupport.V27ter }, PageWidth.A4_1728, Resolutions.Standard, null, out _, out string? reason));
        Assert.Contains("remote offers no modem we have", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryChooseDcs_ResolutionRemoteLacks_GivesReason()
    {
        var remote = new FaxCapabilities { Modems = All };

        Assert.False(T30Negotiation.TryChooseDcs(remote, Ours, PageWidth.A4_1728, Resolutions.Fine, null, out _, out string? reason));
        Assert.Contains("Fine", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Resolutions.Standard, false, 20)]
    [InlineData(Resolutions.Fine, false, 10)]     // T7.7 = ½ T3.85
    [InlineData(Resolutions.Fine, true, 0)]       // ECM: no minimum scan line time
    public void TryChooseDcs_ScanLineTimeFollowsRemoteAndResolution(Resolutions page, bool ecm, int expectedMs)
    {
        var remote = new FaxCapabilities
        {
            Modems = All, Resolutions = Resolutions.Standard | Resolutions.Fine, MinScanLineMs = 20, MinScanLineHalvedAtFine = true, Ecm = ecm,
        };

        Assert.True(T30Negotiation.TryChooseDcs(remote, Ours, PageWidth.A4_1728, page, null, out DcsParameters? dcs, out _));
        Assert.Equal(expectedMs, dcs.MinScanLineMs);
    }

    [Fact]
    public void TryChooseDcs_AnyDis_ChosenDcsIsEncodableAndWithinRemoteCapabilities()
    {
        Gen.Select(Capabilities, Capabilities, Widths, SingleResolution, Gen.OneOfConst<SignallingRate?>([null, .. SignallingRate.StepDownOrder.ToArray()]))
            .Sample((remote, local, width, resolution, max) =>
            {
                if (!T30Negotiation.TryChooseDcs(remote, local, width, resolution, max, out DcsParameters? dcs, out string? reason))
                {
                    Assert.False(string.IsNullOrEmpty(reason));
                    return;
                }

                Assert.Null(DcsCodec.Validate(dcs));
                Assert.NotEqual(ModemSupport.None, remote.Modems & local.Modems & dcs.Rate.RequiredSupport);
                Assert.True(max is null || dcs.Rate.BitRate <= max.Value.BitRate);
                Assert.True(dcs.Width <= remote.MaxWidth);
                Assert.True(dcs.Resolution == Resolutions.Standard || (remote.Resolutions & dcs.Resolution) != 0);
                Assert.True(!dcs.Ecm || (remote.Ecm && local.Ecm));
                Assert.True((remote.Compressions & local.Compressions & dcs.Compression) != 0);
            }, iter: 3000);
    }
}
