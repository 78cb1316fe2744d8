using FaxAppliance.Modems.Hdlc;

namespace FaxAppliance.Modems.Tests.Hdlc;

/// <summary>A frame sink that keeps copies of every frame and status (tests only: it allocates).</summary>
internal struct FrameCollector : IHdlcFrameSink
{
    public FrameCollector()
    {
        Frames = new List<(byte[] Data, bool CrcOk)>();
        Statuses = new List<ModemStatus>();
    }

    public List<(byte[] Data, bool CrcOk)> Frames { get; }

    public List<ModemStatus> Statuses { get; }

    public readonly IEnumerable<byte[]> GoodFrames => Frames.Where(f => f.CrcOk).Select(f => f.Data);

    public readonly void OnFrame(ReadOnlySpan<byte> frame, bool crcOk) => Frames.Add((frame.ToArray(), crcOk));

    public readonly void OnStatus(ModemStatus status) => Statuses.Add(status);
}

/// <summary>A frame sink that only counts (no allocation), for the allocation tests.</summary>
internal struct FrameCounter : IHdlcFrameSink
{
    public int Good { get; private set; }

    public int Bad { get; private set; }

    public int Statuses { get; private set; }

    public int Bytes { get; private set; }

    public void OnFrame(ReadOnlySpan<byte> frame, bool crcOk)
    {
        if (crcOk)
        {
            Good++;
        }
        else
        {
            Bad++;
        }

        Bytes += frame.Length;
    }

    public void OnStatus(ModemStatus status) => Statuses++;
}

internal static class HdlcTestSupport
{
    /// <summary>The bits of a whole transmission: preamble, the frames, closing flags (until Completed).</summary>
    public static List<int> Transmit(IEnumerable<byte[]> frames, int preambleFlags = 38, int maxFrameBytes = HdlcReceiver.DefaultMaxFrameBytes)
    {
        var tx = new HdlcTransmitter(maxFrameBytes);
        tx.Start(preambleFlags);
        var bits = new List<int>();
        foreach (byte[] frame in frames)
        {
            while (!tx.TryQueueFrame(frame))
            {
                bits.Add(tx.GetBit());
            }
        }

        tx.Finish();
        while (!tx.Completed)
        {
            bits.Add(tx.GetBit());
        }

        return bits;
    }

    /// <summary>Feeds bits to a fresh receiver; returns what it delivered.</summary>
    public static (FrameCollector Sink, HdlcReceiver Receiver) Receive(IEnumerable<int> bits, int maxFrameBytes = HdlcReceiver.DefaultMaxFrameBytes)
    {
        var rx = new HdlcReceiver(maxFrameBytes);
        var sink = new FrameCollector();
        foreach (int bit in bits)
        {
            rx.PutBit(bit, ref sink);
        }

        return (sink, rx);
    }
}
