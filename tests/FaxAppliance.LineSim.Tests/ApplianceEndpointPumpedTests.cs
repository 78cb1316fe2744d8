using System.Text.Json.Nodes;
using FaxAppliance.LineSim.Endpoints;

namespace FaxAppliance.LineSim.Tests;

/// <summary>The appliance endpoint runs its capture loop on the simulator's thread (pumped), block by block.</summary>
public sealed class ApplianceEndpointPumpedTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("appliance-pumped-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void RingingCall_AnswersAndTransmitsTheSameSamplesOnTheSameBlocks_InEveryRun()
    {
        (long[] first, long? startFirst, JsonObject outcomeFirst) = Run("run1");
        (long[] second, long? startSecond, _) = Run("run2");

        Assert.NotNull(startFirst);
        Assert.Equal(startFirst, startSecond);
        Assert.Equal(first, second); // sample-exact in every block, not just eventually alike
        Assert.Contains(first, energy => energy > 0); // it answered and sent its answer tone and DIS
        Assert.Equal(0, outcomeFirst["consumer_timeouts"]!.GetValue<long>());
        Assert.Equal(0, outcomeFirst["audio_overruns"]!.GetValue<long>());
    }

    [Fact]
    public void EveryBlockWritten_IsCapturedAndHandedToTheConsumersBeforeWriteReturns()
    {
        using var appliance = new ApplianceEndpoint("receive", Path.Combine(_dir, "blocks"), ring: false);
        var block = new short[160];
        for (int k = 0; k < 250; k++)
        {
            Assert.True(appliance.TryRead(block));
            appliance.Write(new short[160]);
            Assert.Equal(0, appliance.SessionStartBlock); // the session saw the very first block, before any other
        }

        JsonObject outcome = appliance.Finish()!;
        Assert.Equal(250, outcome["frames_captured"]!.GetValue<long>());
        Assert.Equal(0, outcome["consumer_timeouts"]!.GetValue<long>());
        Assert.Equal(0, outcome["pacing_timeouts"]!.GetValue<long>());
    }

    // Rings the appliance (silence on the line otherwise) for 12 s of line time and records the energy of each block it sends.
    private (long[] Energy, long? SessionStart, JsonObject Outcome) Run(string name)
    {
        const int Blocks = 600;
        var energy = new long[Blocks];
        using var appliance = new ApplianceEndpoint("receive", Path.Combine(_dir, name), ring: true, answerAfterRings: 1);
        var sent = new short[160];
        var silence = new short[160];
        for (int k = 0; k < Blocks; k++)
        {
            Assert.True(appliance.TryRead(sent));
            foreach (short s in sent)
            {
                energy[k] += s * s;
            }

            appliance.Write(silence);
        }

        JsonObject outcome = appliance.Finish()!;
        return (energy, appliance.SessionStartBlock, outcome);
    }
}
