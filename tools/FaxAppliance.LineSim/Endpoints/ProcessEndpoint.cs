using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FaxAppliance.LineSim.Endpoints;

/// <summary>An external process speaking the stdio line protocol, started with /bin/sh -c.</summary>
public sealed class ProcessEndpoint : ILineEndpoint
{
    private const int BlockBytes = 320;
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(20);

    /// <summary>Default wall time an endpoint may take to answer (or accept) one block before it is declared stuck.</summary>
    public static readonly TimeSpan DefaultBlockTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly Stream _stdout;
    private readonly byte[] _buffer = new byte[BlockBytes];
    private readonly List<string> _stderrTail = new();
    private readonly Task _stderrPump;
    private readonly Timer _watchdog;
    private bool _inputClosed;
    private bool _hungUp;
    private long _blocksRead;
    private volatile bool _waiting;
    private volatile bool _stuck;

    /// <summary>Starts <paramref name="command"/>.</summary>
    public ProcessEndpoint(string name, string command, TimeSpan? blockTimeout = null)
    {
        Name = name;
        BlockTimeout = blockTimeout ?? DefaultBlockTimeout;
        Description = command;
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        try
        {
            _process = Process.Start(info) ?? throw new UsageException($"{name}: could not start '{command}'");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new UsageException($"{name}: could not start '{command}': {e.Message}", e);
        }

        _stdin = _process.StandardInput.BaseStream;
        _stdout = _process.StandardOutput.BaseStream;
        _stderrPump = Task.Run(PumpStderr);

        // Blocks move with plain blocking reads and writes on the simulator's thread (no task or thread-pool hand-off
        // per block: that cost more than the fax itself); a watchdog armed around each one kills an endpoint that
        // stops answering or reading, which ends the blocked call, and the call reports it stuck.
        _watchdog = new Timer(_ => OnWatchdog(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>Wall time the endpoint may take to answer or accept one block.</summary>
    public TimeSpan BlockTimeout { get; }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public bool TryRead(Span<short> block)
    {
        if (_hungUp)
        {
            return false;
        }

        int got = 0;
        Arm();
        try
        {
            while (got < BlockBytes)
            {
                int n = _stdout.Read(_buffer, got, BlockBytes - got);
                if (n == 0)
                {
                    break;
                }

                got += n;
            }
        }
        catch (IOException) when (_stuck)
        {
            // Killed by the watchdog: reported below.
        }
        finally
        {
            Disarm();
        }

        if (_stuck)
        {
            _hungUp = true;
            throw new UsageException($"{Name}: '{Description}' sent no block for {BlockTimeout.TotalSeconds:0} s (it must write its first block at once and answer every block)");
        }

        if (got == 0)
        {
            _hungUp = true;
            if (_blocksRead == 0)
            {
                _process.WaitForExit(ExitWait);
                _stderrPump.Wait(ExitWait);
                string why = _process.HasExited ? $"exit code {_process.ExitCode}" : "still running";
                throw new UsageException($"{Name}: '{Description}' ended without writing a block ({why}){StderrHint()}");
            }

            return false;
        }

        if (got < BlockBytes)
        {
            _hungUp = true;
            throw new UsageException($"{Name}: '{Description}' wrote a partial block ({got} of {BlockBytes} bytes) and closed its output");
        }

        for (int i = 0; i < block.Length; i++)
        {
            block[i] = (short)(_buffer[2 * i] | (_buffer[2 * i + 1] << 8));
        }

        _blocksRead++;
        return true;
    }

    /// <inheritdoc/>
    public void Write(ReadOnlySpan<short> block)
    {
        if (_inputClosed)
        {
            return;
        }

        Span<byte> bytes = stackalloc byte[BlockBytes];
        for (int i = 0; i < block.Length; i++)
        {
            bytes[2 * i] = (byte)block[i];
            bytes[2 * i + 1] = (byte)(block[i] >> 8);
        }

        Arm();
        try
        {
            // A bounded write (the watchdog): an endpoint that stops reading its input (and so stops answering)
            // must not hang the simulator on a full pipe.
            _stdin.Write(bytes);
            _stdin.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            _inputClosed = true; // it hung up (or the watchdog ended it); the next read sees end-of-file
        }
        finally
        {
            Disarm();
        }

        if (_stuck)
        {
            _inputClosed = true;
            throw new UsageException($"{Name}: '{Description}' stopped reading its input for {BlockTimeout.TotalSeconds:0} s (it must read every block it is sent)");
        }
    }

    public void HangUp()
    {
        if (_inputClosed)
        {
            return;
        }

        _inputClosed = true;
        try
        {
            _stdin.Close();
        }
        catch (IOException)
        {
            // Already gone.
        }
    }

    /// <inheritdoc/>
    public JsonObject? Finish()
    {
        HangUp();

        // Drain what it still writes so that it never blocks on a full pipe while exiting.
        Task drain = _stdout.CopyToAsync(Stream.Null);
        if (!_process.WaitForExit(ExitWait))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        drain.Wait(ExitWait);
        _stderrPump.Wait(ExitWait);
        lock (_stderrTail)
        {
            for (int i = _stderrTail.Count - 1; i >= 0; i--)
            {
                string line = _stderrTail[i].Trim();
                if (line.StartsWith('{'))
                {
                    try
                    {
                        if (JsonNode.Parse(line) is JsonObject o)
                        {
                            return o;
                        }
                    }
                    catch (JsonException)
                    {
                        // Not an outcome line.
                    }
                }
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _watchdog.Dispose();
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
        }

        _process.Dispose();
    }

    private void Arm()
    {
        _waiting = true;
        _watchdog.Change(BlockTimeout, Timeout.InfiniteTimeSpan);
    }

    private void Disarm()
    {
        _watchdog.Change(Timeout.Infinite, Timeout.Infinite);
        _waiting = false;
    }

    private void OnWatchdog()
    {
        if (!_waiting)
        {
            return;
        }

        _stuck = true;
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Exited meanwhile.
        }
    }

    private async Task PumpStderr()
    {
        while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_stderrTail)
            {
                _stderrTail.Add(line);
                if (_stderrTail.Count > 200)
                {
                    _stderrTail.RemoveAt(0);
                }
            }
        }
    }

    private string StderrHint()
    {
        lock (_stderrTail)
        {
            return _stderrTail.Count == 0 ? string.Empty : $": {_stderrTail[^1]}";
        }
    }
}
