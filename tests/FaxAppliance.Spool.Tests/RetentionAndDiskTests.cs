namespace FaxAppliance.Spool.Tests;

public sealed class RetentionAndDiskTests
{
    [Fact]
    public void Purge_RemovesDeliveredAfterRetention_KeepsNewerFailedAndQueued()
    {
        using var f = new SpoolFixture(new SpoolOptions { DeliveredRetention = TimeSpan.FromDays(7), FailedRetention = TimeSpan.FromDays(30) });
        CallTicket old = f.ReceivedCall();
        f.Spool.MarkDelivered(f.Spool.ClaimNextDue()!, "250");
        CallTicket failed = f.ReceivedCall();
        f.Spool.MarkFailed(f.Spool.ClaimNextDue()!, "550");
        f.Time.Advance(TimeSpan.FromDays(1));
        CallTicket recent = f.ReceivedCall();
        f.Spool.MarkDelivered(f.Spool.ClaimNextDue()!, "250");
        CallTicket queued = f.ReceivedCall();

        f.Time.Advance(TimeSpan.FromDays(6) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, f.Spool.Purge());
        f.Time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.Equal(1, f.Spool.Purge());
        Assert.Null(f.Spool.GetCall(old.CallId));
        Assert.False(Directory.Exists(old.Folder));
        Assert.All([failed, recent, queued], t => Assert.True(Directory.Exists(t.Folder) && f.Spool.GetCall(t.CallId) is not null));

        f.Time.Advance(TimeSpan.FromDays(60));
        Assert.Equal(2, f.Spool.Purge()); // failed (30 days) and recent (7 days); the queued one is never purged
        Assert.Equal([queued.CallId], f.Spool.ListCalls().Select(c => c.CallId));
        Assert.True(File.Exists(queued.TiffPath));
    }

    [Fact]
    public void Purge_EmptyFolderWithoutRecord_Removed_FolderWithFilesKept()
    {
        using var f = new SpoolFixture();
        string empty = Path.Combine(f.Spool.CallsFolder, "20260101T000000000Z-deadbeef");
        string withFax = Path.Combine(f.Spool.CallsFolder, "20260101T000000000Z-0badf00d");
        Directory.CreateDirectory(empty);
        File.WriteAllBytes(Path.Combine(empty, ".fax.tif.1.tmp"), [1]);
        Directory.CreateDirectory(withFax);
        File.WriteAllBytes(Path.Combine(withFax, FaxSpool.TiffFileName), [1]);
        f.Spool.Purge();
        Assert.False(Directory.Exists(empty));
        Assert.True(File.Exists(Path.Combine(withFax, FaxSpool.TiffFileName)));
    }

    [Fact]
    public void CanAcceptCall_BelowMinimumFreeSpace_RefusesWithReason()
    {
        using var f = new SpoolFixture();
        f.Disk.Bytes = 10_000_000;
        Admission ok = f.Spool.CanAcceptCall(10_000_000);
        Assert.Equal((true, 10_000_000L, ""), (ok.Accept, ok.FreeBytes, ok.Reason));
        f.Disk.Bytes = 9_999_999;
        Admission full = f.Spool.CanAcceptCall(10_000_000);
        Assert.False(full.Accept);
        Assert.Contains("disk full", full.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CanAcceptCall_FreeSpaceUnknown_Refuses()
    {
        using var f = new SpoolFixture();
        f.Disk.Failure = new IOException("device gone");
        Admission a = f.Spool.CanAcceptCall(1);
        Assert.Equal((false, -1L), (a.Accept, a.FreeBytes));
        Assert.Contains("device gone", a.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CanAcceptCall_RealDisk_AcceptsSmallAndRefusesImpossibleMinimum()
    {
        string dir = Testing.RepoPaths.NewTempDir("spool-disk");
        using (FaxSpool spool = FaxSpool.Open(dir).Spool!)
        {
            Assert.True(spool.CanAcceptCall(1).Accept);
            Assert.False(spool.CanAcceptCall(long.MaxValue).Accept);
        }

        Directory.Delete(dir, recursive: true);
    }
}
