using Microsoft.Data.Sqlite;

namespace FaxAppliance.Spool;

public sealed partial class FaxSpool
{
    /// <summary>
    /// Claims the next fax that is due (queued and its retry time reached, or a delivery whose lease expired) and
    /// leases it for <see cref="SpoolOptions.Lease"/>. Null when nothing is due.
    /// </summary>
    public DeliveryItem? ClaimNextDue()
    {
        long now = Now;
        long leaseUntil = now + (long)_options.Lease.TotalMilliseconds;
        lock (_gate)
        {
            using SqliteTransaction tx = _db.BeginTransaction();
            DeliveryItem? item;
            using (SqliteCommand pick = Command("""
                SELECT id, message_id, confirmed_pages, recipient, delivery_method, routing_json, attempts FROM calls
                WHERE (state = 'received' AND next_attempt_at <= @now) OR (state = 'delivering' AND lease_until <= @now)
                ORDER BY COALESCE(next_attempt_at, lease_until), id LIMIT 1
                """, ("@now", now)))
            {
                pick.Transaction = tx;
                using SqliteDataReader r = pick.ExecuteReader();
                if (!r.Read())
                {
                    return null;
                }

                string id = r.GetString(0);
                item = new DeliveryItem(id, r.GetString(1), Path.Combine(CallFolder(id), TiffFileName), r.GetInt32(2),
                    new DeliveryRoute(r.GetString(3), Text(r, 4) ?? "", Text(r, 5)), r.GetInt32(6) + 1,
                    DateTimeOffset.FromUnixTimeMilliseconds(leaseUntil));
            }

            Execute(tx, "UPDATE calls SET state = 'delivering', attempts = @a, lease_until = @until WHERE id = @id",
                ("@a", item.Attempt), ("@until", leaseUntil), ("@id", item.CallId));
            Fault("claim.beforeCommit");
            tx.Commit();
            SpoolLog.Claimed(_log, item.CallId, item.Attempt, item.Route.Recipient);
            return item;
        }
    }

    /// <summary>When the next queued fax becomes due (for the worker's sleep), or null when the queue is empty.</summary>
    public DateTimeOffset? NextDueAt()
    {
        lock (_gate)
        {
            using SqliteCommand cmd = Command("""
                SELECT MIN(CASE state WHEN 'received' THEN next_attempt_at ELSE lease_until END) FROM calls
                WHERE state IN ('received', 'delivering')
                """);
            return cmd.ExecuteScalar() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        }
    }

    /// <summary>The mail server accepted the fax: it leaves the queue. <see cref="SpoolStatus.LeaseLost"/> when another attempt owns it.</summary>
    public SpoolStatus MarkDelivered(DeliveryItem item, string serverReply)
    {
        ArgumentNullException.ThrowIfNull(item);
        long now = Now;
        SpoolStatus status = Finish(item, "delivered.beforeCommit", """
            UPDATE calls SET state = 'delivered', delivered_at = @now, server_reply = @text, lease_until = NULL, next_attempt_at = NULL
            WHERE id = @id AND state = 'delivering' AND attempts = @a
            """, now, serverReply);
        if (status == SpoolStatus.Ok)
        {
            SpoolLog.Delivered(_log, item.CallId, serverReply);
        }

        return status;
    }

    /// <summary>A permanent failure (e.g. SMTP 5xx, RFC 5321 §4.2.1): the fax stays visible as failed with the reason.</summary>
    public SpoolStatus MarkFailed(DeliveryItem item, string reason)
    {
        ArgumentNullException.ThrowIfNull(item);
        SpoolStatus status = Finish(item, "failed.beforeCommit", """
            UPDATE calls SET state = 'failed', failed_at = @now, failure_reason = @text, lease_until = NULL, next_attempt_at = NULL
            WHERE id = @id AND state = 'delivering' AND attempts = @a
            """, Now, reason);
        if (status == SpoolStatus.Ok)
        {
            SpoolLog.Failed(_log, item.CallId, reason);
        }

        return status;
    }

