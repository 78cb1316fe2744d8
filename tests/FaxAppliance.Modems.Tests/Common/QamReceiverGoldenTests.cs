using FaxAppliance.Hal.Simulated.Line;
using FaxAppliance.Modems.V17;
using FaxAppliance.Modems.V27ter;
using FaxAppliance.Modems.V29;

namespace FaxAppliance.Modems.Tests.Common;

/// <summary>
/// Golden decisions of the three QAM receivers (V.27ter, V.29, V.17): each runs a fixed, seeded scenario —
/// our transmitter through a noisy A-law line with carrier frequency and clock offsets, a lost block during
/// training, a partly lost block in data, a 100 ms carrier drop mid-stream, silence, a gap longer than
/// <c>MaxFillInSamples</c>, a second burst (long or short train), and a third that stops mid-training — and every delivered bit, every status
/// event (with the bit index it came at) and the statistics after every block are folded into one FNV-1a
/// hash. The constants were captured from the receivers before their shared carrier-detect / block state
/// machine moved to Common (QamReceiverCore), so any change of a decision, an event's order or a
/// published statistic fails here.
/// </summary>
/// <remarks>The hashes pin floating-point results bit for bit: they hold for a given runtime and
/// instruction set (the V.17 Viterbi decoder uses Vector128 where available). If the runtime changes,
/// recapture them from a commit known to be good, never from the code under test.</remarks>
public sealed class QamReceiverGoldenTests
{
    private const int Block = LineDirection.BlockSamples;

    /// <summary>The status events every case produces: burst 1 trains, loses its carrier for 100 ms and
    /// finds it again without a train; burst 2 trains and ends; burst 3 fails in training.</summary>
    private const string ExpectedEvents =
        "CarrierUp,TrainingInProgress,TrainingSucceeded,CarrierDown,CarrierUp,CarrierDown,"
        + "CarrierUp,TrainingInProgress,TrainingSucceeded,CarrierDown,"
        + "CarrierUp,TrainingInProgress,TrainingFailed,CarrierDown";

