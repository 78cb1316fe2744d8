namespace FaxAppliance.Spool.Tests;

/// <summary>
/// Entry point of the test assembly when started as a process: the crash-consistency test runs it as
/// <c>dotnet FaxAppliance.Spool.Tests.dll crash-host ...</c> (the test runner loads the assembly as a library and never calls this).
/// </summary>
public static class Program
{
    /// <summary>Runs the crash host, or says how.</summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == CrashHost.Verb)
        {
            return CrashHost.Run(args.AsSpan(1));
        }

        Console.Error.WriteLine($"usage: dotnet FaxAppliance.Spool.Tests.dll {CrashHost.Verb} SPOOL MAILBOX SEED CALLS KILL-PROBABILITY");
        return 2;
    }
}
