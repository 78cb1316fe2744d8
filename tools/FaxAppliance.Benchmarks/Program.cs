using System.Globalization;
using BenchmarkDotNet.Running;
using FaxAppliance.Benchmarks.Ber;

namespace FaxAppliance.Benchmarks;

/// <summary>tools/bench: `ber [--bits N] [--out DIR]` draws BER curves; `speed [BenchmarkDotNet options]` times receivers; `call` times a whole fax call against real time.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "ber")
        {
            long bits = 1_000_000;
            string outDir = "docs/benchmarks";
            for (int i = 1; i + 1 < args.Length; i += 2)
            {
                if (args[i] == "--bits")
                {
                    bits = long.Parse(args[i + 1], CultureInfo.InvariantCulture);
                }
                else if (args[i] == "--out")
                {
                    outDir = args[i + 1];
                }
            }

            Directory.CreateDirectory(outDir);
            var all = new List<BerPoint>();
            foreach (ModemUnderTest modem in Modems.All)
            {
                List<BerPoint> points = BerSweep.Run(modem, modem.Snrs, bits);
                all.AddRange(points);
                string file = modem.Name.Replace(' ', '-').Replace(".", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
                BerPlot.Save($"{modem.Name}: BER against SNR", points, Path.Combine(outDir, $"ber-{file}.png"));
                Console.WriteLine($"{modem.Name}: {string.Join("  ", points.Select(p => $"{p.Implementation} {p.SnrDb} dB {p.Ber:E1}"))}");
            }

            File.WriteAllText(Path.Combine(outDir, "ber.csv"), BerSweep.ToCsv(all));
            return 0;
        }

        if (args.Length > 0 && args[0] == "limits")
        {
            double seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 30;
            double burst = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 90;
            string report = Limits.Run(seconds, burst);
            Directory.CreateDirectory("docs/benchmarks");
            File.WriteAllText("docs/benchmarks/limits.md", report);
            Console.WriteLine(report);
            return 0;
        }

        if (args.Length > 0 && args[0] == "call")
        {
            return Call.CallSpeed.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "speed")
        {
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args[1..]);
            return 0;
        }

        Console.Error.WriteLine("usage: tools/bench ber [--bits N] [--out DIR] | tools/bench limits [SECONDS_PER_POINT [BURST_SECONDS]] | tools/bench speed [BenchmarkDotNet options] | tools/bench call [--pages N] [--repeats N] [--faxremote PATH] [--out FILE.md]");
        return 2;
    }
}
