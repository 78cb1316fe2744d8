using System.Text.Json.Nodes;
using FaxAppliance.Hal.Simulated.Line;
using FaxAppliance.Gateway;
using FaxAppliance.Gateway.Config;
using FaxAppliance.LineSim.Endpoints;

namespace FaxAppliance.LineSim;

/// <summary>tools/linesim: joins fax endpoints through a simulated analog telephone line.</summary>
public static class Program
{
    private const string Usage = """
        usage:
          tools/linesim bridge --a ENDPOINT --b ENDPOINT [impairments] [--report FILE] [--max-seconds S] [--capture FILE.wav]
          tools/linesim receive --remote ENDPOINT --out DIR [--answer-after-rings N] [--config FILE [--line ID]] [impairments] [--report FILE] [--max-seconds S] [--capture FILE.wav]
          tools/linesim send FILE.tif --remote ENDPOINT [impairments] [--report FILE] [--max-seconds S] [--capture FILE.wav]
          tools/linesim replay CAPTURE.wav [--role receive|send] [--out DIR] [--document FILE.tif] [--report FILE]
          tools/linesim endpoint receive --out DIR [--config FILE [--line ID]] [--report FILE]
          tools/linesim endpoint send FILE.tif [--report FILE]
        ENDPOINT: a shell command speaking the stdio line protocol, play:FILE.wav or record:FILE.wav
        --capture FILE.wav: bridge: stereo, left what A sent, right what B sent (before the line);
          receive/send: 3 channels, what the appliance sent, what the remote sent (before the line), what the line
          delivered to the appliance (after it), and a metadata chunk (role, session start block, document and its SHA-256)
        replay: feeds channel 3 of a receive/send capture to this build's appliance and reports as receive/send do;
          --out DIR (receive; default CAPTURE-replay/), --document FILE.tif (send; default the recorded path, same SHA-256)
        --endpoint-timeout S: wall time an endpoint may take per block before it is declared stuck (default 30)
        impairments (both directions unless --direction ab|ba):
          --attenuation DB  --noise DBM0  --freq-offset HZ  --clock-ppm PPM
          --echo-return-loss DB  --echo-delay-ms MS  --codec alaw|ulaw|linear
          --line-model NAME  --seed N
        exit code: 0 the call completed, 1 it ran but did not complete, 2 bad input
        """;

    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
            {
                Console.Out.WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }

