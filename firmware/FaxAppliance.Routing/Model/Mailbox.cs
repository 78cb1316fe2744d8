namespace FaxAppliance.Routing.Model;

/// <summary>A user's mailbox: the numbers that reach it, where mail goes, and its own fax switch.</summary>
/// <param name="Extension">Internal extension (normalised digits), or null.</param>
/// <param name="Did">Direct inward dialling number (normalised, may start with '+'), or null. At least one of the two is set.</param>
/// <param name="EmailAddress">Where a fax delivered by mail goes; null when the mailbox has none.</param>
/// <param name="DisplayName">Name shown in the mail's To header and on the web page.</param>
/// <param name="FaxEnabled">The mailbox's own switch. Default true.</param>
/// <param name="Policy">Name of its <see cref="MailboxPolicy"/>; null means "no policy", which does not allow fax.</param>
/// <param name="DialPlan">Name of its <see cref="Model.DialPlan"/>; null means "no dial plan", which does not restrict fax.</param>
public sealed record Mailbox(
    string? Extension,
    string? Did,
    string? EmailAddress,
    string? DisplayName = null,
    bool FaxEnabled = true,
    string? Policy = null,
    string? DialPlan = null)
{
    /// <summary>The extension, else the DID: how the mailbox is named in reasons and errors.</summary>
    public string Label => Extension ?? Did ?? "?";
}

/// <summary>An analog line and the mailbox that receives its faxes when the sender gives no usable sub-address.</summary>
/// <param name="Id">Line id as the hardware layer names it (e.g. "line1").</param>
/// <param name="DefaultMailbox">Extension or DID of the line's default mailbox, or null.</param>
public sealed record AnalogLine(string Id, string? DefaultMailbox);
