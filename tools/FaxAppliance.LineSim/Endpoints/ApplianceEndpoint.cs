using System.Text.Json.Nodes;
using FaxAppliance.Audio;
using FaxAppliance.Calls;
using FaxAppliance.Calls.Fax;
using FaxAppliance.Fax.Pages;
using FaxAppliance.Fax.Records;
using FaxAppliance.Fax.T30;
using FaxAppliance.Gateway;
using FaxAppliance.Hal.Audio;
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
/// Once connected, a <see cref="FaxCallSession"/> (the software modems and the T.30 engine) runs on the
/// capture loop: receiving, pages go durably to <c>fax.tif</c> in the output folder (each before its
/// MCF) and the T.30 trace to <c>call-trace.jsonl</c>; sending, the document's pages go out. The
/// appliance hangs up when the engine reaches phase E. The simulated DAA collects the appliance's
/// transmission for a block together with delivering the line's, so what it sends reaches the line one
/// 20 ms block later, as through a codec FIFO.
///
/// The capture loop is pumped by the simulator's thread (<see cref="CaptureThreading.CallerPumped"/>): each
/// <see cref="Write"/> exchanges one block with the board and hands it to every consumer (level meter, line
/// monitor, fax session) before returning, so a run is deterministic without any thread hand-off.
/// </summary>
public sealed class ApplianceEndpoint : ILineEndpoint, IAnsweringEndpoint
{
    /// <summary>The file received pages go to, in the output folder.</summary>
    public const string FaxFileName = "fax.tif";

    /// <summary>The T.30 trace, in the output folder.</summary>
    public const string TraceFileName = "call-trace.jsonl";

    /// <summary>A refused call rings this long (one ring cycle) before the simulated caller gives up.</summary>
    private const long RefusedRingBlocks = 6 * 50;

    /// <summary>Blocks the appliance stays on the line after its engine finished, so its last signal leaves.</summary>
    private const int HangUpDelayBlocks = 3;

    private readonly string _role;
    private readonly SimulatedBoard _board;
    private readonly CaptureLoop _capture;
    private readonly LevelMeter _meter = new();
    private readonly LineMonitor _monitor = new();
    private readonly AutoAnswer _answer;
    private readonly short[] _pendingTx = new short[160];
    private readonly string? _outDir;
    private readonly IReadOnlyList<PageBitmap>? _document;
    private readonly string _identity;
    private readonly T30Options? _fax;
    private FaxCallSession? _session;
    private IPageStore? _store;
    private string? _faxPath;
    private readonly InboundFaxGateway? _gateway;
    private readonly string _lineId;
    private readonly string? _refused;
    private InboundCall? _inbound;
    private int _blocksAfterFinish;
    private long _consumerTimeouts;
    private bool _ended;
    private long _sessionStartBlock = -1;

