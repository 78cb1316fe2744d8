namespace FaxAppliance.Testing;

/// <summary>Locations in the repository for tests (linked source, not a product API).</summary>
internal static class RepoPaths
{
    /// <summary>The repository root: the folder holding FaxAppliance.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The spandsp reference remote built by tools/build-native.</summary>
    public static string FaxRemote
    {
        get
        {
            string path = Path.Combine(Root, "build", "native", "faxremote");
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"{path} is missing: run tools/build-native (tools/test does) first");
            }

            return path;
        }
    }

    /// <summary>A fresh temporary folder for one test.</summary>
    public static string NewTempDir(string name)
    {
        string dir = Path.Combine(Path.GetTempPath(), "faxappliance-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRoot()
    {
        // Built in the tree, the tests sit below the root; built elsewhere (--artifacts-path), the
        // environment variable or the folder the tests were built from says where the checkout is.
        string? builtFrom = typeof(RepoPaths).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        string?[] starts = [AppContext.BaseDirectory, Environment.GetEnvironmentVariable("FAXAPPLIANCE_ROOT"), builtFrom, Environment.CurrentDirectory];
        foreach (string? start in starts)
        {
            for (string? dir = start; !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(Path.Combine(dir, "FaxAppliance.sln")))
                {
                    return dir;
                }
            }
        }

        throw new InvalidOperationException("FaxAppliance.sln not found above " + AppContext.BaseDirectory + "; set FAXAPPLIANCE_ROOT");
    }
}
