using FaxAppliance.Uplink.Smtp;
using MimeKit;

namespace FaxAppliance.Uplink.Mail;

/// <summary>The result of delivering one fax, retries included.</summary>
/// <param name="Outcome">The final outcome.</param>
/// <param name="Attempts">How many times the server was tried.</param>
/// <param name="AdminNotification">The notification composed after a final failure, or null.</param>
/// <param name="AdminNotificationOutcome">How sending the notification went, or null when none was sent.</param>
public sealed record FaxDeliveryReport(
    DeliveryOutcome Outcome,
    int Attempts,
    MimeMessage? AdminNotification,
    DeliveryOutcome? AdminNotificationOutcome);

/// <summary>Composes the fax mail, sends it, retries temporary failures by the <see cref="RetryPolicy"/>, and
/// after a final failure notifies the administrator. The spool (not this class) decides what is kept.</summary>
public sealed class FaxMailDelivery
{
    private readonly SmtpFaxSender sender;
    private readonly FaxMailOptions mail;
    private readonly RetryPolicy policy;
    private readonly string? adminAddress;
    private readonly Func<TimeSpan, CancellationToken, Task> wait;

    /// <summary>Creates the delivery loop.</summary>
    /// <param name="sender">The SMTP transport.</param>
    /// <param name="mail">How mails are composed.</param>
    /// <param name="policy">When to retry.</param>
    /// <param name="adminAddress">Where final failures are reported, or null for nowhere.</param>
    /// <param name="wait">Waits between attempts (tests pass a recorder); null uses <see cref="Task.Delay(TimeSpan, CancellationToken)"/>.</param>
    public FaxMailDelivery(SmtpFaxSender sender, FaxMailOptions mail, RetryPolicy policy, string? adminAddress,
        Func<TimeSpan, CancellationToken, Task>? wait = null)
    {
        this.sender = sender ?? throw new ArgumentNullException(nameof(sender));
        this.mail = mail ?? throw new ArgumentNullException(nameof(mail));
        this.policy = policy ?? throw new ArgumentNullException(nameof(policy));
        this.adminAddress = adminAddress;
        this.wait = wait ?? Task.Delay;
    }

    /// <summary>Delivers <paramref name="request"/>; returns when it is delivered or the failure is final.</summary>
    public async Task<FaxDeliveryReport> DeliverAsync(FaxMailRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        FaxMessageResult built = FaxMessageBuilder.Build(request, mail);
        int attempts = 0;
        DeliveryOutcome outcome;
        if (built.Message is null)
        {
            outcome = new DeliveryOutcome(DeliveryOutcomeKind.PermanentFailure, DeliveryFailureReason.Configuration, null, null,
                built.Error ?? "the message could not be composed");
        }
        else
        {
            while (true)
            {
                attempts++;
                outcome = await sender.SendAsync(built.Message, request.CallId, cancellationToken).ConfigureAwait(false);
                if (policy.NextDelay(attempts, outcome) is not TimeSpan delay)
                {
                    break;
                }

                await wait(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        if (outcome.IsDelivered || adminAddress is null)
        {
            return new FaxDeliveryReport(outcome, attempts, null, null);
        }

        MimeMessage? notification = AdminNotification.Build(request, outcome, attempts, mail, adminAddress);
        DeliveryOutcome? notified = notification is null
            ? null
            : await sender.SendAsync(notification, request.CallId, cancellationToken).ConfigureAwait(false);
        return new FaxDeliveryReport(outcome, attempts, notification, notified);
    }
}
