using System.Diagnostics;
using System.Globalization;
using System.Text;
using FaxAppliance.Imaging.Storage;
using FaxAppliance.Testing;
using Xunit.Abstractions;

namespace FaxAppliance.Spool.Tests;

/// <summary>
/// Issue 5, "Durable spool (nothing lost)": the appliance (CrashHost, a separate process) is SIGKILLed at random points
/// while receiving and delivering, many times, and restarted each time. At the end: every page the sender was told was
/// received (MCF) is in a delivered message; no message holds a torn page; every repeated Message-ID carries the same
/// content (at-least-once delivery, exactly-once as seen by a mailbox that keys on Message-ID); every call ends
/// delivered (or failed because not one page was confirmed).
/// </summary>
public sealed class CrashConsistencyTests(ITestOutputHelper output)
{
    private const int KillIterations = 100;
    private const int TotalCalls = 300;
    private readonly Dictionary<string, int> _selfKillPoints = new(StringComparer.Ordinal);

    [Fact]
    public void Spool_SigkilledAtRandomPoints_LosesNoConfirmedPage_DeliversNothingTornOrConflicting()
    {
        string root = RepoPaths.NewTempDir("spool-crash");
        string spoolDir = Path.Combine(root, "spool");
        string mailbox = Path.Combine(root, "mailbox");
        var mcf = new List<(string Call, int Page, string Hash)>();
        var rng = new Random(20261127);
        var clock = Stopwatch.StartNew();
        int parentKills = 0, selfKills = 0, runs = 0;
        bool done = false;
        for (int i = 0; i < KillIterations && !done; i++)
        {
            runs++;
            int delayMs = rng.Next(0, 200);
            (int exit, bool killed, bool sawDone) = RunChild(spoolDir, mailbox, seed: i, killProbability: 0.02, killAfterMs: delayMs, mcf);
            parentKills += killed ? 1 : 0;
            selfKills += !killed && exit == 137 ? 1 : 0;
            Assert.True(killed || exit is 0 or 137, $"child run {i} exited with {exit}");
            done = sawDone && exit == 0;
        }

        int finishing = 0;
        while (!done)
        {
            Assert.True(++finishing <= 5, "the spool did not finish its work after the kills stopped");
            runs++;
            (int exit, _, bool sawDone) = RunChild(spoolDir, mailbox, seed: 100_000 + finishing, killProbability: 0, killAfterMs: -1, mcf);
            Assert.Equal(0, exit);
            done = sawDone;
        }

        Verify(spoolDir, mailbox, mcf, out int messages, out int duplicates);
        output.WriteLine($"{runs} runs, {parentKills} killed by the parent, {selfKills} self-killed at injected points, " +
            $"{mcf.Count} pages confirmed, {messages} messages delivered ({duplicates} repeated deliveries), {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine("self-kills by point: " + string.Join(", ", _selfKillPoints.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}")));
        Assert.True(parentKills + selfKills >= KillIterations / 2, $"only {parentKills + selfKills} kills happened");
        Directory.Delete(root, recursive: true);
    }

    private static void Verify(string spoolDir, string mailbox, List<(string Call, int Page, string Hash)> mcf, out int messages, out int duplicates)
    {
        // The mailbox: group by Message-ID, as the receiving system would; torn or conflicting messages fail the test.
        var byMessageId = new Dictionary<string, (string Call, byte[] Body, List<byte[]> Pages)>(StringComparer.Ordinal);
        messages = 0;
        duplicates = 0;
        foreach (string file in Directory.GetFiles(mailbox))
        {
            if (DurableFile.IsTempName(Path.GetFileName(file)))
            {
                continue; // a message the "server" never finished receiving (never acknowledged)
            }

            byte[] raw = File.ReadAllBytes(file);
            int split = raw.AsSpan().IndexOf("\r\n\r\n"u8);
            Assert.True(split > 0, $"{file}: no header");
            Dictionary<string, string> headers = Encoding.ASCII.GetString(raw, 0, split).Split("\r\n")
                .Select(l => l.Split(": ", 2)).ToDictionary(p => p[0], p => p[1]);
            byte[] body = raw[(split + 4)..];
            List<byte[]>? pages = SimFax.Decode(body, out string reason);
            Assert.True(pages is not null, $"{file}: torn fax in a delivered message: {reason}");
            string call = headers["X-Fax-Call-Id"];
            for (int p = 0; p < pages.Count; p++)
            {
                Assert.Equal(SimFax.PageContent(call, p + 1), pages[p]);
            }

            string id = headers["Message-ID"];
            if (byMessageId.TryGetValue(id, out var first))
            {
                duplicates++;
                Assert.Equal(first.Call, call);
                Assert.True(first.Body.AsSpan().SequenceEqual(body), $"Message-ID {id} delivered twice with different content");
            }
            else
            {
                byMessageId[id] = (call, body, pages);
                messages++;
            }
        }

        SpoolOpenResult opened = FaxSpool.Open(spoolDir);
        using FaxSpool spool = opened.Spool ?? throw new InvalidOperationException(opened.Error);
        IReadOnlyList<CallRecord> calls = spool.ListCalls(10_000);
        Assert.True(calls.Count >= TotalCalls);
        var confirmedByCall = mcf.GroupBy(m => m.Call).ToDictionary(g => g.Key, g => g.ToList());
        foreach (CallRecord c in calls)
        {
            confirmedByCall.TryGetValue(c.CallId, out var confirmed);
            if (c.State == CallState.Failed)
            {
                Assert.Null(confirmed); // only a call that never confirmed a page may fail
                Assert.Equal(0, c.Pages);
                Assert.False(byMessageId.ContainsKey(c.MessageId), $"{c.CallId} failed but was delivered");
                continue;
            }

            Assert.Equal(CallState.Delivered, c.State);
            Assert.True(byMessageId.TryGetValue(c.MessageId, out var message), $"{c.CallId} marked delivered but not in the mailbox");
            Assert.Equal(c.CallId, message.Call);
            // The database may count one page more than the sender was told (killed between the commit and the MCF),
            // the file one more than the database (killed between the file and the commit); both extra pages are whole.
            int told = confirmed?.Count ?? 0;
            Assert.InRange(c.Pages, Math.Max(told, 1), told + 1);
            Assert.InRange(message.Pages.Count, c.Pages, c.Pages + 1);
            foreach ((_, int page, string hash) in confirmed ?? [])
            {
                Assert.Equal(hash, SimFax.Hash(message.Pages[page - 1]));
            }
        }

        Assert.Equal(calls.Count(c => c.State == CallState.Delivered), byMessageId.Count);
        Assert.True(confirmedByCall.Keys.All(k => calls.Any(c => c.CallId == k)), "an MCF'ed call vanished from the spool");
    }

    private (int Exit, bool Killed, bool SawDone) RunChild(string spoolDir, string mailbox, int seed, double killProbability, int killAfterMs,
        List<(string, int, string)> mcf)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in (string[])["exec", typeof(CrashHost).Assembly.Location, CrashHost.Verb, spoolDir, mailbox,
            seed.ToString(CultureInfo.InvariantCulture), TotalCalls.ToString(CultureInfo.InvariantCulture),
            killProbability.ToString(CultureInfo.InvariantCulture)])
        {
            info.ArgumentList.Add(a);
        }

        using var ready = new ManualResetEventSlim();
        bool sawDone = false;
        var stderr = new StringBuilder();
        using Process p = Process.Start(info)!;
        p.OutputDataReceived += (_, e) =>
        {
            switch (e.Data?.Split(' '))
            {
                case ["READY"]: ready.Set(); break;
                case ["DONE"]: sawDone = true; break;
                case ["MCF", string call, string page, string hash]:
                    lock (mcf)
                    {
                        mcf.Add((call, int.Parse(page, CultureInfo.InvariantCulture), hash));
                    }

                    break;
            }
        };
        p.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
                if (e.Data?.StartsWith("self-kill at ", StringComparison.Ordinal) == true)
                {
                    string point = e.Data["self-kill at ".Length..];
                    _selfKillPoints[point] = _selfKillPoints.GetValueOrDefault(point) + 1;
                }
            }
        };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        bool killed = false;
        if (killAfterMs >= 0)
        {
            var startup = Stopwatch.StartNew();
            while (!ready.Wait(10) && !p.HasExited && startup.Elapsed < TimeSpan.FromSeconds(30))
            {
            }

            if (!p.WaitForExit(killAfterMs))
            {
                p.Kill(); // SIGKILL on Unix
                killed = true;
            }
        }

        Assert.True(p.WaitForExit(60_000), "child hung");
        p.WaitForExit(); // drains the output events
        if (p.ExitCode is not (0 or 137) && !killed)
        {
            output.WriteLine(stderr.ToString());
        }

        return (p.ExitCode, killed, sawDone);
    }
}
