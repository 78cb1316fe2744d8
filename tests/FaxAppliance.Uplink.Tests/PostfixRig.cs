using System.Net;
using System.Net.Sockets;
using FaxAppliance.Testing;
using MimeKit;

namespace FaxAppliance.Uplink.Tests;

/// <summary>A fact that needs the throwaway Postfix of tools/postfix-rig; skipped, with the reason, only when
/// Postfix cannot run here at all (not root, or the package is missing).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostfixFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the rig cannot run.</summary>
    public PostfixFactAttribute()
    {
        if (PostfixRig.CannotRunReason() is string reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>Runs tools/postfix-rig for the tests of one collection and stops it in <see cref="Dispose"/>.</summary>
public sealed class PostfixRig : IDisposable
{
    private readonly Dictionary<string, string> env = [];

    /// <summary>Starts the rig on free loopback ports.</summary>
    public PostfixRig()
    {
        Dir = RepoPaths.NewTempDir("postfix-rig");
        int[] ports = FreePorts(6);
        DownPort = ports[5];
        if (CannotRunReason() is not null)
        {
            return;
        }

        (int code, string stdout, string stderr) = ProcessRunner.Run("bash",
            [Script, "start", Dir, "--smtp", $"{ports[0]}", "--ccert", $"{ports[1]}", "--plain", $"{ports[2]}", "--tls", $"{ports[3]}",
                "--auth", $"{ports[4]}", "--timeout", "900"],
            timeoutSeconds: 120);
        if (code != 0)
        {
            throw new InvalidOperationException($"tools/postfix-rig start failed ({code}): {stdout} {stderr}");
        }

        foreach (string line in File.ReadAllLines(Path.Combine(Dir, "rig.env")))
        {
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                env[line[..eq]] = line[(eq + 1)..];
            }
        }
    }

    /// <summary>The rig's folder.</summary>
    public string Dir { get; }

    /// <summary>A loopback port where nothing listens (the "server down" case).</summary>
    public int DownPort { get; }

    /// <summary>STARTTLS port.</summary>
    public int SmtpPort => int.Parse(env["SMTP_PORT"]);

    /// <summary>Port requiring a client certificate.</summary>
    public int ClientCertPort => int.Parse(env["CCERT_PORT"]);

    /// <summary>Port without STARTTLS.</summary>
    public int PlainPort => int.Parse(env["PLAIN_PORT"]);

    /// <summary>Implicit TLS port.</summary>
    public int ImplicitTlsPort => int.Parse(env["TLS_PORT"]);

    /// <summary>STARTTLS port that requires SMTP AUTH.</summary>
    public int AuthPort => int.Parse(env["AUTH_PORT"]);

    /// <summary>A value from rig.env (file paths of the CA and certificates).</summary>
    public string this[string key] => env[key];

    private static string Script => Path.Combine(RepoPaths.Root, "tools", "postfix-rig");

    /// <summary>Why the rig cannot run here, or null when it can.</summary>
    public static string? CannotRunReason()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the Postfix rig runs on Linux only";
        }

        if (Environment.UserName != "root")
        {
            return "the Postfix rig needs root (tools/test runs as root)";
        }

        return File.Exists("/usr/sbin/postfix") ? null : "Postfix is not installed (tools/test installs the Debian package postfix)";
    }

    /// <summary>Waits up to <paramref name="timeout"/> for a message in the user's Maildir carrying the call id.</summary>
    public async Task<(MimeMessage? Message, byte[]? Raw)> WaitForMailAsync(string user, string callId, TimeSpan timeout)
    {
        DateTime end = DateTime.UtcNow + timeout;
        do
        {
            if (FindMail(user, callId) is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < end);
        return (null, null);
    }

    private (MimeMessage, byte[])? FindMail(string user, string callId)
    {
        string newDir = Path.Combine(env["MAILDIR"], user, "new");
        if (!Directory.Exists(newDir))
        {
            return null;
        }

        foreach (string file in Directory.GetFiles(newDir))
        {
            byte[] raw = File.ReadAllBytes(file);
            using var stream = new MemoryStream(raw);
            MimeMessage message = MimeMessage.Load(stream);
            if (message.Headers[Mail.FaxMessageBuilder.CallIdHeader] == callId)
            {
                return (message, raw);
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (CannotRunReason() is null)
        {
            ProcessRunner.Run("bash", [Script, "stop", Dir], timeoutSeconds: 60);
        }

        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover folder in /tmp is harmless.
        }
    }

    private static int[] FreePorts(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                var l = new TcpListener(IPAddress.Loopback, 0);
                l.Start();
                listeners.Add(l);
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}

/// <summary>All tests against the one Postfix instance run in this collection, one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PostfixTests : ICollectionFixture<PostfixRig>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "postfix";
}
