using FaxAppliance.Imaging.Storage;
namespace FaxAppliance.Spool.Tests;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>A disk whose free space the test sets (or makes fail).</summary>
internal sealed class FakeFreeSpace : IFreeSpaceProvider
{
    public long Bytes { get; set; } = 1L << 30;

    public Exception? Failure { get; set; }

    public long AvailableBytes(string path) => Failure is { } e ? throw e : Bytes;
}

/// <summary>A spool in a fresh temporary folder with a manual clock.</summary>
internal sealed class SpoolFixture : IDisposable
{
    public static readonly DeliveryRoute Route = new("alice@example.test", "smtp", """{"reason":"mailbox 201"}""");

    public SpoolFixture(SpoolOptions? options = null)
    {
        Folder = Testing.RepoPaths.NewTempDir("spool");
        Options = options ?? new SpoolOptions();
        Spool = Reopen();
    }

    public string Folder { get; }

    public SpoolOptions Options { get; }

    public ManualTime Time { get; } = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));

    public FakeFreeSpace Disk { get; } = new();

    public FaxSpool Spool { get; private set; }

    /// <summary>Closes and opens the spool again, as after a restart.</summary>
    public FaxSpool Reopen()
    {
        Spool?.Dispose();
        SpoolOpenResult r = FaxSpool.Open(Folder, Options, Time, Disk);
        Spool = r.Spool ?? throw new InvalidOperationException(r.Error);
        return Spool;
    }

    /// <summary>A call that received <paramref name="pages"/> pages (a fake TIFF written) and ended normally.</summary>
    public CallTicket ReceivedCall(int pages = 2, DeliveryRoute? route = null)
    {
        CallTicket t = Spool.BeginCall(new CallStart("line1", "+15550100", route ?? Route));
        for (int p = 1; p <= pages; p++)
        {
            DurableFile.WriteAllBytes(t.TiffPath, new byte[p * 10]);
            Assert.Equal(SpoolStatus.Ok, Spool.PageCommitted(t.CallId, p));
        }

        Assert.Equal(SpoolStatus.Ok, Spool.EndCall(t.CallId, new CallOutcome(true)));
        return t;
    }

    public void Dispose()
    {
        Spool.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
