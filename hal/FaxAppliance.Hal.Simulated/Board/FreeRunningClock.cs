using System.Diagnostics;
using FaxAppliance.Hal.Audio;

namespace FaxAppliance.Hal.Simulated.Board;

/// <summary>
/// Drives a board's line side at real time with nothing connected: every 20 ms it delivers a block of silence
/// and takes what the appliance sent (the port counts it). Paced against the stopwatch so the average rate is exact; if
/// the process stalls for more than <see cref="MaxCatchUpBlocks"/> blocks it skips ahead instead of bursting.
/// </summary>
internal sealed class FreeRunningClock : IDisposable
{
    private const int MaxCatchUpBlocks = 10;

    private readonly SimulatedLineSide _line;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new(false);
    private readonly short[] _silence = new short[AudioFrame.Samples];
    private readonly short[] _sent = new short[AudioFrame.Samples];

    public FreeRunningClock(SimulatedLineSide line)
    {
        _line = line;
        _thread = new Thread(Run) { IsBackground = true, Name = "simulated-board-clock", Priority = ThreadPriority.AboveNormal };
    }

    public void Start() => _thread.Start();

    public void Dispose()
    {
        _stop.Set();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        _stop.Dispose();
    }

    private void Run()
    {
        long period = Stopwatch.Frequency * AudioFrame.Milliseconds / 1000;
        long due = Stopwatch.GetTimestamp();
        while (true)
        {
            long now = Stopwatch.GetTimestamp();
            if (now - due > MaxCatchUpBlocks * period)
            {
                due = now;
            }

            if (due > now)
            {
                var wait = TimeSpan.FromSeconds((double)(due - now) / Stopwatch.Frequency);
                if (_stop.Wait(wait))
                {
                    return;
                }
            }
            else if (_stop.IsSet)
            {
                return;
            }

            _line.ExchangeCore(_silence, _sent, LockstepPacing.None);
            due += period;
        }
    }
}
