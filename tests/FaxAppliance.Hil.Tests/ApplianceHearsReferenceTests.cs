using System.Text;
using System.Text.Json.Nodes;
using FaxAppliance.Hal.Simulated.Line;
using FaxAppliance.LineSim;
using FaxAppliance.LineSim.Endpoints;
using FaxAppliance.Testing;

namespace FaxAppliance.Hil.Tests;

/// <summary>
/// The appliance's receive path (simulated board, capture loop, tone detector, V.21 + HDLC) against
/// the reference fax machine through the line simulator: it recognises the remote's tones and decodes
/// its T.30 frames, over a clean and over impaired lines.
/// </summary>
public class ApplianceHearsReferenceTests
{
    public static TheoryData<string, double, double, double, double> Lines() => new()
    {
        { "clean", 0, double.NaN, 0, 0 },
        { "10 dB loss, -60 dBm0 noise", 10, -60, 0, 0 },
        { "+7 Hz, +50 ppm, 10 dB loss", 10, -65, 7, 50 },
        { "-7 Hz, -50 ppm, 20 dB loss", 20, -65, -7, -50 },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void ApplianceCallsReference_HearsCedAndDecodesCsiAndDisWithGoodCrc(string line, double loss, double noise, double offset, double ppm)
    {
        string dir = RepoPaths.NewTempDir("hears-send");
        string doc = Path.Combine(dir, "doc.tif");
        ReferenceBridgeTests.MakePages(doc, 1, seed: 3);
        var impairments = new LineImpairments
        {
            AttenuationDb = loss,
            NoiseDbm0 = double.IsNaN(noise) ? null : noise,
            FrequencyOffsetHz = offset,
            ClockPpm = ppm,
            Seed = 5,
        };

        JsonObject heard = Run("send", doc, $"'{RepoPaths.FaxRemote}' recv '{Path.Combine(dir, "rx.tif")}' --ident 'REMOTE 42'", impairments);

        JsonArray tones = heard["tones"]!.AsArray();
        Assert.Contains(tones, t => t!["tone"]!.GetValue<string>().StartsWith("Ans", StringComparison.Ordinal));
        List<byte[]> frames = heard["v21_frames"]!.AsArray()
            .Where(f => f!["crc_ok"]!.GetValue<bool>())
            .Select(f => Convert.FromHexString(f!["hex"]!.GetValue<string>()))
            .ToList();
        // T.30 §5.3.6: CSI is FCF 0100 0000 (0x40 as sent LSB first) with the number in reverse order;
        // DIS is 1000 0000 (0x80), the final frame (control 0x13).
        byte[] csi = Assert.Single(frames.Where(f => (f[2] & 0xFE) == 0x40).Take(1));
        string ident = new string(Encoding.ASCII.GetString(csi, 3, csi.Length - 3).Reverse().ToArray()).Trim();
        Assert.Equal("REMOTE 42", ident);
        Assert.Contains(frames, f => f[0] == 0xFF && f[1] == 0x13 && (f[2] & 0xFE) == 0x80);
        Assert.DoesNotContain(heard["v21_frames"]!.AsArray(), f => !f!["crc_ok"]!.GetValue<bool>());
        _ = line;
    }

    [Fact]
    public void ReferenceCallsAppliance_AfterAnsweringItHearsCng()
    {
        string dir = RepoPaths.NewTempDir("hears-receive");
        string doc = Path.Combine(dir, "doc.tif");
        ReferenceBridgeTests.MakePages(doc, 1, seed: 4);

        JsonObject heard = Run("receive", Path.Combine(dir, "rx"), $"'{RepoPaths.FaxRemote}' send '{doc}'", new LineImpairments { AttenuationDb = 15, NoiseDbm0 = -60 });

        JsonNode cng = Assert.Single(heard["tones"]!.AsArray().Where(t => t!["tone"]!.GetValue<string>() == "Cng").Take(1))!;
        Assert.True(cng["t"]!.GetValue<double>() >= 2.0, "CNG is heard only after the appliance answered (end of the first ring, 2 s)");
        Assert.InRange(cng["level_dbm0"]!.GetValue<double>(), -30, -24); // spandsp's CNG level less 15 dB
        // A caller sends no V.21 until it has heard the answerer's DIS (CED 3 s and DIS ~1.5 s after answering at 2 s).
        Assert.All(heard["v21_frames"]!.AsArray(), f => Assert.True(f!["t"]!.GetValue<double>() > 6.5, f.ToJsonString()));
    }

    private static JsonObject Run(string role, string detail, string remote, LineImpairments impairments)
    {
        var line = new SimulatedLine(impairments);
        using var appliance = new ApplianceEndpoint(role, detail, document: role == "send" ? FaxAppliance.Fax.Pages.FaxDocument.Load(detail) : null);
        using var other = new ProcessEndpoint("remote", remote);
        CallResult result = CallRunner.Run(appliance, other, line, maxSeconds: 12);
        return result.OutcomeA!["heard"]!.AsObject();
    }
}
