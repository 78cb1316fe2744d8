using System.Text.Json.Nodes;
using FaxAppliance.LineSim.Endpoints;

namespace FaxAppliance.LineSim;

/// <summary>
/// `linesim endpoint receive|send`: the appliance itself as a stdio line protocol endpoint on this
/// process's stdin/stdout, so any outside line simulator or rig can drive it. It writes its first block
/// at once, answers each block read with exactly one, treats end-of-file as hang-up, and prints its
/// outcome line to stderr (or to --report FILE).
/// </summary>
public static class EndpointMode
{
    /// <summary>Runs the endpoint; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("receive" or "send"))
        {
            throw new UsageException("endpoint needs 'receive --out DIR' or 'send FILE.tif'");
        }

        string role = args[0];
        Options o = role == "receive"
            ? Options.Parse(args[1..], ["--out", "--report", "--config", "--line"], impairments: false, maxPositionals: 0)
            : Options.Parse(args[1..], ["--report"], impairments: false, maxPositionals: 1);
        string detail = role == "receive"
            ? Program.PrepareOutDir(o.Require("--out"))
            : Program.CheckTiff(o.Positionals.Count == 1 ? o.Positionals[0] : throw new UsageException("endpoint send needs the FILE.tif to send"));
        string? reportPath = o.Get("--report");

        using FaxAppliance.Gateway.InboundFaxGateway? gateway = role == "receive" && o.Get("--config") is { } configPath ? Program.OpenGateway(configPath) : null;
        using var appliance = new ApplianceEndpoint(role, detail, ring: false, document: role == "send" ? Program.LoadDocument(detail) : null,
            fax: gateway?.Config.Fax, gateway: gateway, lineId: o.Get("--line") ?? "line1");
        using Stream stdin = Console.OpenStandardInput();
        using Stream stdout = Console.OpenStandardOutput();
        var inBytes = new byte[320];
        var outBytes = new byte[320];
        Span<short> block = stackalloc short[160];
        long blocks = 0;
        try
        {
            while (appliance.TryRead(block))
            {
                Pack(block, outBytes);
                stdout.Write(outBytes);
                stdout.Flush();
                if (stdin.ReadAtLeast(inBytes, inBytes.Length, throwOnEndOfStream: false) < inBytes.Length)
                {
                    break; // hang-up (a partial last block is treated as hang-up too)
                }

                Unpack(inBytes, block);
                appliance.Write(block);
                blocks++;
            }
        }
        catch (IOException)
        {
            // The simulator closed our output: hang-up.
        }

        JsonObject outcome = appliance.Finish() ?? new JsonObject();
        outcome["blocks"] = blocks;
        outcome["duration_s"] = Math.Round(blocks * 0.02, 2);
        string line = outcome.ToJsonString();
        if (reportPath is null)
        {
            Console.Error.WriteLine(line);
        }
        else
        {
            File.WriteAllText(reportPath, line + "\n");
        }

        return 0;
    }

    private static void Pack(ReadOnlySpan<short> block, byte[] bytes)
    {
        for (int i = 0; i < block.Length; i++)
        {
            bytes[2 * i] = (byte)block[i];
            bytes[2 * i + 1] = (byte)(block[i] >> 8);
        }
    }

    private static void Unpack(byte[] bytes, Span<short> block)
    {
        for (int i = 0; i < block.Length; i++)
        {
            block[i] = (short)(bytes[2 * i] | (bytes[2 * i + 1] << 8));
        }
    }
}
