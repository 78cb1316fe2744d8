using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using FaxAppliance.Imaging.Storage;

namespace FaxAppliance.Spool.Tests;

/// <summary>
/// The child process of the crash-consistency test: a miniature appliance that receives faxes into the spool and
/// delivers them to a mailbox folder, and SIGKILLs itself at random named points (inside SQLite transactions, between a
/// file write and the database update, between the mailbox accepting a message and "delivered" being recorded).
/// The parent kills it at random times too. Protocol on stdout: "READY", "MCF CALL PAGE SHA256" just before each MCF
/// would be sent (after the page is durable), "DONE" when every call is received and nothing is left to deliver.
/// </summary>
internal static class CrashHost
{
    public const string Verb = "crash-host";

    public static int Run(ReadOnlySpan<string> args)
    {
        string spoolDir = args[0];
        string mailbox = args[1];
        int seed = int.Parse(args[2], CultureInfo.InvariantCulture);
        int totalCalls = int.Parse(args[3], CultureInfo.InvariantCulture);
        double killProbability = double.Parse(args[4], CultureInfo.InvariantCulture);
        var rng = new Random(seed);
        void MaybeDie(string point)
        {
            // Delivery has fewer points than receiving; weight them so "accepted but not yet recorded" is hit often.
            double p = point.StartsWith("mail.", StringComparison.Ordinal) || point.StartsWith("delivered.", StringComparison.Ordinal)
                ? 4 * killProbability : killProbability;
            if (rng.NextDouble() < p)
            {
                Console.Error.WriteLine($"self-kill at {point}");
                _ = NativeMethods.kill(Environment.ProcessId, 9); // SIGKILL: no finally blocks, no flush, like a power cut for the process
            }
        }

        SpoolOpenResult opened = FaxSpool.Open(spoolDir, new SpoolOptions { RetryBase = TimeSpan.FromMilliseconds(1), RetryMax = TimeSpan.FromMilliseconds(1) });
        if (opened.Spool is not { } spool)
        {
            Console.Error.WriteLine(opened.Error);
            return 3;
        }

        spool.FaultInjection = MaybeDie;
        Directory.CreateDirectory(mailbox);
        Console.Out.WriteLine("READY");
        Console.Out.Flush();
        while (true)
        {
            int calls = spool.ListCalls(10_000).Count;
            if (calls < totalCalls)
            {
                Receive(spool, rng, MaybeDie);
            }

            while (spool.ClaimNextDue() is { } item)
            {
                Deliver(spool, item, mailbox, MaybeDie);
            }

            if (calls >= totalCalls && spool.NextDueAt() is null)
            {
                Console.Out.WriteLine("DONE");
                Console.Out.Flush();
                spool.Dispose();
                return 0;
            }
        }
    }

    private static void Receive(FaxSpool spool, Random rng, Action<string> maybeDie)
    {
        CallTicket call = spool.BeginCall(new CallStart("line1", "+15550100", new DeliveryRoute("user@example.test", "smtp")));
        int pages = rng.Next(1, 5);
        var received = new List<byte[]>();
        for (int p = 1; p <= pages; p++)
        {
            byte[] page = SimFax.PageContent(call.CallId, p);
            received.Add(page);
            maybeDie("page.beforeFile");
            WriteDurably(call.TiffPath, SimFax.Encode(received), maybeDie, "page.beforeRename");
            maybeDie("page.afterFile"); // the file has page p, the database not yet
            if (spool.PageCommitted(call.CallId, p) != SpoolStatus.Ok)
            {
                throw new InvalidOperationException("PageCommitted refused");
            }

            Console.Out.WriteLine($"MCF {call.CallId} {p} {SimFax.Hash(page)}");
            Console.Out.Flush();
            maybeDie("page.afterMcf");
        }

        spool.EndCall(call.CallId, new CallOutcome(true, "DCN"));
    }

    private static void Deliver(FaxSpool spool, DeliveryItem item, string mailbox, Action<string> maybeDie)
    {
        byte[] fax = File.ReadAllBytes(item.TiffPath);
        byte[] head = Encoding.ASCII.GetBytes($"Message-ID: {item.MessageId}\r\nX-Fax-Call-Id: {item.CallId}\r\nX-Fax-Pages: {item.Pages}\r\n\r\n");
        byte[] message = [.. head, .. fax];
        // A mailbox that does not deduplicate: every accepted attempt is stored as its own file.
        string name = $"{item.MessageId.Trim('<', '>').Replace('@', '_')}.{Guid.NewGuid():N}.eml";
        WriteDurably(Path.Combine(mailbox, name), message, maybeDie, "mail.beforeRename");
        maybeDie("mail.accepted"); // the server has it; "delivered" is not recorded yet
        SpoolStatus s = spool.MarkDelivered(item, "250 2.0.0 queued as " + item.Attempt.ToString(CultureInfo.InvariantCulture));
        if (s != SpoolStatus.Ok)
        {
            throw new InvalidOperationException($"MarkDelivered: {s}");
        }
    }

    /// <summary>temp + fsync + (crash point) + rename + fsync of the folder, like TiffFaxWriter.WritePagesDurably.</summary>
    private static void WriteDurably(string path, byte[] content, Action<string> maybeDie, string point)
    {
        string temp = DurableFile.TempNameFor(path);
        using (var f = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            f.Write(content, 0, content.Length / 2);
            maybeDie(point + ".halfWritten");
            f.Write(content, content.Length / 2, content.Length - (content.Length / 2));
            f.Flush(flushToDisk: true);
        }

        maybeDie(point);
        File.Move(temp, path, overwrite: true);
        DurableFile.SyncDirectory(Path.GetDirectoryName(path)!);
    }

    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054 // blittable libc call
        [DllImport("libc", SetLastError = true)]
        public static extern int kill(int pid, int sig);
#pragma warning restore SYSLIB1054
    }
}
