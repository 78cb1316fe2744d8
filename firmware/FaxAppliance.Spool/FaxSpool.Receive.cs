using System.Globalization;
using System.Security.Cryptography;
using FaxAppliance.Imaging.Storage;
using Microsoft.Data.Sqlite;

namespace FaxAppliance.Spool;

public sealed partial class FaxSpool
{
    /// <summary>
    /// Records a new call (state receiving) before it is answered, then creates its folder. The record is committed
    /// first: a crash before the folder exists leaves a call with no pages, which recovery fails cleanly.
    /// </summary>
    public CallTicket BeginCall(CallStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        DateTimeOffset now = _time.GetUtcNow();
        string callId = now.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture) + "-" +
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        string messageId = $"<fax.{callId}@{_options.MessageIdDomain}>"; // RFC 5322 §3.6.4 msg-id, as the mail carries it (FaxMessageBuilder.MessageIdFor)
        lock (_gate)
        {
            using SqliteTransaction tx = _db.BeginTransaction();
            Execute(tx, """
                INSERT INTO calls (id, message_id, state, line, remote_number, started_at, recipient, delivery_method, routing_json)
                VALUES (@id, @mid, 'receiving', @line, @num, @now, @rcpt, @method, @json)
                """,
                ("@id", callId), ("@mid", messageId), ("@line", start.Line), ("@num", start.RemoteNumber),
                ("@now", now.ToUnixTimeMilliseconds()), ("@rcpt", start.Route?.Recipient), ("@method", start.Route?.Method),
                ("@json", start.Route?.DecisionJson));
            Fault("begin.beforeCommit");
            tx.Commit();
        }

