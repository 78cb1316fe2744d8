using System.Diagnostics;

namespace FaxAppliance.Testing;

/// <summary>Runs a program to completion for a test, with a generous timeout.</summary>
internal static class ProcessRunner
{
    public static (int ExitCode, string Stdout, string Stderr) Run(string file, IEnumerable<string> args, string? workDir = null, int timeoutSeconds = 300)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workDir ?? RepoPaths.Root,
        };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        using Process p = Process.Start(info)!;
        p.StandardInput.Close();
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutSeconds * 1000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} ran past {timeoutSeconds} s");
        }

        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
