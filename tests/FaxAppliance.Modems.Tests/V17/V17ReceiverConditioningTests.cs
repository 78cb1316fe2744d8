using FaxAppliance.Hal.Simulated.Line;
using FaxAppliance.Modems.Tests.Common;
using FaxAppliance.Modems.V17;

namespace FaxAppliance.Modems.Tests.V17;

/// <summary>The long train's least-squares equalizer solution and the short train's re-alignment of the
/// kept equalizer run inside <see cref="V17Receiver.Process{TSink}"/>: they must allocate nothing either.</summary>
public class V17ReceiverConditioningTests
{
    [Fact]
    public void V17Receiver_LongAndShortTrainThroughEdd3_AllocateNothing()
    {
        short[] longBurst = Signal(shortTrain: false, seconds: 2.0);
        short[] shortBurst = Signal(shortTrain: true, seconds: 0.5);
        var rx = new V17Receiver(14400);
        var sink = new CountingSink();
        RunCall(rx, longBurst, shortBurst, ref sink); // warm-up: every path once
        int warmBits = sink.Bits;

        long before = GC.GetAllocatedBytesForCurrentThread();
        RunCall(rx, longBurst, shortBurst, ref sink);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(rx.Trained, "the short train did not train");
        Assert.True(sink.Bits - warmBits > 8000, $"only {sink.Bits - warmBits} bits in the measured call");
    }

    private static void RunCall(V17Receiver rx, short[] longBurst, short[] shortBurst, ref CountingSink sink)
    {
        rx.Restart(14400, shortTrain: false);
        Feed(rx, longBurst, ref sink);
        rx.Restart(14400, shortTrain: true);
        Feed(rx, shortBurst, ref sink);
    }

    private static void Feed(V17Receiver rx, short[] signal, ref CountingSink sink)
    {
        for (int i = 0; i + V17TestRig.Block <= signal.Length; i += V17TestRig.Block)
        {
            rx.Process(signal.AsSpan(i, V17TestRig.Block), ref sink);
        }
    }

    /// <summary>Our transmitter through the EDD-3 line at 30 dB SNR, then 0.1 s of silence (carrier off).</summary>
    private static short[] Signal(bool shortTrain, double seconds)
    {
        var tx = new V17Transmitter(14400) { LevelDbm0 = -14 };
        tx.Restart(14400, shortTrain);
        var source = new Prbs15Source(3);
        var line = new SimulatedLine(V17TestRig.Line(-44, model: "edd3"));
        int blocks = (int)(seconds * 50) + 5;
        var output = new short[blocks * V17TestRig.Block];
        short[] block = new short[V17TestRig.Block], silence = new short[V17TestRig.Block], toA = new short[V17TestRig.Block];
        for (int b = 0; b < blocks; b++)
        {
            if (b < blocks - 5)
            {
                tx.Generate(block, ref source);
            }
            else
            {
                Array.Clear(block);
            }

            line.Exchange(block, silence, toA, output.AsSpan(b * V17TestRig.Block, V17TestRig.Block));
        }

        return output;
    }
}
