using CsCheck;
using FaxAppliance.Imaging.Storage;

namespace FaxAppliance.Spool.Tests;

public sealed class CorruptDatabaseTests
{
    [Fact]
    public void Open_GarbageDatabaseFile_ReturnsClearErrorEveryTime()
    {
        string dir = Testing.RepoPaths.NewTempDir("spool-corrupt");
        File.WriteAllText(Path.Combine(dir, FaxSpool.DatabaseFileName), "this is not an SQLite database, it is a fax cover page");
        for (int i = 0; i < 3; i++)
        {
            SpoolOpenResult r = FaxSpool.Open(dir);
            Assert.Null(r.Spool);
            Assert.Contains("spool.db", r.Error, StringComparison.Ordinal);
            Assert.Contains("not a database", r.Error, StringComparison.Ordinal);
        }

        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Open_CorruptDatabaseWithQuarantine_MovesItAsideKeepsFaxFilesAndStartsEmpty()
    {
        string dir = Testing.RepoPaths.NewTempDir("spool-quarantine");
        string fax;
        using (FaxSpool first = FaxSpool.Open(dir).Spool!)
        {
            CallTicket t = first.BeginCall(new CallStart());
            DurableFile.WriteAllBytes(t.TiffPath, [1, 2, 3]);
            fax = t.TiffPath;
        }

        string db = Path.Combine(dir, FaxSpool.DatabaseFileName);
        byte[] bytes = File.ReadAllBytes(db);
        Array.Fill(bytes, (byte)0x5A, 0, 100); // destroy the header
        File.WriteAllBytes(db, bytes);
        SpoolOpenResult r = FaxSpool.Open(dir, new SpoolOptions { OnCorruptDatabase = CorruptDatabasePolicy.Quarantine });
        using FaxSpool spool = r.Spool ?? throw new InvalidOperationException(r.Error);
        Assert.Empty(spool.ListCalls());
        Assert.Single(Directory.GetFiles(dir, "spool.db.corrupt-*"));
        Assert.True(File.Exists(fax));
        spool.Purge();
        Assert.True(File.Exists(fax)); // an unlisted folder with a fax is for the administrator, not the purge
        spool.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Open_SpoolPathIsAFile_ReturnsErrorInsteadOfThrowing()
    {
        string dir = Testing.RepoPaths.NewTempDir("spool-file");
        string file = Path.Combine(dir, "spool");
        File.WriteAllText(file, "x");
        SpoolOpenResult r = FaxSpool.Open(file);
        Assert.Null(r.Spool);
        Assert.Contains("cannot create the spool folder", r.Error, StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Open_DatabaseFromNewerFirmware_IsRefused()
    {
        string dir = Testing.RepoPaths.NewTempDir("spool-newer");
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir, FaxSpool.DatabaseFileName)};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA user_version = 99";
            cmd.ExecuteNonQuery();
        }

        SpoolOpenResult r = FaxSpool.Open(dir);
        Assert.Null(r.Spool);
        Assert.Contains("newer firmware", r.Error, StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Open_RandomOrTruncatedDatabaseBytes_NeverThrows()
    {
        string dir = Testing.RepoPaths.NewTempDir("spool-fuzz");
        using (FaxSpool s = FaxSpool.Open(dir).Spool!)
        {
            FillSomeCalls(s);
        }

        string db = Path.Combine(dir, FaxSpool.DatabaseFileName);
        byte[] good = File.ReadAllBytes(db);
        Gen.Select(Gen.Int[0, good.Length], Gen.Int[0, good.Length - 1], Gen.Byte, Gen.Bool).Sample((cut, at, value, truncate) =>
        {
            string trial = Testing.RepoPaths.NewTempDir("spool-fuzz-case");
            byte[] bytes = truncate ? good[..cut] : [.. good];
            if (!truncate)
            {
                bytes[at] = value;
            }

            File.WriteAllBytes(Path.Combine(trial, FaxSpool.DatabaseFileName), bytes);
            SpoolOpenResult r = FaxSpool.Open(trial);
            bool consistent = (r.Spool is null) != (r.Error is null);
            if (r.Spool is { } spool)
            {
                spool.ListCalls(); // usable: the history, the queue and the purge all run
                spool.NextDueAt();
                spool.ClaimNextDue();
                spool.Purge();
                spool.Dispose();
            }

            Directory.Delete(trial, recursive: true);
            return consistent;
        }, iter: 400);
        Directory.Delete(dir, recursive: true);
    }

    private static void FillSomeCalls(FaxSpool s)
    {
        for (int i = 0; i < 20; i++)
        {
            CallTicket t = s.BeginCall(new CallStart("line1", "+1555" + i, new DeliveryRoute($"u{i}@example.test", "smtp", new string('x', 300))));
            s.PageCommitted(t.CallId, 1);
            s.EndCall(t.CallId, new CallOutcome(true));
        }
    }
}
