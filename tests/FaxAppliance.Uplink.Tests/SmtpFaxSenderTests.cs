using System.Net;
using System.Net.Sockets;
using FaxAppliance.Uplink.Mail;
using FaxAppliance.Uplink.Smtp;
using Microsoft.Extensions.Logging;

namespace FaxAppliance.Uplink.Tests;

/// <summary>Sender behaviour that needs no mail server.</summary>
public class SmtpFaxSenderTests
{
    [Fact]
    public async Task SilentServer_NoGreeting_TemporaryTimeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(); // accepts into the backlog, never says "220"
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var log = new CapturingLogger();
        var sender = new SmtpFaxSender(new SmtpTransportOptions("127.0.0.1", port) { Timeout = TimeSpan.FromSeconds(1) }, log);
        FaxMailRequest request = TestFaxes.Request("silent-call-77");
        DeliveryOutcome outcome = await sender.SendAsync(FaxMessageBuilder.Build(request, TestFaxes.Mail).Message!, request.CallId);
        Assert.True(outcome is { Kind: DeliveryOutcomeKind.TemporaryFailure, Reason: DeliveryFailureReason.Timeout }, outcome.ToString());
        // House style: the call id is in every log line about the call.
        (LogLevel level, string line) = Assert.Single(log.Lines);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("silent-call-77", line);
    }

    [Fact]
    public async Task MissingPinnedCaFile_PermanentConfigurationFailure()
    {
        var sender = new SmtpFaxSender(new SmtpTransportOptions("127.0.0.1", 25) { PinnedCaFile = "/nonexistent/ca.pem" });
        FaxMailRequest request = TestFaxes.Request("noca");
        DeliveryOutcome outcome = await sender.SendAsync(FaxMessageBuilder.Build(request, TestFaxes.Mail).Message!, request.CallId);
        Assert.True(outcome is { Kind: DeliveryOutcomeKind.PermanentFailure, Reason: DeliveryFailureReason.Configuration }, outcome.ToString());
    }

    [Fact]
    public async Task ClientCertificateWithoutFiles_PermanentConfigurationFailure()
    {
        var sender = new SmtpFaxSender(new SmtpTransportOptions("127.0.0.1", 25) { ClientCertificate = new ClientCertificateOptions() });
        FaxMailRequest request = TestFaxes.Request("nocert");
        DeliveryOutcome outcome = await sender.SendAsync(FaxMessageBuilder.Build(request, TestFaxes.Mail).Message!, request.CallId);
        Assert.True(outcome is { Kind: DeliveryOutcomeKind.PermanentFailure, Reason: DeliveryFailureReason.Configuration }, outcome.ToString());
    }

    [Fact]
    public async Task Cancelled_Throws_NotAnOutcome()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var sender = new SmtpFaxSender(new SmtpTransportOptions("127.0.0.1", port));
        FaxMailRequest request = TestFaxes.Request("cancel");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            sender.SendAsync(FaxMessageBuilder.Build(request, TestFaxes.Mail).Message!, request.CallId, cts.Token));
    }

    private sealed class CapturingLogger : ILogger<SmtpFaxSender>
    {
        public List<(LogLevel, string)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((logLevel, formatter(state, exception)));
    }
}
