namespace FaxAppliance.Host;

/// <summary>Where the appliance keeps its state.</summary>
public static class DataFolder
{
    /// <summary>
    /// The absolute path of the data folder: --data if given, else $XDG_STATE_HOME/faxappliance, else
    /// ~/.local/state/faxappliance (XDG Base Directory Specification: state that should persist between restarts),
    /// else ./data.
    /// </summary>
    public static string Resolve(string? given)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            return Path.GetFullPath(given);
        }

        string? stateHome = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (!string.IsNullOrWhiteSpace(stateHome) && Path.IsPathRooted(stateHome))
        {
            return Path.Combine(stateHome, "faxappliance");
        }

        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home)
            ? Path.GetFullPath("data")
            : Path.Combine(home, ".local", "state", "faxappliance");
    }
}
