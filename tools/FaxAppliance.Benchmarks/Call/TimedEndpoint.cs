using System.Text.Json.Nodes;
using FaxAppliance.LineSim.Endpoints;

namespace FaxAppliance.Benchmarks.Call;

/// <summary>
/// Wraps an endpoint that runs on the caller's thread (the appliance, pumped) and adds up the thread CPU time
/// spent inside its calls, so the appliance's own path is measured apart from the simulator around it.
/// </summary>
internal sealed class TimedEndpoint(ILineEndpoint inner, double setupSeconds) : ILineEndpoint, IAnsweringEndpoint
{
    /// <summary>Thread CPU seconds spent in the endpoint, its construction included.</summary>
    public double CpuSeconds { get; private set; } = setupSeconds;

    public string Name => inner.Name;

    public string Description => inner.Description;

    public bool Answered => inner is not IAnsweringEndpoint a || a.Answered;

    public bool TryRead(Span<short> block)
    {
        double start = CpuClocks.ThreadSeconds();
        bool up = inner.TryRead(block);
        CpuSeconds += CpuClocks.ThreadSeconds() - start;
        return up;
    }

    public void Write(ReadOnlySpan<short> block)
    {
        double start = CpuClocks.ThreadSeconds();
        inner.Write(block);
        CpuSeconds += CpuClocks.ThreadSeconds() - start;
    }

    public void HangUp()
    {
        double start = CpuClocks.ThreadSeconds();
        inner.HangUp();
        CpuSeconds += CpuClocks.ThreadSeconds() - start;
    }

    public JsonObject? Finish()
    {
        double start = CpuClocks.ThreadSeconds();
        JsonObject? outcome = inner.Finish();
        CpuSeconds += CpuClocks.ThreadSeconds() - start;
        return outcome;
    }

    public void Dispose() => inner.Dispose();
}
