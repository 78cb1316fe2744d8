using FaxAppliance.Imaging.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;

namespace FaxAppliance.Spool;

/// <summary>The result of <see cref="FaxSpool.Open"/>: a spool, or why there is none.</summary>
/// <param name="Spool">The open spool, or null.</param>
/// <param name="Error">Why it could not be opened (for the log and the status page), or null.</param>
public sealed record SpoolOpenResult(FaxSpool? Spool, string? Error);

/// <summary>
/// The durable spool: one folder holding spool.db (SQLite, WAL, synchronous=FULL: a committed transaction is on disk)
/// and calls/&lt;call id&gt;/fax.tif. The TIFF is the truth for the pages; the database says how many were confirmed.
/// <para>Order of durable writes per page, so that a crash at any point loses nothing the sender was told about and
/// delivers nothing half-written: (1) the page store rewrites fax.tif with pages 1..n (temp, fsync, rename, fsync of the
/// folder); (2) <see cref="PageCommitted"/> commits confirmed_pages = n; (3) only then the engine sends MCF
/// (T.30 §5.3.6.1.7 / Figure 5.2: MCF means the page was received). A crash between (1) and (2) leaves a complete page
/// n in the file that was never confirmed: it is delivered too (whole, not half), and the sender, having had no MCF,
/// may send it again in a new call.</para>
/// <para>Delivery is at-least-once: a crash after the mail server accepted a message but before
/// <see cref="MarkDelivered"/> committed sends it again on the next attempt with the same Message-ID. SMTP has no
/// exactly-once; the stable Message-ID (RFC 5322 §3.6.4) lets the mailbox side recognise the repeat.</para>
/// Thread-safe: all operations run under one lock on one connection.
/// </summary>
public sealed partial class FaxSpool : IDisposable
{
    /// <summary>The database file name inside the spool folder.</summary>
    public const string DatabaseFileName = "spool.db";

    /// <summary>The TIFF file name inside a call's folder.</summary>
    public const string TiffFileName = "fax.tif";

    private const int SqliteCorrupt = 11; // SQLITE_CORRUPT
    private const int SqliteNotADatabase = 26; // SQLITE_NOTADB

    private readonly Lock _gate = new();
    private readonly SqliteConnection _db;
    private readonly SpoolOptions _options;
    private readonly TimeProvider _time;
    private readonly IFreeSpaceProvider _freeSpace;
    private readonly ILogger _log;

    private FaxSpool(string folder, SqliteConnection db, SpoolOptions options, TimeProvider time, IFreeSpaceProvider freeSpace, ILogger log)
    {
        Folder = folder;
        _db = db;
        _options = options;
        _time = time;
        _freeSpace = freeSpace;
        _log = log;
    }

    /// <summary>The spool folder.</summary>
    public string Folder { get; }

    /// <summary>The folder holding one sub-folder per call.</summary>
    public string CallsFolder => Path.Combine(Folder, "calls");

    /// <summary>Test seam: called with a point name at places where a crash matters (inside transactions, before commit).</summary>
    internal Action<string>? FaultInjection { get; set; }

