using FaxAppliance.Dsp;
using FaxAppliance.Hal.Simulated.Line;
using FaxAppliance.Modems.Hdlc;
using FaxAppliance.Modems.Tests.Hdlc;
using FaxAppliance.Modems.V21;
using Xunit.Abstractions;

namespace FaxAppliance.Modems.Tests.V21;

/// <summary>Frame error rate in noise, and what the receiver does with noise alone.</summary>
public class V21NoiseTests(ITestOutputHelper output)
{
    [Fact]
    public void V21_8dBSnrWithALaw_FrameErrorRateBelow1e3Over3000Frames()
    {
        // SNR = signal RMS over noise RMS in 0–4 kHz. 3000 frames of 30 octets (~48 min of line time,
        // a few seconds to run) with none lost bounds the FER below 1e-3 at 95 % confidence.
        LineImpairments imp = V21Link.WithSnr(-13, 12, 8, seed: 11);
        V21LinkResult r = V21Link.Run(imp, -13, frames: 3000, frameBytes: 30, seed: 5);
        output.WriteLine(r.ToString());
        Assert.Equal(0, r.Lost);
        Assert.Equal(1, r.CarrierUps);
    }

    [Fact]
    public void V21_8dBSnrAtTheLowestLevelWithOffsets_LosesNoFrame()
    {
        // −43 dBm0 received (A-law is coarse there), ±20 Hz and 100 ppm on top of 8 dB SNR.
        LineImpairments imp = V21Link.WithSnr(-13, 30, 8, seed: 3) with { FrequencyOffsetHz = 20, ClockPpm = -100 };
        V21LinkResult r = V21Link.Run(imp, -13, frames: 150, frameBytes: 30, seed: 9);
        output.WriteLine(r.ToString());
        Assert.Equal(0, r.Lost);
    }

    [Fact]
    public void V21Receiver_NoiseAtMinus45Dbm0_NeverDetectsCarrier()
    {
        var line = new SimulatedLine(new LineImpairments { NoiseDbm0 = -45, Seed = 4 });
        var rx = new V21Receiver();
        var sink = new HdlcBitSink<FrameCollector>(new HdlcReceiver(), new FrameCollector());
        short[] silence = new short[V21Link.Block], heard = new short[V21Link.Block];
        for (int i = 0; i < 60 * 50; i++)
        {
            line.AToB.Process(silence, silence, heard);
            rx.Process(heard, ref sink);
            Assert.False(rx.CarrierPresent);
        }

        Assert.Empty(sink.Frames.Statuses);
        Assert.InRange(rx.Statistics.SignalLevelDbm0, -56, -48); // in-band: about 6 dB under the 0–4 kHz level
    }

    [Theory]
    [InlineData(-20.0)]
    [InlineData(-35.0)]
    public void V21Receiver_60sOfLoudNoise_DetectsCarrierButDeliversNoFrame(double noiseDbm0)
    {
        // Noise above the carrier threshold makes random bits: the HDLC layer must not turn them into frames.
        var line = new SimulatedLine(new LineImpairments { NoiseDbm0 = noiseDbm0, Seed = 8 });
        var rx = new V21Receiver();
        var sink = new HdlcBitSink<FrameCollector>(new HdlcReceiver(), new FrameCollector());
        short[] silence = new short[V21Link.Block], heard = new short[V21Link.Block];
        for (int i = 0; i < 60 * 50; i++)
        {
            line.AToB.Process(silence, silence, heard);
            rx.Process(heard, ref sink);
        }

        output.WriteLine($"{rx.Statistics.Symbols} bits, {sink.Receiver.Flags} flags, {sink.Receiver.BadFrames} bad frames");
        Assert.True(rx.CarrierPresent);
        Assert.Empty(sink.Frames.Frames);
        Assert.DoesNotContain(ModemStatus.FramingOk, sink.Frames.Statuses);
    }

    [Fact]
    public void V21Receiver_SignalThenSilence_ReportsCarrierUpThenDown()
    {
        var tx = new V21Transmitter();
        var rx = new V21Receiver();
        var sink = new HdlcBitSink<FrameCollector>(new HdlcReceiver(), new FrameCollector());
        var hdlc = new HdlcTransmitter();
        hdlc.Start(10);
        var source = hdlc.Source;
        short[] block = new short[V21Link.Block];
        for (int i = 0; i < 50; i++)
        {
            tx.Generate(block, ref source);
            rx.Process(block, ref sink);
        }

        Assert.True(rx.CarrierPresent);
        Assert.InRange(rx.Statistics.SignalLevelDbm0, -13.5, -12.5);
        Array.Clear(block);
        rx.Process(block, ref sink);
        rx.Process(block, ref sink);
        Assert.False(rx.CarrierPresent);
        Assert.Equal([ModemStatus.CarrierUp, ModemStatus.FramingOk, ModemStatus.CarrierDown], sink.Frames.Statuses);
    }

    [Theory]
    [InlineData(-42.0, true)]
    [InlineData(-50.0, false)]
    public void V21Receiver_CarrierDetectThresholds_FollowV21(double level, bool detected)
    {
        // V.21: on for signals above −43 dBm0, off below −48 dBm0.
        var tx = new V21Transmitter();
        tx.SetLevel(level);
        var rx = new V21Receiver();
        var sink = new HdlcBitSink<FrameCounter>(new HdlcReceiver(), default);
        var hdlc = new HdlcTransmitter();
        hdlc.Start(100);
        var source = hdlc.Source;
        short[] block = new short[V21Link.Block];
        for (int i = 0; i < 25; i++)
        {
            tx.Generate(block, ref source);
            rx.Process(block, ref sink);
        }

        Assert.Equal(detected, rx.CarrierPresent);
        Assert.InRange(rx.Statistics.SignalLevelDbm0, level - 1, level + 1);
        Assert.Equal(Levels.FullScaleSineDbm0, V21Transmitter.MaxLevelDbm0);
    }
}
