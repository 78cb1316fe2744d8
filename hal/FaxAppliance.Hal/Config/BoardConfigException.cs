namespace FaxAppliance.Hal.Config;

/// <summary>A board configuration that cannot be used, with every problem found.</summary>
public sealed class BoardConfigException : Exception
{
    /// <summary>Creates the exception for a list of problems.</summary>
    /// <param name="source">The file (or other source) the configuration came from.</param>
    /// <param name="errors">Every problem found; at least one.</param>
    public BoardConfigException(string source, IReadOnlyList<BoardConfigError> errors)
        : base(FormatMessage(source, errors))
    {
        ConfigSource = source;
        Errors = errors;
    }

    /// <summary>Creates the exception with a message and no field errors.</summary>
    public BoardConfigException()
        : this("board configuration", [new BoardConfigError(string.Empty, "is not valid")])
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BoardConfigException(string message)
        : this("board configuration", [new BoardConfigError(string.Empty, message)])
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public BoardConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        ConfigSource = "board configuration";
        Errors = [new BoardConfigError(string.Empty, message)];
    }

    /// <summary>The file (or other source) the configuration came from.</summary>
    public string ConfigSource { get; }

    /// <summary>Every problem found, in file order.</summary>
    public IReadOnlyList<BoardConfigError> Errors { get; }

    private static string FormatMessage(string source, IReadOnlyList<BoardConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count == 1
            ? $"{source} is not valid: {errors[0]}"
            : $"{source} is not valid ({errors.Count} problems): {string.Join("; ", errors)}";
    }
}
