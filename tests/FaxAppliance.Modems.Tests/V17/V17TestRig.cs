using FaxAppliance.Hal.Simulated.Line;
using FaxAppliance.Modems.Tests.Common;
using FaxAppliance.Modems.V17;
using FaxAppliance.SpanDsp;

namespace FaxAppliance.Modems.Tests.V17;

/// <summary>
/// Runs V.17 transmitters (ours or spandsp's) through the simulated line into our receiver, burst by
/// burst: a burst is <c>seconds</c> of a transmitter's signal followed by silence, the receiver restarted
/// (long or short train) before it, exactly as T.30 runs a call (long train + TCF, silence, short train +
/// page). One <see cref="SimulatedLine"/> carries every burst, so clock and carrier offsets stay the same
/// across them, as on a real call.
/// </summary>
internal sealed class V17TestRig : IDisposable
{
    public const int Block = LineDirection.BlockSamples;

    private readonly List<IDisposable> _owned = new();
    private readonly SimulatedLine _line;
    private readonly short[] _tx = new short[Block];
    private readonly short[] _silence = new short[Block];
    private readonly short[] _toA = new short[Block];
    private readonly short[] _toB = new short[Block];

    public V17TestRig(int rate, LineImpairments line)
    {
        Receiver = new V17Receiver(rate);
        _line = new SimulatedLine(line);
    }

    public V17Receiver Receiver { get; }

    /// <summary>What the line measured in the direction to our receiver (levels and SNR while active).</summary>
    public LineDirectionStats LineStats => _line.AToB.Stats;

    /// <summary>Everything the receiver delivered, all bursts.</summary>
    public ReceivedLog Log { get; } = new();

    /// <summary>Bit index in <see cref="Log"/> where each burst began.</summary>
    public List<int> BurstStarts { get; } = new();

    /// <summary>The equalizer SNR at the end of each burst's signal (before its silence), dB.</summary>
    public List<double> SnrAtEnd { get; } = new();

    /// <summary>The measured signal level at the end of each burst's signal, dBm0.</summary>
    public List<double> LevelAtEnd { get; } = new();

    /// <summary>Our transmitter, PRBS15 data, at <paramref name="dbm0"/>.</summary>
    public static Action<short[]> Ours(int rate, bool shortTrain = false, double dbm0 = -14, uint seed = 0x1234)
    {
        var tx = new V17Transmitter(rate) { LevelDbm0 = dbm0 };
        tx.Restart(rate, shortTrain);
        var source = new Prbs15Source(seed);
        return b => tx.Generate(b, ref source);
    }

    /// <summary>spandsp's transmitter, PRBS15 data, at <paramref name="dbm0"/>.</summary>
    public Action<short[]> Reference(int rate, bool shortTrain = false, double dbm0 = -14, uint seed = 0x1234)
    {
        var prbs = new Prbs15Source(seed);
        var tx = new SpanDspTransmitter(SpanDspModemKind.V17, rate, () => prbs.GetBit(), shortTrain);
        tx.SetPower((float)dbm0);
        _owned.Add(tx);
        return block =>
        {
            int n = tx.Generate(block);
            block.AsSpan(n).Clear();
        };
    }

    /// <summary>Restarts the receiver (long or short train), then feeds it <paramref name="seconds"/> of
    /// <paramref name="transmit"/> and <paramref name="silenceAfter"/> seconds of silence.</summary>
    public V17TestRig Burst(Action<short[]> transmit, bool shortTrain, double seconds, double silenceAfter = 0.1)
    {
        Receiver.Restart(Receiver.BitRate, shortTrain);
        BurstStarts.Add(Log.Bits.Count);
        Feed(transmit, (int)Math.Ceiling(seconds * 50));
        SnrAtEnd.Add(Receiver.Statistics.EqualizerSnrDb);
        LevelAtEnd.Add(Receiver.Statistics.SignalLevelDbm0);
        Feed(b => Array.Clear(b), (int)Math.Ceiling(silenceAfter * 50));
        return this;
    }

    /// <summary>Feeds blocks without restarting.</summary>
    public void Feed(Action<short[]> transmit, int blocks)
    {
        var sink = new LogSink(Log);
        for (int i = 0; i < blocks; i++)
        {
            transmit(_tx);
            _line.Exchange(_tx, _silence, _toA, _toB);
            Receiver.Process(_toB, ref sink);
        }
    }

    /// <summary>Seconds of signal that carry <paramref name="bits"/> data bits after the training.</summary>
    public static double SecondsFor(int rate, int bits, bool shortTrain = false) =>
        (shortTrain ? 0.25 : 1.5) + ((double)bits / rate);

    /// <summary>PRBS errors in the bits of burst <paramref name="burst"/> (up to the next burst), leaving
    /// out its last 20 ms: what the receiver decodes while the carrier fades, before it drops.</summary>
    public (int Checked, int Errors) Errors(int burst = -1)
    {
        if (burst < 0)
        {
            burst = BurstStarts.Count - 1;
        }

        int from = BurstStarts[burst];
        int to = burst + 1 < BurstStarts.Count ? BurstStarts[burst + 1] : Log.Bits.Count;
        to = Math.Max(from, to - (Receiver.BitRate / 50));
        return Prbs15Checker.Count(Log.Bits.GetRange(from, to - from), 0);
    }

    /// <summary>Line impairments: A-law, flat line unless <paramref name="model"/>, AToB only.</summary>
    public static LineImpairments Line(double? noiseDbm0 = null, double hz = 0, double ppm = 0, ulong seed = 7, string model = "flat") => new()
    {
        NoiseDbm0 = noiseDbm0,
        FrequencyOffsetHz = hz,
        ClockPpm = ppm,
        Codec = LineCodec.ALaw,
        LineModel = model,
        Seed = seed,
        Direction = LineDirectionSelection.AToB,
    };

    public void Dispose() => _owned.ForEach(o => o.Dispose());
}
