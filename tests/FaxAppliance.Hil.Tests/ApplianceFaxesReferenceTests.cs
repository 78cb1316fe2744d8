using System.Text.Json.Nodes;
using FaxAppliance.Hal.Simulated.Line;
using FaxAppliance.LineSim;
using FaxAppliance.LineSim.Endpoints;
using FaxAppliance.Testing;

namespace FaxAppliance.Hil.Tests;

/// <summary>
/// Whole faxes between the appliance (simulated board, capture loop, modems, T.30, T.4, TIFF) and the reference fax
/// machine (spandsp) through the line simulator, both directions: the pages must arrive pixel-identical (libtiff decodes
/// both files).
/// </summary>
public class ApplianceFaxesReferenceTests
{
    public static TheoryData<string, bool> Modems() => new()
    {
        { "v17", false },
        { "v29", false },
        { "v27ter", false },
        { "v17", true },
    };

    [Theory]
    [MemberData(nameof(Modems))]
    public void Receive_ReferenceSendsThreePages_ApplianceStoresThemPixelIdentical(string modem, bool impaired)
    {
        string dir = RepoPaths.NewTempDir($"fax-rx-{modem}-{impaired}");
        string doc = Path.Combine(dir, "doc.tif");
        ReferenceBridgeTests.MakePages(doc, 3, seed: 21);
        string outDir = Path.Combine(dir, "rx");

        JsonObject appliance = Run("receive", outDir, $"'{RepoPaths.FaxRemote}' send '{doc}' --ecm off --modems {modem}", Line(impaired), out JsonObject remote);

        Assert.True(appliance["completed"]!.GetValue<bool>(), appliance.ToJsonString());
        Assert.True(remote["completed"]!.GetValue<bool>(), remote.ToJsonString());
        Assert.Equal(3, appliance["pages"]!.GetValue<int>());
        Assert.Equal(ExpectedRate(modem), appliance["bit_rate"]!.GetValue<int>());
        Assert.Equal("FAXREMOTE", appliance["remote_identity"]!.GetValue<string>());
        Assert.Equal(ReferenceBridgeTests.Pixels(doc), ReferenceBridgeTests.Pixels(Path.Combine(outDir, ApplianceEndpoint.FaxFileName)));
        Assert.All(appliance["page_records"]!.AsArray(), p => Assert.Equal(0, p!["bad_rows"]!.GetValue<int>()));
    }

    [Theory]
    [MemberData(nameof(Modems))]
    public void Send_ApplianceSendsThreePages_ReferenceReceivesThemPixelIdentical(string modem, bool impaired)
    {
        string dir = RepoPaths.NewTempDir($"fax-tx-{modem}-{impaired}");
        string doc = Path.Combine(dir, "doc.tif");
        string received = Path.Combine(dir, "rx.tif");
        ReferenceBridgeTests.MakePages(doc, 3, seed: 22);

        JsonObject appliance = Run("send", doc, $"'{RepoPaths.FaxRemote}' recv '{received}' --ecm off --modems {modem}", Line(impaired), out JsonObject remote);

        Assert.True(appliance["completed"]!.GetValue<bool>(), appliance.ToJsonString());
        Assert.True(remote["completed"]!.GetValue<bool>(), remote.ToJsonString());
        Assert.Equal(3, remote["pages"]!.GetValue<int>());
        Assert.Equal(ExpectedRate(modem), remote["bit_rate"]!.GetValue<int>());
        Assert.Equal(ReferenceBridgeTests.Pixels(doc), ReferenceBridgeTests.Pixels(received));
    }

    private static LineImpairments Line(bool impaired) => impaired
        ? new LineImpairments { AttenuationDb = 10, NoiseDbm0 = -60, EchoReturnLossDb = 20, EchoDelayMs = 5, Seed = 9 }
        : new LineImpairments();

    private static JsonObject Run(string role, string detail, string remote, LineImpairments impairments, out JsonObject remoteOutcome)
    {
        var line = new SimulatedLine(impairments);
        IReadOnlyList<FaxAppliance.Fax.Pages.PageBitmap>? document = role == "send" ? FaxAppliance.Fax.Pages.FaxDocument.Load(detail) : null;
        using var appliance = new ApplianceEndpoint(role, detail, document: document);
        using var other = new ProcessEndpoint("remote", remote);
        CallResult result = CallRunner.Run(appliance, other, line, maxSeconds: 400);
        remoteOutcome = result.OutcomeB ?? throw new Xunit.Sdk.XunitException("the remote printed no outcome");
        return result.OutcomeA!;
    }

    private static int ExpectedRate(string modem) => modem switch
    {
        "v17" => 14400,
        "v29" => 9600,
        _ => 4800,
    };
}
