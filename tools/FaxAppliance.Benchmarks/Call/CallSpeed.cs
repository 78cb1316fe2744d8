using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FaxAppliance.Hal.Simulated.Line;
using FaxAppliance.LineSim;
using FaxAppliance.LineSim.Endpoints;

namespace FaxAppliance.Benchmarks.Call;

/// <summary>What one measured call cost. Seconds throughout.</summary>
/// <param name="Kind">"bridge" (spandsp to spandsp) or "receive" (spandsp sends, the appliance receives).</param>
/// <param name="LineSeconds">The call's duration in line time (blocks × 20 ms).</param>
/// <param name="WallSeconds">Wall time of the call (start of the endpoints to their exit).</param>
/// <param name="ProcessCpu">This process's CPU time (user + system, every thread) during the call.</param>
/// <param name="RunnerCpu">The CPU time of the thread that ran the call (line model, endpoint calls, the pumped appliance).</param>
/// <param name="ChildrenCpu">The children's CPU time (getrusage RUSAGE_CHILDREN delta after they were waited for).</param>
/// <param name="SenderCpu">The spandsp sender's CPU time (its shell's `times`).</param>
/// <param name="ReceiverCpu">The receiver's CPU: spandsp's from `times` (bridge), or the appliance path's thread CPU (receive).</param>
/// <param name="Pages">Pages the receiver kept.</param>
internal sealed record CallCost(string Kind, double LineSeconds, double WallSeconds, double ProcessCpu, double RunnerCpu, double ChildrenCpu, double SenderCpu, double ReceiverCpu, int Pages)
{
    /// <summary>Every process's CPU time during the call.</summary>
    public double WholeCpu => ProcessCpu + ChildrenCpu;
}