    public static TheoryData<string, int, bool, double, ulong, int> Cases => new()
    {
        // modem, rate, second burst short-trained, level (dBm0; the line's noise is 38 dB below), hash,
        // bits (captured before the refactor). At −41 dBm0 the carrier detector drops before V.17's fade
        // detection (10 dB below the trained level) does, so the decoder is flushed at carrier off.
        { "V27ter", 2400, true, -14, 8707274267844808457UL, 6066 },
        { "V27ter", 4800, true, -14, 15964482517073407510UL, 13407 },
        { "V29", 7200, false, -14, 11410535826067350532UL, 22176 },
        { "V29", 9600, false, -14, 13703385294036703226UL, 29576 },
        { "V17", 7200, true, -14, 10380556094279161966UL, 14457 },
        { "V17", 14400, true, -14, 9453829415518663317UL, 28914 },
        { "V17", 14400, false, -14, 8570841850262826552UL, 11298 },
        { "V17", 7200, true, -41, 15579874092778343380UL, 14466 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void QamReceiver_SeededImpairedScenario_DecisionsMatchGolden(
        string modem, int rate, bool secondShort, double level, ulong expectedHash, int expectedBits)
    {
        GoldenRecord record = Run(modem, rate, secondShort, level);

        // The scenario must really exercise the receiver: training, data, and the carrier drop.
        Assert.True(record.Bits > rate / 2, $"{modem} {rate}: only {record.Bits} bits delivered");
        Assert.Contains(ModemStatus.TrainingSucceeded, record.Events);
        Assert.Contains(ModemStatus.CarrierDown, record.Events);
        Assert.Contains(ModemStatus.TrainingFailed, record.Events);
        Assert.Equal(ExpectedEvents, string.Join(",", record.Events));
        Assert.Equal((expectedHash, expectedBits), (record.Hash, record.Bits));
    }

    private static GoldenRecord Run(string modem, int rate, bool secondShort, double level)
    {
        var record = new GoldenRecord();
        var sink = new GoldenSink(record);
        var line = new SimulatedLine(new LineImpairments
        {
            NoiseDbm0 = level - 38,
            FrequencyOffsetHz = 6,
            ClockPpm = 40,
            Codec = LineCodec.ALaw,
            Seed = 0x5EED,
            Direction = LineDirectionSelection.AToB,
        });

        IFaxReceiver rx;
        Action<short[]> process;
        Action<int> processPart;
        Func<bool, Action<short[]>> transmitter;
        var received = new short[Block];
        switch (modem)
        {
            case "V27ter":
                var v27 = new V27terReceiver(rate);
                rx = v27;
                process = b => v27.Process(b, ref sink);
                processPart = n => v27.Process(received.AsSpan(0, n), ref sink);
                transmitter = s => Transmit(new V27terTransmitter(rate) { LevelDbm0 = level }, rate, s);
                break;
            case "V29":
                var v29 = new V29Receiver(rate);
                rx = v29;
                process = b => v29.Process(b, ref sink);
                processPart = n => v29.Process(received.AsSpan(0, n), ref sink);
                transmitter = s => Transmit(new V29Transmitter(rate) { LevelDbm0 = level }, rate, s);
                break;
            default:
                var v17 = new V17Receiver(rate);
                rx = v17;
                process = b => v17.Process(b, ref sink);
                processPart = n => v17.Process(received.AsSpan(0, n), ref sink);
                transmitter = s => Transmit(new V17Transmitter(rate) { LevelDbm0 = level }, rate, s);
                break;
        }

        var tx = new short[Block];
        var silence = new short[Block];
        var toA = new short[Block];

        void Step(Action<short[]>? transmit, Action<short[]> receive)
        {
            if (transmit is null)
            {
                Array.Clear(tx);
            }
            else
            {
                transmit(tx);
            }

            line.Exchange(tx, silence, toA, received);
            receive(received);
            record.AddStatistics(rx.Statistics);
        }

        // Burst 1, long train: 2 s of signal.
        Action<short[]> first = transmitter(false);
        for (int b = 0; b < 100; b++)
        {
            Step(first, b switch
            {
                2 => _ => rx.FillIn(Block),                         // a block lost in training
                65 => _ => { processPart(100); rx.FillIn(Block - 100); }, // part of a block lost in data
                >= 80 and < 85 => r => { Array.Clear(r); process(r); },   // the carrier drops for 100 ms
                _ => process,
            });
        }

        for (int b = 0; b < 10; b++)
        {
            Step(null, process);
        }

        rx.FillIn(V17Receiver.MaxFillInSamples + 1); // a gap too long to coast through
        record.AddStatistics(rx.Statistics);

        // Burst 2: 2 s, long or short train, then silence.
        rx.Restart(rate, secondShort);
        Action<short[]> second = transmitter(secondShort);
        for (int b = 0; b < 100; b++)
        {
            Step(second, b == 40 ? _ => rx.FillIn(Block) : process);
        }

        for (int b = 0; b < 10; b++)
        {
            Step(null, process);
        }

        // Burst 3: the carrier stops mid-way through a long train (V.29's is 253 ms, so 160 ms; the
        // others 300 ms), and training fails with it.
        rx.Restart(rate, shortTrain: false);
        Action<short[]> third = transmitter(false);
        int stop = modem == "V29" ? 8 : 15;
        for (int b = 0; b < 25; b++)
        {
            Step(b < stop ? third : null, process);
        }

        return record;
    }

    private static Action<short[]> Transmit(V27terTransmitter tx, int rate, bool shortTrain)
    {
        tx.Restart(rate, shortTrain);
        var source = new Prbs15Source(0x1234);
        return b => tx.Generate(b, ref source);
    }

    private static Action<short[]> Transmit(V29Transmitter tx, int rate, bool shortTrain)
    {
        tx.Restart(rate, shortTrain);
        var source = new Prbs15Source(0x1234);
        return b => tx.Generate(b, ref source);
    }

    private static Action<short[]> Transmit(V17Transmitter tx, int rate, bool shortTrain)
    {
        tx.Restart(rate, shortTrain);
        var source = new Prbs15Source(0x1234);
        return b => tx.Generate(b, ref source);
    }

    /// <summary>FNV-1a (64-bit) over every bit, status event and block's statistics.</summary>
    private sealed class GoldenRecord
    {
        public ulong Hash { get; private set; } = 14695981039346656037UL;

        public int Bits { get; private set; }

        public List<ModemStatus> Events { get; } = new();

        public void AddBit(int bit)
        {
            Mix(0xB0 | (ulong)(bit & 1));
            Bits++;
        }

        public void AddStatus(ModemStatus status)
        {
            Mix(0x5000 | (ulong)status);
            Mix((ulong)Bits);
            Events.Add(status);
        }

        public void AddStatistics(ModemStatistics s)
        {
            Mix((ulong)BitConverter.DoubleToInt64Bits(s.SignalLevelDbm0));
            Mix(s.CarrierPresent ? 1UL : 0UL);
            Mix(s.Trained ? 1UL : 0UL);
            Mix((ulong)BitConverter.DoubleToInt64Bits(s.EqualizerSnrDb));
            Mix((ulong)BitConverter.DoubleToInt64Bits(s.CarrierOffsetHz));
            Mix((ulong)BitConverter.DoubleToInt64Bits(s.SymbolTimingPpm));
            Mix((ulong)s.Symbols);
            Mix((ulong)s.ConstellationCount);
        }

        private void Mix(ulong value)
        {
            ulong h = Hash;
            for (int i = 0; i < 8; i++)
            {
                h = (h ^ ((value >> (8 * i)) & 0xFF)) * 1099511628211UL;
            }

            Hash = h;
        }
    }

    private readonly struct GoldenSink : IBitSink
    {
        private readonly GoldenRecord _record;

        public GoldenSink(GoldenRecord record) => _record = record;

        public void PutBit(int bit) => _record.AddBit(bit);

        public void OnStatus(ModemStatus status) => _record.AddStatus(status);
    }
}
