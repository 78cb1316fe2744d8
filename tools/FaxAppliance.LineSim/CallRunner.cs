using System.Diagnostics;
using System.Text.Json.Nodes;
using FaxAppliance.Hal.Simulated.Line;
using FaxAppliance.LineSim.Endpoints;

namespace FaxAppliance.LineSim;

/// <summary>The result of a simulated call.</summary>
public sealed record CallResult(long Blocks, string EndedBy, double WallSeconds, JsonObject? OutcomeA, JsonObject? OutcomeB);

/// <summary>
/// Runs a call in lockstep between two endpoints through a <see cref="SimulatedLine"/>. While endpoint A
/// is still ringing (an <see cref="IAnsweringEndpoint"/> that has not answered), the exchange connects
/// nothing: A hears silence and B hears ring-back tone (ITU-T E.180: 425 Hz, 1 s on, 4 s off).
/// </summary>
public static class CallRunner
{
    /// <summary>Level of the ring-back tone the caller hears, dBm0.</summary>
    public const double RingBackDbm0 = -13.0;

    /// <summary>Runs until an endpoint hangs up or <paramref name="maxSeconds"/> of line time pass;
    /// records both sides to <paramref name="capture"/> when given.</summary>
    public static CallResult Run(ILineEndpoint a, ILineEndpoint b, SimulatedLine line, double maxSeconds, CallCapture? capture = null)
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

            if (a is IAnsweringEndpoint { Answered: false })
            {
                toA.Clear();
                RingBack(blocks, toB);
            }
            else
            {
                line.Exchange(fromA, fromB, toA, toB);
            }

            capture?.Add(fromA, fromB, toA); // toA: what A hears (a replay of A feeds this back)
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

    private static void RingBack(long block, Span<short> output)
    {
        double amplitude = FaxAppliance.Dsp.Levels.SineAmplitudeFromDbm0(RingBackDbm0);
        bool on = block % 250 < 50; // 1 s on, 4 s off, in 20 ms blocks
        for (int i = 0; i < output.Length; i++)
        {
            long n = block * output.Length + i;
            output[i] = on ? (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * 425.0 * n / 8000.0)) : (short)0;
        }
    }
}
