using System.Numerics;
using FaxAppliance.Modems.Common;
using FaxAppliance.Modems.V17;
using FaxAppliance.SpanDsp;
using Xunit.Abstractions;

namespace FaxAppliance.Modems.Tests.V17;

/// <summary>
/// Our training sequence and trellis encoder, put on the line by a plain QAM modulator (1800 Hz, 2400
/// baud, root-raised-cosine), into the reference receiver (spandsp's V.17): it must train and deliver our
/// data bits. This checks the symbol-level facts (constellations, bit mapping, differential and
/// convolutional encoding, scrambler, training segments and their lengths) against an implementation
/// nobody here wrote.
/// </summary>
public class V17SpanDspInteropTests(ITestOutputHelper output)
{
    private const int SpanDspTrained = -4;
    private const int SpanDspTrainingFailed = -5;

    [Theory]
    [InlineData(14400)]
    [InlineData(12000)]
    [InlineData(9600)]
    [InlineData(7200)]
    public void OurLongTrainAndData_IntoSpanDspReceiver_TrainsAndDeliversTheBits(int rate)
    {
        using var rx = new SpanDspReceiver(SpanDspModemKind.V17, rate);
        var sent = new List<byte>();
        Transmit(rx, rate, shortTrain: false, dataSymbols: 2400, sent, seed: rate);
        Assert.Contains(rx.Statuses, s => s.Status == SpanDspTrained);
        AssertDelivered(rx.Bits, sent, 0);
    }

    [Theory]
    [InlineData(14400)]
    [InlineData(7200)]
    public void OurShortTrain_AfterALongOne_IntoSpanDspReceiver_TrainsAndDeliversTheBits(int rate)
    {
        using var rx = new SpanDspReceiver(SpanDspModemKind.V17, rate);
        var first = new List<byte>();
        Transmit(rx, rate, shortTrain: false, dataSymbols: 1200, first, seed: 1);
        int bitsAfterFirst = rx.Bits.Count;
        int statusesAfterFirst = rx.Statuses.Count;
        rx.Restart(rate, shortTrain: true);
        var second = new List<byte>();
        Transmit(rx, rate, shortTrain: true, dataSymbols: 1200, second, seed: 2);
        var statuses = rx.Statuses.Skip(statusesAfterFirst).Select(s => s.Status).ToList();
        output.WriteLine($"short train statuses: {string.Join(", ", statuses)}");
        Assert.Contains(SpanDspTrained, statuses);
        Assert.DoesNotContain(SpanDspTrainingFailed, statuses);
        AssertDelivered(rx.Bits, second, bitsAfterFirst);
    }

    [Theory]
    [InlineData(14400, false)]
    [InlineData(12000, false)]
    [InlineData(9600, false)]
    [InlineData(7200, false)]
    [InlineData(14400, true)]
    [InlineData(7200, true)]
    public void SpanDspTransmitter_ThroughAnIdealFrontEnd_MatchesOurTrainingSymbols_AndOurViterbiDeliversItsBits(int rate, bool shortTrain)
    {
        // spandsp sends a train and then our PRBS; an ideal front end (exact carrier and clock) finds the
        // timing by correlating with OUR segment 2, trains an equalizer on OUR segments 2 and 3 (their
        // error is measured: it is small only if every symbol matches spandsp's), and our Viterbi decoder
        // (equalizer updated from its zero-delay best-path decision) must give the PRBS back.
        var random = new Random(rate);
        var sent = new List<byte>();
        int NextBit()
        {
            int bit = random.Next(2);
            sent.Add((byte)bit);
            return bit;
        }

        const int DataSymbols = 2400;
        var training = new V17TrainingSequence();
        training.Restart(rate, shortTrain);
        var expected = new V17Point[V17TrainingSequence.TotalSymbols(shortTrain)];
        for (int j = 0; j < expected.Length; j++)
        {
            Assert.True(training.TryNext(out expected[j]));
        }

        var samples = new List<short>();
        using (var tx = new SpanDspTransmitter(SpanDspModemKind.V17, rate, NextBit, shortTrain))
        {
            var block = new short[160];
            int total = (int)((expected.Length + DataSymbols + 200) * V17IdealDemodulator.SamplesPerSymbol);
            while (samples.Count < total)
            {
                int n = tx.Generate(block);
                samples.AddRange(block.AsSpan(0, n).ToArray());
            }
        }

        var front = new V17IdealDemodulator(samples.ToArray());
        int segment2 = V17TrainingSequence.Segment1Symbols;
        int segment4 = expected.Length - V17TrainingSequence.Segment4Symbols;
        front.Acquire(expected, segment2 + 4, Math.Min(400, segment4 - segment2 - 4), maxLeadSymbols: 24);
        double error = 0;
        for (int k = segment2; k < segment4; k++)
        {
            Complex z = front.Equalize(k);
            var target = new Complex(expected[k].Re, expected[k].Im);
            front.Train(k, z, target, 0.05);
            error = Math.Max(error, k >= segment2 + 30 ? (z - target).Magnitude : 0);
        }

        output.WriteLine($"{rate}: largest training-symbol error after 30 symbols: {error:0.000} (points are 6.3 from the origin)");
        Assert.True(error < 0.5, $"a training symbol is {error} off: our segments 2–3 differ from spandsp's");
        var decoder = new V17ViterbiDecoder();
        decoder.Restart(rate, V17TrainingSequence.InitialDifferentialState(shortTrain), trellisState: 0);
        var descrambler = new SelfSynchronizingScrambler(18, 23);
        var bits = new List<byte>();
        int perSymbol = decoder.DataBitsPerSymbol;
        for (int k = segment4; k < segment4 + V17TrainingSequence.Segment4Symbols + DataSymbols; k++)
        {
            Complex z = front.Equalize(k);
            bool decided = decoder.Decode((float)z.Real, (float)z.Imaginary, out int q);
            V17Point target = decoder.BestPathPoint;
            front.Train(k, z, new Complex(target.Re, target.Im), 0.01);
            if (decided)
            {
                for (int i = 0; i < perSymbol; i++)
                {
                    bits.Add((byte)descrambler.Descramble(q >> i));
                }
            }
        }

        // Segment 4 is ones (the descrambler settles in its first 23 bits), then spandsp's data.
        int ones = V17TrainingSequence.Segment4Symbols * perSymbol;
        Assert.All(bits.Skip(23).Take(ones - 23), b => Assert.Equal(1, b));
        byte[] data = bits.Skip(ones).ToArray();
        output.WriteLine($"{rate}: decoded {data.Length} data bits");
        Assert.True(data.Length >= (DataSymbols - decoder.DecisionDelay) * perSymbol);
        Assert.Equal(sent.Take(data.Length), data);
    }

