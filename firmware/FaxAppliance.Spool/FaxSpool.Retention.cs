using FaxAppliance.Imaging.Storage;
using Microsoft.Data.Sqlite;

namespace FaxAppliance.Spool;

public sealed partial class FaxSpool
{
    /// <summary>
    /// Whether to answer a call: refuse (the host answers busy or not at all, T.30 §5.3.6.1.1 leaves that to the called
    /// terminal) when fewer than <paramref name="minFreeBytes"/> are free, rather than confirm pages it cannot store.
    /// </summary>
    public Admission CanAcceptCall(long minFreeBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minFreeBytes);
        long free;
        try
        {
            free = _freeSpace.AvailableBytes(Folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            var unknown = new Admission(false, -1, $"free space on {Folder} unknown: {e.Message}");
            SpoolLog.Refusing(_log, unknown.Reason);
            return unknown;
        }

        if (free >= minFreeBytes)
        {
            return new Admission(true, free, "");
        }

        var refuse = new Admission(false, free, $"spool disk full: {free} bytes free, {minFreeBytes} needed");
        SpoolLog.Refusing(_log, refuse.Reason);
        return refuse;
    }

    /// <summary>
    /// Deletes delivered faxes older than <see cref="SpoolOptions.DeliveredRetention"/> and failed ones older than
    /// <see cref="SpoolOptions.FailedRetention"/> (files first, then the record: a crash in between leaves a record whose
    /// folder is gone, purged again next time, never an unlisted folder). Empty folders without a record (a crash right
    /// after <see cref="BeginCall"/>) are removed; folders with files but no record are logged and left alone.
    /// Returns the number of calls purged.
    /// </summary>
    public int Purge()
    {
        long now = Now;
        long deliveredBefore = now - (long)_options.DeliveredRetention.TotalMilliseconds;
        long failedBefore = now - (long)_options.FailedRetention.TotalMilliseconds;
        // List the folders before reading the records: BeginCall commits the record before it creates the folder,
        // so every folder listed here already has its record visible below (no race with a call being answered).
        string[] folders = Directory.GetDirectories(CallsFolder);
        var expired = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        lock (_gate)
        {
            using SqliteCommand cmd = Command("""
                SELECT id, (state = 'delivered' AND delivered_at < @d) OR (state = 'failed' AND failed_at < @f) FROM calls
                """, ("@d", deliveredBefore), ("@f", failedBefore));
            using SqliteDataReader r = cmd.ExecuteReader();
            while (r.Read())
            {
                string id = r.GetString(0);
                known.Add(id);
                if (r.GetInt64(1) == 1)
                {
                    expired.Add(id);
                }
            }
        }

        foreach (string id in expired)
        {
            string folder = CallFolder(id);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            DurableFile.SyncDirectory(CallsFolder);
            Fault("purge.filesGone");
            lock (_gate)
            {
                using SqliteTransaction tx = _db.BeginTransaction();
                Execute(tx, "DELETE FROM calls WHERE id = @id AND state IN ('delivered', 'failed')", ("@id", id));
                tx.Commit();
            }

            SpoolLog.Purged(_log, id);
        }

        foreach (string folder in folders)
        {
            if (known.Contains(Path.GetFileName(folder)))
            {
                continue;
            }

            if (Directory.EnumerateFileSystemEntries(folder).All(e => DurableFile.IsTempName(Path.GetFileName(e))))
            {
                Directory.Delete(folder, recursive: true);
            }
            else
            {
                SpoolLog.Orphan(_log, folder);
            }
        }

        return expired.Count;
    }
}
