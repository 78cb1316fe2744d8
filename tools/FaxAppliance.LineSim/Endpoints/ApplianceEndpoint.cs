using System.Text.Json.Nodes;

namespace FaxAppliance.LineSim.Endpoints;

/// <summary>
/// The appliance's end of the line. The fax path (modems, T.30) is not built yet (issues 3, 4 and 6),
/// so for now the appliance answers and stays silent for the whole call, and its outcome says so
/// plainly: nothing pretends to have received or sent a fax.
/// </summary>
public sealed class ApplianceEndpoint : ILineEndpoint
{
    /// <summary>The outcome text until the appliance can fax.</summary>
    public const string NotYetText = "the appliance cannot fax yet (modems and T.30 are still to come): it answered with silence";

    private readonly string _role;
    private long _blocksHeard;
    private double _energyHeard;
    private bool _ended;

    /// <summary>Creates the appliance end in <paramref name="role"/> ("receive" or "send").</summary>
    public ApplianceEndpoint(string role, string detail)
    {
        _role = role;
        Description = $"appliance {role} {detail}".TrimEnd();
    }

    /// <inheritdoc/>
    public string Name => "appliance";

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public bool TryRead(Span<short> block)
    {
        block.Clear();
        return !_ended;
    }

    /// <inheritdoc/>
    public void Write(ReadOnlySpan<short> block)
    {
        _blocksHeard++;
        foreach (short s in block)
        {
            _energyHeard += (double)s * s;
        }
    }

    /// <inheritdoc/>
    public void HangUp() => _ended = true;

    /// <inheritdoc/>
    public JsonObject? Finish() => new()
    {
        ["completed"] = false,
        ["status_text"] = NotYetText,
        ["role"] = _role,
        ["pages"] = 0,
        ["bit_rate"] = 0,
        ["ecm"] = false,
        ["heard_level_dbm0"] = HeardLevel(),
    };

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private double HeardLevel()
    {
        if (_blocksHeard == 0 || _energyHeard == 0)
        {
            return -120.0;
        }

        return Math.Round(FaxAppliance.Dsp.Levels.Dbm0FromRms(Math.Sqrt(_energyHeard / (_blocksHeard * 160))), 2);
    }
}
