using System.Text.Json;
using FaxAppliance.Fax.T30;
using FaxAppliance.Routing.Config;
using FaxAppliance.Uplink.Mail;
using FaxAppliance.Uplink.Smtp;

namespace FaxAppliance.Gateway.Config;

/// <summary>The spool section.</summary>
/// <param name="Folder">Where received faxes and the spool database live.</param>
/// <param name="DeliveredRetention">How long delivered faxes are kept.</param>
/// <param name="MinFreeBytes">Free space below which new calls are refused (busy) rather than accepted.</param>
public sealed record SpoolSettings(string Folder, TimeSpan DeliveredRetention, long MinFreeBytes);

/// <summary>The mail section: how faxes are mailed.</summary>
/// <param name="Message">From, display name, DKIM.</param>
/// <param name="Transport">The SMTP server and its security.</param>
/// <param name="AdminAddress">Who hears about permanent failures (null: nobody).</param>
public sealed record MailSettings(FaxMailOptions Message, SmtpTransportOptions Transport, string? AdminAddress);

/// <summary>
/// The appliance's configuration file (JSON, comments allowed): <c>fax</c> (identity and capabilities), <c>routing</c>
/// (dial plans, mailbox policies, mailboxes, lines: see firmware/FaxAppliance.Routing/README.md), <c>mail</c> (SMTP) and
/// <c>spool</c>. <see cref="TryLoad"/> never throws on bad input: every problem comes back with its JSON path.
/// </summary>
public sealed record ApplianceConfig(T30Options Fax, RoutingConfig Routing, MailSettings? Mail, SpoolSettings Spool)
{
    /// <summary>The right-hand side of the Message-IDs of delivered faxes (the spool records the same id the mail
    /// carries): the mail settings' choice, else the From address's domain.</summary>
    public string MessageIdDomain => Mail?.Message.MessageIdDomain
        ?? (Mail?.Message.FromAddress is { } from && from.LastIndexOf('@') is int at and > 0 ? from[(at + 1)..] : "faxappliance.invalid");

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 32,
    };

    /// <summary>Reads a configuration file.</summary>
    public static bool TryLoadFile(string path, out ApplianceConfig? config, out IReadOnlyList<ConfigError> errors)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            config = null;
            errors = [new ConfigError(path, $"cannot read the configuration file: {e.Message}")];
            return false;
        }

        return TryLoad(json, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", out config, out errors);
    }

    /// <summary>Parses and validates a configuration; relative paths are taken from <paramref name="baseFolder"/>.</summary>
    public static bool TryLoad(string json, string baseFolder, out ApplianceConfig? config, out IReadOnlyList<ConfigError> errors)
    {
        var list = new List<ConfigError>();
        config = null;
        RoutingConfig.TryLoad(json, out RoutingConfig? routing, out IReadOnlyList<ConfigError> routingErrors);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException)
        {
            errors = routingErrors; // the routing reader already said where the JSON breaks
            return false;
        }

        using (document)
        {
            list.AddRange(routingErrors);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors = list.Count > 0 ? list : [new ConfigError("json", "the configuration must be a JSON object")];
                return false;
            }

            foreach (JsonProperty p in root.EnumerateObject())
            {
                if (p.Name is not ("fax" or "routing" or "mail" or "spool"))
                {
                    list.Add(new ConfigError(p.Name, "unknown section (known: fax, routing, mail, spool)"));
                }
            }

            var reader = new SectionReader(list, baseFolder);
            T30Options fax = reader.Fax(root);
            MailSettings? mail = reader.Mail(root);
            SpoolSettings spool = reader.Spool(root);
            if (list.Count > 0 || routing is null)
            {
                errors = list;
                return false;
            }

            config = new ApplianceConfig(fax, routing, mail, spool);
            errors = [];
            return true;
        }
    }
}
