namespace FaxAppliance.Spool;

/// <summary>Says how much space is left where the spool lives (injected so tests can fill the disk).</summary>
public interface IFreeSpaceProvider
{
    /// <summary>Bytes available to this process on the file system holding <paramref name="path"/>.</summary>
    long AvailableBytes(string path);
}

/// <summary>Free space from <see cref="DriveInfo"/>.</summary>
public sealed class DriveFreeSpaceProvider : IFreeSpaceProvider
{
    /// <inheritdoc/>
    public long AvailableBytes(string path) => new DriveInfo(Path.GetFullPath(path)).AvailableFreeSpace;
}

/// <summary>Whether the spool can take one more call.</summary>
/// <param name="Accept">True when there is room: answer the call.</param>
/// <param name="FreeBytes">Bytes free (−1 when unknown).</param>
/// <param name="Reason">Why not, for the log and the status page; empty when accepted.</param>
public readonly record struct Admission(bool Accept, long FreeBytes, string Reason);
