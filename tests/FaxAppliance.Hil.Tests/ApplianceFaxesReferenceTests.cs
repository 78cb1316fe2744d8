using System.Text.Json.Nodes;
using FaxAppliance.Fax.T30;
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
    /// <summary>Modem × ECM × compression the appliance offers (the reference prefers MMR with ECM, MR without; offering
    /// less makes it use MH or MR) × line.</summary>
    public static TheoryData<string, bool, string, bool> Cases() => new()
    {
        { "v17", false, "mr", false },
        { "v29", false, "mr", false },
        { "v27ter", false, "mr", false },
        { "v17", true, "mmr", false },
        { "v29", true, "mmr", false },
        { "v27ter", true, "mmr", false },
        { "v17", false, "mh", false },
        { "v17", true, "mr", false },
        { "v17", false, "mr", true },
        { "v17", true, "mmr", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Receive_ReferenceSendsThreePages_ApplianceStoresThemPixelIdentical(string modem, bool ecm, string compression, bool impaired)
    {
        string dir = RepoPaths.NewTempDir($"fax-rx-{modem}-{ecm}-{compression}-{impaired}");
        string doc = Path.Combine(dir, "doc.tif");
        ReferenceBridgeTests.MakePages(doc, 3, seed: 21);
        string outDir = Path.Combine(dir, "rx");

        JsonObject appliance = Run("receive", outDir, $"'{RepoPaths.FaxRemote}' send '{doc}' --ecm {(ecm ? "on" : "off")} --modems {modem}", Line(impaired), out JsonObject remote, Offer(ecm, compression));

        Assert.True(appliance["completed"]!.GetValue<bool>(), appliance.ToJsonString());
        Assert.True(remote["completed"]!.GetValue<bool>(), remote.ToJsonString());
        Assert.Equal(3, appliance["pages"]!.GetValue<int>());
        Assert.Equal(ExpectedRate(modem), appliance["bit_rate"]!.GetValue<int>());
        Assert.Equal(ecm, appliance["ecm"]!.GetValue<bool>());
        Assert.Equal(compression, appliance["compression"]!.GetValue<string>().ToLowerInvariant());
        Assert.Equal("FAXREMOTE", appliance["remote_identity"]!.GetValue<string>());
        Assert.Equal(ReferenceBridgeTests.Pixels(doc), ReferenceBridgeTests.Pixels(Path.Combine(outDir, ApplianceEndpoint.FaxFileName)));
        Assert.All(appliance["page_records"]!.AsArray(), p => Assert.Equal(0, p!["bad_rows"]!.GetValue<int>()));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Send_ApplianceSendsThreePages_ReferenceReceivesThemPixelIdentical(string modem, bool ecm, string compression, bool impaired)
    {
        string dir = RepoPaths.NewTempDir($"fax-tx-{modem}-{ecm}-{compression}-{impaired}");
        string doc = Path.Combine(dir, "doc.tif");
        string received = Path.Combine(dir, "rx.tif");
        ReferenceBridgeTests.MakePages(doc, 3, seed: 22);

        JsonObject appliance = Run("send", doc, $"'{RepoPaths.FaxRemote}' recv '{received}' --ecm {(ecm ? "on" : "off")} --modems {modem}", Line(impaired), out JsonObject remote, Offer(ecm, compression));

        Assert.True(appliance["completed"]!.GetValue<bool>(), appliance.ToJsonString());
        Assert.True(remote["completed"]!.GetValue<bool>(), remote.ToJsonString());
        Assert.Equal(3, remote["pages"]!.GetValue<int>());
        Assert.Equal(ExpectedRate(modem), remote["bit_rate"]!.GetValue<int>());
        Assert.Equal(ecm, remote["ecm"]!.GetValue<bool>());
        Assert.Equal(compression switch { "mh" => "T4-1D", "mr" => "T4-2D", _ => "T6" }, remote["compression"]!.GetValue<string>());
        Assert.Equal(ReferenceBridgeTests.Pixels(doc), ReferenceBridgeTests.Pixels(received));
    }

    /// <summary>The issue's impaired line for receiving: 10 dB loss, −60 dBm0 noise, echo, and ±7 Hz with ±50 ppm.</summary>
    [Theory]
    [InlineData(7.0, 50.0, false)]
    [InlineData(-7.0, -50.0, false)]
    [InlineData(7.0, -50.0, true)]
    [InlineData(-7.0, 50.0, true)]
    public void Receive_OffsetImpairedLine_CompletesAt14400PixelIdentical(double hz, double ppm, bool ecm)
    {
        string dir = RepoPaths.NewTempDir($"fax-rx-offset-{hz}-{ppm}-{ecm}");
        string doc = Path.Combine(dir, "doc.tif");
        ReferenceBridgeTests.MakePages(doc, 2, seed: 28);
        string outDir = Path.Combine(dir, "rx");
        var line = new LineImpairments
        {
            AttenuationDb = 10, NoiseDbm0 = -60, EchoReturnLossDb = 20, EchoDelayMs = 5, FrequencyOffsetHz = hz, ClockPpm = ppm, Seed = 11,
        };

        JsonObject appliance = Run("receive", outDir, $"'{RepoPaths.FaxRemote}' send '{doc}' --ecm {(ecm ? "on" : "off")}", line, out _);

        Assert.True(appliance["completed"]!.GetValue<bool>(), appliance.ToJsonString());
        Assert.Equal(14400, appliance["bit_rate"]!.GetValue<int>());
        Assert.Equal(0, appliance["failed_trainings"]!.GetValue<int>());
        Assert.Equal(ReferenceBridgeTests.Pixels(doc), ReferenceBridgeTests.Pixels(Path.Combine(outDir, ApplianceEndpoint.FaxFileName)));
        Assert.All(appliance["page_records"]!.AsArray(), p => Assert.Equal(0, p!["bad_rows"]!.GetValue<int>()));
    }

    /// <summary>
    /// Superfine (15.4 lines/mm, T.4 §2.2) and 400×400 pels per inch (T.30 bits 43–44) both ways: a document the reference
    /// sends, and one the appliance sends (the reference's DIS offers both).
    /// </summary>
    [Theory]
    [InlineData("receive", Resolutions.Superfine)]
    [InlineData("send", Resolutions.Superfine)]
    [InlineData("receive", Resolutions.R400)]
    [InlineData("send", Resolutions.R400)]
    public void FineResolutions_BothWays_PixelIdentical(string role, Resolutions target)
    {
        string dir = RepoPaths.NewTempDir($"fax-{target}-{role}");
        string standard = Path.Combine(dir, "standard.tif");
        ReferenceBridgeTests.MakePages(standard, 2, seed: 29);
        // The document at the target resolution (superfine: every standard row four times, 391 lines/inch; 400×400: scaled
        // to 3456 pixels across), written as our TIFF-F writer writes received pages.
        string doc = Path.Combine(dir, "document.tif");
        var writer = new FaxAppliance.Fax.Pages.TiffPageStore(doc, () => "TEST");
        foreach (FaxAppliance.Fax.Pages.PageBitmap page in FaxAppliance.Fax.Pages.FaxDocument.Load(standard))
        {
            FaxAppliance.Fax.Pages.PageBitmap fitted = FaxAppliance.Fax.Pages.PageScaler.Fit(page, PageWidth.A4_1728, target, out _);
            writer.Commit(new FaxAppliance.Fax.Pages.ReceivedPage(fitted, Compressions.MR, 0, 0, Partial: false));
        }

        string received;
        JsonObject appliance;
        JsonObject remote;
        if (role == "receive")
        {
            string outDir = Path.Combine(dir, "rx");
            appliance = Run("receive", outDir, $"'{RepoPaths.FaxRemote}' send '{doc}' --ecm on", Line(impaired: false), out remote);
            received = Path.Combine(outDir, ApplianceEndpoint.FaxFileName);
        }
        else
        {
            received = Path.Combine(dir, "rx.tif");
            appliance = Run("send", doc, $"'{RepoPaths.FaxRemote}' recv '{received}' --ecm on", Line(impaired: false), out remote);
        }

        Assert.True(appliance["completed"]!.GetValue<bool>(), appliance.ToJsonString());
        Assert.True(remote["completed"]!.GetValue<bool>(), remote.ToJsonString());
        List<string> expected = ReferenceBridgeTests.Pixels(doc);
        Assert.Equal(expected, ReferenceBridgeTests.Pixels(received));
        // The resolution went through unchanged: the rows (and, at 400×400, the width) of the fitted document.
        static int Height(string page) => int.Parse(page.Split(' ')[2].Split('x')[1], System.Globalization.CultureInfo.InvariantCulture);
        double rowsPerStandardRow = FaxAppliance.Fax.Pages.PageScaler.LinesPerInch(target) / FaxAppliance.Fax.Pages.PageScaler.LinesPerInch(Resolutions.Standard);
        Assert.Equal(ReferenceBridgeTests.Pixels(standard).Select(p => (int)Math.Ceiling((Height(p) * rowsPerStandardRow) - 1e-9)), expected.Select(Height));
        Assert.All(expected, p => Assert.Contains(target == Resolutions.R400 ? " 3456x" : " 1728x", p, StringComparison.Ordinal));
    }

    /// <summary>V.56bis line shapes (attenuation and envelope-delay distortion) on top of loss, noise, +5 Hz and +30 ppm.</summary>
    [Theory]
    [InlineData("ad5-edd2", true)]
    [InlineData("edd3", false)]
    [InlineData("ad9", true)]
    [InlineData("pcm3", false)]
    public void Receive_LineShapes_CompletesAt14400PixelIdentical(string model, bool ecm)
    {
        string dir = RepoPaths.NewTempDir($"fax-rx-shape-{model}-{ecm}");
        string doc = Path.Combine(dir, "doc.tif");
        ReferenceBridgeTests.MakePages(doc, 2, seed: 30);
        string outDir = Path.Combine(dir, "rx");
        var line = new LineImpairments { LineModel = model, AttenuationDb = 10, NoiseDbm0 = -60, FrequencyOffsetHz = 5, ClockPpm = 30, Seed = 13 };

        JsonObject appliance = Run("receive", outDir, $"'{RepoPaths.FaxRemote}' send '{doc}' --ecm {(ecm ? "on" : "off")}", line, out _);

        Assert.True(appliance["completed"]!.GetValue<bool>(), appliance.ToJsonString());
        Assert.Equal(14400, appliance["bit_rate"]!.GetValue<int>());
        Assert.Equal(ReferenceBridgeTests.Pixels(doc), ReferenceBridgeTests.Pixels(Path.Combine(outDir, ApplianceEndpoint.FaxFileName)));
        Assert.All(appliance["page_records"]!.AsArray(), p => Assert.Equal(0, p!["bad_rows"]!.GetValue<int>()));
    }

    [Fact]
    public void Receive_TenPagesV17Ecm_AllStoredPixelIdentical()
    {
        string dir = RepoPaths.NewTempDir("fax-rx-10");
        string doc = Path.Combine(dir, "doc.tif");
        ReferenceBridgeTests.MakePages(doc, 10, seed: 23);
        string outDir = Path.Combine(dir, "rx");

        JsonObject appliance = Run("receive", outDir, $"'{RepoPaths.FaxRemote}' send '{doc}' --ecm on", Line(impaired: true), out JsonObject remote);

        Assert.True(appliance["completed"]!.GetValue<bool>(), appliance.ToJsonString());
        Assert.Equal(10, appliance["pages"]!.GetValue<int>());
        Assert.Equal(ReferenceBridgeTests.Pixels(doc), ReferenceBridgeTests.Pixels(Path.Combine(outDir, ApplianceEndpoint.FaxFileName)));
        Assert.True(remote["completed"]!.GetValue<bool>(), remote.ToJsonString());
    }

    [Fact]
    public void Send_Ecm64OctetFrames_ReferenceReceivesPixelIdentical()
    {
        string dir = RepoPaths.NewTempDir("fax-tx-ecm64");
        string doc = Path.Combine(dir, "doc.tif");
        string received = Path.Combine(dir, "rx.tif");
        ReferenceBridgeTests.MakePages(doc, 2, seed: 36);
        var fax = new T30Options { Role = T30Role.Calling, Ecm = true, EcmFrameSize = 64, Compressions = Compressions.MH | Compressions.MR | Compressions.MMR };

        JsonObject appliance = Run("send", doc, $"'{RepoPaths.FaxRemote}' recv '{received}' --ecm on", Line(impaired: true), out JsonObject remote, fax);

        Assert.True(appliance["completed"]!.GetValue<bool>(), appliance.ToJsonString());
        Assert.True(remote["completed"]!.GetValue<bool>(), remote.ToJsonString());
        Assert.Contains("frame(s) of 64 octets", appliance["trace"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(ReferenceBridgeTests.Pixels(doc), ReferenceBridgeTests.Pixels(received));
    }

    [Fact]
    public void Send_TenPagesV17Ecm_ReferenceReceivesAllPixelIdentical()
    {
        string dir = RepoPaths.NewTempDir("fax-tx-10");
        string doc = Path.Combine(dir, "doc.tif");
        string received = Path.Combine(dir, "rx.tif");
        ReferenceBridgeTests.MakePages(doc, 10, seed: 24);

        JsonObject appliance = Run("send", doc, $"'{RepoPaths.FaxRemote}' recv '{received}' --ecm on", Line(impaired: true), out JsonObject remote);

        Assert.True(appliance["completed"]!.GetValue<bool>(), appliance.ToJsonString());
        Assert.Equal(10, remote["pages"]!.GetValue<int>());
        Assert.Equal(ReferenceBridgeTests.Pixels(doc), ReferenceBridgeTests.Pixels(received));
    }

    /// <summary>
    /// A weak line (26 dB loss, −55 dBm0 noise: about 15 dB SNR) does not carry V.17 14400: the appliance's training
    /// check fails (FTT) and the sender steps down until a rate trains; the pages arrive intact (ECM).
    /// </summary>
    [Fact]
    public void Receive_WeakLine_StepsDownAndCompletes()
    {
        string dir = RepoPaths.NewTempDir("fax-rx-stepdown");
        string doc = Path.Combine(dir, "doc.tif");
        ReferenceBridgeTests.MakePages(doc, 2, seed: 25);
        string outDir = Path.Combine(dir, "rx");
        var weak = new LineImpairments { AttenuationDb = 26, NoiseDbm0 = -55, Seed = 3 };

        JsonObject appliance = Run("receive", outDir, $"'{RepoPaths.FaxRemote}' send '{doc}' --ecm on", weak, out _);

        Assert.True(appliance["completed"]!.GetValue<bool>(), appliance.ToJsonString());
        Assert.True(appliance["failed_trainings"]!.GetValue<int>() >= 1, appliance.ToJsonString());
        Assert.InRange(appliance["bit_rate"]!.GetValue<int>(), 7200, 12000);
        Assert.Equal(ReferenceBridgeTests.Pixels(doc), ReferenceBridgeTests.Pixels(Path.Combine(outDir, ApplianceEndpoint.FaxFileName)));
    }

    /// <summary>
    /// Sending over a weak line (23 dB loss, −55 dBm0 noise): the reference's receiver fails TCF at the top rates (FTT:
    /// step-down), and where it trains on TCF but then fails the page's short train it goes back to phase B (DIS); the
    /// appliance retrains at the next rate and sends the page again, never waiting out its timers.
    /// </summary>
    [Fact]
    public void Send_WeakLine_StepsDownAndRecoversFromAMissedPage()
    {
        string dir = RepoPaths.NewTempDir("fax-tx-stepdown");
        string doc = Path.Combine(dir, "doc.tif");
        string received = Path.Combine(dir, "rx.tif");
        ReferenceBridgeTests.MakePages(doc, 2, seed: 26);
        var weak = new LineImpairments { AttenuationDb = 23, NoiseDbm0 = -55, Seed = 3 };

        JsonObject appliance = Run("send", doc, $"'{RepoPaths.FaxRemote}' recv '{received}' --ecm on", weak, out JsonObject remote);

        Assert.True(appliance["completed"]!.GetValue<bool>(), appliance.ToJsonString());
        Assert.True(appliance["failed_trainings"]!.GetValue<int>() >= 1, appliance.ToJsonString());
        Assert.True(remote["completed"]!.GetValue<bool>(), remote.ToJsonString());
        Assert.Equal(ReferenceBridgeTests.Pixels(doc), ReferenceBridgeTests.Pixels(received));
    }

    /// <summary>The remote hangs up in the middle of page 2: page 1 (confirmed) is kept, page 2 is kept and marked partial.</summary>
    [Fact]
    public void Receive_RemoteHangsUpMidPage_ConfirmedPagesKeptPartialPageMarked()
    {
        string dir = RepoPaths.NewTempDir("fax-rx-hangup");
        string doc = Path.Combine(dir, "doc.tif");
        ReferenceBridgeTests.MakePages(doc, 3, seed: 27);
        string outDir = Path.Combine(dir, "rx");

        // Page 1 runs from about 12 s to 41 s of line time (V.17 14400, non-ECM); at 55 s the sender is inside page 2.
        JsonObject appliance = Run("receive", outDir, $"'{RepoPaths.FaxRemote}' send '{doc}' --ecm off --timeout 55", Line(impaired: false), out _);

        Assert.False(appliance["completed"]!.GetValue<bool>());
        Assert.False(string.IsNullOrWhiteSpace(appliance["status_text"]!.GetValue<string>()));
        JsonArray pages = appliance["page_records"]!.AsArray();
        Assert.Equal(2, pages.Count);
        Assert.Equal("MCF", pages[0]!["response"]!.GetValue<string>());
        Assert.False(pages[0]!["partial"]!.GetValue<bool>());
        Assert.True(pages[1]!["partial"]!.GetValue<bool>());
        Assert.InRange(pages[1]!["rows"]!.GetValue<int>(), 1, 1142);
        List<string> stored = ReferenceBridgeTests.Pixels(Path.Combine(outDir, ApplianceEndpoint.FaxFileName));
        Assert.Equal(2, stored.Count);
        Assert.Equal(ReferenceBridgeTests.Pixels(doc)[0], stored[0]);
    }

    private static LineImpairments Line(bool impaired) => impaired
        ? new LineImpairments { AttenuationDb = 10, NoiseDbm0 = -60, EchoReturnLossDb = 20, EchoDelayMs = 5, Seed = 9 }
        : new LineImpairments();

    private static T30Options Offer(bool ecm, string compression) => new()
    {
        Role = T30Role.Answering, // replaced by the endpoint's role
        Ecm = ecm,
        Compressions = compression switch
        {
            "mh" => Compressions.MH,
            "mr" => Compressions.MH | Compressions.MR,
            _ => Compressions.MH | Compressions.MR | Compressions.MMR,
        },
    };

    private static JsonObject Run(string role, string detail, string remote, LineImpairments impairments, out JsonObject remoteOutcome, T30Options? fax = null)
    {
        var line = new SimulatedLine(impairments);
        IReadOnlyList<FaxAppliance.Fax.Pages.PageBitmap>? document = role == "send" ? FaxAppliance.Fax.Pages.FaxDocument.Load(detail) : null;
        using var appliance = new ApplianceEndpoint(role, detail, document: document, fax: fax);
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
