using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace FaxAppliance.Benchmarks.Call;

/// <summary>Writes docs/benchmarks/CallSpeed.md from the measured calls (medians of the repeats).</summary>
internal static class CallSpeedReport
{
    public static string Markdown(IReadOnlyList<CallCost> bridges, IReadOnlyList<CallCost> receives, int pages, double clockOverhead)
    {
        CallCost b = Median(bridges);
        CallCost r = Median(receives);
        double appliance = r.ReceiverCpu;
        var s = new StringBuilder();
        s.AppendLine("# Whole-call speed: a fax call against real time");
        s.AppendLine();
        s.AppendLine(Inv($"A {pages}-page V.17 ECM fax (`faxremote mkpages doc.tif {pages} --seed 5`) sent by spandsp (`faxremote send`) through the"));
        s.AppendLine("line simulator's default line (A-law, no impairments), received (a) by spandsp (`faxremote recv`, as `linesim bridge`) and");
        s.AppendLine("(b) by the appliance (as `linesim receive`: simulated board, capture loop pumped on the simulator's thread, fax session).");
        s.AppendLine("Both calls run in the same process, one after the other, through `CallRunner` with faxremote as child processes.");
        s.AppendLine(Inv($"One warm-up call of each kind (JIT), then {bridges.Count} rounds of both;"));
        s.AppendLine("every figure is the median of its column. The machine is shared, so single runs vary by ±30 %: see the runs at the end.");
        s.AppendLine(Inv($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {DateTime.UtcNow:yyyy-MM-dd},"));
        s.AppendLine(Inv($"load average at the end (1, 5, 15 min; other people's builds share the machine): {LoadAverage()}."));
        s.AppendLine();
        s.AppendLine("## Whole call (every process)");
        s.AppendLine();
        WholeTable(s, b, r);

        s.AppendLine();
        s.AppendLine("## Each part alone");
        s.AppendLine();
        s.AppendLine("| part | CPU | × real time |");
        s.AppendLine("|---|---:|---:|");
        Row(s, "spandsp sender (bridge run; its shell's `times`)", b.SenderCpu, b.LineSeconds);
        Row(s, "spandsp receiver (bridge run; its shell's `times`)", b.ReceiverCpu, b.LineSeconds);
        Row(s, "spandsp sender (receive run)", r.SenderCpu, r.LineSeconds);
        Row(s, "**appliance receive path** (thread CPU inside its endpoint calls, construction and finish included)", appliance, r.LineSeconds);
        Row(s, "simulator and runtime, bridge run (this process: line model, pipes to 2 children, GC, JIT)", b.ProcessCpu, b.LineSeconds);
        Row(s, "simulator and runtime, receive run (this process minus the appliance path: line model, pipe to 1 child)", r.ProcessCpu - appliance, r.LineSeconds);
        Row(s, "… of which the simulator's thread, bridge run (line model, its side of the pipes)", b.RunnerCpu, b.LineSeconds);
        Row(s, "… of which the simulator's thread, receive run, appliance path excluded", r.RunnerCpu - appliance, r.LineSeconds);
        Row(s, "… of which other threads, bridge run (thread pool and socket engine completing the pipe I/O, GC, JIT)", b.ProcessCpu - b.RunnerCpu, b.LineSeconds);
        Row(s, "… of which other threads, receive run", r.ProcessCpu - r.RunnerCpu, r.LineSeconds);
        s.AppendLine();
        s.AppendLine(Inv($"Appliance receive path against spandsp's receiver: {b.ReceiverCpu / appliance:0.00}× the speed ({appliance:0.000} s against {b.ReceiverCpu:0.000} s of CPU for the same call);"));
        s.AppendLine(Inv($"against spandsp's sender: {r.SenderCpu / appliance:0.00}×."));
        s.AppendLine(Inv($"The appliance path's figure includes the clock reads that measure it: {clockOverhead * 1e9:0} ns per read, 4 per 20 ms block,"));
        s.AppendLine(Inv($"{4 * clockOverhead * r.LineSeconds * 50 * 1e3:0.0} ms in this call. Children's CPU comes from `times` in 10 ms clock ticks."));
        s.AppendLine();
        s.AppendLine("linesim's `ProcessEndpoint` moves each block with plain blocking reads and writes on the simulator's thread, a");
        s.AppendLine("watchdog timer bounding each (it used `ReadAsync`/`WriteAsync` with a task wait per block before: the thread-pool");
        s.AppendLine("wake-ups cost 0.5 s of CPU per call, more than the appliance, and the whole call ran at about 260× instead of over 500×).");
        s.AppendLine();
        s.AppendLine("## Against the 500× goal");
        s.AppendLine();
        Verdict(s, "whole call, spandsp → appliance, as linesim runs it (every process's CPU)", r.LineSeconds / r.WholeCpu);
        Verdict(s, "appliance receive path alone", r.LineSeconds / appliance);
        Verdict(s, "reference whole call, spandsp → spandsp, as linesim runs it", b.LineSeconds / b.WholeCpu);
        s.AppendLine();
        s.AppendLine("Where the appliance path's time goes (perf, `DOTNET_PerfMapEnabled=1`, one profile of this benchmark on 2026-11-27, inclusive");
        s.AppendLine("samples of `ApplianceEndpoint.Write`): the fax session (`FaxCallSession.OnFrame`: V.17 and V.21 receivers, Viterbi decoder,");
        s.AppendLine("T.30, page coding) about 77 %, the line monitor (tone detectors and its own V.21 receiver) about 15 %, the simulated board");
        s.AppendLine("(G.711, DAA) about 5 %, level meter and capture loop (ring, copies, consumer calls) under 2 %. Per-page work (TIFF");
        s.AppendLine("commit, T.4/T.6 coding in `T30Engine.EcmPageComplete`) runs only ten times a call and so partly stays in tier-0 JIT code.");
        s.AppendLine();
        s.AppendLine("## Reproduce");
        s.AppendLine();
        s.AppendLine("```");
        s.AppendLine("tools/build-native                 # build/native/faxremote (spandsp)");
        s.AppendLine(Inv($"tools/bench call                   # [--pages {pages}] [--repeats {bridges.Count}] [--faxremote PATH] [--out docs/benchmarks/CallSpeed.md]"));
        s.AppendLine("```");
        s.AppendLine();
        s.AppendLine("Every run: the receiver must keep every page, or the benchmark stops with an error.");
        s.AppendLine();
        s.AppendLine("| run | call | line time | wall | this process CPU | simulator thread CPU | children CPU | sender CPU | receiver CPU |");
        s.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        for (int i = 0; i < bridges.Count; i++)
        {
            foreach (CallCost c in new[] { bridges[i], receives[i] })
            {
                string kind = c.Kind;
                s.AppendLine(Inv($"| {i + 1} | {kind} | {c.LineSeconds:0.0} s | {c.WallSeconds:0.000} s | {c.ProcessCpu:0.000} s | {c.RunnerCpu:0.000} s | {c.ChildrenCpu:0.000} s | {c.SenderCpu:0.00} s | {c.ReceiverCpu:0.000} s |"));
            }
        }

        return s.ToString();
    }

    private static void WholeTable(StringBuilder s, CallCost bridge, CallCost receive)
    {
        s.AppendLine("| call | line time | wall | this process CPU | children CPU | whole-call CPU | × real time (CPU) | × real time (wall) |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (CallCost c in new[] { bridge, receive })
        {
            string name = c.Kind == "bridge" ? "spandsp → spandsp (bridge)" : "spandsp → appliance (receive)";
            s.AppendLine(Inv($"| {name} | {c.LineSeconds:0.0} s | {c.WallSeconds:0.00} s | {c.ProcessCpu:0.000} s | {c.ChildrenCpu:0.000} s | {c.WholeCpu:0.000} s | {c.LineSeconds / c.WholeCpu:0}× | {c.LineSeconds / c.WallSeconds:0}× |"));
        }
    }

    private static void Verdict(StringBuilder s, string what, double times) =>
        s.AppendLine(Inv($"- {what}: {times:0}× — {(times >= 500 ? "reaches" : "does not reach")} 500×."));

    private static void Row(StringBuilder s, string part, double cpu, double line) =>
        s.AppendLine(Inv($"| {part} | {cpu:0.000} s | {line / cpu:0}× |"));

    // The median of every column separately.
    private static CallCost Median(IReadOnlyList<CallCost> runs) => new(
        runs[0].Kind,
        Median(runs, c => c.LineSeconds),
        Median(runs, c => c.WallSeconds),
        Median(runs, c => c.ProcessCpu),
        Median(runs, c => c.RunnerCpu),
        Median(runs, c => c.ChildrenCpu),
        Median(runs, c => c.SenderCpu),
        Median(runs, c => c.ReceiverCpu),
        runs[0].Pages);

    private static double Median(IReadOnlyList<CallCost> runs, Func<CallCost, double> column)
    {
        double[] values = runs.Select(column).Order().ToArray();
        return values.Length % 2 == 1 ? values[values.Length / 2] : (values[(values.Length / 2) - 1] + values[values.Length / 2]) / 2;
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ')[..3]);
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
