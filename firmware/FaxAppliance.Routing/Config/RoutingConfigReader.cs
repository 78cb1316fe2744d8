using System.Text.Json;
using FaxAppliance.Routing.FaxServers;
using FaxAppliance.Routing.Model;

namespace FaxAppliance.Routing.Config;

/// <summary>Turns the JSON "routing" section into model objects, recording type and value errors by JSON path.</summary>
internal static class RoutingConfigReader
{
    private static readonly JsonDocumentOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
        MaxDepth = 32,
    };

    /// <summary>An item with the JSON path it came from.</summary>
    internal readonly record struct Located<T>(string Path, T Item);

    internal sealed class Parsed
    {
        public List<Located<DialPlan>> DialPlans { get; } = [];

        public List<Located<NumberRange>> Ranges { get; } = [];

        public List<Located<MailboxPolicy>> Policies { get; } = [];

        public List<Located<Mailbox>> Mailboxes { get; } = [];

        public List<Located<AnalogLine>> Lines { get; } = [];

        public string? CatchAll { get; set; }
    }

    public static Parsed? Read(string? json, List<ConfigError> errors)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            errors.Add(new("json", "the configuration is empty"));
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is long line ? $"line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}" : "unknown position";
            errors.Add(new("json", $"not valid JSON at {where}"));
            return null;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new("json", "the configuration must be a JSON object"));
                return null;
            }

            if (!document.RootElement.TryGetProperty("routing", out JsonElement routing))
            {
                errors.Add(new("routing", "missing"));
                return null;
            }

            var fields = new Fields(errors);
            if (!fields.IsObject(routing, "routing", "dialPlans", "mailboxPolicies", "mailboxes", "lines", "unknownRecipient"))
            {
                return null;
            }

            var parsed = new Parsed();
            fields.ForEach(routing, "routing", "dialPlans", (e, p) => ReadDialPlan(e, p, fields, parsed));
            fields.ForEach(routing, "routing", "mailboxPolicies", (e, p) => ReadPolicy(e, p, fields, parsed));
            fields.ForEach(routing, "routing", "mailboxes", (e, p) => ReadMailbox(e, p, fields, parsed));
            fields.ForEach(routing, "routing", "lines", (e, p) => ReadLine(e, p, fields, parsed));
            ReadUnknownRecipient(routing, fields, parsed);
            return parsed;
        }
    }

    private static void ReadDialPlan(JsonElement e, string path, Fields f, Parsed parsed)
    {
        if (!f.IsObject(e, path, "name", "numberRanges", "extensionLength", "faxEnabled"))
        {
            return;
        }

        string? name = f.Name(e, path);
        int? length = f.Int(e, path, "extensionLength", 1, PhoneNumber.MaxDigits);
        bool faxEnabled = f.Bool(e, path, "faxEnabled", true);
        var ranges = new List<NumberRange>();
        f.ForEach(e, path, "numberRanges", (r, rangePath) =>
        {
            if (ReadRange(r, rangePath, f) is NumberRange range)
            {
                ranges.Add(range);
                parsed.Ranges.Add(new(rangePath, range));
            }
        });
        if (!e.TryGetProperty("numberRanges", out _) && !e.TryGetProperty("extensionLength", out _))
        {
            f.Error(path, "a dial plan needs numberRanges or extensionLength (or both)");
        }

        if (name is not null)
        {
            parsed.DialPlans.Add(new(path, new DialPlan(name, ranges, length, faxEnabled)));
        }
    }

    private static NumberRange? ReadRange(JsonElement e, string path, Fields f)
    {
        string? first;
        string? last;
        if (e.ValueKind == JsonValueKind.String)
        {
            first = last = f.Number(e, path);
        }
        else if (f.IsObject(e, path, "from", "to"))
        {
            first = f.NumberProperty(e, path, "from", required: true);
            last = f.NumberProperty(e, path, "to", required: true);
        }
        else
        {
            return null;
        }

        if (first is null || last is null)
        {
            return null;
        }

        if (first.Length != last.Length)
        {
            f.Error(path, $"'{first}' and '{last}' differ in length; a range covers numbers of one length");
            return null;
        }

        if (string.CompareOrdinal(first, last) > 0)
        {
            f.Error(path, $"'{first}' is greater than '{last}'");
            return null;
        }

        return new NumberRange(first, last);
    }

    private static void ReadPolicy(JsonElement e, string path, Fields f, Parsed parsed)
    {
        if (!f.IsObject(e, path, "name", "allowFax", "faxServerUris", "delivery"))
        {
            return;
        }

        string? name = f.Name(e, path);
        bool allowFax = f.Bool(e, path, "allowFax", false);
        FaxDelivery delivery = FaxDelivery.Mail;
        string? deliveryText = f.String(e, path, "delivery", required: false);
        if (string.Equals(deliveryText, "relay", StringComparison.OrdinalIgnoreCase))
        {
            delivery = FaxDelivery.Relay;
        }
        else if (deliveryText is not null && !string.Equals(deliveryText, "mail", StringComparison.OrdinalIgnoreCase))
        {
            f.Error(path + ".delivery", $"'{deliveryText}' is not a delivery (mail or relay)");
        }

        var uris = new List<FaxServerUri>();
        if (e.TryGetProperty("faxServerUris", out JsonElement list))
        {
            string listPath = path + ".faxServerUris";
            if (list.ValueKind == JsonValueKind.String)
            {
                ReadUriList(list.GetString(), listPath, f, uris);
            }
            else
            {
                f.ForEach(e, path, "faxServerUris", (item, itemPath) =>
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        f.Error(itemPath, "expected a string");
                        return;
                    }

                    ReadUriList(item.GetString(), itemPath, f, uris);
                });
            }
        }

        if (name is not null)
        {
            parsed.Policies.Add(new(path, new MailboxPolicy(name, allowFax, uris, delivery)));
        }
    }

    private static void ReadUriList(string? text, string path, Fields f, List<FaxServerUri> uris)
    {
        if (FaxServerUriParser.TryParseList(text, out IReadOnlyList<FaxServerUri> parsed, out FaxServerUriError error))
        {
            uris.AddRange(parsed);
        }
        else
        {
            f.Error(path, error.Message);
        }
    }

    private static void ReadMailbox(JsonElement e, string path, Fields f, Parsed parsed)
    {
        if (!f.IsObject(e, path, "extension", "did", "email", "displayName", "faxEnabled", "policy", "dialPlan"))
        {
            return;
        }

        string? extension = f.NumberProperty(e, path, "extension", required: false);
        string? did = f.NumberProperty(e, path, "did", required: false);
        string? email = f.String(e, path, "email", required: false);
        if (email is not null && !LooksLikeEmail(email))
        {
            f.Error(path + ".email", $"'{email}' is not an email address (local-part@domain)");
        }

        string? displayName = f.String(e, path, "displayName", required: false);
        bool faxEnabled = f.Bool(e, path, "faxEnabled", true);
        string? policy = f.String(e, path, "policy", required: false);
        string? dialPlan = f.String(e, path, "dialPlan", required: false);
        if (!e.TryGetProperty("extension", out _) && !e.TryGetProperty("did", out _))
        {
            f.Error(path, "a mailbox needs an extension or a did (or both)");
        }

        if (extension is not null || did is not null)
        {
            parsed.Mailboxes.Add(new(path, new Mailbox(extension, did, email, displayName, faxEnabled, policy, dialPlan)));
        }
    }

    private static void ReadLine(JsonElement e, string path, Fields f, Parsed parsed)
    {
        if (!f.IsObject(e, path, "id", "defaultMailbox"))
        {
            return;
        }

        string? id = f.String(e, path, "id", required: true);
        string? defaultMailbox = f.String(e, path, "defaultMailbox", required: false);
        if (id is not null)
        {
            parsed.Lines.Add(new(path, new AnalogLine(id, defaultMailbox)));
        }
    }

    private static void ReadUnknownRecipient(JsonElement routing, Fields f, Parsed parsed)
    {
        const string Path = "routing.unknownRecipient";
        if (!routing.TryGetProperty("unknownRecipient", out JsonElement e))
        {
            return;
        }

        if (e.ValueKind == JsonValueKind.String)
        {
            if (e.GetString() != "refuse")
            {
                f.Error(Path, $"expected \"refuse\" or {{\"catchAll\": \"<extension or DID>\"}}, not \"{e.GetString()}\"");
            }

            return;
        }

        if (!f.IsObject(e, Path, "catchAll"))
        {
            return;
        }

        parsed.CatchAll = f.String(e, Path, "catchAll", required: true);
    }

    // Deliberately loose: the mail system is the authority on addresses; this catches typos such as a missing '@'.
    private static bool LooksLikeEmail(string text)
    {
        int at = text.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == text.LastIndexOf('@') && at < text.Length - 1
            && !text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';');
    }
}
