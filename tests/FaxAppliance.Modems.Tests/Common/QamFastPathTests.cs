using System.Numerics;
using FaxAppliance.Modems.Common;
using FaxAppliance.Modems.V17;
using FaxAppliance.Modems.V27ter;
using FaxAppliance.Modems.V29;

namespace FaxAppliance.Modems.Tests.Common;

/// <summary>
/// The fast paths of the QAM building blocks (block demodulation, SIMD slicer, overlap-add modulator,
/// incremental carrier rotation) give the same results as the straightforward definitions.
/// </summary>
public class QamFastPathTests
{
    [Theory]
    [InlineData(1700.0, 2400.0, 0.25, 12)]
    [InlineData(1800.0, 1600.0, 0.5, 10)]
    [InlineData(1800.0, 1200.0, 0.9, 8)]
    public void SymbolSynchronizer_PrepareThenNext_SameSymbolsAsPushingOneByOne(double carrier, double baud, double rollOff, int span)
    {
        var random = new Random(5);
        var samples = new short[8000];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)random.Next(-12000, 12000);
        }

        var pushed = new SymbolSynchronizer(carrier, baud, rollOff, span);
        var prepared = new SymbolSynchronizer(carrier, baud, rollOff, span);
        var expected = new List<(Complex Mid, Complex OnTime)>();
        var actual = new List<(Complex Mid, Complex OnTime)>();
        foreach (short x in samples)
        {
            if (pushed.Push(x))
            {
                expected.Add((pushed.Mid, pushed.OnTime));
            }
        }

        // Chunks of every size up to the limit, and a restart of the pending samples half-way (Push).
        int at = 0, size = 1;
        while (at < samples.Length)
        {
            ReadOnlySpan<short> chunk = samples.AsSpan(at, Math.Min(size, samples.Length - at));
            prepared.Prepare(chunk);
            foreach (short x in chunk)
            {
                if (prepared.Next(x))
                {
                    actual.Add((prepared.Mid, prepared.OnTime));
                }
            }

            at += chunk.Length;
            size = ((size + 7) % SymbolSynchronizer.MaxPrepare) + 1; // 1 … MaxPrepare
        }

        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void SymbolSynchronizer_PendingSamplesDiscardedByPush_CarrierStaysAligned()
    {
        var random = new Random(9);
        var samples = new short[400];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)random.Next(-8000, 8000);
        }

        var reference = new SymbolSynchronizer(1700, 2400, 0.25, 12);
        var sync = new SymbolSynchronizer(1700, 2400, 0.25, 12);
        var expected = new List<Complex>();
        var actual = new List<Complex>();
        foreach (short x in samples)
        {
            if (reference.Push(x))
            {
                expected.Add(reference.OnTime);
            }
        }

        // Prepare 100, take 40, then push the rest one by one: the 60 unused ones are forgotten.
        sync.Prepare(samples.AsSpan(0, 100));
        for (int i = 0; i < 40; i++)
        {
            if (sync.Next(samples[i]))
            {
                actual.Add(sync.OnTime);
            }
        }

        for (int i = 40; i < samples.Length; i++)
        {
            if (sync.Push(samples[i]))
            {
                actual.Add(sync.OnTime);
            }
        }

        Assert.Equal(expected, actual);
        Assert.Throws<ArgumentException>(() => sync.Prepare(new short[SymbolSynchronizer.MaxPrepare + 1]));
    }

    [Fact]
    public void PointSlicer_RandomPointsAndTies_SameDecisionAsSlicer()
    {
        var random = new Random(3);
        (Complex[] points, byte[] allowed)[] sets =
        [
            (V29Constellation.Points, V29Constellation.Points9600.ToArray()),
            (V29Constellation.Points, V29Constellation.Points7200.ToArray()),
            (V29Constellation.Points, V29Constellation.Points4800.ToArray()),
            (V27terConstellation.Points, V27terConstellation.Points4800.ToArray()),
            (V27terConstellation.Points, V27terConstellation.Points2400.ToArray()),
        ];
        foreach ((Complex[] points, byte[] allowed) in sets)
        {
            var slicer = new PointSlicer(points, allowed);
            for (int i = 0; i < 20000; i++)
            {
                // Half the tries on a half-integer grid, where equally near points (ties) are common.
                Complex z = i % 2 == 0
                    ? new Complex((random.NextDouble() - 0.5) * 14, (random.NextDouble() - 0.5) * 14)
                    : new Complex(random.Next(-12, 13) / 2.0, random.Next(-12, 13) / 2.0);
                Assert.Equal(Slicer.Nearest(z, points, allowed), slicer.Nearest(z));
            }

            Assert.Equal(allowed[0], slicer.Nearest(new Complex(double.NaN, 0)));
        }
    }

    [Theory]
    [InlineData(1700.0, 10, 3, 0.25, 12)]
    [InlineData(1800.0, 5, 1, 0.5, 8)]
    [InlineData(1800.0, 20, 3, 0.9, 8)]
    public void PassbandModulator_OverlapAddWithLateSymbols_SameSamplesAsDirectConvolution(double carrier, int numerator, int denominator, double rollOff, int span)
    {
        var modulator = new PassbandModulator(carrier, numerator, denominator, rollOff, span);
        modulator.SetLevel(-10, 2.0);
        double[] pulse = RootRaisedCosine.Design((double)numerator / denominator, rollOff, span, denominator);
        double energy = pulse.Sum(h => h * h);
        double scale = FaxAppliance.Dsp.Levels.RmsFromDbm0(-10) / Math.Sqrt(2.0 * energy / (2.0 * numerator));
        var random = new Random(11);
        var symbols = new List<(Complex Symbol, long Time)>(); // time of each symbol, 1/denominator samples
        long sampleTime = 0;
        long symbolTime = -numerator;
        for (int n = 0; n < 3000; n++)
        {
            // Sample n is at time n·denominator; a symbol is due when the newest is a period behind it.
            // From sample 1000 to 1099 the caller sends no symbols, then catches up all at once (symbols
            // pushed out of turn, whose taps are not one of the modulator's rows).
            bool hold = n is >= 1000 and < 1100;
            while (!hold && sampleTime - symbolTime >= numerator)
            {
                var s = new Complex(random.Next(-3, 4), random.Next(-3, 4));
                symbolTime += numerator;
                symbols.Add((s, symbolTime));
                Assert.True(modulator.NeedsSymbol);
                modulator.PushSymbol(s);
            }

            Assert.True(hold || !modulator.NeedsSymbol);
            double re = 0, im = 0;
            foreach ((Complex s, long t) in symbols)
            {
                long d = sampleTime - t;
                if (d >= 0 && d < pulse.Length)
                {
                    re += s.Real * pulse[d];
                    im += s.Imaginary * pulse[d];
                }
            }

            double phase = 2.0 * Math.PI * carrier * n / 8000.0;
            double expected = Math.Clamp(Math.Round(((re * Math.Cos(phase)) - (im * Math.Sin(phase))) * scale), short.MinValue, short.MaxValue);
            short actual = modulator.NextSample();
            Assert.InRange(actual, expected - 1, expected + 1);
            sampleTime += denominator;
        }
    }

    [Fact]
    public void PassbandModulator_FillStopsWhenASymbolIsDue_AndGeneratesLikeNextSample()
    {
        var a = new PassbandModulator(1700, 10, 3, 0.25, 12);
        var b = new PassbandModulator(1700, 10, 3, 0.25, 12);
        var block = new short[160];
        var expected = new short[160];
        int k = 0;
        int i = 0;
        while (i < block.Length)
        {
            while (a.NeedsSymbol)
            {
                a.PushSymbol(new Complex((k % 5) - 2, (k++ % 3) - 1));
            }

            int n = a.Fill(block.AsSpan(i));
            Assert.InRange(n, 1, 4); // 10/3 samples a symbol
            i += n;
        }

        k = 0;
        for (int j = 0; j < expected.Length; j++)
        {
            while (b.NeedsSymbol)
            {
                b.PushSymbol(new Complex((k % 5) - 2, (k++ % 3) - 1));
            }

            expected[j] = b.NextSample();
        }

        Assert.Equal(expected, block);
    }

    [Fact]
    public void CarrierLoop_ManyUpdates_RotationMatchesItsPhase()
    {
        var loop = new CarrierLoop { ProportionalGain = 0.15, IntegralGain = 0.01, FrequencyLimit = 0.3 };
        loop.Set(0.3, 0.09);
        var random = new Random(2);
        for (int i = 0; i < 100000; i++)
        {
            // Errors of either sign, sometimes large (steps past the series' range), and coasting.
            var target = new Complex(3, -3);
            double angle = (random.NextDouble() - 0.5) * (i % 97 == 0 ? 3.0 : 0.4);
            Complex z = target * Complex.FromPolarCoordinates(1, angle);
            if (i % 13 == 0)
            {
                loop.Coast();
            }
            else
            {
                loop.Update(z, target);
            }

            Complex rotated = loop.Derotate(Complex.One);
            Assert.True(Math.Abs(rotated.Real - Math.Cos(loop.Phase)) < 1e-9, $"step {i}");
            Assert.True(Math.Abs(rotated.Imaginary + Math.Sin(loop.Phase)) < 1e-9, $"step {i}");
        }
    }

    [Theory]
    [InlineData("V.29")]
    [InlineData("V.27ter")]
    [InlineData("V.17")]
    public void Receivers_AnyBlockSize_SameBitsAndStatusesAs160SampleBlocks(string modem)
    {
        short[] signal = Signal(modem);
        ReceivedLog expected = Receive(modem, signal, _ => 160);
        Assert.True(expected.Bits.Count > 1000, expected.ToString());
        foreach (Func<int, int> size in new Func<int, int>[] { _ => 1, _ => 1000, n => 1 + (n * 37 % 300) })
        {
            ReceivedLog actual = Receive(modem, signal, size);
            Assert.Equal(expected.Statuses, actual.Statuses);
            Assert.Equal(expected.Bits, actual.Bits);
        }
    }

    private static short[] Signal(string modem)
    {
        var samples = new short[8000 * 3];
        var source = new Prbs15Source(1);
        switch (modem)
        {
            case "V.29":
                new V29Transmitter(9600).Generate(samples.AsSpan(0, 20000), ref source);
                break;
            case "V.27ter":
                new V27terTransmitter(4800).Generate(samples.AsSpan(0, 20000), ref source);
                break;
            default:
                new V17Transmitter(14400).Generate(samples.AsSpan(0, 20000), ref source);
                break;
        }

        return samples;
    }

    private static ReceivedLog Receive(string modem, short[] signal, Func<int, int> blockSize)
    {
        var log = new ReceivedLog();
        var sink = new LogSink(log);
        var v29 = new V29Receiver(9600);
        var v27 = new V27terReceiver(4800);
        var v17 = new V17Receiver(14400);
        int at = 0;
        for (int n = 0; at < signal.Length; n++)
        {
            ReadOnlySpan<short> block = signal.AsSpan(at, Math.Min(blockSize(n), signal.Length - at));
            switch (modem)
            {
                case "V.29":
                    v29.Process(block, ref sink);
                    break;
                case "V.27ter":
                    v27.Process(block, ref sink);
                    break;
                default:
                    v17.Process(block, ref sink);
                    break;
            }

            at += block.Length;
        }

        return log;
    }
}
