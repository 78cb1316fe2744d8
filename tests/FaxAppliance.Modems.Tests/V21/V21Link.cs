using FaxAppliance.Dsp.Signal;
using FaxAppliance.Hal.Simulated.Line;
using FaxAppliance.Modems.Hdlc;
using FaxAppliance.Modems.Tests.Hdlc;
using FaxAppliance.Modems.V21;

namespace FaxAppliance.Modems.Tests.V21;

/// <summary>What a run of frames delivered; <see cref="CarrierUps"/> counts those up to the end of the signal.</summary>
internal sealed record V21LinkResult(int Sent, int Received, int Bad, int CarrierUps, HdlcReceiver Hdlc, StatisticsSnapshot Statistics)
{
    public int Lost => Sent - Received;

    public double FrameErrorRate => (double)Lost / Sent;

    public override string ToString() =>
        $"{Received}/{Sent} frames good, {Bad} bad, {CarrierUps} carrier-ups, level {Statistics.SignalLevelDbm0:F1} dBm0, " +
        $"offset {Statistics.CarrierOffsetHz:F1} Hz, timing {Statistics.SymbolTimingPpm:F0} ppm, SNR {Statistics.EqualizerSnrDb:F1} dB";
}

/// <summary>The receiver's statistics when the transmission ended (before the silence or noise after it).</summary>
internal sealed record StatisticsSnapshot(double SignalLevelDbm0, double CarrierOffsetHz, double SymbolTimingPpm, double EqualizerSnrDb, bool Trained)
{
    public static StatisticsSnapshot Of(ModemStatistics s) => new(s.SignalLevelDbm0, s.CarrierOffsetHz, s.SymbolTimingPpm, s.EqualizerSnrDb, s.Trained);
}

/// <summary>
/// Our HDLC + V.21 transmitter through a <see cref="SimulatedLine"/> (A to B) into our V.21 receiver +
/// HDLC receiver: one transmission of numbered frames (1 s preamble, frames back to back).
/// </summary>
internal static class V21Link
{
    public const int Block = LineDirection.BlockSamples;

    /// <summary>Frame i: a two-octet sequence number then pseudo-random octets.</summary>
    public static byte[] MakeFrame(int index, int length, ulong seed)
    {
        var rng = new Xoshiro256(seed * 1_000_003UL + (ulong)index);
        var frame = new byte[Math.Max(length, 2)];
        frame[0] = (byte)index;
        frame[1] = (byte)(index >> 8);
        for (int i = 2; i < frame.Length; i++)
        {
            frame[i] = (byte)rng.NextUInt64();
        }

        return frame;
    }

    public static V21LinkResult Run(LineImpairments impairments, double txLevelDbm0, int frames, int frameBytes = 30, ulong seed = 1)
    {
        var line = new SimulatedLine(impairments);
        var hdlcTx = new HdlcTransmitter();
        var modemTx = new V21Transmitter();
        modemTx.SetLevel(txLevelDbm0);
        var rx = new V21Receiver();
        var sink = new HdlcBitSink<FrameCollector>(new HdlcReceiver(), new FrameCollector());
        hdlcTx.Start(HdlcTransmitter.PreambleFlagsFor(300));
        var source = hdlcTx.Source;

        var txBlock = new short[Block];
        var rxBlock = new short[Block];
        var silence = new short[Block];
        int queued = 0;
        int tail = 0;
        StatisticsSnapshot? snapshot = null;
        int upsDuringSignal = 0;
        while (tail < 25)
        {
            while (queued < frames && hdlcTx.TryQueueFrame(MakeFrame(queued, frameBytes, seed)))
            {
                queued++;
                if (queued == frames)
                {
                    hdlcTx.Finish();
                }
            }

            if (hdlcTx.Completed)
            {
                if (snapshot is null)
                {
                    snapshot = StatisticsSnapshot.Of(rx.Statistics);
                    upsDuringSignal = sink.Frames.Statuses.Count(s => s == ModemStatus.CarrierUp);
                }

                Array.Clear(txBlock);
                tail++;
            }
            else
            {
                modemTx.Generate(txBlock, ref source);
            }

            line.AToB.Process(txBlock, silence, rxBlock);
            rx.Process(rxBlock, ref sink);
        }

        FrameCollector got = sink.Frames;
        var seen = new HashSet<int>();
        foreach ((byte[] data, bool ok) in got.Frames)
        {
            if (ok && data.Length >= 2)
            {
                int index = data[0] | data[1] << 8;
                if (index < frames && data.AsSpan().SequenceEqual(MakeFrame(index, frameBytes, seed)))
                {
                    seen.Add(index);
                }
            }
        }

        int bad = got.Frames.Count(f => !f.CrcOk);
        return new V21LinkResult(frames, seen.Count, bad, upsDuringSignal, sink.Receiver, snapshot!);
    }

    /// <summary>Impairments with the noise set for <paramref name="snrDb"/> against a received level.</summary>
    public static LineImpairments WithSnr(double txLevelDbm0, double attenuationDb, double snrDb, ulong seed = 1) => new()
    {
        AttenuationDb = attenuationDb,
        NoiseDbm0 = txLevelDbm0 - attenuationDb - snrDb,
        Seed = seed,
    };
}
