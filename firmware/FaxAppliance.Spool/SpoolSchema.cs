namespace FaxAppliance.Spool;

/// <summary>The spool database's tables. One row per call: the call record and its delivery-queue entry are the same row,
/// so a state change is one UPDATE and never two rows that can disagree after a crash.</summary>
internal static class SpoolSchema
{
    /// <summary>PRAGMA user_version of the schema below.</summary>
    public const int Version = 1;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS calls (
            id              TEXT PRIMARY KEY,
            message_id      TEXT NOT NULL UNIQUE,
            state           TEXT NOT NULL CHECK (state IN ('receiving','received','delivering','delivered','failed')),
            line            TEXT,
            remote_number   TEXT,
            remote_identity TEXT,
            started_at      INTEGER NOT NULL,
            ended_at        INTEGER,
            confirmed_pages INTEGER NOT NULL DEFAULT 0 CHECK (confirmed_pages >= 0),
            end_note        TEXT,
            recipient       TEXT,
            delivery_method TEXT,
            routing_json    TEXT,
            attempts        INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER,
            lease_until     INTEGER,
            last_error      TEXT,
            server_reply    TEXT,
            delivered_at    INTEGER,
            failure_reason  TEXT,
            failed_at       INTEGER
        );
        CREATE INDEX IF NOT EXISTS calls_queue ON calls (state, next_attempt_at);
        CREATE INDEX IF NOT EXISTS calls_started ON calls (started_at);
        """;

    /// <summary>The columns <see cref="FaxSpool"/> reads into a <see cref="CallRecord"/>, in order.</summary>
    public const string RecordColumns =
        "id, message_id, state, line, remote_number, remote_identity, started_at, ended_at, confirmed_pages, end_note, " +
        "recipient, delivery_method, routing_json, attempts, next_attempt_at, last_error, server_reply, delivered_at, " +
        "failure_reason, failed_at";

    public static string ToText(CallState state) => state switch
    {
        CallState.Receiving => "receiving",
        CallState.Received => "received",
        CallState.Delivering => "delivering",
        CallState.Delivered => "delivered",
        _ => "failed",
    };

    public static CallState FromText(string text) => text switch
    {
        "receiving" => CallState.Receiving,
        "received" => CallState.Received,
        "delivering" => CallState.Delivering,
        "delivered" => CallState.Delivered,
        _ => CallState.Failed,
    };
}
