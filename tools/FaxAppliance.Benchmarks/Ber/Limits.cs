using System.Globalization;
using System.Text;
using FaxAppliance.Hal.Simulated.Line;

namespace FaxAppliance.Benchmarks.Ber;

/// <summary>
/// The limits of each receiver: the largest carrier offset and clock offset (each sign, swept
/// outwards) up to which the BER stays below 1e-5, ours and spandsp's on the same samples, at the
/// target SNR + 3 dB; and the long burst of issue 4 (V.17 14400, ±200 ppm, 28 dB, 90 s).
/// </summary>
public static class Limits
{
    /// <summary>Runs the sweeps and returns a Markdown report.</summary>
    public static string Run(double seconds, double burstSeconds)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| modem | SNR dB | receiver | carrier offset held (Hz) | clock offset held (ppm) |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach ((string name, double snr) in new[] { ("V.27ter 4800", 19.0), ("V.29 9600", 25.0), ("V.17 9600", 20.0), ("V.17 14400", 28.0) })
        {
            ModemUnderTest modem = Modems.All.Single(m => m.Name == name);
            var offsets = Sweep(modem, snr, seconds, hz => new LineImpairments { FrequencyOffsetHz = hz }, [2, 5, 7, 10, 15, 20, 25, 30, 40]);
            var clocks = Sweep(modem, snr, seconds, ppm => new LineImpairments { ClockPpm = ppm }, [10, 20, 50, 100, 150, 200, 300, 500]);
            foreach (string who in new[] { "ours", "spandsp" })
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {snr} | {who} | {Range(offsets, who)} | {Range(clocks, who)} |");
            }

            Console.WriteLine($"limits: {name} done");
        }

        sb.AppendLine();
        sb.AppendLine("| long burst | receiver | bits | errors | BER |");
        sb.AppendLine("|---|---|---|---|---|");
        ModemUnderTest v17 = Modems.All.Single(m => m.Name == "V.17 14400");
        foreach (double ppm in new[] { 200.0, -200.0 })
        {
            string label = $"V.17 14400, {ppm:+0;-0} ppm, 28 dB, {burstSeconds:0} s";
            (BerPoint reference, BerPoint? ours) = BerSweep.Condition(v17, 28, new LineImpairments { ClockPpm = ppm }, burstSeconds, label);
            foreach (BerPoint p in new[] { ours!, reference })
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {p.Implementation} | {p.Bits} | {p.Errors} | {p.Ber:E1} |");
            }
        }

        return sb.ToString();
    }

    private static Dictionary<string, (double Positive, double Negative)> Sweep(ModemUnderTest modem, double snr, double seconds, Func<double, LineImpairments> line, double[] values)
    {
        var held = new Dictionary<string, (double Positive, double Negative)> { ["ours"] = (0, 0), ["spandsp"] = (0, 0) };
        foreach (int sign in new[] { 1, -1 })
        {
            var stillHolding = new HashSet<string> { "ours", "spandsp" };
            foreach (double v in values)
            {
                (BerPoint reference, BerPoint? ours) = BerSweep.Condition(modem, snr, line(sign * v), seconds, modem.Name);
                foreach (BerPoint p in new[] { reference, ours! })
                {
                    bool ok = p.Bits > 0.5 * seconds * modem.BitRate && p.Ber < 1e-5;
                    if (stillHolding.Contains(p.Implementation) && ok)
                    {
                        (double pos, double neg) = held[p.Implementation];
                        held[p.Implementation] = sign > 0 ? (v, neg) : (pos, v);
                    }
                    else
                    {
                        stillHolding.Remove(p.Implementation);
                    }
                }

                if (stillHolding.Count == 0)
                {
                    break;
                }
            }
        }

        return held;
    }

    private static string Range(Dictionary<string, (double Positive, double Negative)> held, string who) =>
        string.Create(CultureInfo.InvariantCulture, $"−{held[who].Negative} … +{held[who].Positive}");
}
