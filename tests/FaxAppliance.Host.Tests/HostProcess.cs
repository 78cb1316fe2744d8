using System.Diagnostics;
using System.Text;

namespace FaxAppliance.Host.Tests;

/// <summary>Runs the built host (FaxAppliance.Host.dll, copied next to the tests) as a child process.</summary>
internal sealed class HostProcess : IDisposable
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private HostProcess(IEnumerable<string> args, string? workingDirectory)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FaxAppliance.Host.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static HostProcess Start(string? workingDirectory, params string[] args) => new(args, workingDirectory);

    /// <summary>Runs to the end and returns the exit code and both outputs.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args) => RunIn(null, args);

    public static (int ExitCode, string Stdout, string Stderr) RunIn(string? workingDirectory, params string[] args)
    {
        using var host = new HostProcess(args, workingDirectory);
        int exit = host.WaitForExit();
        return (exit, host.Stdout, host.Stderr);
    }

    public int WaitForExit()
    {
        if (!_process.WaitForExit(Generous))
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"the host did not exit within {Generous}; stdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        _process.WaitForExit(); // flush the output events
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder sink, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (sink)
        {
            sink.AppendLine(line);
        }
    }
}
