using FaxAppliance.Hal.Line;

namespace FaxAppliance.Hal.Tests.Line;

public class RingCadenceTrackerTests
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(8);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void NorthAmericanCadence_IsDetectedWhenTheThirdBurstStarts()
    {
        var tracker = new RingCadenceTracker(Tolerance, Silence);

        Assert.Equal(new RingBurst(1, S(0), null), tracker.BurstStarted(S(0), out RingCadence? c1));
        Assert.Equal(new RingBurst(1, S(0), S(2)), tracker.BurstEnded(S(2)));
        tracker.BurstStarted(S(6), out RingCadence? c2);
        tracker.BurstEnded(S(8.02));
        RingBurst third = tracker.BurstStarted(S(12.02), out RingCadence? c3);

        Assert.Null(c1);
        Assert.Null(c2);
        Assert.NotNull(c3);
        Assert.True(c3.Matches(RingCadence.FromMilliseconds(2000, 4000), TimeSpan.FromMilliseconds(50)));
        Assert.Equal(3, third.Number);
        Assert.Equal(3, tracker.BurstCount);
        Assert.Same(c3, tracker.Cadence);
    }

    [Fact]
    public void UkDoubleRing_IsDetectedAsTwoSegments_LongSilenceLast()
    {
        var tracker = new RingCadenceTracker(Tolerance, Silence);
        double t = 0.4 + 0.2; // start the detector in the middle of the pattern
        RingCadence? detected = null;
        for (int burst = 0; burst < 6; burst++)
        {
            tracker.BurstStarted(S(t), out RingCadence? found);
            detected ??= found;
            tracker.BurstEnded(S(t + 0.4));
            t += burst % 2 == 0 ? 0.4 + 2.0 : 0.4 + 0.2;
        }

        Assert.NotNull(detected);
        Assert.Equal(RingCadence.FromMilliseconds(400, 200, 400, 2000), detected);
    }

    [Fact]
    public void IrregularBursts_GiveNoCadence()
    {
        var tracker = new RingCadenceTracker(Tolerance, Silence);
        double[] starts = [0, 3, 4.5, 9, 10, 16];
        foreach (double start in starts)
        {
            tracker.BurstStarted(S(start), out RingCadence? found);
            Assert.Null(found);
            tracker.BurstEnded(S(start + 0.5 + (start / 10)));
        }

        Assert.Null(tracker.Cadence);
    }

    [Fact]
    public void Silence_EndsTheSequenceOnce_AndResetsTheCount()
    {
        var tracker = new RingCadenceTracker(Tolerance, Silence);
        tracker.BurstStarted(S(0), out _);
        tracker.BurstEnded(S(2));

        Assert.False(tracker.CheckSilence(S(9.9), out _));
        Assert.True(tracker.CheckSilence(S(10), out RingBurst last));
        Assert.Equal(new RingBurst(1, S(0), S(2)), last);
        Assert.False(tracker.IsRinging);
        Assert.Equal(0, tracker.BurstCount);
        Assert.False(tracker.CheckSilence(S(20), out _));
        Assert.Equal(1, tracker.BurstStarted(S(30), out _).Number);
    }

    [Fact]
    public void RepeatedEdges_AreIgnored()
    {
        var tracker = new RingCadenceTracker(Tolerance, Silence);
        tracker.BurstStarted(S(0), out _);

        Assert.Equal(1, tracker.BurstStarted(S(0.5), out _).Number);
        Assert.NotNull(tracker.BurstEnded(S(2)));
        Assert.Null(tracker.BurstEnded(S(2.5)));
    }

    [Fact]
    public void RingCadence_Matches_AnyRotationWithinTolerance()
    {
        RingCadence uk = RingCadence.FromMilliseconds(400, 200, 400, 2000);
        RingCadence rotated = RingCadence.FromMilliseconds(420, 2000, 400, 190);

        Assert.True(uk.Matches(rotated, TimeSpan.FromMilliseconds(50)));
        Assert.False(uk.Matches(RingCadence.NorthAmerica, TimeSpan.FromSeconds(1)));
        Assert.Equal("2.00 s on / 4.00 s off", RingCadence.NorthAmerica.ToString());
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 2000 })]
    [InlineData(new[] { 2000, 0 })]
    public void RingCadence_BadTimes_AreRefused(int[] times) => Assert.Throws<ArgumentException>(() => RingCadence.FromMilliseconds(times));
}
