namespace FaxAppliance.LineSim;

/// <summary>Bad input from the user or a misbehaving endpoint: one line for stderr, exit code 2.</summary>
public sealed class UsageException : Exception
{
    /// <summary>Creates the error.</summary>
    public UsageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error.</summary>
    public UsageException()
    {
    }

    /// <summary>Creates the error.</summary>
    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
