using FaxAppliance.Hal.Config;

namespace FaxAppliance.Host;

/// <summary>Finds out whether the Raspberry Pi board's hardware is present. Paths are under a root so tests can fake them.</summary>
/// <param name="Root">The file system root, "/" on a real system.</param>
public sealed record HardwareProbe(string Root)
{
    /// <summary>The real system.</summary>
    public static HardwareProbe System { get; } = new("/");

    /// <summary>The board model from the device tree (e.g. "Raspberry Pi 4 Model B Rev 1.4"), or null when there is none.</summary>
    public string? DeviceTreeModel()
    {
        string path = Path.Combine(Root, "proc/device-tree/model");
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).TrimEnd('\0', '\n', ' ') : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether a device node exists, e.g. /dev/spidev0.0.</summary>
    public bool DeviceExists(string devicePath) => File.Exists(Path.Combine(Root, devicePath.TrimStart('/')));
}

/// <summary>Which board the host runs on, and why.</summary>
/// <param name="Kind"><see cref="BoardKind.Simulated"/> or <see cref="BoardKind.RaspberryPi"/>.</param>
/// <param name="Reason">Why, for the start-up log.</param>
/// <param name="Explicit">The Raspberry Pi board was asked for by name (not found by "auto").</param>
public sealed record BoardChoice(BoardKind Kind, string Reason, bool Explicit);

/// <summary>Resolves --hal and the configuration's kind to one board.</summary>
public static class BoardSelection
{
    /// <summary>What the host says when the Raspberry Pi board is asked for.</summary>
    public const string RaspberryPiNotBuilt = "the Raspberry Pi HAL is not built yet (it comes with the Raspberry Pi HAL issue); use --hal simulated";

    /// <summary>Chooses the board: --hal wins over the configuration's kind; "auto" looks for the hardware.</summary>
    public static BoardChoice Choose(BoardKind? commandLine, BoardConfig config, HardwareProbe probe)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(probe);
        BoardKind requested = commandLine ?? config.Kind;
        string source = commandLine is null ? "board configuration kind" : "--hal";
        switch (requested)
        {
            case BoardKind.Simulated:
                return new BoardChoice(BoardKind.Simulated, $"{source} \"simulated\"", false);
            case BoardKind.RaspberryPi:
                return new BoardChoice(BoardKind.RaspberryPi, $"{source} \"rpi\"", true);
        }

        string? model = probe.DeviceTreeModel();
        if (model is null || !model.Contains("Raspberry Pi", StringComparison.Ordinal))
        {
            return new BoardChoice(BoardKind.Simulated, "auto: no Raspberry Pi found (no /proc/device-tree/model naming one)", false);
        }

        if (config.Daa is not { } daa || !probe.DeviceExists(daa.Spi.DevicePath))
        {
            string node = config.Daa?.Spi.DevicePath ?? "the DAA's SPI device";
            return new BoardChoice(BoardKind.Simulated, $"auto: {model} found but {node} is missing (SPI not enabled, or no board fitted)", false);
        }

        return new BoardChoice(BoardKind.RaspberryPi, $"auto: {model} with {daa.Spi.DevicePath}", false);
    }
}
