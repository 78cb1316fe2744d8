using FaxAppliance.Hal.Simulated.Line;
using FaxAppliance.SpanDsp;

namespace FaxAppliance.Modems.Tests.Common;

/// <summary>The ITU-T O.150 2^15 − 1 test pattern (x^15 + x^14 + 1) as a bit source.</summary>
public struct Prbs15Source : IBitSource
{
    private uint _register;

    /// <summary>Starts the pattern at a non-zero state.</summary>
    public Prbs15Source(uint seed) => _register = (seed & 0x7FFF) == 0 ? 1u : seed & 0x7FFF;

    /// <inheritdoc/>
    public int GetBit()
    {
        int bit = (int)(((_register >> 14) ^ (_register >> 13)) & 1);
        _register = ((_register << 1) | (uint)bit) & 0x7FFF;
        return bit;
    }
}

/// <summary>What a receiver delivered: bits and statuses, in order.</summary>
public sealed class ReceivedLog
{
    public List<byte> Bits { get; } = new();

    public List<(ModemStatus Status, int BitIndex)> Statuses { get; } = new();

    public bool Has(ModemStatus s) => Statuses.Exists(x => x.Status == s);

    public int Count(ModemStatus s) => Statuses.Count(x => x.Status == s);

    public override string ToString() => $"{Bits.Count} bits; " + string.Join(", ", Statuses.Select(s => $"{s.Status}@{s.BitIndex}"));
}

/// <summary>A sink that records into a <see cref="ReceivedLog"/>.</summary>
public struct LogSink : IBitSink
{
    public LogSink(ReceivedLog log) => Log = log;

    public ReceivedLog Log { get; }

    public readonly void PutBit(int bit) => Log.Bits.Add((byte)bit);

    public readonly void OnStatus(ModemStatus status) => Log.Statuses.Add((status, Log.Bits.Count));
}

/// <summary>A sink that only counts (for the allocation tests).</summary>
public struct CountingSink : IBitSink
{
    public int Bits { get; private set; }

    public int Ones { get; private set; }

    public int StatusCount { get; private set; }

    public void PutBit(int bit)
    {
        Bits++;
        Ones += bit;
    }

    public void OnStatus(ModemStatus status) => StatusCount++;
}

/// <summary>Counting bit errors in a received PRBS15 stream without knowing where it starts.</summary>
public static class Prbs15Checker
{
    /// <summary>
    /// Loads the pattern's state from 15 received bits at <paramref name="skip"/> (retrying later
    /// if those were wrong) and counts the received bits after it that differ from the pattern.
    /// Returns (bits checked, errors); (0, 0) if nothing could be aligned.
    /// </summary>
    public static (int Checked, int Errors) Count(IReadOnlyList<byte> bits, int skip)
    {
        for (int start = skip; start + 15 + 200 <= bits.Count; start += 97)
        {
            uint reg = 0;
            for (int i = 0; i < 15; i++)
            {
                reg = (reg << 1) | bits[start + i];
            }

            int errors = 0, n = 0;
            for (int i = start + 15; i < bits.Count; i++)
            {
                int expected = (int)(((reg >> 14) ^ (reg >> 13)) & 1);
                reg = ((reg << 1) | (uint)expected) & 0x7FFF;
                n++;
                errors += expected != bits[i] ? 1 : 0;
                if (n == 200 && errors > 20)
                {
                    break; // misaligned start: try further on
                }
            }

            if (n > 200 || errors <= 20)
            {
                return (n, errors);
            }
        }

        return (0, 0);
    }
}

/// <summary>A transmitter → simulated line (A to B) → receiver link, in 20 ms blocks.</summary>
public static class QamLink
{
    public const int Block = LineDirection.BlockSamples;

    /// <summary>Runs <paramref name="blocks"/> blocks: <paramref name="transmit"/> fills each block,
    /// the line impairs it, <paramref name="receive"/> gets what B hears.</summary>
    public static void Run(Action<short[]> transmit, Action<short[]> receive, LineImpairments line, int blocks)
    {
        var sim = new SimulatedLine(line);
        var tx = new short[Block];
        var silence = new short[Block];
        var toA = new short[Block];
        var toB = new short[Block];
        for (int i = 0; i < blocks; i++)
        {
            transmit(tx);
            sim.Exchange(tx, silence, toA, toB);
            receive(toB);
        }
    }

    /// <summary>A spandsp transmitter of PRBS15 data filling whole blocks (silence once it stops).</summary>
    public static Action<short[]> SpanDspTransmitter(SpanDspModemKind kind, int rate, double dbm0, List<IDisposable> owned)
    {
        var prbs = new Prbs15Source(0x1234);
        var tx = new SpanDspTransmitter(kind, rate, () => prbs.GetBit());
        tx.SetPower((float)dbm0);
        owned.Add(tx);
        return block =>
        {
            int n = tx.Generate(block);
            block.AsSpan(n).Clear();
        };
    }

    /// <summary>Line impairments for a test: A-law in the path, flat line, given noise/offsets.</summary>
    public static LineImpairments Line(double? noiseDbm0 = null, double freqHz = 0, double ppm = 0, ulong seed = 7) => new()
    {
        NoiseDbm0 = noiseDbm0,
        FrequencyOffsetHz = freqHz,
        ClockPpm = ppm,
        Codec = LineCodec.ALaw,
        Seed = seed,
        Direction = LineDirectionSelection.AToB,
    };
}
