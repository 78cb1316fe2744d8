using System.Globalization;
using FaxAppliance.Hal.Config;

namespace FaxAppliance.Host;

/// <summary>The host's command line. Options take a value as the next argument or after '='.</summary>
public sealed record CommandLine
{
    /// <summary>The usage text printed by --help.</summary>
    public const string Usage = """
        Usage: FaxAppliance.Host [options]
        Starts the fax appliance on its board (the simulated board where no board hardware is found).

          --config FILE         the appliance's configuration (fax, routing, mail, spool; see
                                firmware/FaxAppliance.Gateway): opens its spool and delivers the queued faxes by mail
          --data DIR            folder for the appliance's state; created if missing
                                (default: $XDG_STATE_HOME/faxappliance, else ~/.local/state/faxappliance)
          --board-config FILE   board configuration (default: board-config.json in --repo-root,
                                else in the current directory; the simulated board's defaults if absent)
          --repo-root DIR       the source tree (tools/run passes it)
          --hal auto|simulated|rpi
                                which board: auto = the Raspberry Pi board where found, else simulated
                                (default: the board configuration's "kind")
          --duration SECONDS    stop by itself after this long
          -h, --help            show this help

        Exit status: 0 stopped normally, 1 failed, 2 bad command line or board not available,
        3 invalid board or appliance configuration, or the spool cannot be used.
        """;

    /// <summary><c>--config</c>: the appliance's configuration file; null to run without spool and delivery.</summary>
    public string? ConfigPath { get; init; }

    /// <summary><c>--data</c>.</summary>
    public string? DataDirectory { get; init; }

    /// <summary><c>--board-config</c>.</summary>
    public string? BoardConfigPath { get; init; }

    /// <summary><c>--repo-root</c>.</summary>
    public string? RepoRoot { get; init; }

    /// <summary><c>--hal</c>; null when not given.</summary>
    public BoardKind? Hal { get; init; }

    /// <summary>The longest <c>--duration</c> accepted (a year), far from any date overflow.</summary>
    public const double MaxDurationSeconds = 365.0 * 24 * 3600;

    /// <summary><c>--duration</c>; null to run until stopped.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary><c>--help</c>.</summary>
    public bool ShowHelp { get; init; }

    /// <summary>Parses the arguments; on failure <paramref name="error"/> is one line naming the option.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out CommandLine result, out string error)
    {
        ArgumentNullException.ThrowIfNull(args);
        result = new CommandLine();
        error = string.Empty;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg is "-h" or "--help")
            {
                result = result with { ShowHelp = true };
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                error = $"unexpected argument '{arg}'";
                return false;
            }

            string name = arg;
            string? value = null;
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }

            if (name is not ("--config" or "--data" or "--board-config" or "--repo-root" or "--hal" or "--duration"))
            {
                error = $"unknown option '{name}'";
                return false;
            }

            if (!seen.Add(name))
            {
                error = $"option '{name}' is given more than once";
                return false;
            }

            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    error = $"option '{name}' needs a value";
                    return false;
                }

                value = args[++i];
            }

            if (!TryApply(result, name, value, out result, out error))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryApply(CommandLine current, string name, string value, out CommandLine result, out string error)
    {
        result = current;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = $"option '{name}' needs a value";
            return false;
        }

        switch (name)
        {
            case "--config":
                result = current with { ConfigPath = value };
                return true;
            case "--data":
                result = current with { DataDirectory = value };
                return true;
            case "--board-config":
                result = current with { BoardConfigPath = value };
                return true;
            case "--repo-root":
                if (!Directory.Exists(value))
                {
                    error = $"--repo-root: '{value}' is not a directory";
                    return false;
                }

                result = current with { RepoRoot = value };
                return true;
            case "--hal":
                BoardKind? kind = value switch
                {
                    "auto" => BoardKind.Auto,
                    "simulated" => BoardKind.Simulated,
                    "rpi" => BoardKind.RaspberryPi,
                    _ => null,
                };
                if (kind is null)
                {
                    error = $"--hal: '{value}' is not one of auto, simulated, rpi";
                    return false;
                }

                result = current with { Hal = kind };
                return true;
            default: // --duration
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
                    || !double.IsFinite(seconds) || seconds <= 0 || seconds > MaxDurationSeconds)
                {
                    error = $"--duration: '{value}' is not a number of seconds from 0 to {MaxDurationSeconds:0}";
                    return false;
                }

                result = current with { Duration = TimeSpan.FromSeconds(seconds) };
                return true;
        }
    }
}
