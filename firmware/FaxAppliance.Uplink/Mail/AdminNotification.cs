using System.Globalization;
using System.Text;
using FaxAppliance.Uplink.Smtp;
using MimeKit;

namespace FaxAppliance.Uplink.Mail;

/// <summary>The mail that tells the administrator a fax could not be delivered. It does not carry the fax
/// itself (the administrator is not the addressee); the fax stays in the spool.</summary>
public static class AdminNotification
{
    /// <summary>Composes the notification, or null when an address is unusable.</summary>
    /// <param name="request">The fax that failed.</param>
    /// <param name="outcome">The final outcome.</param>
    /// <param name="attempts">Attempts made.</param>
    /// <param name="mail">The From address and Message-ID domain.</param>
    /// <param name="adminAddress">Where the notification goes.</param>
    public static MimeMessage? Build(FaxMailRequest request, DeliveryOutcome outcome, int attempts, FaxMailOptions mail, string adminAddress)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(mail);
        if (!MailboxAddress.TryParse(adminAddress, out MailboxAddress? admin) ||
            !MailboxAddress.TryParse(mail.FromAddress, out MailboxAddress? from))
        {
            return null;
        }

        from.Name = mail.FromName;
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(admin);
        string callId = new(request.CallId.Where(c => !char.IsControl(c)).ToArray());
        message.Subject = $"Fax delivery failed: call {callId} for {request.RecipientAddress}";
        message.Headers.Add(FaxMessageBuilder.CallIdHeader, callId);
        message.MessageId = "failed." + FaxMessageBuilder.MessageIdFor(request.CallId, mail.MessageIdDomain ?? from.Domain);
        var text = new StringBuilder();
        IFormatProvider inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"The fax received in call {callId} could not be delivered to {request.RecipientAddress}.\n\n");
        text.Append(inv, $"Outcome:      {outcome.Kind} ({outcome.Reason})\n");
        text.Append(inv, $"Server reply: {(outcome.StatusCode is int code ? $"{code} {outcome.ServerReply}" : "none")}\n");
        text.Append(inv, $"Detail:       {outcome.Detail}\n");
        text.Append(inv, $"Attempts:     {attempts}\n");
        text.Append(inv, $"Sender:       {request.RemoteIdentity} {request.RemoteNumber}\n");
        text.Append(inv, $"Pages:        {request.Pages}\n\n");
        text.Append("The fax stays in the spool; it is listed as failed on the appliance's web page.\n");
        message.Body = new TextPart("plain") { Text = text.ToString() };
        return message;
    }
}