    private static void Transmit(SpanDspReceiver rx, int rate, bool shortTrain, int dataSymbols, List<byte> sent, int seed)
    {
        var modulator = new PassbandModulator(1800, 10, 3, 0.25, 12);
        modulator.SetLevel(-13, 40);
        var training = new V17TrainingSequence();
        training.Restart(rate, shortTrain);
        var scrambler = new SelfSynchronizingScrambler(18, 23);
        V17TrellisEncoder encoder = training.Encoder;
        var random = new Random(seed);
        int dataLeft = dataSymbols;
        int tailLeft = 80; // the transmitter's end: a few symbols more, then silence
        var block = new short[160];
        Process(rx, new short[1600]); // 200 ms of silence first
        bool done = false;
        while (!done)
        {
            for (int i = 0; i < block.Length; i++)
            {
                while (modulator.NeedsSymbol)
                {
                    if (training.TryNext(out V17Point p))
                    {
                        scrambler.Reset(training.ScramblerRegister);
                    }
                    else if (dataLeft > 0 || tailLeft > 0)
                    {
                        int q = 0;
                        for (int b = 0; b < encoder.DataBitsPerSymbol; b++)
                        {
                            int bit = dataLeft > 0 ? random.Next(2) : 1;
                            if (dataLeft > 0)
                            {
                                sent.Add((byte)bit);
                            }

                            q |= scrambler.Scramble(bit) << b;
                        }

                        p = encoder.EncodePoint(q);
                        if (dataLeft > 0)
                        {
                            dataLeft--;
                        }
                        else
                        {
                            tailLeft--;
                        }
                    }
                    else
                    {
                        done = true;
                        p = default;
                    }

                    modulator.PushSymbol(new Complex(p.Re, p.Im));
                }

                block[i] = modulator.NextSample();
            }

            Process(rx, block);
        }

        Process(rx, new short[1600]);
    }

    private static void Process(SpanDspReceiver rx, short[] samples) => rx.Process(samples);

    private void AssertDelivered(List<byte> received, List<byte> sent, int from)
    {
        byte[] got = received.Skip(from).ToArray();
        output.WriteLine($"sent {sent.Count} data bits, spandsp delivered {got.Length}");
        Assert.True(got.Length > sent.Count / 2, $"only {got.Length} of {sent.Count} bits delivered");
        // The delivered bits must be a run of the sent ones: find where the middle of them sits.
        byte[] probe = got.Skip(got.Length / 4).Take(200).ToArray();
        byte[] all = sent.ToArray();
        int at = -1;
        for (int s = 0; s + probe.Length <= all.Length && at < 0; s++)
        {
            if (all.AsSpan(s, probe.Length).SequenceEqual(probe))
            {
                at = s;
            }
        }

        Assert.True(at >= 0, "spandsp's bits are not a run of ours");
        int offset = at - (got.Length / 4);
        int errors = 0, compared = 0;
        for (int i = 0; i < got.Length; i++)
        {
            int j = i + offset;
            if (j >= 0 && j < all.Length)
            {
                compared++;
                errors += got[i] != all[j] ? 1 : 0;
            }
        }

        output.WriteLine($"compared {compared} bits, {errors} errors");
        Assert.True(compared > sent.Count / 2);
        Assert.Equal(0, errors);
    }
}
