using FaxAppliance.Hal.Audio;
using FaxAppliance.Hal.Line;
using FaxAppliance.Hal.Simulated.Board;

namespace FaxAppliance.Hal.Simulated.Tests.Board;

public class HookAndLineStatusTests
{
    [Fact]
    public void OnHook_Reads48VoltsAndNoCurrent()
    {
        using var board = new SimulatedBoard();
        LineStatus status = board.Monitor.Read();

        Assert.Equal(HookState.OnHook, board.Hook.State);
        Assert.Equal(48, status.TipRingVolts);
        Assert.Equal(0, status.LoopCurrentMilliamps);
        Assert.Equal(LinePolarity.Normal, status.Polarity);
    }

    [Fact]
    public void OffHook_ReadsTheOffHookVoltageAndLoopCurrent_AndOnHookRestoresThem()
    {
        using var board = new SimulatedBoard();

        board.Hook.SetState(HookState.OffHook);
        LineStatus off = board.Monitor.Read();
        board.Hook.SetState(HookState.OnHook);
        LineStatus on = board.Monitor.Read();

        Assert.Equal((8.0, 25.0), (off.TipRingVolts, off.LoopCurrentMilliamps));
        Assert.Equal((48.0, 0.0), (on.TipRingVolts, on.LoopCurrentMilliamps));
    }

    [Fact]
    public void Levels_ComeFromTheOptions()
    {
        using var board = new SimulatedBoard(new SimulatedBoardOptions { OnHookVolts = 52, OffHookVolts = 6.5, OffHookMilliamps = 31 });
        board.Hook.SetState(HookState.OffHook);

        Assert.Equal((6.5, 31.0), (board.Monitor.Read().TipRingVolts, board.Monitor.Read().LoopCurrentMilliamps));
    }

    [Fact]
    public void PolarityReversal_FlipsTheSigns_CountsAndRaisesAnEventWithTheHookState()
    {
        using var board = new SimulatedBoard();
        var events = new List<PolarityReversalEventArgs>();
        board.Monitor.PolarityReversed += (_, e) => events.Add(e);
        var block = new short[AudioFrame.Samples];
        board.Hook.SetState(HookState.OffHook);
        for (int i = 0; i < 50; i++)
        {
            board.LineSide.Exchange(block, block);
        }

        board.LineSide.ReversePolarity();
        LineStatus reversed = board.Monitor.Read();
        board.LineSide.ReversePolarity();

        Assert.Equal((-8.0, -25.0, LinePolarity.Reversed, 1L), (reversed.TipRingVolts, reversed.LoopCurrentMilliamps, reversed.Polarity, reversed.PolarityReversals));
        Assert.Equal(2, events.Count);
        Assert.Equal((TimeSpan.FromSeconds(1), LinePolarity.Reversed, HookState.OffHook), (events[0].Time, events[0].Polarity, events[0].Hook));
        Assert.Equal(LinePolarity.Normal, events[1].Polarity);
        Assert.Equal(2, board.Monitor.Read().PolarityReversals);
    }

    [Fact]
    public void DisconnectedLine_ReadsZero()
    {
        using var board = new SimulatedBoard();
        board.LineSide.IsConnected = false;

        Assert.Equal((0.0, 0.0), (board.Monitor.Read().TipRingVolts, board.Monitor.Read().LoopCurrentMilliamps));
    }

    [Fact]
    public void HookChanges_ReachTheLineSide_WithTheBoardTime()
    {
        using var board = new SimulatedBoard();
        var changes = new List<HookChangedEventArgs>();
        board.LineSide.HookChanged += (_, e) => changes.Add(e);
        var block = new short[AudioFrame.Samples];
        for (int i = 0; i < 10; i++)
        {
            board.LineSide.Exchange(block, block);
        }

        board.Hook.SetState(HookState.OffHook);
        board.Hook.SetState(HookState.OffHook); // no change, no event

        Assert.Equal(HookState.OffHook, board.LineSide.Hook);
        HookChangedEventArgs change = Assert.Single(changes);
        Assert.Equal((TimeSpan.FromMilliseconds(200), HookState.OffHook), (change.Time, change.State));
    }

    [Fact]
    public void BoardClock_AdvancesTwentyMillisecondsPerBlock()
    {
        using var board = new SimulatedBoard();
        var block = new short[AudioFrame.Samples];
        for (int i = 0; i < 7; i++)
        {
            board.LineSide.Exchange(block, block);
        }

        Assert.Equal(7, board.LineSide.BlockIndex);
        Assert.Equal(TimeSpan.FromMilliseconds(140), board.Now);
        Assert.Equal(board.Now, board.Monitor.Read().Time);
    }
}
