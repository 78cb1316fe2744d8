using System.Text.Json.Nodes;
using FaxAppliance.Audio;
using FaxAppliance.Calls;
using FaxAppliance.Hal.Line;
using FaxAppliance.Hal.Simulated.Board;

namespace FaxAppliance.LineSim.Endpoints;

/// <summary>An endpoint that may still be ringing: until it answers, the line carries no audio.</summary>
public interface IAnsweringEndpoint
{
    /// <summary>Whether the endpoint has answered (is off-hook).</summary>
    bool Answered { get; }
}

/// <summary>
/// The appliance's end of the line, through its real path: the simulated board (ring, hook, DAA with
/// G.711), the real-time capture loop and the answering logic. Receiving, the line rings it and it
/// answers after the configured rings; sending, it is off-hook from the start.
///
/// The fax path (modems, T.30) is not built yet (issues 3, 4 and 6), so once connected the appliance
/// stays silent for the whole call, and its outcome says so plainly: nothing pretends to have
/// received or sent a fax. The simulated DAA collects the appliance's transmission for a block
/// together with delivering the line's, so what it sends reaches the line one 20 ms block later, as
/// through a codec FIFO.
/// </summary>
public sealed class ApplianceEndpoint : ILineEndpoint, IAnsweringEndpoint
{
    /// <summary>The outcome text until the appliance can fax.</summary>
    public const string NotYetText = "the appliance cannot fax yet (modems and T.30 are still to come): it answered with silence";

    private readonly string _role;
    private readonly SimulatedBoard _board;
    private readonly CaptureLoop _capture;
    private readonly LevelMeter _meter = new();
    private readonly LineMonitor _monitor = new();
    private readonly AutoAnswer _answer;
    private readonly short[] _pendingTx = new short[160];
    private static readonly TimeSpan ConsumerTimeout = TimeSpan.FromSeconds(10);
    private bool _ended;

    /// <summary>Creates the appliance end in <paramref name="role"/> ("receive" or "send").</summary>
    /// <param name="role">"receive" or "send".</param>
    /// <param name="detail">The output folder or the file to send, for the report.</param>
    /// <param name="ring">Receiving: whether the line rings first (false: already answered, as in
    /// endpoint mode, where the outside rig connects the call).</param>
    /// <param name="answerAfterRings">Rings before the appliance answers.</param>
    public ApplianceEndpoint(string role, string detail, bool ring = true, int answerAfterRings = 1)
    {
        _role = role;
        Description = $"appliance {role} {detail}".TrimEnd();
        _board = new SimulatedBoard();
        _board.LineSide.Pacing = LockstepPacing.WaitForRead; // every frame reaches the capture loop
        _capture = new CaptureLoop(_board.Audio);
        _capture.Subscribe(_meter, "level");
        _capture.Subscribe(_monitor, "monitor");
        _capture.Start();
        _answer = new AutoAnswer(_board, new AnswerOptions { AnswerAfterRings = answerAfterRings });
        if (role == "receive" && ring)
        {
            _board.LineSide.StartRinging();
        }
        else
        {
            _board.Hook.SetState(HookState.OffHook); // it places the call (dialling is not modelled)
        }
    }

    /// <inheritdoc/>
    public string Name => "appliance";

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public bool Answered => _board.LineSide.Hook == HookState.OffHook;

    /// <inheritdoc/>
    public bool TryRead(Span<short> block)
    {
        _pendingTx.CopyTo(block);
        return !_ended;
    }

    /// <inheritdoc/>
    public void Write(ReadOnlySpan<short> block)
    {
        if (!_ended)
        {
            _board.LineSide.Exchange(block, _pendingTx);

            // Lockstep: let every consumer see this block before the next (deterministic runs).
            _capture.WaitForConsumers(_capture.FramesCaptured - 1, ConsumerTimeout);
        }
    }

    /// <inheritdoc/>
    public void HangUp()
    {
        if (!_ended)
        {
            _ended = true;
            _answer.HangUp();
        }
    }

    /// <inheritdoc/>
    public JsonObject? Finish()
    {
        HangUp();
        _capture.Stop();
        LevelReading heard = _meter.TakeReading();
        return new JsonObject
        {
            ["completed"] = false,
            ["status_text"] = NotYetText,
            ["role"] = _role,
            ["pages"] = 0,
            ["bit_rate"] = 0,
            ["ecm"] = false,
            ["rings_before_answer"] = _role == "receive" ? _answer.RingsBeforeAnswer : 0,
            ["answered_at_s"] = _answer.AnsweredAt is { } t ? Math.Round(t.TotalSeconds, 2) : null,
            ["frames_captured"] = _capture.FramesCaptured,
            ["pacing_timeouts"] = _board.LineSide.PacingTimeouts,
            ["audio_overruns"] = _board.Audio.Counters.Overruns,
            ["heard_level_dbm0"] = double.IsFinite(heard.AverageDbm0) ? Math.Round(heard.AverageDbm0, 2) : null,
            ["heard"] = Heard(),
        };
    }

    // What the appliance recognised on the line: fax tones and V.21 HDLC frames (T.30 commands).
    private JsonObject Heard()
    {
        var tones = new JsonArray();
        foreach (HeardTone t in _monitor.Tones)
        {
            if (t.Type == FaxAppliance.Dsp.Tones.ToneEventType.Started)
            {
                tones.Add(new JsonObject { ["t"] = Math.Round(t.Time, 2), ["tone"] = t.Tone.ToString(), ["level_dbm0"] = Math.Round(t.LevelDbm0, 1) });
            }
        }

        var frames = new JsonArray();
        foreach (HeardFrame f in _monitor.Frames)
        {
            frames.Add(new JsonObject { ["t"] = Math.Round(f.Time, 2), ["crc_ok"] = f.CrcOk, ["hex"] = Convert.ToHexString(f.Bytes) });
        }

        return new JsonObject { ["tones"] = tones, ["v21_frames"] = frames };
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _answer.Dispose();
        _capture.Dispose();
        _board.Dispose();
    }
}
