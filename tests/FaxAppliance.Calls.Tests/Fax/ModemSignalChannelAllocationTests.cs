using FaxAppliance.Calls.Fax;
using FaxAppliance.Fax.Channel;
using FaxAppliance.Fax.T30;

namespace FaxAppliance.Calls.Tests.Fax;

/// <summary>The per-block path of the modem channel allocates nothing: listening, receiving a page, sending frames and pages.</summary>
public sealed class ModemSignalChannelAllocationTests
{
    private sealed class CountingEvents : IChannelEvents
    {
        public int Frames;
        public long ImageBytes;
        public int Completions;

        public void OnTone(ChannelTone tone)
        {
        }

        public void OnControlFrame(ReadOnlySpan<byte> frame, bool crcOk) => Frames++;

        public void OnControlCarrier(bool up)
        {
        }

        public void OnImageStatus(ImageStatus status)
        {
        }

        public void OnImageData(ReadOnlySpan<byte> data) => ImageBytes += data.Length;

        public void OnImageFrame(ReadOnlySpan<byte> frame, bool crcOk) => Frames++;

        public void OnTransmitComplete() => Completions++;

        public void OnTick(TimeSpan now)
        {
        }
    }

    [Fact]
    public void Process_SendingAndReceivingFramesAndPages_AllocatesNothingPerBlock()
    {
        var a = new ModemSignalChannel();
        var b = new ModemSignalChannel();
        var ea = new CountingEvents();
        var eb = new CountingEvents();
        a.Attach(ea);
        b.Attach(eb);
        byte[] frame = [0xFF, 0x13, 0x84];
        byte[] page = new byte[20_000];
        new Random(1).NextBytes(page);
        var aToB = new short[160];
        var bToA = new short[160];

        void Run(int blocks)
        {
            for (int i = 0; i < blocks; i++)
            {
                a.Process(bToA, aToB);
                b.Process(aToB, bToA);
            }
        }

        // Warm up every path once (JIT, first-use buffers), then measure the same work again.
        void Script()
        {
            a.SendControl(frame, last: true);
            Run(100);
            b.ReceiveImage(SignallingRate.V17_14400, shortTrain: false, hdlcFramed: false);
            a.StartImage(SignallingRate.V17_14400, shortTrain: false, hdlcFramed: false);
            a.SendImage(page);
            a.EndImage();
            Run(700);
            b.ReceiveControl();
            a.SendTone(ChannelTone.Ced, 500);
            Run(40);
        }

        Script();
        long framesBefore = eb.Frames;
        long bytesBefore = eb.ImageBytes;
        long before = GC.GetAllocatedBytesForCurrentThread();
        Script();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(eb.Frames > framesBefore, "the V.21 frame arrived");
        Assert.True(eb.ImageBytes - bytesBefore >= page.Length, "the page's bits arrived");
    }
}
