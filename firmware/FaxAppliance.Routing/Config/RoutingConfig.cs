using FaxAppliance.Routing.Model;

namespace FaxAppliance.Routing.Config;

/// <summary>One problem in the routing configuration, located by its JSON path.</summary>
/// <param name="Path">JSON path, e.g. "routing.mailboxes[3].policy" (indices from 0); "json" for syntax errors.</param>
/// <param name="Message">What is wrong.</param>
public readonly record struct ConfigError(string Path, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => Path + ": " + Message;
}

/// <summary>
/// The "routing" section of the appliance's JSON configuration: dial plans, mailbox policies, mailboxes, analog lines
/// and what happens to faxes for unknown recipients.
/// </summary>
/// <example>
/// <code>
/// { "routing": {
///     "dialPlans": [ { "name": "HQ", "numberRanges": [ { "from": "2000", "to": "2999" } ], "extensionLength": 4 } ],
///     "mailboxPolicies": [ { "name": "Fax", "allowFax": true, "delivery": "mail" },
///                          { "name": "Relay", "allowFax": true, "delivery": "relay",
///                            "faxServerUris": "sip:fax1.example.net;transport=tls;sip:10.0.0.7:5080;transport=tcp" } ],
///     "mailboxes": [ { "extension": "2001", "did": "+49 30 1234 2001", "email": "ann@example.net",
///                      "displayName": "Ann", "policy": "Fax", "dialPlan": "HQ" } ],
///     "lines": [ { "id": "line1", "defaultMailbox": "2001" } ],
///     "unknownRecipient": { "catchAll": "2001" } } }
/// </code>
/// <c>"unknownRecipient": "refuse"</c> (the default) refuses faxes for which no mailbox is found.
/// </example>
/// <param name="DialPlans">Dial plans.</param>
/// <param name="MailboxPolicies">Mailbox policies.</param>
/// <param name="Mailboxes">Mailboxes.</param>
/// <param name="Lines">Analog lines.</param>
/// <param name="CatchAllMailbox">Extension or DID of the catch-all mailbox; null refuses unknown recipients.</param>
public sealed record RoutingConfig(
    IReadOnlyList<DialPlan> DialPlans,
    IReadOnlyList<MailboxPolicy> MailboxPolicies,
    IReadOnlyList<Mailbox> Mailboxes,
    IReadOnlyList<AnalogLine> Lines,
    string? CatchAllMailbox)
{
    /// <summary>Most errors reported for one document; the rest are summarised in one line.</summary>
    public const int MaxErrors = 100;

    /// <summary>
    /// Reads and validates the routing section of a configuration document. Never throws: malformed JSON, wrong types,
    /// bad values, duplicate names or numbers, overlapping number ranges and references to things that do not exist
    /// all become <see cref="ConfigError"/>s naming the JSON path.
    /// </summary>
    /// <param name="json">The whole configuration document.</param>
    /// <param name="config">The configuration, or null when there are errors.</param>
    /// <param name="errors">Every error found (empty on success).</param>
    /// <returns>True when the section is valid.</returns>
    public static bool TryLoad(string? json, out RoutingConfig? config, out IReadOnlyList<ConfigError> errors)
    {
        var list = new List<ConfigError>();
        config = null;
        RoutingConfigReader.Parsed? parsed = RoutingConfigReader.Read(json, list);
        if (parsed is not null)
        {
            RoutingConfigValidator.Validate(parsed, list);
        }

        if (list.Count > MaxErrors)
        {
            int more = list.Count - MaxErrors;
            list.RemoveRange(MaxErrors, more);
            list.Add(new ConfigError("routing", $"{more} more errors not shown"));
        }

        errors = list;
        if (parsed is null || list.Count > 0)
        {
            return false;
        }

        config = new RoutingConfig(
            parsed.DialPlans.ConvertAll(p => p.Item),
            parsed.Policies.ConvertAll(p => p.Item),
            parsed.Mailboxes.ConvertAll(p => p.Item),
            parsed.Lines.ConvertAll(p => p.Item),
            parsed.CatchAll);
        return true;
    }
}