/// <summary>
/// tools/bench call: a 10-page V.17 ECM fax through the line simulator, reference to reference (linesim bridge)
/// and reference to the appliance (linesim receive), in one run, each in-process through <see cref="CallRunner"/>
/// with faxremote (spandsp) children, measured in CPU time against line time.
/// </summary>
internal static class CallSpeed
{
    public static int Run(string[] args)
    {
        string faxremote = Path.GetFullPath("build/native/faxremote");
        string outFile = "docs/benchmarks/CallSpeed.md";
        int pages = 10;
        int repeats = 3;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--faxremote": faxremote = Path.GetFullPath(args[i + 1]); break;
                case "--out": outFile = args[i + 1]; break;
                case "--pages": pages = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--repeats": repeats = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"bench call: unknown option {args[i]}"); return 2;
            }
        }

        if (!File.Exists(faxremote))
        {
            Console.Error.WriteLine($"bench call: {faxremote} is missing (tools/build-native builds it)");
            return 2;
        }

        string work = Directory.CreateTempSubdirectory("bench-call-").FullName;
        try
        {
            string doc = Path.Combine(work, "doc.tif");
            Exec(faxremote, $"mkpages {doc} {pages} --seed 5");
            Console.Error.WriteLine($"warm-up (JIT) in {work}");
            var runs = new List<CallCost>[2];
            for (int r = -1; r < repeats; r++)
            {
                for (int k = 0; k < 2; k++)
                {
                    string tag = $"{r}-{k}";
                    CallCost cost = Check(k == 0 ? Bridge(faxremote, doc, work, tag) : Receive(faxremote, doc, work, tag), pages);
                    if (r >= 0) // r = -1: the warm-up (JIT) of every kind of call
                    {
                        (runs[k] ??= []).Add(cost);
                        Console.Error.WriteLine($"repeat {r + 1}: {Line(cost)}");
                    }
                }
            }

            string report = CallSpeedReport.Markdown(runs[0], runs[1], pages, ClockOverhead());
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outFile))!);
            File.WriteAllText(outFile, report);
            Console.WriteLine(report);
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Line(CallCost c) => FormattableString.Invariant(
        $"{c.Kind,-7} line {c.LineSeconds:0.0} s wall {c.WallSeconds:0.000} s cpu self {c.ProcessCpu:0.000} runner {c.RunnerCpu:0.000} children {c.ChildrenCpu:0.000} sender {c.SenderCpu:0.00} receiver {c.ReceiverCpu:0.000} pages {c.Pages}");

    private static CallCost Check(CallCost cost, int pages)
    {
        if (cost.Pages != pages)
        {
            throw new InvalidOperationException($"{cost.Kind}: the receiver kept {cost.Pages} of {pages} pages");
        }

        return cost;
    }

    // linesim bridge --a "faxremote send DOC --ecm on" --b "faxremote recv OUT --ecm on"
    private static CallCost Bridge(string faxremote, string doc, string work, string tag)
    {
        string sendTimes = Path.Combine(work, tag + "-send.times");
        string recvTimes = Path.Combine(work, tag + "-recv.times");
        string received = Path.Combine(work, tag + "-bridge.tif");
        return Measure("bridge", () =>
        {
            ILineEndpoint a = Open("a", $"{faxremote} send {doc} --ecm on", sendTimes);
            ILineEndpoint b = Open("b", $"{faxremote} recv {received} --ecm on", recvTimes);
            return (a, b, () => (ShellTimes(sendTimes), ShellTimes(recvTimes)), o => o?["pages"]?.GetValue<int>() ?? 0);
        });
    }

    // linesim receive --remote "faxremote send DOC --ecm on" --out DIR
    private static CallCost Receive(string faxremote, string doc, string work, string tag)
    {
        string sendTimes = Path.Combine(work, tag + "-send.times");
        string outDir = Path.Combine(work, tag + "-appliance");
        TimedEndpoint? appliance = null;
        return Measure("receive", () =>
        {
            double start = CpuClocks.ThreadSeconds();
            var inner = new ApplianceEndpoint("receive", outDir, ring: true, answerAfterRings: 1);
            appliance = new TimedEndpoint(inner, CpuClocks.ThreadSeconds() - start);
            ILineEndpoint remote = Open("remote", $"{faxremote} send {doc} --ecm on", sendTimes);
            return (appliance, remote, () => (ShellTimes(sendTimes), appliance.CpuSeconds), o => o?["pages"]?.GetValue<int>() ?? 0);
        });
    }

    // What linesim opens for a shell command; the shell reports the endpoint's CPU time.
    private static ILineEndpoint Open(string name, string command, string timesFile) =>
        FaxAppliance.LineSim.Program.OpenEndpoint(name, Timed(command, timesFile));

    private static CallCost Measure(string kind, Func<(ILineEndpoint A, ILineEndpoint B, Func<(double Sender, double Receiver)> Cpu, Func<JsonObject?, int> Pages)> open)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        double children0 = CpuClocks.ChildrenSeconds();
        double process0 = CpuClocks.ProcessSeconds();
        var wall = Stopwatch.StartNew();
        double runner0 = CpuClocks.ThreadSeconds();
        (ILineEndpoint a, ILineEndpoint b, Func<(double Sender, double Receiver)> cpu, Func<JsonObject?, int> pagesOf) = open();
        CallResult result;
        try
        {
            result = CallRunner.Run(a, b, new SimulatedLine(new LineImpairments()), maxSeconds: 900);
        }
        finally
        {
            a.Dispose();
            b.Dispose();
        }

        double runner = CpuClocks.ThreadSeconds() - runner0;
        wall.Stop();
        double process = CpuClocks.ProcessSeconds() - process0;
        double children = CpuClocks.ChildrenSeconds() - children0;
        (double sender, double receiver) = cpu();
        JsonObject? receiverOutcome = kind == "bridge" ? result.OutcomeB : result.OutcomeA;
        return new CallCost(kind, result.Blocks * 0.02, wall.Elapsed.TotalSeconds, process, runner, children, sender, receiver, pagesOf(receiverOutcome));
    }

    // The shell reports its own and its children's CPU time when the endpoint has exited (POSIX `times`).
    private static string Timed(string command, string timesFile) => $"{command}; times > {timesFile}";

    // `times` prints two lines, "XmY.YYYs XmY.YYYs" (user, system) for the shell and for its children: the sum.
    private static double ShellTimes(string file)
    {
        double total = 0;
        foreach (string field in File.ReadAllText(file).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            int m = field.IndexOf('m', StringComparison.Ordinal);
            total += (60 * double.Parse(field[..m], CultureInfo.InvariantCulture)) + double.Parse(field[(m + 1)..^1], CultureInfo.InvariantCulture);
        }

        return total;
    }

    // What one CpuClocks.ThreadSeconds() pair costs: TimedEndpoint adds two per endpoint call (about 4 per block).
    private static double ClockOverhead()
    {
        const int N = 100_000;
        double start = CpuClocks.ThreadSeconds();
        for (int i = 0; i < N; i++)
        {
            CpuClocks.ThreadSeconds();
        }

        return (CpuClocks.ThreadSeconds() - start) / N;
    }

    private static void Exec(string file, string arguments)
    {
        using Process p = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false }) ?? throw new InvalidOperationException("cannot start " + file);
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments}: exit code {p.ExitCode}");
        }
    }
}
