namespace FaxAppliance.Host.Tests;

/// <summary>A fresh folder under the system temp folder, deleted at the end.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "faxappliance-test-" + Guid.NewGuid().ToString("N"));

    public static string RepositoryRoot() => FaxAppliance.Testing.RepoPaths.Root;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
