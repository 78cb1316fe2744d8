using System.Diagnostics;
using System.Text.Json.Nodes;
using FaxAppliance.Hal.Simulated.Line;
using FaxAppliance.LineSim.Endpoints;

namespace FaxAppliance.LineSim;

/// <summary>The result of a simulated call.</summary>
public sealed record CallResult(long Blocks, string EndedBy, double WallSeconds, JsonObject? OutcomeA, JsonObject? OutcomeB);

/// <summary>Runs a call in lockstep between two endpoints through a <see cref="SimulatedLine"/>.</summary>
public static class CallRunner
{
    /// <summary>Runs until an endpoint hangs up or <paramref name="maxSeconds"/> of line time pass.</summary>
    public static CallResult Run(ILineEndpoint a, ILineEndpoint b, SimulatedLine line, double maxSeconds)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(line);
        var clock = Stopwatch.StartNew();
        long maxBlocks = (long)Math.Ceiling(maxSeconds * 50);
        Span<short> fromA = stackalloc short[LineDirection.BlockSamples];
        Span<short> fromB = stackalloc short[LineDirection.BlockSamples];
        Span<short> toA = stackalloc short[LineDirection.BlockSamples];
        Span<short> toB = stackalloc short[LineDirection.BlockSamples];

        // Every endpoint writes its first block at once.
        bool aUp = a.TryRead(fromA);
        bool bUp = b.TryRead(fromB);
        string endedBy;
        long blocks = 0;
        while (true)
        {
            if (!aUp || !bUp)
            {
                endedBy = !aUp && !bUp ? "both hung up" : !aUp ? $"{a.Name} hung up" : $"{b.Name} hung up";
                break;
            }

            if (blocks >= maxBlocks)
            {
                endedBy = $"time limit of {maxSeconds:0.##} s";
                break;
            }

            line.Exchange(fromA, fromB, toA, toB);
            blocks++;
            a.Write(toA);
            b.Write(toB);
            aUp = a.TryRead(fromA);
            bUp = b.TryRead(fromB);
        }

        a.HangUp();
        b.HangUp();
        JsonObject? outcomeA = a.Finish();
        JsonObject? outcomeB = b.Finish();
        return new CallResult(blocks, endedBy, clock.Elapsed.TotalSeconds, outcomeA, outcomeB);
    }
}
