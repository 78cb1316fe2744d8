using FaxAppliance.Hal.Simulated.Line;
using FaxAppliance.Modems.Tests.Common;
using FaxAppliance.Modems.V17;
using FaxAppliance.SpanDsp;
using Xunit.Abstractions;

namespace FaxAppliance.Modems.Tests.V17;

/// <summary>
/// Our V.17 receiver and spandsp's on the very same impaired samples (spandsp's transmitter, simulated
/// line, A-law): 1 dB below each rate's target SNR ours still delivers the PRBS with at most one error in
/// 10^5 bits; spandsp's count is printed alongside (it is typically hundreds). The benchmark
/// (tools/bench ber) draws the full curves with 10^6 bits a point.
/// </summary>
public class V17ReferenceComparisonTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(14400, 24.0)]
    [InlineData(12000, 20.0)]
    [InlineData(9600, 16.0)]
    [InlineData(7200, 14.0)]
    public void V17Receiver_1DbBelowTarget_BerBelow1e5_OnSamplesSpanDspAlsoGets(int rate, double snr)
    {
        var line = new SimulatedLine(V17TestRig.Line(-14 - snr, seed: 21));
        var prbs = new Prbs15Source(0x1234);
        using var tx = new SpanDspTransmitter(SpanDspModemKind.V17, rate, () => prbs.GetBit());
        tx.SetPower(-14);
        using var reference = new SpanDspReceiver(SpanDspModemKind.V17, rate);
        var rx = new V17Receiver(rate);
        var log = new ReceivedLog();
        var sink = new LogSink(log);
        short[] a = new short[160], b = new short[160], toA = new short[160], toB = new short[160];
        int blocks = (int)((1.5 + (105_000.0 / rate)) * 50);
        for (int i = 0; i < blocks; i++)
        {
            tx.Generate(a);
            line.Exchange(a, b, toA, toB);
            rx.Process(toB, ref sink);
            reference.Process(toB);
        }

        (int n, int errors) = Prbs15Checker.Count(log.Bits, 0);
        (int sn, int serrors) = Prbs15Checker.Count(reference.Bits, 0);
        output.WriteLine($"{rate} bit/s at {snr} dB (line measured {line.AToB.Stats.SnrDb:0.0} dB with A-law): ours {errors} errors in {n} bits, spandsp {serrors} in {sn}");
        Assert.True(n >= 100_000, $"only {n} bits checked");
        Assert.True(errors <= 1, $"{errors} errors in {n} bits");
    }

    /// <summary>The T.30 sequence at a clock and carrier offset that Debian's spandsp loses on the short
    /// train (modem notes): ours holds it; spandsp's outcome is printed.</summary>
    [Theory]
    [InlineData(14400, 2.0, 0.0)]
    [InlineData(14400, 0.0, 20.0)]
    [InlineData(9600, 2.0, 20.0)]
    public void V17Receiver_ShortTrainAtSmallOffsets_Trains_OnSamplesSpanDspAlsoGets(int rate, double hz, double ppm)
    {
        var line = new SimulatedLine(V17TestRig.Line(-14 - 30, hz, ppm, seed: 22));
        var rx = new V17Receiver(rate);
        var log = new ReceivedLog();
        var sink = new LogSink(log);
        using var reference = new SpanDspReceiver(SpanDspModemKind.V17, rate);
        short[] a = new short[160], b = new short[160], toA = new short[160], toB = new short[160];
        int pageStart = 0, referenceStatuses = 0;
        for (int burst = 0; burst < 2; burst++)
        {
            bool shortTrain = burst == 1;
            var prbs = new Prbs15Source((uint)(burst + 1));
            using var tx = new SpanDspTransmitter(SpanDspModemKind.V17, rate, () => prbs.GetBit(), shortTrain);
            tx.SetPower(-14);
            rx.Restart(rate, shortTrain);
            reference.Restart(rate, shortTrain);
            pageStart = log.Bits.Count;
            referenceStatuses = reference.Statuses.Count;
            double seconds = shortTrain ? 2.5 : 1.6;
            for (int i = 0; i < seconds * 50; i++)
            {
                tx.Generate(a);
                line.Exchange(a, b, toA, toB);
                rx.Process(toB, ref sink);
                reference.Process(toB);
            }

            for (int i = 0; i < 25; i++)
            {
                Array.Clear(a);
                line.Exchange(a, b, toA, toB);
                rx.Process(toB, ref sink);
                reference.Process(toB);
            }
        }

        (int n, int errors) = Prbs15Checker.Count(log.Bits.GetRange(pageStart, log.Bits.Count - pageStart - 300), 0);
        var spandsp = reference.Statuses.Skip(referenceStatuses).Select(s => s.Status);
        output.WriteLine($"{rate} bit/s, {hz} Hz, {ppm} ppm: ours {errors} errors in {n} page bits; spandsp's short-train statuses {string.Join(", ", spandsp)} (−4 trained, −5 failed)");
        Assert.True(n >= (rate * 2) - 1000, $"only {n} bits checked");
        Assert.Equal(0, errors);
    }
}
