using FaxAppliance.Routing.FaxServers;

namespace FaxAppliance.Routing.Model;

/// <summary>How a fax for a mailbox leaves the appliance.</summary>
public enum FaxDelivery
{
    /// <summary>As an email with the fax attached, to the mailbox's address.</summary>
    Mail,

    /// <summary>Relayed over SIP/T.38 to a fax server (the policy's fax server URIs, tried in order).</summary>
    Relay,
}

/// <summary>
/// A mailbox policy: whether its mailboxes may receive fax and how the fax is delivered.
/// Fax is NOT allowed until the policy enables it (the established unified-messaging default).
/// </summary>
/// <param name="Name">Unique name, referenced by <see cref="Mailbox.Policy"/>.</param>
/// <param name="AllowFax">Whether mailboxes with this policy may receive fax. Default false.</param>
/// <param name="FaxServerUris">Fax servers for <see cref="FaxDelivery.Relay"/>, in failover order.</param>
/// <param name="Delivery">Delivery by mail (default) or relay.</param>
public sealed record MailboxPolicy(
    string Name,
    bool AllowFax = false,
    IReadOnlyList<FaxServerUri>? FaxServerUris = null,
    FaxDelivery Delivery = FaxDelivery.Mail)
{
    /// <summary>The fax server URIs, never null.</summary>
    public IReadOnlyList<FaxServerUri> Servers => FaxServerUris ?? [];
}
