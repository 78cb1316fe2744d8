using FaxAppliance.Hal.Audio;
using FaxAppliance.Hal.Line;
using FaxAppliance.Hal.Simulated.Board;

namespace FaxAppliance.Hal.Simulated.Tests.Board;

/// <summary>Ringing on the board's block clock: every time below is exact because nothing runs at real time.</summary>
public class RingCadenceTimingTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static List<RingEventArgs> Record(SimulatedBoard board)
    {
        var events = new List<RingEventArgs>();
        board.Ring.RingChanged += (_, e) => events.Add(e);
        return events;
    }

    private static void Run(SimulatedBoard board, double seconds)
    {
        var silence = new short[AudioFrame.Samples];
        var sent = new short[AudioFrame.Samples];
        long blocks = (long)Math.Round(seconds * 1000 / AudioFrame.Milliseconds);
        for (long i = 0; i < blocks; i++)
        {
            board.LineSide.Exchange(silence, sent);
            board.Audio.Read(new byte[AudioFrame.Samples], out _, TimeSpan.Zero, CancellationToken.None); // keep the receive buffer empty
        }
    }

    [Fact]
    public void TwoOnFourOff_BurstsStartAndEndOnTime_AndTheCadenceIsDetectedOnTheThirdRing()
    {
        using var board = new SimulatedBoard();
        List<RingEventArgs> events = Record(board);

        board.LineSide.StartRinging(RingCadence.FromMilliseconds(2000, 4000));
        Run(board, 13);

        Assert.Equal(
            [
                (RingEventKind.BurstStarted, S(0), 1),
                (RingEventKind.BurstEnded, S(2), 1),
                (RingEventKind.BurstStarted, S(6), 2),
                (RingEventKind.BurstEnded, S(8), 2),
                (RingEventKind.BurstStarted, S(12), 3),
                (RingEventKind.CadenceDetected, S(12), 3),
            ],
            events.Select(e => (e.Kind, e.Time, e.Burst.Number)).ToArray());
        Assert.Equal(new RingBurst(2, S(6), S(8)), events[3].Burst);
        Assert.Equal(RingCadence.FromMilliseconds(2000, 4000), events[5].Cadence);
        Assert.Equal(RingCadence.FromMilliseconds(2000, 4000), board.Ring.Cadence);
        Assert.True(board.Ring.IsRinging);
        Assert.True(board.Ring.IsBurstActive);
        Assert.Equal(3, board.Ring.BurstCount);
    }

    [Fact]
    public void RingingStartedLater_IsTimedFromTheBlockItStartedIn()
    {
        using var board = new SimulatedBoard();
        List<RingEventArgs> events = Record(board);

        Run(board, 1.5);
        board.LineSide.StartRinging(RingCadence.FromMilliseconds(1000, 3000));
        Run(board, 2);

        Assert.Equal([S(1.5), S(2.5)], events.Select(e => e.Time).ToArray());
    }

    [Fact]
    public void StopRinging_EndsTheBurst_AndTheSequenceAfterTheSilenceTimeout()
    {
        var options = new SimulatedBoardOptions { RingSilenceTimeout = S(8) };
        using var board = new SimulatedBoard(options);
        List<RingEventArgs> events = Record(board);

        board.LineSide.StartRinging(RingCadence.FromMilliseconds(2000, 4000));
        Run(board, 7);
        board.LineSide.StopRinging();
        Run(board, 10);

        Assert.Equal(
            [(RingEventKind.BurstEnded, S(7)), (RingEventKind.RingingStopped, S(15))],
            events.Skip(3).Select(e => (e.Kind, e.Time)).ToArray());
        Assert.False(board.Ring.IsRinging);
        Assert.Equal(0, board.Ring.BurstCount);
    }

    [Fact]
    public void GoingOffHookWhileRinging_TripsTheRing()
    {
        using var board = new SimulatedBoard();
        List<RingEventArgs> events = Record(board);
        board.LineSide.StartRinging();
        Run(board, 1);

        board.Hook.SetState(HookState.OffHook);
        Run(board, 10);

        Assert.Equal(
            [(RingEventKind.BurstStarted, S(0)), (RingEventKind.BurstEnded, S(1)), (RingEventKind.RingingStopped, S(1))],
            events.Select(e => (e.Kind, e.Time)).ToArray());
        Assert.False(board.LineSide.IsRinging);
        Assert.False(board.Ring.IsRinging);
    }

    [Fact]
    public void UkDoubleRing_IsDetectedAsItsTwoSegments()
    {
        RingCadence uk = RingCadence.FromMilliseconds(400, 200, 400, 2000);
        using var board = new SimulatedBoard(new SimulatedBoardOptions { RingCadence = uk });
        List<RingEventArgs> events = Record(board);

        board.LineSide.StartRinging();
        Run(board, 9);

        RingEventArgs detected = Assert.Single(events, e => e.Kind == RingEventKind.CadenceDetected);
        Assert.Equal(uk, detected.Cadence);
        Assert.Equal(S(6), detected.Time); // the fifth burst completes the fourth cycle
    }

    [Fact]
    public void DisconnectedLine_DoesNotRing()
    {
        using var board = new SimulatedBoard();
        List<RingEventArgs> events = Record(board);
        board.LineSide.IsConnected = false;

        board.LineSide.StartRinging();
        Run(board, 3);

        Assert.Empty(events);
    }
}
