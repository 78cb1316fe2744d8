using FaxAppliance.Dsp;
using FaxAppliance.Hal.Audio;
using FaxAppliance.Hal.Simulated.Board;
using static FaxAppliance.Audio.Tests.TestSupport;

namespace FaxAppliance.Audio.Tests;

public class LevelMeterTests
{
    [Theory]
    [InlineData(-10.0)]
    [InlineData(-30.0)]
    public void Sine_IsMeasuredAtItsLevel_ThroughTheCaptureLoop(double dbm0)
    {
        using SimulatedBoard board = PacedBoard();
        var meter = new LevelMeter();
        using var loop = new CaptureLoop(board.Audio, logger: null, Options());
        CaptureSubscription subscription = loop.Subscribe(meter, "meter");
        loop.Start();

        double amplitude = Levels.SineAmplitudeFromDbm0(dbm0);
        var block = new short[AudioFrame.Samples];
        for (int k = 0; k < 50; k++)
        {
            for (int i = 0; i < block.Length; i++)
            {
                block[i] = (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * 1000 * ((k * block.Length) + i) / AudioFrame.SampleRate));
            }

            board.LineSide.Exchange(block, new short[AudioFrame.Samples]);
        }

        WaitUntil(() => subscription.Statistics.FramesDelivered == 50, "the meter has every frame");
        LevelReading reading = meter.TakeReading();

        Assert.Equal(50, reading.Frames);
        Assert.InRange(reading.AverageDbm0, dbm0 - 0.3, dbm0 + 0.3); // G.711 quantisation noise is ~38 dB down
        Assert.InRange(reading.LoudestFrameDbm0, dbm0 - 0.3, dbm0 + 0.3);
        Assert.Equal(0, meter.TakeReading().Frames);
    }
}