        Fault("begin.afterCommit");
        string folder = CallFolder(callId);
        DurableFile.CreateDirectory(folder);
        SpoolLog.CallStarted(_log, callId, folder);
        return new CallTicket(callId, folder, Path.Combine(folder, TiffFileName), messageId);
    }

    /// <summary>Records the remote identity (T.30 TSI, §5.3.6.1.4) once the engine has it.</summary>
    public SpoolStatus SetRemoteIdentity(string callId, string remoteIdentity)
    {
        lock (_gate)
        {
            using SqliteTransaction tx = _db.BeginTransaction();
            int n = Execute(tx, "UPDATE calls SET remote_identity = @tsi WHERE id = @id AND state = 'receiving'",
                ("@tsi", remoteIdentity), ("@id", callId));
            tx.Commit();
            return n == 1 ? SpoolStatus.Ok : StatusOf(callId);
        }
    }

    /// <summary>Records where the fax goes: while receiving, while queued, or on a failed fax before <see cref="Requeue"/>.</summary>
    public SpoolStatus SetRoute(string callId, DeliveryRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentException.ThrowIfNullOrEmpty(route.Recipient);
        lock (_gate)
        {
            using SqliteTransaction tx = _db.BeginTransaction();
            int n = Execute(tx, """
                UPDATE calls SET recipient = @r, delivery_method = @m, routing_json = @j
                WHERE id = @id AND state IN ('receiving', 'received', 'failed')
                """,
                ("@r", route.Recipient), ("@m", route.Method), ("@j", route.DecisionJson), ("@id", callId));
            tx.Commit();
            return n == 1 ? SpoolStatus.Ok : StatusOf(callId);
        }
    }

    /// <summary>
    /// Forgets the route of a call still being received (the final routing, with the sub-address, refused it): ended
    /// without a route, it fails with its note and stays in the spool for the administrator.
    /// </summary>
    public SpoolStatus ClearRoute(string callId)
    {
        lock (_gate)
        {
            using SqliteTransaction tx = _db.BeginTransaction();
            int n = Execute(tx, "UPDATE calls SET recipient = NULL, delivery_method = NULL, routing_json = NULL WHERE id = @id AND state = 'receiving'",
                ("@id", callId));
            tx.Commit();
            return n == 1 ? SpoolStatus.Ok : StatusOf(callId);
        }
    }

    /// <summary>
    /// Records that pages 1..<paramref name="confirmedPages"/> are durable in the call's TIFF. Call it after the page
    /// store's Commit returned and before sending MCF; when it returns <see cref="SpoolStatus.Ok"/> the count is on disk.
    /// A database failure throws <see cref="SqliteException"/>: then no MCF must be sent.
    /// </summary>
    public SpoolStatus PageCommitted(string callId, int confirmedPages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(confirmedPages, 1);
        lock (_gate)
        {
            using SqliteTransaction tx = _db.BeginTransaction();
            int n = Execute(tx, """
                UPDATE calls SET confirmed_pages = @n
                WHERE id = @id AND state = 'receiving' AND confirmed_pages IN (@n, @n - 1)
                """, ("@n", confirmedPages), ("@id", callId));
            Fault("page.beforeCommit");
            tx.Commit();
            if (n == 1)
            {
                SpoolLog.PageCommitted(_log, callId, confirmedPages);
                return SpoolStatus.Ok;
            }

            return State(callId) == CallState.Receiving ? SpoolStatus.InvalidPageCount : StatusOf(callId);
        }
    }

    /// <summary>
    /// Ends the call: with confirmed pages and a route it enters the delivery queue (received, due now); without pages
    /// or without a route it fails with that reason. An interrupted call still delivers the pages that were confirmed.
    /// </summary>
    public SpoolStatus EndCall(string callId, CallOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Route is not null && SetRoute(callId, outcome.Route) is not SpoolStatus.Ok and var routeStatus)
        {
            return routeStatus;
        }

        string note = outcome.Note ?? (outcome.Completed ? "completed" : "interrupted");
        lock (_gate)
        {
            using SqliteTransaction tx = _db.BeginTransaction();
            (CallState state, int pages)? ended = FinishReceiving(tx, callId, note);
            Fault("end.beforeCommit");
            tx.Commit();
            if (ended is not { } e)
            {
                return StatusOf(callId);
            }

            SpoolLog.CallEnded(_log, callId, note, e.pages, e.state);
            return SpoolStatus.Ok;
        }
    }

    /// <summary>Moves one receiving call to received (queued) or failed; null when it was not receiving.</summary>
    private (CallState State, int Pages)? FinishReceiving(SqliteTransaction tx, string callId, string note)
    {
        using SqliteCommand read = Command("SELECT confirmed_pages, recipient FROM calls WHERE id = @id AND state = 'receiving'", ("@id", callId));
        read.Transaction = tx;
        int pages;
        bool routed;
        using (SqliteDataReader r = read.ExecuteReader())
        {
            if (!r.Read())
            {
                return null;
            }

            pages = r.GetInt32(0);
            routed = !r.IsDBNull(1);
        }

        long now = Now;
        if (pages > 0 && routed)
        {
            Execute(tx, "UPDATE calls SET state = 'received', ended_at = @now, end_note = @note, next_attempt_at = @now WHERE id = @id",
                ("@now", now), ("@note", note), ("@id", callId));
            return (CallState.Received, pages);
        }

        string reason = pages == 0 ? "no page was confirmed to the sender" : "no recipient was decided for the fax";
        Execute(tx, """
            UPDATE calls SET state = 'failed', ended_at = @now, end_note = @note, failure_reason = @why, failed_at = @now
            WHERE id = @id
            """, ("@now", now), ("@note", note), ("@why", reason), ("@id", callId));
        return (CallState.Failed, pages);
    }

    /// <summary>After a restart nothing is receiving or delivering any more: finish those calls (see <see cref="Open"/>).</summary>
    private void RecoverAfterRestart()
    {
        var receiving = new List<string>();
        var delivering = new List<string>();
        lock (_gate)
        {
            using SqliteTransaction tx = _db.BeginTransaction();
            using (SqliteCommand cmd = Command("SELECT id, state FROM calls WHERE state IN ('receiving', 'delivering')"))
            {
                cmd.Transaction = tx;
                using SqliteDataReader r = cmd.ExecuteReader();
                while (r.Read())
                {
                    (r.GetString(1) == "receiving" ? receiving : delivering).Add(r.GetString(0));
                }
            }

            var outcomes = new List<(string Id, CallState Was, CallState Now, int Pages)>();
            foreach (string id in receiving)
            {
                if (FinishReceiving(tx, id, "interrupted by a restart") is { } e)
                {
                    outcomes.Add((id, CallState.Receiving, e.State, e.Pages));
                }

                Fault("recover.receiving");
            }

            foreach (string id in delivering)
            {
                Execute(tx, "UPDATE calls SET state = 'received', lease_until = NULL, next_attempt_at = @now WHERE id = @id",
                    ("@now", Now), ("@id", id));
                outcomes.Add((id, CallState.Delivering, CallState.Received, 0));
            }

            Fault("recover.beforeCommit");
            tx.Commit();
            foreach ((string id, CallState was, CallState now, int pages) in outcomes)
            {
                SpoolLog.Recovered(_log, id, was, now, pages);
            }
        }

        foreach (string id in receiving)
        {
            RemoveTempFiles(CallFolder(id));
        }
    }

    /// <summary>Deletes the temporary files of writes a crash interrupted (".NAME.GUID.tmp").</summary>
    private static void RemoveTempFiles(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (string file in Directory.EnumerateFiles(folder))
        {
            if (DurableFile.IsTempName(Path.GetFileName(file)))
            {
                File.Delete(file);
            }
        }
    }

    private CallState? State(string callId)
    {
        using SqliteCommand cmd = Command("SELECT state FROM calls WHERE id = @id", ("@id", callId));
        return cmd.ExecuteScalar() is string s ? SpoolSchema.FromText(s) : null;
    }

    /// <summary>Why an update matched no row: the call does not exist, or it is in another state.</summary>
    private SpoolStatus StatusOf(string callId) => State(callId) is null ? SpoolStatus.UnknownCall : SpoolStatus.WrongState;
}
