using FaxAppliance.Hal.Audio;
using FaxAppliance.Hal.Simulated.Board;

namespace FaxAppliance.Hal.Simulated.Tests.Board;

public class FreeRunningTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public void FreeRunning_DeliversSilenceFrames_AndTakesWhatIsWritten()
    {
        using var board = new SimulatedBoard();
        board.StartFreeRunning();
        Assert.True(board.IsFreeRunning);
        board.Audio.Write(new byte[AudioFrame.Samples], Generous, CancellationToken.None);

        var codes = new byte[AudioFrame.Samples];
        var stamps = new List<long>();
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(AudioStatus.Ok, board.Audio.Read(codes, out FrameTimestamp stamp, Generous, CancellationToken.None));
            stamps.Add(stamp.SampleIndex);
        }

        board.StopFreeRunning();

        Assert.False(board.IsFreeRunning);
        Assert.All(codes, c => Assert.Equal(0xD5, c)); // A-law code of 0
        Assert.Equal(stamps.OrderBy(s => s), stamps);
        Assert.Equal(1, board.Audio.Counters.FramesSent);
    }

    [Fact]
    public void Exchange_IsRefusedWhileFreeRunning()
    {
        using var board = new SimulatedBoard();
        board.StartFreeRunning();

        Assert.Throws<InvalidOperationException>(() => board.LineSide.Exchange(new short[AudioFrame.Samples], new short[AudioFrame.Samples]));
    }

    [Fact]
    public void Dispose_StopsTheClock()
    {
        var board = new SimulatedBoard();
        board.StartFreeRunning();
        board.Dispose();

        Assert.False(board.IsFreeRunning);
        Assert.Throws<ObjectDisposedException>(board.StartFreeRunning);
    }
}
