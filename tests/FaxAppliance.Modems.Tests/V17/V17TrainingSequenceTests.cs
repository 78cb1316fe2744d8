using FaxAppliance.Modems.Common;
using FaxAppliance.Modems.V17;

namespace FaxAppliance.Modems.Tests.V17;

/// <summary>The V.17 training sequence at the symbol level (V.17 §7, Table 3).</summary>
public class V17TrainingSequenceTests
{
    [Theory]
    [InlineData(false, false, 3344)]   // 1393 ms
    [InlineData(true, false, 342)]     // 142.5 ms
    [InlineData(false, true, 3344 + 528)]
    [InlineData(true, true, 342 + 528)]
    public void Sequence_HasTheRecommendationsLength(bool shortTrain, bool echoProtection, int symbols)
    {
        var training = new V17TrainingSequence();
        training.Restart(14400, shortTrain, echoProtection);
        Assert.Equal(symbols, V17TrainingSequence.TotalSymbols(shortTrain, echoProtection));
        Assert.Equal(symbols, training.SymbolsRemaining);
        Assert.Equal(symbols, training.Skip(int.MaxValue));
        Assert.Equal(V17TrainingSegment.Done, training.Segment);
        Assert.False(training.TryNext(out V17Point after));
        Assert.Equal(default, after);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Segments_ComeInOrderWithTheirLengths(bool shortTrain)
    {
        var training = new V17TrainingSequence();
        training.Restart(9600, shortTrain, echoProtection: true);
        var lengths = new List<(V17TrainingSegment Segment, int Symbols)>();
        while (training.Segment != V17TrainingSegment.Done)
        {
            V17TrainingSegment segment = training.Segment;
            Assert.True(training.TryNext(out _));
            if (lengths.Count > 0 && lengths[^1].Segment == segment)
            {
                lengths[^1] = (segment, lengths[^1].Symbols + 1);
            }
            else
            {
                lengths.Add((segment, 1));
            }
        }

        var expected = new List<(V17TrainingSegment, int)>
        {
            (V17TrainingSegment.EchoProtectionTone, 480),
            (V17TrainingSegment.EchoProtectionSilence, 48),
            (V17TrainingSegment.Alternations, 256),
            (V17TrainingSegment.EqualizerConditioning, shortTrain ? 38 : 2976),
        };
        if (!shortTrain)
        {
            expected.Add((V17TrainingSegment.Bridge, 64));
        }

        expected.Add((V17TrainingSegment.ScrambledOnes, 48));
        Assert.Equal(expected, lengths);
    }

    [Fact]
    public void Segment1_AlternatesAAndB_StartingWithA()
    {
        var training = new V17TrainingSequence();
        training.Restart(14400, shortTrain: false);
        V17Point a = V17Constellations.TrainingPoint(V17TrainingPoint.A);
        V17Point b = V17Constellations.TrainingPoint(V17TrainingPoint.B);
        for (int n = 0; n < V17TrainingSequence.Segment1Symbols; n++)
        {
            Assert.True(training.TryNext(out V17Point p));
            Assert.Equal(n % 2 == 0 ? a : b, p);
        }
    }

    [Fact]
    public void Segment2_IsTheScrambledOnesMappedToCDBA_StartingWithAReversal()
    {
        var training = new V17TrainingSequence();
        training.Restart(14400, shortTrain: true);
        training.Skip(V17TrainingSequence.Segment1Symbols);
        var scrambler = new SelfSynchronizingScrambler(18, 23);
        scrambler.Reset(V17TrainingSequence.InitialScramblerRegister);
        V17TrainingPoint[] map = [V17TrainingPoint.C, V17TrainingPoint.D, V17TrainingPoint.B, V17TrainingPoint.A];
        var seen = new List<V17TrainingPoint>();
        for (int n = 0; n < V17TrainingSequence.Segment2ShortSymbols; n++)
        {
            int dibit = (scrambler.Scramble(1) << 1) | scrambler.Scramble(1);
            Assert.True(training.TryNext(out V17Point p));
            Assert.Equal(V17Constellations.TrainingPoint(map[dibit]), p);
            seen.Add(training.LastTrainingPoint);
        }

        // Segment 1 ends …A B; segment 2 starts with C, the reversal of A that marks its start.
        Assert.Equal(V17TrainingPoint.C, seen[0]);
        Assert.Equal(4, seen.Distinct().Count());
    }

    [Fact]
    public void Segment3_Bridge_TurnsThePointByTheScrambledBridgeWord()
    {
        var training = new V17TrainingSequence();
        training.Restart(14400, shortTrain: false);
        training.Skip(V17TrainingSequence.Segment1Symbols + V17TrainingSequence.Segment2LongSymbols);
        Assert.Equal(V17TrainingSegment.Bridge, training.Segment);
        var scrambler = new SelfSynchronizingScrambler(18, 23);
        scrambler.Reset(training.ScramblerRegister);
        int[] turn = [1, 0, 2, 3];
        V17Point previous = V17Constellations.TrainingPoint(training.LastTrainingPoint);
        for (int n = 0; n < V17TrainingSequence.Segment3Symbols; n++)
        {
            int shift = (n % 8) * 2;
            int dibit = (scrambler.Scramble(V17TrainingSequence.BridgeWord >> shift) << 1)
                      | scrambler.Scramble(V17TrainingSequence.BridgeWord >> (shift + 1));
            V17Point expected = previous;
            for (int t = 0; t < turn[dibit]; t++)
            {
                expected = expected.Rotate90();
            }

            Assert.True(training.TryNext(out V17Point p));
            Assert.Equal(expected, p);
            previous = p;
        }
    }

    [Theory]
    [InlineData(14400, false)]
    [InlineData(12000, true)]
    [InlineData(9600, false)]
    [InlineData(7200, true)]
    public void Segment4_DecodesAndDescramblesToOnes_AndDataContinuesFromItsState(int rate, bool shortTrain)
    {
        var training = new V17TrainingSequence();
        training.Restart(rate, shortTrain);
        training.Skip(V17TrainingSequence.TotalSymbols(shortTrain) - V17TrainingSequence.Segment4Symbols);
        Assert.Equal(V17TrainingSegment.ScrambledOnes, training.Segment);
        var decoder = new V17ViterbiDecoder();
        decoder.Restart(rate, V17TrainingSequence.InitialDifferentialState(shortTrain), trellisState: 0);
        var descrambler = new SelfSynchronizingScrambler(18, 23);
        descrambler.Reset(training.ScramblerRegister);   // a receiver's descrambler would settle in 23 bits
        var bits = new List<int>();
        int perSymbol = V17Constellations.DataBitsPerSymbol(rate);
        while (training.TryNext(out V17Point p))
        {
            if (decoder.Decode(p.Re, p.Im, out int q))
            {
                Unpack(q);
            }
        }

        // Then data: zeros through the same scrambler and encoder.
        var scrambler = new SelfSynchronizingScrambler(18, 23);
        scrambler.Reset(training.ScramblerRegister);
        V17TrellisEncoder encoder = training.Encoder;
        for (int n = 0; n < 40; n++)
        {
            int q = 0;
            for (int i = 0; i < encoder.DataBitsPerSymbol; i++)
            {
                q |= scrambler.Scramble(0) << i;
            }

            V17Point p = encoder.EncodePoint(q);
            if (decoder.Decode(p.Re, p.Im, out int decoded))
            {
                Unpack(decoded);
            }
        }

        Assert.Equal(Enumerable.Repeat(1, 48 * perSymbol), bits.Take(48 * perSymbol));
        Assert.All(bits.Skip(48 * perSymbol), b => Assert.Equal(0, b));

        void Unpack(int q)
        {
            for (int i = 0; i < perSymbol; i++)
            {
                bits.Add(descrambler.Descramble(q >> i));
            }
        }
    }

    [Fact]
    public void TrainingAndEncoder_AfterWarmUp_AllocateNothing()
    {
        var training = new V17TrainingSequence();
        float Run()
        {
            float sum = 0;
            training.Restart(14400, shortTrain: false, echoProtection: true);
            training.Skip(10);
            while (training.TryNext(out V17Point p))
            {
                sum += p.Re;
            }

            for (int n = 0; n < 1000; n++)
            {
                sum += training.Encoder.EncodePoint(n).Im + training.Encoder.Encode(n);
            }

            training.Restart(7200, shortTrain: true);
            return sum + training.Skip(int.MaxValue);
        }

        // Warm up the very same work first: the first run initialises static tables (allocations on this thread, once).
        Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        float total = Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.False(float.IsNaN(total));
    }

    [Fact]
    public void Restart_RejectsAnUndefinedRate()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new V17TrainingSequence().Restart(4800, shortTrain: false));
    }
}
