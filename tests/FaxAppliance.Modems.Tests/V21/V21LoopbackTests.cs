using FaxAppliance.Hal.Simulated.Line;
using Xunit.Abstractions;

namespace FaxAppliance.Modems.Tests.V21;

/// <summary>Our V.21 transmitter into our receiver through the simulated line (G.711 A-law in the path).</summary>
public class V21LoopbackTests(ITestOutputHelper output)
{
    [Fact]
    public void V21_CleanLine_DeliversEveryFrame()
    {
        V21LinkResult r = V21Link.Run(new LineImpairments(), -13, frames: 50);
        output.WriteLine(r.ToString());
        Assert.Equal(50, r.Received);
        Assert.Equal(0, r.Bad);
        Assert.Equal(1, r.CarrierUps);
    }

    [Theory]
    [InlineData(-6.0)]
    [InlineData(-13.0)]
    [InlineData(-25.0)]
    [InlineData(-35.0)]
    [InlineData(-40.0)]
    [InlineData(-43.0)]
    public void V21_ReceivedLevelsFromMinus6ToMinus43Dbm0_DeliverEveryFrame(double level)
    {
        // Transmit at −6 dBm0 and attenuate, with noise 25 dB below the signal (and A-law quantisation).
        var imp = V21Link.WithSnr(-6, -6 - level, 25);
        V21LinkResult r = V21Link.Run(imp, -6, frames: 30);
        output.WriteLine(r.ToString());
        Assert.Equal(30, r.Received);
        Assert.InRange(r.Statistics.SignalLevelDbm0, level - 1.5, level + 1.5);
    }

    [Theory]
    [InlineData(20.0)]
    [InlineData(-20.0)]
    [InlineData(7.0)]
    public void V21_CarrierOffset_DeliversEveryFrameAndEstimatesTheOffset(double offsetHz)
    {
        LineImpairments imp = V21Link.WithSnr(-13, 10, 15) with { FrequencyOffsetHz = offsetHz };
        V21LinkResult r = V21Link.Run(imp, -13, frames: 40);
        output.WriteLine(r.ToString());
        Assert.Equal(40, r.Received);
        Assert.InRange(r.Statistics.CarrierOffsetHz, offsetHz - 3, offsetHz + 3);
    }

    [Theory]
    [InlineData(100.0)]
    [InlineData(-100.0)]
    [InlineData(400.0)]
    [InlineData(-400.0)]
    public void V21_ClockOffset_DeliversEveryFrameOfTheLongestSize(double ppm)
    {
        // 260-octet frames: ~2200 bits each, 0.2 bit of drift per frame at 100 ppm.
        LineImpairments imp = V21Link.WithSnr(-13, 10, 15) with { ClockPpm = ppm };
        V21LinkResult r = V21Link.Run(imp, -13, frames: 6, frameBytes: 260);
        output.WriteLine(r.ToString());
        Assert.Equal(6, r.Received);
    }

    [Fact]
    public void V21_CarrierOffsetAndClockOffsetAndNoiseTogether_DeliverEveryFrame()
    {
        LineImpairments imp = V21Link.WithSnr(-13, 20, 10) with { FrequencyOffsetHz = -20, ClockPpm = 100 };
        V21LinkResult r = V21Link.Run(imp, -13, frames: 60);
        output.WriteLine(r.ToString());
        Assert.Equal(60, r.Received);
    }
}