    /// <summary>Creates the appliance end in <paramref name="role"/> ("receive" or "send").</summary>
    /// <param name="role">"receive" or "send".</param>
    /// <param name="detail">The output folder or the file to send, for the report.</param>
    /// <param name="ring">Receiving: whether the line rings first (false: already answered, as in
    /// endpoint mode, where the outside rig connects the call).</param>
    /// <param name="answerAfterRings">Rings before the appliance answers.</param>
    /// <param name="document">Sending: the pages (loaded by the caller, which reports a bad file).</param>
    /// <param name="identity">The appliance's fax identity (CSI/TSI).</param>
    /// <param name="fax">What the appliance offers (ECM, compressions, modems); null for the defaults: every modem, ECM,
    /// MH/MR/MMR.</param>
    /// <param name="gateway">Receiving with a configuration: admission, the spool, routing and delivery after the call.</param>
    /// <param name="lineId">The analog line's id in the routing configuration.</param>
    public ApplianceEndpoint(string role, string detail, bool ring = true, int answerAfterRings = 1, IReadOnlyList<PageBitmap>? document = null, string identity = "+1 555 0100", T30Options? fax = null, InboundFaxGateway? gateway = null, string lineId = "line1")
    {
        _role = role;
        _identity = fax is { LocalIdentity.Length: > 0 } ? fax.LocalIdentity : identity;
        _fax = fax;
        _lineId = lineId;
        if (role == "receive" && gateway is not null)
        {
            _gateway = gateway;
            (bool accept, string reason) = gateway.Admit(lineId);
            _refused = accept ? null : reason;
        }
        if (role == "receive")
        {
            _outDir = Directory.CreateDirectory(detail).FullName;
        }
        else
        {
            _document = document ?? throw new ArgumentException("Sending needs a document.", nameof(document));
        }

        Description = $"appliance {role} {detail}".TrimEnd();
        _board = new SimulatedBoard();
        _board.LineSide.Pacing = LockstepPacing.None; // Write pumps every delivered frame itself
        _capture = new CaptureLoop(_board.Audio, logger: null, new CaptureLoopOptions { Threading = CaptureThreading.CallerPumped });
        _capture.Subscribe(_meter, "level");
        _capture.Subscribe(_monitor, "monitor");
        _capture.Start();
        // A refused call (no space, or routing refuses the line) is not answered: the caller hears ring-back until it
        // gives up; the simulation ends it after one ring cycle.
        _answer = new AutoAnswer(_board, new AnswerOptions { AnswerAfterRings = _refused is null ? answerAfterRings : 20 });
        _answer.Changed += (_, e) =>
        {
            if (e.Kind == AnswerEventKind.Answered)
            {
                StartSession();
            }
        };
        if (role == "receive" && ring)
        {
            _board.LineSide.StartRinging();
        }
        else if (_refused is not null)
        {
            _ended = true; // endpoint mode: the call is connected by the rig, and refused at once
        }
        else
        {
            _board.Hook.SetState(HookState.OffHook); // it places the call (dialling is not modelled)
            StartSession();
        }
    }

    /// <summary>The call's record once a session ran (null before the appliance connected).</summary>
    public CallRecord? Record => _session?.Record;

    /// <summary>The line block (0 = the first block exchanged) that was the session's first frame, or null before
    /// it saw one. A replay starts the session on the same block of the recording, so the trace's line times match.</summary>
    public long? SessionStartBlock => Interlocked.Read(ref _sessionStartBlock) is >= 0 and long b ? b : null;

    private void StartSession()
    {
        if (_session is not null)
        {
            return;
        }

        CallRecord? created = null;
        if (_gateway is not null)
        {
            _inbound = _gateway.BeginCall(_lineId, null, () => created?.RemoteIdentity);
        }

        var record = created = new CallRecord(_inbound?.Ticket.CallId ?? Guid.NewGuid().ToString("N")[..12], _role == "receive" ? T30Role.Answering : T30Role.Calling, DateTimeOffset.Now);
        T30Options options = (_fax ?? new T30Options { Role = record.Role, Ecm = true, Compressions = Compressions.MH | Compressions.MR | Compressions.MMR })
            with { Role = record.Role, LocalIdentity = _identity };
        if (_inbound is not null)
        {
            _store = _inbound.Pages;
            _faxPath = _inbound.Ticket.TiffPath;
        }
        else if (_role == "receive")
        {
            _faxPath = Path.Combine(_outDir!, FaxFileName);
            _store = new TiffPageStore(_faxPath, () => record.RemoteIdentity);
        }

        _session = new FaxCallSession(_board.Audio, options, record, _store, _document);
        _capture.Subscribe(new SessionTap(this, _session), "fax");
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
        if (_refused is not null && _board.LineSide.BlockIndex >= RefusedRingBlocks)
        {
            _ended = true; // never answered: the caller gives up
        }

        if (_session is { Finished: true } && ++_blocksAfterFinish > HangUpDelayBlocks)
        {
            HangUp(); // phase E: the engine released the call
        }

        return !_ended;
    }

