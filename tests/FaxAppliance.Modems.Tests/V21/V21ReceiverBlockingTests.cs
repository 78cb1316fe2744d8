using FaxAppliance.Dsp.Signal;
using FaxAppliance.Hal.Simulated.Line;
using FaxAppliance.Modems.Tests.Common;
using FaxAppliance.Modems.V21;

namespace FaxAppliance.Modems.Tests.V21;

/// <summary>
/// The receiver filters and decimates in chunks, carrying the filter history and the decimation phase
/// from one call to the next: how the samples are cut into blocks must not change what it delivers.
/// </summary>
public class V21ReceiverBlockingTests
{
    [Fact]
    public void V21Receiver_BlocksOfAnyLength_DeliverTheSameBitsAndStatusesAs20msBlocks()
    {
        short[] heard = TwoBurstsThroughANoisyLine();

        var reference = new ReceivedLog();
        var referenceSink = new LogSink(reference);
        var rx = new V21Receiver();
        for (int i = 0; i < heard.Length; i += 160)
        {
            rx.Process(heard.AsSpan(i, Math.Min(160, heard.Length - i)), ref referenceSink);
        }

        // Lengths from 0 (empty) through 1 and odd sizes to several chunks' worth (1000 > 240 per chunk).
        var cut = new ReceivedLog();
        var cutSink = new LogSink(cut);
        var rx2 = new V21Receiver();
        var rng = new Xoshiro256(17);
        for (int i = 0; i < heard.Length;)
        {
            int n = Math.Min((int)(rng.NextUInt64() % 1001), heard.Length - i);
            rx2.Process(heard.AsSpan(i, n), ref cutSink);
            i += n;
        }

        Assert.True(reference.Bits.Count > 1500, reference.ToString());
        Assert.Equal(2, reference.Count(ModemStatus.CarrierUp));
        Assert.Equal(2, reference.Count(ModemStatus.CarrierDown));
        Assert.Equal(reference.Statuses, cut.Statuses);
        Assert.Equal(reference.Bits, cut.Bits);
        Assert.Equal(rx.Statistics.CarrierOffsetHz, rx2.Statistics.CarrierOffsetHz);
    }

    [Fact]
    public void V21Receiver_PrbsThroughANoisyOffsetLine_DeliversItWithoutErrors()
    {
        // 12 dB SNR, +15 Hz, −80 ppm: after the first bits every PRBS check holds.
        short[] heard = TwoBurstsThroughANoisyLine();
        var log = new ReceivedLog();
        var sink = new LogSink(log);
        var rx = new V21Receiver();
        rx.Process(heard, ref sink);

        int firstBurst = log.Statuses.First(s => s.Status == ModemStatus.CarrierDown).BitIndex;
        int errors = 0;
        for (int n = 40; n < firstBurst - 5; n++)
        {
            // Prbs15: b[n] = b[n−15] XOR b[n−14].
            errors += log.Bits[n] ^ log.Bits[n - 15] ^ log.Bits[n - 14];
        }

        Assert.True(firstBurst > 800, log.ToString());
        Assert.Equal(0, errors);
        Assert.InRange(rx.Statistics.CarrierOffsetHz, 10, 20);
    }

    /// <summary>3 s of PRBS, 0.3 s of silence, 2 s more, 0.3 s of silence, through a line at 12 dB SNR, +15 Hz, −80 ppm.</summary>
    private static short[] TwoBurstsThroughANoisyLine()
    {
        var tx = new V21Transmitter();
        var source = new Prbs15Source(0x1234);
        var line = new SimulatedLine(new LineImpairments { AttenuationDb = 17, NoiseDbm0 = -42, FrequencyOffsetHz = 15, ClockPpm = -80, Seed = 5 });
        const int blocks = (3 * 50) + 15 + (2 * 50) + 15;
        var heard = new short[blocks * 160];
        short[] block = new short[160], silence = new short[160];
        for (int b = 0; b < blocks; b++)
        {
            if (b is (>= 150 and < 165) or >= 265)
            {
                Array.Clear(block);
            }
            else
            {
                tx.Generate(block, ref source);
            }

            line.AToB.Process(block, silence, heard.AsSpan(b * 160, 160));
        }

        return heard;
    }
}
