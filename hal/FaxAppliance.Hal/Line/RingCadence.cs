using System.Globalization;
using System.Text;

namespace FaxAppliance.Hal.Line;

/// <summary>One on/off step of a ring cadence.</summary>
/// <param name="On">Ringing voltage present.</param>
/// <param name="Off">Silence after it.</param>
public readonly record struct RingSegment(TimeSpan On, TimeSpan Off);

/// <summary>
/// A ring cadence: the on/off pattern that repeats while a line rings, e.g. 2 s on / 4 s off (North America,
/// ANSI T1.401) or 0.4/0.2/0.4/2.0 s (the UK double ring). Cadences are national, so they are configuration,
/// not code. A detected cadence is rotated so that its longest silence comes last.
/// </summary>
public sealed class RingCadence : IEquatable<RingCadence>
{
    private readonly RingSegment[] _segments;

    /// <summary>Creates a cadence from its segments.</summary>
    /// <exception cref="ArgumentException">No segments, or a segment that is not positive.</exception>
    public RingCadence(IReadOnlyList<RingSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Count == 0)
        {
            throw new ArgumentException("A ring cadence needs at least one on/off segment.", nameof(segments));
        }

        _segments = new RingSegment[segments.Count];
        TimeSpan period = TimeSpan.Zero;
        for (int i = 0; i < _segments.Length; i++)
        {
            RingSegment s = segments[i];
            if (s.On <= TimeSpan.Zero || s.Off <= TimeSpan.Zero)
            {
                throw new ArgumentException("Every on and off time of a ring cadence must be positive.", nameof(segments));
            }

            _segments[i] = s;
            period += s.On + s.Off;
        }

        Period = period;
    }

    /// <summary>The North American cadence, 2 s on / 4 s off.</summary>
    public static RingCadence NorthAmerica { get; } = FromMilliseconds(2000, 4000);

    /// <summary>The on/off steps in order.</summary>
    public IReadOnlyList<RingSegment> Segments => _segments;

    /// <summary>Length of one whole cycle.</summary>
    public TimeSpan Period { get; }

    /// <summary>Builds a cadence from alternating on and off times in milliseconds: on, off, on, off, …</summary>
    /// <exception cref="ArgumentException">An odd count, none at all, or a time that is not positive.</exception>
    public static RingCadence FromMilliseconds(params int[] onOffMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(onOffMilliseconds);
        if (onOffMilliseconds.Length == 0 || onOffMilliseconds.Length % 2 != 0)
        {
            throw new ArgumentException("Give on and off times in pairs.", nameof(onOffMilliseconds));
        }

        var segments = new RingSegment[onOffMilliseconds.Length / 2];
        for (int i = 0; i < segments.Length; i++)
        {
            segments[i] = new RingSegment(
                TimeSpan.FromMilliseconds(onOffMilliseconds[2 * i]),
                TimeSpan.FromMilliseconds(onOffMilliseconds[(2 * i) + 1]));
        }

        return new RingCadence(segments);
    }

    /// <summary>
    /// Whether the other cadence has the same number of segments and every time within <paramref name="tolerance"/>,
    /// allowing for any rotation (a detector may start counting anywhere in the cycle).
    /// </summary>
    public bool Matches(RingCadence other, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(other);
        int n = _segments.Length;
        if (other._segments.Length != n)
        {
            return false;
        }

        for (int shift = 0; shift < n; shift++)
        {
            bool all = true;
            for (int i = 0; i < n && all; i++)
            {
                RingSegment a = _segments[i];
                RingSegment b = other._segments[(i + shift) % n];
                all = (a.On - b.On).Duration() <= tolerance && (a.Off - b.Off).Duration() <= tolerance;
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public bool Equals(RingCadence? other) => other is not null && _segments.AsSpan().SequenceEqual(other._segments);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as RingCadence);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (RingSegment s in _segments)
        {
            hash.Add(s);
        }

        return hash.ToHashCode();
    }

    /// <summary>Formats as "2.00 s on / 4.00 s off".</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (RingSegment s in _segments)
        {
            if (text.Length > 0)
            {
                text.Append(" / ");
            }

            text.Append(CultureInfo.InvariantCulture, $"{s.On.TotalSeconds:0.00} s on / {s.Off.TotalSeconds:0.00} s off");
        }

        return text.ToString();
    }
}