    /// <summary>
    /// Opens (or creates) the spool in <paramref name="folder"/> and recovers from a crash: calls left receiving become
    /// received with the pages confirmed so far (failed with none), deliveries in progress return to the queue.
    /// Never throws for a bad database or an unusable folder: the result carries the reason.
    /// </summary>
    public static SpoolOpenResult Open(string folder, SpoolOptions? options = null, TimeProvider? time = null,
        IFreeSpaceProvider? freeSpace = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        options ??= new SpoolOptions();
        ILogger log = logger ?? NullLogger.Instance;
        string full = Path.GetFullPath(folder);
        string dbPath = Path.Combine(full, DatabaseFileName);
        try
        {
            DurableFile.CreateDirectory(full);
            DurableFile.CreateDirectory(Path.Combine(full, "calls"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SpoolOpenResult(null, $"cannot create the spool folder {full}: {e.Message}");
        }

        for (int tries = 0; ; tries++)
        {
            string? error = TryOpenDatabase(dbPath, out SqliteConnection? db, out bool corrupt);
            if (db is not null)
            {
                var spool = new FaxSpool(full, db, options, time ?? TimeProvider.System, freeSpace ?? new DriveFreeSpaceProvider(), log);
                try
                {
                    spool.RecoverAfterRestart();
                }
                catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
                {
                    spool.Dispose();
                    return new SpoolOpenResult(null, $"spool database {dbPath}: recovery failed: {e.Message}");
                }

                SpoolLog.Opened(log, full);
                return new SpoolOpenResult(spool, null);
            }

            SpoolLog.Corrupt(log, dbPath, error!);
            if (!corrupt || options.OnCorruptDatabase != CorruptDatabasePolicy.Quarantine || tries > 0)
            {
                return new SpoolOpenResult(null, $"spool database {dbPath} is unusable: {error}");
            }

            string? moved = Quarantine(dbPath, time ?? TimeProvider.System, out string? moveError);
            if (moved is null)
            {
                return new SpoolOpenResult(null, $"spool database {dbPath} is corrupt ({error}) and could not be moved aside: {moveError}");
            }

            SpoolLog.Quarantined(log, moved);
        }
    }

    /// <summary>One call's record, or null.</summary>
    public CallRecord? GetCall(string callId)
    {
        lock (_gate)
        {
            using SqliteCommand cmd = Command($"SELECT {SpoolSchema.RecordColumns} FROM calls WHERE id = @id", ("@id", callId));
            using SqliteDataReader r = cmd.ExecuteReader();
            return r.Read() ? ReadRecord(r) : null;
        }
    }

    /// <summary>The newest calls first, for the history page.</summary>
    public IReadOnlyList<CallRecord> ListCalls(int limit = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_gate)
        {
            using SqliteCommand cmd = Command($"SELECT {SpoolSchema.RecordColumns} FROM calls ORDER BY started_at DESC, id DESC LIMIT @n", ("@n", limit));
            using SqliteDataReader r = cmd.ExecuteReader();
            var list = new List<CallRecord>();
            while (r.Read())
            {
                list.Add(ReadRecord(r));
            }

            return list;
        }
    }

    /// <summary>The folder of call <paramref name="callId"/>.</summary>
    public string CallFolder(string callId) => Path.Combine(CallsFolder, callId);

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            _db.Dispose();
        }
    }

    private static string? TryOpenDatabase(string dbPath, out SqliteConnection? db, out bool corrupt)
    {
        db = null;
        corrupt = false;
        var conn = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = dbPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            conn.Open();
            string mode = Scalar(conn, "PRAGMA journal_mode = WAL") as string ?? "";
            if (!mode.Equals("wal", StringComparison.OrdinalIgnoreCase))
            {
                conn.Dispose();
                return $"journal_mode WAL refused (got '{mode}')";
            }

            Exec(conn, "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON");
            // integrity_check (not quick_check): it also verifies the indexes the queue queries use; the spool is small.
            string check = Scalar(conn, "PRAGMA integrity_check(1)") as string ?? "";
            if (check != "ok")
            {
                conn.Dispose();
                corrupt = true;
                return $"integrity check: {check}";
            }

            long version = (long)(Scalar(conn, "PRAGMA user_version") ?? 0L);
            if (version > SpoolSchema.Version)
            {
                conn.Dispose();
                return $"written by a newer firmware (schema {version}, this firmware knows {SpoolSchema.Version})";
            }

            Exec(conn, SpoolSchema.Create + $"PRAGMA user_version = {SpoolSchema.Version};");
            if (SchemaText(conn) != ExpectedSchemaText.Value)
            {
                conn.Dispose();
                corrupt = true;
                return "damaged schema: the tables differ from the ones this firmware creates";
            }

            try
            {
                // The checks do not parse the schema text or decode every value: a damaged column name or record
                // header passes them. Read every row once, as the queries will.
                using SqliteCommand scan = conn.CreateCommand();
                scan.CommandText = $"SELECT {SpoolSchema.RecordColumns}, lease_until FROM calls";
                using SqliteDataReader r = scan.ExecuteReader();
                while (r.Read())
                {
                    _ = ReadRecord(r);
                    _ = Time(r, 20);
                }
            }
            catch (Exception e) when (e is SqliteException or InvalidCastException or FormatException or OverflowException or ArgumentException)
            {
                conn.Dispose();
                corrupt = true;
                return $"damaged schema or record: {e.Message}";
            }

            db = conn;
            return null;
        }
        catch (SqliteException e)
        {
            conn.Dispose();
            corrupt = e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase;
            return $"{e.Message} (SQLite error {e.SqliteErrorCode})";
        }
    }

    /// <summary>The schema a fresh database gets, to compare an existing one with (integrity_check does not read the SQL text).</summary>
    private static readonly Lazy<string> ExpectedSchemaText = new(() =>
    {
        using var mem = new SqliteConnection("Data Source=:memory:");
        mem.Open();
        Exec(mem, SpoolSchema.Create);
        return SchemaText(mem);
    });

    private static string SchemaText(SqliteConnection conn)
    {
        using SqliteCommand cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name";
        using SqliteDataReader r = cmd.ExecuteReader();
        var text = new System.Text.StringBuilder();
        while (r.Read())
        {
            text.Append(r.GetString(0)).Append('|').Append(r.GetString(1)).Append('|').Append(r.GetString(2)).Append('|')
                .Append(r.IsDBNull(3) ? "" : r.GetString(3)).Append('\n');
        }

        return text.ToString();
    }

    private static string? Quarantine(string dbPath, TimeProvider time, out string? error)
    {
        string stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        string target = $"{dbPath}.corrupt-{stamp}";
        try
        {
            foreach (string suffix in (string[])["-wal", "-shm"])
            {
                if (File.Exists(dbPath + suffix))
                {
                    File.Move(dbPath + suffix, target + suffix, overwrite: true);
                }
            }

            File.Move(dbPath, target, overwrite: true);
            DurableFile.SyncDirectory(Path.GetDirectoryName(dbPath)!);
            error = null;
            return target;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = e.Message;
            return null;
        }
    }

    private static object? Scalar(SqliteConnection conn, string sql)
    {
        using SqliteCommand cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private static void Exec(SqliteConnection conn, string sql)
    {
        using SqliteCommand cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] args)
    {
        SqliteCommand cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        foreach ((string name, object? value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return cmd;
    }

    private int Execute(SqliteTransaction tx, string sql, params (string Name, object? Value)[] args)
    {
        using SqliteCommand cmd = Command(sql, args);
        cmd.Transaction = tx;
        return cmd.ExecuteNonQuery();
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private void Fault(string point) => FaultInjection?.Invoke(point);

    private static DateTimeOffset? Time(SqliteDataReader r, int i) =>
        r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));

    private static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static CallRecord ReadRecord(SqliteDataReader r) => new()
    {
        CallId = r.GetString(0),
        MessageId = r.GetString(1),
        State = SpoolSchema.FromText(r.GetString(2)),
        Line = Text(r, 3),
        RemoteNumber = Text(r, 4),
        RemoteIdentity = Text(r, 5),
        StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)),
        EndedAt = Time(r, 7),
        Pages = r.GetInt32(8),
        EndNote = Text(r, 9),
        Route = r.IsDBNull(10) ? null : new DeliveryRoute(r.GetString(10), Text(r, 11) ?? "", Text(r, 12)),
        Attempts = r.GetInt32(13),
        NextAttemptAt = Time(r, 14),
        LastError = Text(r, 15),
        ServerReply = Text(r, 16),
        DeliveredAt = Time(r, 17),
        FailureReason = Text(r, 18),
        FailedAt = Time(r, 19),
    };
}
