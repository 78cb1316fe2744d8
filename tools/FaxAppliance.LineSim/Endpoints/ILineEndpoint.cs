using System.Text.Json.Nodes;

namespace FaxAppliance.LineSim.Endpoints;

/// <summary>
/// One end of a simulated call, speaking the stdio line protocol's lockstep: it offers one 160-sample
/// block per step and is handed one block per step.
/// </summary>
public interface ILineEndpoint : IDisposable
{
    /// <summary>Short name used in reports and errors ("a", "b", "remote", "appliance").</summary>
    string Name { get; }

    /// <summary>What the endpoint is (its command line or file), for the report.</summary>
    string Description { get; }

    /// <summary>Reads the endpoint's next 20 ms block. False: the endpoint hung up.</summary>
    /// <exception cref="UsageException">The endpoint broke the protocol (e.g. a partial block).</exception>
    bool TryRead(Span<short> block);

    /// <summary>Hands the endpoint what the line delivers to it during this block.</summary>
    void Write(ReadOnlySpan<short> block);

    /// <summary>The line ends the call: the endpoint sees end-of-file.</summary>
    void HangUp();

    /// <summary>Waits for the endpoint to finish and returns its outcome line, if it gave one.</summary>
    JsonObject? Finish();
}
