namespace FaxAppliance.Hal.Config;

/// <summary>One problem in a board configuration.</summary>
/// <param name="Path">The field, as a JSON path without the leading <c>$.</c> (<c>daa.spi.bus</c>, <c>simulated.ringCadenceMs[2]</c>); empty for the file as a whole.</param>
/// <param name="Message">What is wrong and what is expected.</param>
public sealed record BoardConfigError(string Path, string Message)
{
    /// <summary>"path: message", or the message alone for the whole file.</summary>
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}
