using FaxAppliance.Modems.V17;
using FaxAppliance.Modems.V27ter;
using FaxAppliance.Modems.V29;

namespace FaxAppliance.Modems.Tests.Common;

/// <summary>
/// The shared block/sample state machine (QamReceiverCore with each receiver's struct stages) allocates
/// nothing on any of its paths: training, data, a lost block, a carrier drop and return, a gap too long
/// to coast through, and a restart into the short train (house style: the hot path allocates nothing).
/// </summary>
public sealed class QamReceiverCoreAllocationTests
{
    private const int Block = 160;
    private const int SignalBlocks = 100;

    [Theory]
    [InlineData("V27ter", 4800)]
    [InlineData("V29", 9600)]
    [InlineData("V17", 14400)]
    public void QamReceiver_WholeLifeCycle_AllocatesNothing(string modem, int rate)
    {
        var signal = new short[SignalBlocks * Block];
        var source = new Prbs15Source(9);
        var sink = new CountingSink();
        IFaxReceiver rx;
        Action<int> process; // block index into signal, or −1 for a silent block
        var silence = new short[Block];
        switch (modem)
        {
            case "V27ter":
                new V27terTransmitter(rate).Generate(signal, ref source);
                var v27 = new V27terReceiver(rate);
                rx = v27;
                process = b => v27.Process(b < 0 ? silence : signal.AsSpan(b * Block, Block), ref sink);
                break;
            case "V29":
                new V29Transmitter(rate).Generate(signal, ref source);
                var v29 = new V29Receiver(rate);
                rx = v29;
                process = b => v29.Process(b < 0 ? silence : signal.AsSpan(b * Block, Block), ref sink);
                break;
            default:
                new V17Transmitter(rate).Generate(signal, ref source);
                var v17 = new V17Receiver(rate);
                rx = v17;
                process = b => v17.Process(b < 0 ? silence : signal.AsSpan(b * Block, Block), ref sink);
                break;
        }

        LifeCycle(rx, rate, process); // warm-up: every path once
        CountingSink warm = sink;
        long before = GC.GetAllocatedBytesForCurrentThread();
        LifeCycle(rx, rate, process);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(sink.Bits - warm.Bits > rate / 10, $"{modem}: {sink.Bits - warm.Bits} bits");
        Assert.True(sink.StatusCount - warm.StatusCount >= 6, $"{modem}: {sink.StatusCount - warm.StatusCount} statuses");
    }

    private static void LifeCycle(IFaxReceiver rx, int rate, Action<int> process)
    {
        rx.Restart(rate, shortTrain: false);
        for (int b = 0; b < SignalBlocks; b++)
        {
            if (b == 60)
            {
                rx.FillIn(Block); // a lost block
            }
            else
            {
                process(b is >= 80 and < 85 ? -1 : b); // the carrier drops for 100 ms
            }
        }

        for (int b = 0; b < 10; b++)
        {
            process(-1);
        }

        rx.FillIn(8001); // too long to coast through
        rx.Restart(rate, shortTrain: true);
        for (int b = 0; b < 20; b++)
        {
            process(b < 15 ? b : -1);
        }
    }
}
