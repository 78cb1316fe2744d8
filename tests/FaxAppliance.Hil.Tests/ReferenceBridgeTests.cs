using System.Text.Json.Nodes;
using FaxAppliance.Hal.Simulated.Line;
using FaxAppliance.LineSim;
using FaxAppliance.LineSim.Endpoints;
using FaxAppliance.Testing;

namespace FaxAppliance.Hil.Tests;

/// <summary>
/// The line simulator validated with the reference fax machine (Debian's spandsp) on both ends:
/// a 3-page fax must arrive pixel-identical through a clean and through an impaired line, for every
/// modem, with and without ECM.
/// </summary>
public class ReferenceBridgeTests
{
    public static TheoryData<string, bool, bool> Cases()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (string modem in new[] { "v17", "v29", "v27ter" })
        {
            foreach (bool ecm in new[] { true, false })
            {
                foreach (bool impaired in new[] { false, true })
                {
                    data.Add(modem, ecm, impaired);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bridge_ReferenceSenderToReferenceReceiver_ThreePagesArrivePixelIdentical(string modem, bool ecm, bool impaired)
    {
        string dir = RepoPaths.NewTempDir($"bridge-{modem}-{ecm}-{impaired}");
        string doc = Path.Combine(dir, "doc.tif");
        string received = Path.Combine(dir, "rx.tif");
        MakePages(doc, 3, seed: 11);
        var impairments = impaired
            ? new LineImpairments { AttenuationDb = 10, NoiseDbm0 = -65, EchoReturnLossDb = 20, EchoDelayMs = 5, Seed = 7 }
            : new LineImpairments();
        string ecmFlag = ecm ? "on" : "off";
        string remote = RepoPaths.FaxRemote;

        var line = new SimulatedLine(impairments);
        CallResult result;
        using (ILineEndpoint a = new ProcessEndpoint("a", $"'{remote}' send '{doc}' --modems {modem} --ecm {ecmFlag}"))
        using (ILineEndpoint b = new ProcessEndpoint("b", $"'{remote}' recv '{received}' --modems {modem} --ecm {ecmFlag}"))
        {
            result = CallRunner.Run(a, b, line, maxSeconds: 600);
        }

        JsonObject sender = result.OutcomeA ?? throw new Xunit.Sdk.XunitException("the sender printed no outcome");
        JsonObject receiver = result.OutcomeB ?? throw new Xunit.Sdk.XunitException("the receiver printed no outcome");
        Assert.True(receiver["completed"]!.GetValue<bool>(), $"receiver: {receiver.ToJsonString()}");
        Assert.True(sender["completed"]!.GetValue<bool>(), $"sender: {sender.ToJsonString()}");
        Assert.Equal(3, receiver["pages"]!.GetValue<int>());
        Assert.Equal(ExpectedRate(modem), receiver["bit_rate"]!.GetValue<int>());
        Assert.Equal(ecm, receiver["ecm"]!.GetValue<bool>());
        Assert.Equal(Pixels(doc), Pixels(received));

        if (impaired)
        {
            // The line really was impaired as asked: 10 dB of loss, and noise plus echo present.
            LineDirectionStats ab = line.AToB.Stats;
            Assert.InRange(ab.SentLevelDbm0 - ab.ReceivedSignalLevelDbm0, 9.9, 10.1);
            Assert.InRange(ab.SnrDb, 25, 45);
            Assert.InRange(ab.EchoLevelDbm0, -80, -30);
        }
    }

    internal static void MakePages(string path, int pages, int seed)
    {
        var (code, _, err) = ProcessRunner.Run(RepoPaths.FaxRemote, ["mkpages", path, pages.ToString(), "--seed", seed.ToString()]);
        Assert.True(code == 0, err);
    }

    /// <summary>Per page: width, height and a hash of the decoded pixels (libtiff decodes).</summary>
    internal static List<string> Pixels(string path)
    {
        var (code, stdout, err) = ProcessRunner.Run(RepoPaths.FaxRemote, ["pixels", path]);
        Assert.True(code == 0, err);
        var pages = new List<string>();
        foreach (string line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            JsonNode page = JsonNode.Parse(line)!;
            pages.Add($"page {page["page"]} {page["width"]}x{page["height"]} {page["hash"]}");
        }

        return pages;
    }

    private static int ExpectedRate(string modem) => modem switch
    {
        "v17" => 14400,
        "v29" => 9600,
        _ => 4800,
    };
}
