using FaxAppliance.Hal.Line;
using FaxAppliance.Hal.Simulated.Board;

namespace FaxAppliance.Calls.Tests;

public class AutoAnswerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void RingingLine_AnswersAfterTheConfiguredRings_AndLoopCurrentFlows(int rings)
    {
        using var board = new SimulatedBoard();
        using var answer = new AutoAnswer(board, new AnswerOptions { AnswerAfterRings = rings });
        var events = new List<AnswerEventArgs>();
        answer.Changed += (_, e) => events.Add(e);

        board.LineSide.StartRinging(); // 2 s on, 4 s off
        RunSeconds(board, 6.0 * rings + 1);

        AnswerEventArgs answered = Assert.Single(events);
        Assert.Equal(AnswerEventKind.Answered, answered.Kind);
        Assert.Equal(rings, answered.Rings);
        Assert.Equal(HookState.OffHook, board.LineSide.Hook);
        Assert.False(board.LineSide.IsRinging);
        Assert.True(board.Monitor.Read().LoopCurrentMilliamps > 10);
        // The n-th ring ends 2 s after it starts, the rings 6 s apart.
        Assert.InRange(answered.Time.TotalSeconds, 6.0 * (rings - 1) + 2.0, 6.0 * (rings - 1) + 2.1);
    }

    [Fact]
    public void CallerGivesUpBeforeAnswer_ReportsAMissedCallAndStaysOnHook()
    {
        using var board = new SimulatedBoard();
        using var answer = new AutoAnswer(board, new AnswerOptions { AnswerAfterRings = 4 });
        var events = new List<AnswerEventArgs>();
        answer.Changed += (_, e) => events.Add(e);

        board.LineSide.StartRinging();
        RunSeconds(board, 7);
        board.LineSide.StopRinging();
        RunSeconds(board, 20);

        AnswerEventArgs missed = Assert.Single(events);
        Assert.Equal(AnswerEventKind.Missed, missed.Kind);
        Assert.Equal(HookState.OnHook, board.LineSide.Hook);
    }

    [Fact]
    public void HangUp_AfterAnswer_GoesOnHookAndSaysSo()
    {
        using var board = new SimulatedBoard();
        using var answer = new AutoAnswer(board);
        var events = new List<AnswerEventKind>();
        answer.Changed += (_, e) => events.Add(e.Kind);
        board.LineSide.StartRinging();
        RunSeconds(board, 3);

        answer.HangUp();
        answer.HangUp(); // twice is harmless

        Assert.Equal([AnswerEventKind.Answered, AnswerEventKind.HungUp], events);
        Assert.Equal(HookState.OnHook, board.LineSide.Hook);
        Assert.False(answer.InCall);
    }

    [Fact]
    public void Options_OutOfRange_AreRefusedNamingThem()
    {
        using var board = new SimulatedBoard();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new AutoAnswer(board, new AnswerOptions { AnswerAfterRings = 0 }));
        Assert.Contains("AnswerAfterRings", ex.Message, StringComparison.Ordinal);
    }

    private static void RunSeconds(SimulatedBoard board, double seconds)
    {
        var toAppliance = new short[160];
        var fromAppliance = new short[160];
        for (int i = 0; i < seconds * 50; i++)
        {
            board.LineSide.Exchange(toAppliance, fromAppliance);
        }
    }
}
