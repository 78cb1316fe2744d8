using FaxAppliance.Modems.Tests.Common;
using FaxAppliance.Modems.V17;
using FaxAppliance.SpanDsp;
using Xunit.Abstractions;

namespace FaxAppliance.Modems.Tests.V17;

/// <summary>
/// Our V.17 transmitter into the reference receiver (spandsp's V.17), clean line with G.711 A-law in the
/// path: it must train and deliver our PRBS without a single error, at every rate, after the long train
/// and after the short train that follows it (the T.30 sequence: long train + TCF, silence, short train +
/// page; spandsp's receiver restarted for the short train).
/// </summary>
public class V17TransmitterInteropTests(ITestOutputHelper output)
{
    private const int SpanDspTrained = -4;
    private const int SpanDspTrainingFailed = -5;

    [Theory]
    [InlineData(14400)]
    [InlineData(12000)]
    [InlineData(9600)]
    [InlineData(7200)]
    public void V17Transmitter_LongTrain_SpanDspReceiverDecodesWithoutErrors(int rate)
    {
        using var rx = new SpanDspReceiver(SpanDspModemKind.V17, rate);
        var line = new SpanDspLine(rx);
        line.Send(V17TestRig.Ours(rate), V17TestRig.SecondsFor(rate, 30_000));
        Assert.Contains(rx.Statuses, s => s.Status == SpanDspTrained);
        (int n, int errors) = Prbs15Checker.Count(rx.Bits, 0);
        output.WriteLine($"{rate}: spandsp delivered {rx.Bits.Count} bits, checked {n}, errors {errors}");
        Assert.True(n >= 30_000, $"only {n} bits checked");
        Assert.Equal(0, errors);
    }

    [Theory]
    [InlineData(14400)]
    [InlineData(12000)]
    [InlineData(9600)]
    [InlineData(7200)]
    public void V17Transmitter_ShortTrainAfterLongTrain_SpanDspReceiverDecodesWithoutErrors(int rate)
    {
        using var rx = new SpanDspReceiver(SpanDspModemKind.V17, rate);
        var line = new SpanDspLine(rx);
        line.Send(V17TestRig.Ours(rate, shortTrain: false, seed: 1), 1.6); // long train + 200 ms "TCF"
        line.Silence(0.1);
        int bitsBefore = rx.Bits.Count, statusesBefore = rx.Statuses.Count;
        rx.Restart(rate, shortTrain: true);
        line.Send(V17TestRig.Ours(rate, shortTrain: true, seed: 2), V17TestRig.SecondsFor(rate, 30_000, shortTrain: true));
        var statuses = rx.Statuses.Skip(statusesBefore).Select(s => s.Status).ToList();
        output.WriteLine($"{rate}: short train statuses {string.Join(", ", statuses)}");
        Assert.Contains(SpanDspTrained, statuses);
        Assert.DoesNotContain(SpanDspTrainingFailed, statuses);
        (int n, int errors) = Prbs15Checker.Count(rx.Bits.Skip(bitsBefore).ToList(), 0);
        output.WriteLine($"{rate}: checked {n}, errors {errors}");
        Assert.True(n >= 30_000, $"only {n} bits checked");
        Assert.Equal(0, errors);
    }

    [Fact]
    public void V17Transmitter_BadBitRate_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new V17Transmitter(4800));
        Assert.Throws<ArgumentOutOfRangeException>(() => new V17Transmitter(14400).Restart(2400, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => new V17Transmitter(14400) { LevelDbm0 = double.NaN });
    }

    [Theory]
    [InlineData(-6.0)]
    [InlineData(-14.0)]
    [InlineData(-30.0)]
    public void V17Transmitter_Level_IsAsSet(double dbm0)
    {
        var tx = new V17Transmitter(14400) { LevelDbm0 = dbm0 };
        var source = new Prbs15Source(3);
        var samples = new short[8000 * 3];
        tx.Generate(samples, ref source);
        double sum = 0;
        int from = 8000 * 2; // data only (training is 1.39 s)
        for (int i = from; i < samples.Length; i++)
        {
            sum += (double)samples[i] * samples[i];
        }

        double level = FaxAppliance.Dsp.Levels.Dbm0FromRms(Math.Sqrt(sum / (samples.Length - from)));
        Assert.InRange(level, dbm0 - 0.3, dbm0 + 0.3);
    }

    /// <summary>Feeds spandsp's receiver through a clean A-law line.</summary>
    private sealed class SpanDspLine(SpanDspReceiver rx)
    {
        private readonly Hal.Simulated.Line.SimulatedLine _line = new(V17TestRig.Line());
        private readonly short[] _tx = new short[V17TestRig.Block];
        private readonly short[] _rx = new short[V17TestRig.Block];
        private readonly short[] _silence = new short[V17TestRig.Block];
        private readonly short[] _back = new short[V17TestRig.Block];

        public void Send(Action<short[]> transmit, double seconds)
        {
            for (int i = 0; i < seconds * 50; i++)
            {
                transmit(_tx);
                _line.Exchange(_tx, _silence, _back, _rx);
                rx.Process(_rx);
            }
        }

        public void Silence(double seconds) => Send(b => Array.Clear(b), seconds);
    }
}