            string[] rest = args[1..];
            return args[0] switch
            {
                "bridge" => Bridge(rest),
                "receive" => ApplianceCall("receive", rest),
                "send" => ApplianceCall("send", rest),
                "endpoint" => EndpointMode.Run(rest),
                "replay" => ReplayCommand.Run(rest),
                "lines" => ListLineModels(),
                _ => throw new UsageException($"unknown command '{args[0]}' (bridge, receive, send, replay, endpoint)"),
            };
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"linesim: {e.Message}");
            return 2;
        }
    }

    /// <summary>Opens an endpoint from its command-line form.</summary>
    public static ILineEndpoint OpenEndpoint(string name, string spec, TimeSpan? blockTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.StartsWith("play:", StringComparison.Ordinal))
        {
            return new WavPlayEndpoint(name, spec[5..]);
        }

        if (spec.StartsWith("record:", StringComparison.Ordinal))
        {
            return new WavRecordEndpoint(name, spec[7..]);
        }

        if (string.IsNullOrWhiteSpace(spec))
        {
            throw new UsageException($"{name}: empty endpoint command");
        }

        return new ProcessEndpoint(name, spec, blockTimeout);
    }

    private static int Bridge(string[] args)
    {
        Options o = Options.Parse(args, ["--a", "--b", "--report", "--max-seconds", "--capture", "--endpoint-timeout"], impairments: true, maxPositionals: 0);
        string specA = o.Require("--a");
        string specB = o.Require("--b");
        LineImpairments imp = o.Impairments();
        double maxSeconds = MaxSeconds(o);
        string? reportPath = o.Get("--report");
        var line = new SimulatedLine(imp);
        TimeSpan timeout = EndpointTimeout(o);
        using ILineEndpoint a = OpenEndpoint("a", specA, timeout);
        using ILineEndpoint b = OpenEndpoint("b", specB, timeout);
        using CallCapture? capture = o.Get("--capture") is { } capturePath ? new CallCapture(capturePath) : null;
        CallResult result = CallRunner.Run(a, b, line, maxSeconds, capture);
        var asked = new JsonObject { ["a"] = specA, ["b"] = specB, ["max_seconds"] = maxSeconds };
        JsonObject report = Report.Build("bridge", asked, line, result, "a", "b");
        Report.Write(report, reportPath);
        return report["completed"]!.GetValue<bool>() ? 0 : 1;
    }

    private static int ApplianceCall(string role, string[] args)
    {
        Options o = role == "receive"
            ? Options.Parse(args, ["--remote", "--out", "--report", "--max-seconds", "--answer-after-rings", "--capture", "--endpoint-timeout", "--config", "--line"], impairments: true, maxPositionals: 0)
            : Options.Parse(args, ["--remote", "--report", "--max-seconds", "--capture", "--endpoint-timeout"], impairments: true, maxPositionals: 1);
        string remoteSpec = o.Require("--remote");
        string detail = role == "receive" ? PrepareOutDir(o.Require("--out")) : CheckTiff(o.Positionals.Count == 1 ? o.Positionals[0] : throw new UsageException("send needs the FILE.tif to send"));
        LineImpairments imp = o.Impairments();
        double maxSeconds = MaxSeconds(o);
        string? reportPath = o.Get("--report");
        var line = new SimulatedLine(imp);
        double rings = o.Number("--answer-after-rings", 1);
        if (rings is < 1 or > 20 || rings != Math.Floor(rings))
        {
            throw new UsageException($"option '--answer-after-rings': {rings} is not a whole number of rings from 1 to 20");
        }

        using InboundFaxGateway? gateway = o.Get("--config") is { } configPath ? OpenGateway(configPath) : null;
        using var appliance = new ApplianceEndpoint(role, detail, ring: true, answerAfterRings: (int)rings, document: role == "send" ? LoadDocument(detail) : null,
            fax: gateway?.Config.Fax, gateway: gateway, lineId: o.Get("--line") ?? "line1");
        using ILineEndpoint remote = OpenEndpoint("remote", remoteSpec, EndpointTimeout(o));
        using CallCapture? capture = o.Get("--capture") is { } capturePath ? new CallCapture(capturePath, CallCapture.ApplianceChannels) : null;
        CallResult result = CallRunner.Run(appliance, remote, line, maxSeconds, capture);
        capture?.SetMetadata(ReplayCommand.Metadata(role, appliance, detail, remoteSpec));
        var asked = new JsonObject { ["role"] = role, ["remote"] = remoteSpec, ["file"] = detail, ["max_seconds"] = maxSeconds };
        JsonObject report = Report.Build(role, asked, line, result, "appliance", "remote");
        Report.Write(report, reportPath);
        return report["completed"]!.GetValue<bool>() ? 0 : 1;
    }

    private static int ListLineModels()
    {
        foreach (LineShape shape in LineShapes.All)
        {
            Console.Out.WriteLine($"{shape.Name,-8} {shape.Description}");
        }

        return 0;
    }

    private static TimeSpan EndpointTimeout(Options o)
    {
        double s = o.Number("--endpoint-timeout", ProcessEndpoint.DefaultBlockTimeout.TotalSeconds);
        if (s <= 0 || s > 3600)
        {
            throw new UsageException($"option '--endpoint-timeout': {s} is outside 0..3600 seconds");
        }

        return TimeSpan.FromSeconds(s);
    }

    private static double MaxSeconds(Options o)
    {
        double s = o.Number("--max-seconds", 600);
        if (s <= 0 || s > 24 * 3600)
        {
            throw new UsageException($"option '--max-seconds': {s} is outside 0..86400");
        }

        return s;
    }

    /// <summary>Creates the receive folder if needed; an error names it and why.</summary>
    internal static string PrepareOutDir(string dir)
    {
        try
        {
            return Directory.CreateDirectory(dir).FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new UsageException($"cannot use '{dir}' as the output folder: {e.Message}", e);
        }
    }

    /// <summary>Checks that <paramref name="path"/> is a readable TIFF file.</summary>
    /// <summary>
    /// Loads the appliance's configuration (`--config`) and opens its spool: the whole path after the fax (routing,
    /// spool, delivery by mail) then runs as on the appliance. A bad file is bad input (exit 2), every problem named.
    /// </summary>
    public static InboundFaxGateway OpenGateway(string configPath)
    {
        if (!ApplianceConfig.TryLoadFile(configPath, out ApplianceConfig? config, out IReadOnlyList<FaxAppliance.Routing.Config.ConfigError> errors))
        {
            throw new UsageException($"--config {configPath}: " + string.Join("; ", errors.Take(20).Select(e => e.ToString())));
        }

        return InboundFaxGateway.Open(config!, out string? error)
            ?? throw new UsageException($"--config {configPath}: the spool at {config!.Spool.Folder} cannot be used: {error}");
    }

    internal static IReadOnlyList<FaxAppliance.Fax.Pages.PageBitmap> LoadDocument(string path)
    {
        try
        {
            return FaxAppliance.Fax.Pages.FaxDocument.Load(path);
        }
        catch (FaxAppliance.Fax.Pages.FaxDocumentException e)
        {
            throw new UsageException($"cannot send '{path}': {e.Message}", e);
        }
    }

    internal static string CheckTiff(string path)
    {
        Span<byte> head = stackalloc byte[4];
        try
        {
            using FileStream f = File.OpenRead(path);
            if (f.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4 || !(head.SequenceEqual("II*\0"u8) || head.SequenceEqual("MM\0*"u8)))
            {
                throw new UsageException($"'{path}' is not a TIFF file");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new UsageException($"cannot read '{path}': {e.Message}", e);
        }

        return Path.GetFullPath(path);
    }
}
