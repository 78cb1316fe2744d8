using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FaxAppliance.Fax.Records;

/// <summary>One line of the T.30 trace.</summary>
/// <param name="Time">Line time since the call started.</param>
/// <param name="Direction">"rx" or "tx" (or "--" for the engine's own events: timers, decisions).</param>
/// <param name="Kind">"frame", "tone", "image", "timer", "state", "page".</param>
/// <param name="Name">The frame's name (DIS, DCS…) or the event's.</param>
/// <param name="Hex">The frame's octets without FCS, for frames.</param>
/// <param name="CrcOk">Whether a received frame's FCS checked.</param>
/// <param name="LevelDbm0">The receive level when the event happened, for received events.</param>
/// <param name="Detail">Decoded content or the reason for a decision.</param>
public sealed record T30TraceEntry(
    TimeSpan Time,
    string Direction,
    string Kind,
    string Name,
    string? Hex = null,
    bool? CrcOk = null,
    double? LevelDbm0 = null,
    string? Detail = null);

/// <summary>The T.30 trace of a call: bounded, written as JSON lines.</summary>
public sealed class T30Trace
{
    /// <summary>Most entries kept; a normal call has a few hundred, so this only bounds a hostile or stuck one.</summary>
    public const int MaxEntries = 20_000;

    private readonly List<T30TraceEntry> _entries = [];

    /// <summary>The entries, in order.</summary>
    public IReadOnlyList<T30TraceEntry> Entries => _entries;

    /// <summary>Entries not kept because the trace was full.</summary>
    public int Dropped { get; private set; }

    /// <summary>Adds an entry (or counts it as dropped when full).</summary>
    public void Add(T30TraceEntry entry)
    {
        if (_entries.Count < MaxEntries)
        {
            _entries.Add(entry);
        }
        else
        {
            Dropped++;
        }
    }

    /// <summary>The trace as JSON lines, one object per entry.</summary>
    public string ToJsonLines()
    {
        var sb = new StringBuilder();
        using var buffer = new MemoryStream();
        foreach (T30TraceEntry e in _entries)
        {
            buffer.SetLength(0);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteNumber("t", Math.Round(e.Time.TotalSeconds, 3));
                w.WriteString("dir", e.Direction);
                w.WriteString("kind", e.Kind);
                w.WriteString("name", e.Name);
                if (e.Hex is not null)
                {
                    w.WriteString("hex", e.Hex);
                }

                if (e.CrcOk is { } ok)
                {
                    w.WriteBoolean("crc_ok", ok);
                }

                if (e.LevelDbm0 is { } level && double.IsFinite(level))
                {
                    w.WriteNumber("level_dbm0", Math.Round(level, 1));
                }

                if (e.Detail is not null)
                {
                    w.WriteString("detail", e.Detail);
                }

                w.WriteEndObject();
            }

            sb.Append(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)).Append('\n');
        }

        if (Dropped > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{{\"dropped\":{Dropped}}}\n");
        }

        return sb.ToString();
    }
}