    /// <inheritdoc/>
    public void Write(ReadOnlySpan<short> block)
    {
        if (!_ended)
        {
            _board.LineSide.Exchange(block, _pendingTx);

            // Lockstep: every consumer sees this block, on this thread, before the next is exchanged. What the
            // session transmits in answer is collected by the next Exchange. The frame is always there: the
            // board's receive buffer just got it, so nothing waits.
            if (_capture.Pump(TimeSpan.Zero) != AudioStatus.Ok)
            {
                _consumerTimeouts++;
            }
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
        _session?.Abort("the line was released before the call ended");
        CallRecord? record = _session?.Record;
        JsonObject outcome = new()
        {
            ["completed"] = record?.Outcome == CallOutcome.Completed,
            ["status_text"] = record is null ? _refused is not null ? $"not answered: {_refused}" : "the appliance never connected" : record.Reason,
            ["call_id"] = record?.CallId,
            ["role"] = _role,
            ["pages"] = _role == "receive" ? _store?.Count ?? 0 : record?.Pages.Count(p => p.Response is "MCF" or "RTP" or "PIP") ?? 0,
            ["bit_rate"] = record?.Rate?.BitRate ?? 0,
            ["modem"] = record?.Rate?.ToString(),
            ["ecm"] = record?.Ecm ?? false,
            ["compression"] = record?.Compression.ToString(),
            ["remote_identity"] = record?.RemoteIdentity,
            ["sub_address"] = record?.SubAddress,
            ["failed_trainings"] = record?.FailedTrainings ?? 0,
            ["page_records"] = PageRecords(record),
            ["fax_file"] = _store is { Count: > 0 } ? _faxPath : null,
            ["rings_before_answer"] = _role == "receive" ? _answer.RingsBeforeAnswer : 0,
            ["answered_at_s"] = _answer.AnsweredAt is { } t ? Math.Round(t.TotalSeconds, 2) : null,
            ["frames_captured"] = _capture.FramesCaptured,
            ["pacing_timeouts"] = _board.LineSide.PacingTimeouts,
            ["audio_overruns"] = _board.Audio.Counters.Overruns,
            ["audio_underruns"] = _board.Audio.Counters.Underruns,
            ["consumer_timeouts"] = _consumerTimeouts,
            ["session_start_block"] = SessionStartBlock,
            ["tx_write_failures"] = _session?.WriteFailures ?? 0,
            ["heard_level_dbm0"] = double.IsFinite(heard.AverageDbm0) ? Math.Round(heard.AverageDbm0, 2) : null,
            ["heard"] = Heard(),
        };
        if (_gateway is not null && _inbound is not null && record is not null)
        {
            outcome["delivery"] = GatewayDelivery.Finish(_gateway, _inbound, record);
        }

        if (record is not null && _outDir is not null)
        {
            string tracePath = Path.Combine(_outDir, TraceFileName);
            File.WriteAllText(tracePath, record.Trace.ToJsonLines());
            outcome["trace_file"] = tracePath;
        }
        else if (record is not null)
        {
            outcome["trace"] = record.Trace.ToJsonLines();
        }

        return outcome;
    }

    private static JsonArray PageRecords(CallRecord? record)
    {
        var pages = new JsonArray();
        foreach (PageRecord p in record?.Pages ?? [])
        {
            pages.Add(new JsonObject
            {
                ["page"] = p.Number,
                ["rows"] = p.Rows,
                ["bad_rows"] = p.BadRows,
                ["consecutive_bad_rows"] = p.ConsecutiveBadRows,
                ["response"] = p.Response,
                ["modem"] = p.Rate.ToString(),
                ["partial"] = p.Partial,
            });
        }

        return pages;
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

    // Notes the first frame the session sees (its capture sequence is the line block), then passes every frame on.
    private sealed class SessionTap(ApplianceEndpoint owner, FaxCallSession session) : IFrameConsumer
    {
        public void OnFrame(in CapturedFrame frame)
        {
            Interlocked.CompareExchange(ref owner._sessionStartBlock, frame.Sequence, -1);
            session.OnFrame(frame);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _answer.Dispose();
        _capture.Dispose();
        _board.Dispose();
    }
}