    /// <summary>
    /// A temporary failure (SMTP 4xx, network): back to the queue after <see cref="DeliveryBackoff.Delay"/>; once
    /// <see cref="SpoolOptions.GiveUpAfter"/> has passed since the call ended the fax fails instead (<see cref="SpoolStatus.GaveUp"/>).
    /// </summary>
    public SpoolStatus Reschedule(DeliveryItem item, string error)
    {
        ArgumentNullException.ThrowIfNull(item);
        DateTimeOffset now = _time.GetUtcNow();
        DateTimeOffset next = now + DeliveryBackoff.Delay(item.Attempt, _options.RetryBase, _options.RetryMax);
        long giveUpAt;
        lock (_gate)
        {
            using SqliteCommand cmd = Command("SELECT COALESCE(ended_at, started_at) FROM calls WHERE id = @id", ("@id", item.CallId));
            if (cmd.ExecuteScalar() is not long ended)
            {
                return SpoolStatus.UnknownCall;
            }

            giveUpAt = ended + (long)_options.GiveUpAfter.TotalMilliseconds;
        }

        if (next.ToUnixTimeMilliseconds() > giveUpAt)
        {
            string reason = $"gave up after {item.Attempt} attempts: {error}";
            SpoolStatus s = Finish(item, "failed.beforeCommit", """
                UPDATE calls SET state = 'failed', failed_at = @now, failure_reason = @text, last_error = @text, lease_until = NULL,
                    next_attempt_at = NULL
                WHERE id = @id AND state = 'delivering' AND attempts = @a
                """, now.ToUnixTimeMilliseconds(), reason);
            if (s != SpoolStatus.Ok)
            {
                return s;
            }

            SpoolLog.Failed(_log, item.CallId, reason);
            return SpoolStatus.GaveUp;
        }

        SpoolStatus status = Finish(item, "reschedule.beforeCommit", """
            UPDATE calls SET state = 'received', last_error = @text, lease_until = NULL, next_attempt_at = @next
            WHERE id = @id AND state = 'delivering' AND attempts = @a
            """, now.ToUnixTimeMilliseconds(), error, ("@next", next.ToUnixTimeMilliseconds()));
        if (status == SpoolStatus.Ok)
        {
            SpoolLog.Rescheduled(_log, item.CallId, item.Attempt, error, next);
        }

        return status;
    }

    /// <summary>
    /// An administrator's "retry": a failed fax with pages and a route goes back to the queue, due now. Past
    /// <see cref="SpoolOptions.GiveUpAfter"/> it gets one more attempt before failing again.
    /// </summary>
    public SpoolStatus Requeue(string callId)
    {
        lock (_gate)
        {
            using SqliteTransaction tx = _db.BeginTransaction();
            int n = Execute(tx, """
                UPDATE calls SET state = 'received', failure_reason = NULL, failed_at = NULL, next_attempt_at = @now
                WHERE id = @id AND state = 'failed' AND confirmed_pages > 0 AND recipient IS NOT NULL
                """, ("@now", Now), ("@id", callId));
            tx.Commit();
            return n == 1 ? SpoolStatus.Ok : StatusOf(callId);
        }
    }

    private SpoolStatus Finish(DeliveryItem item, string faultPoint, string sql, long now, string text, params (string, object?)[] extra)
    {
        lock (_gate)
        {
            using SqliteTransaction tx = _db.BeginTransaction();
            (string, object?)[] args = [("@now", now), ("@text", text), ("@id", item.CallId), ("@a", item.Attempt), .. extra];
            int n = Execute(tx, sql, args);
            Fault(faultPoint);
            tx.Commit();
            if (n == 1)
            {
                return SpoolStatus.Ok;
            }

            if (State(item.CallId) is null)
            {
                return SpoolStatus.UnknownCall;
            }

            SpoolLog.LeaseLost(_log, item.CallId, item.Attempt);
            return SpoolStatus.LeaseLost;
        }
    }
}
