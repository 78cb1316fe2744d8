using System.Text.Json;
using FaxAppliance.Fax.T30;
using FaxAppliance.Routing.Config;
using FaxAppliance.Uplink.Mail;
using FaxAppliance.Uplink.Smtp;

namespace FaxAppliance.Gateway.Config;

/// <summary>Reads the fax, mail and spool sections, recording every problem with its JSON path.</summary>
internal sealed class SectionReader(List<ConfigError> errors, string baseFolder)
{
    public T30Options Fax(JsonElement root)
    {
        var fax = new T30Options { Role = T30Role.Answering, Ecm = true, Compressions = Compressions.MH | Compressions.MR | Compressions.MMR };
        if (!Section(root, "fax", "fax", out JsonElement f, "identity", "ecm", "ecmFrameSize", "modems", "compressions", "resolutions", "maxWidth", "pageQuality"))
        {
            return fax;
        }

        if (String(f, "fax.identity") is { } identity)
        {
            try
            {
                T30Identity.Encode(identity, stackalloc byte[20]);
                fax = fax with { LocalIdentity = identity };
            }
            catch (ArgumentException)
            {
                errors.Add(new("fax.identity", $"'{identity}' is not a fax identity: up to 20 digits, '+' and spaces (T.30 §5.3.6.2.4)"));
            }
        }

        if (Bool(f, "fax.ecm") is { } ecm)
        {
            fax = fax with { Ecm = ecm };
        }

        if (Number(f, "fax.ecmFrameSize", 64, 256) is { } frameSize)
        {
            if (frameSize is 64 or 256)
            {
                fax = fax with { EcmFrameSize = (int)frameSize };
            }
            else
            {
                errors.Add(new("fax.ecmFrameSize", $"{frameSize} is not 64 or 256 (T.30 Annex A frame sizes)"));
            }
        }

        if (Flags(f, "fax.modems", ("v27ter", (int)ModemSupport.V27ter), ("v29", (int)ModemSupport.V29), ("v17", (int)ModemSupport.V17)) is { } modems)
        {
            var m = (ModemSupport)modems;
            // T.30 Table 2 bits 11–14 can express V.27ter, V.27ter + V.29, or all three (V.17 implies V.29 and V.27ter).
            if (m is ModemSupport.V27ter or (ModemSupport.V27ter | ModemSupport.V29) or (ModemSupport.V27ter | ModemSupport.V29 | ModemSupport.V17))
            {
                fax = fax with { Modems = m };
            }
            else
            {
                errors.Add(new("fax.modems", "must be [\"v27ter\"], [\"v27ter\", \"v29\"] or [\"v27ter\", \"v29\", \"v17\"] (what a DIS can offer)"));
            }
        }

        if (Flags(f, "fax.compressions", ("mh", (int)Compressions.MH), ("mr", (int)Compressions.MR), ("mmr", (int)Compressions.MMR)) is { } compressions)
        {
            var c = (Compressions)compressions | Compressions.MH; // MH is always there (T.4 §4.1)
            if (c.HasFlag(Compressions.MMR) && !fax.Ecm)
            {
                errors.Add(new("fax.compressions", "\"mmr\" needs \"ecm\": true (T.30 §5.3.6.2.6: T.6 only with error correction)"));
            }

            fax = fax with { Compressions = c };
        }

        if (Flags(f, "fax.resolutions", ("standard", (int)Resolutions.Standard), ("fine", (int)Resolutions.Fine), ("superfine", (int)Resolutions.Superfine), ("300x300", (int)Resolutions.R300), ("400x400", (int)Resolutions.R400)) is { } resolutions)
        {
            fax = fax with { Resolutions = (Resolutions)resolutions | Resolutions.Standard };
        }

        if (String(f, "fax.maxWidth") is { } width)
        {
            PageWidth? w = width switch { "a4" => PageWidth.A4_1728, "b4" => PageWidth.B4_2048, "a3" => PageWidth.A3_2432, _ => null };
            if (w is null)
            {
                errors.Add(new("fax.maxWidth", $"'{width}' is not \"a4\", \"b4\" or \"a3\""));
            }
            else
            {
                fax = fax with { MaxWidth = w.Value };
            }
        }

        if (Section(f, "pageQuality", "fax.pageQuality", out JsonElement q, "goodMaxBadRowPercent", "retrainBadRowPercent", "retrainConsecutiveBadRows"))
        {
            double good = Number(q, "fax.pageQuality.goodMaxBadRowPercent", 0, 100) ?? fax.GoodPageMaxBadRowFraction * 100;
            double retrain = Number(q, "fax.pageQuality.retrainBadRowPercent", 0, 100) ?? fax.RetrainBadRowFraction * 100;
            double consecutive = Number(q, "fax.pageQuality.retrainConsecutiveBadRows", 1, 10_000) ?? fax.RetrainConsecutiveBadRows;
            if (good > retrain)
            {
                errors.Add(new("fax.pageQuality", $"goodMaxBadRowPercent ({good}) must not exceed retrainBadRowPercent ({retrain})"));
            }

            fax = fax with { GoodPageMaxBadRowFraction = good / 100, RetrainBadRowFraction = retrain / 100, RetrainConsecutiveBadRows = (int)consecutive };
        }

        return fax;
    }

    public MailSettings? Mail(JsonElement root)
    {
        if (!root.TryGetProperty("mail", out _))
        {
            return null; // no mail delivery configured: received faxes stay in the spool
        }

        if (!Section(root, "mail", "mail", out JsonElement m, "from", "fromName", "admin", "smtp", "dkim"))
        {
            return null;
        }

        string? from = String(m, "mail.from", required: true);
        string fromName = String(m, "mail.fromName") ?? "Fax";
        string? admin = String(m, "mail.admin");
        DkimOptions? dkim = null;
        if (Section(m, "dkim", "mail.dkim", out JsonElement d, "keyFile", "domain", "selector"))
        {
            string? key = FilePath(d, "mail.dkim.keyFile", required: true);
            string? domain = String(d, "mail.dkim.domain", required: true);
            string? selector = String(d, "mail.dkim.selector", required: true);
            dkim = key is null || domain is null || selector is null ? null : new DkimOptions(key, domain, selector);
        }

        if (!Section(m, "smtp", "mail.smtp", out JsonElement s, "host", "port", "security", "caFile", "checkRevocation", "clientCertificate", "username", "password"))
        {
            errors.Add(new("mail.smtp", "missing: the mail server to deliver to"));
            return null;
        }

        string? host = String(s, "mail.smtp.host", required: true);
        int port = (int)(Number(s, "mail.smtp.port", 1, 65535) ?? 25);
        SmtpSecurity security = SmtpSecurity.StartTlsRequired;
        if (String(s, "mail.smtp.security") is { } sec)
        {
            SmtpSecurity? parsed = sec switch
            {
                "starttls" => SmtpSecurity.StartTlsRequired,
                "tls" => SmtpSecurity.ImplicitTls,
                "plaintext" => SmtpSecurity.PlaintextExplicitlyAllowed,
                _ => null,
            };
            if (parsed is null)
            {
                errors.Add(new("mail.smtp.security", $"'{sec}' is not \"starttls\" (the default), \"tls\" or \"plaintext\""));
            }
            else
            {
                security = parsed.Value;
            }
        }

        ClientCertificateOptions? client = null;
        if (Section(s, "clientCertificate", "mail.smtp.clientCertificate", out JsonElement c, "pkcs12File", "pkcs12Password", "pemCertificateFile", "pemKeyFile"))
        {
            string? p12 = FilePath(c, "mail.smtp.clientCertificate.pkcs12File");
            string? pem = FilePath(c, "mail.smtp.clientCertificate.pemCertificateFile");
            string? pemKey = FilePath(c, "mail.smtp.clientCertificate.pemKeyFile");
            if (p12 is null && (pem is null || pemKey is null))
            {
                errors.Add(new("mail.smtp.clientCertificate", "give pkcs12File, or pemCertificateFile with pemKeyFile"));
            }

            client = new ClientCertificateOptions(p12, String(c, "mail.smtp.clientCertificate.pkcs12Password"), pem, pemKey);
        }

        string? user = String(s, "mail.smtp.username");
        string? password = String(s, "mail.smtp.password");
        if ((user is null) != (password is null))
        {
            errors.Add(new("mail.smtp", "username and password go together (SMTP AUTH); there is no default password"));
        }

        if (from is null || host is null)
        {
            return null;
        }

        var transport = new SmtpTransportOptions(host, port, security)
        {
            PinnedCaFile = FilePath(s, "mail.smtp.caFile"),
            CheckCertificateRevocation = Bool(s, "mail.smtp.checkRevocation") ?? true,
            ClientCertificate = client,
            Credentials = user is not null && password is not null ? new SmtpCredentials(user, password) : null,
        };
        return new MailSettings(new FaxMailOptions(from, fromName, Dkim: dkim), transport, admin);
    }

    public SpoolSettings Spool(JsonElement root)
    {
        var spool = new SpoolSettings(Path.Combine(baseFolder, "spool"), TimeSpan.FromDays(7), 64L << 20);
        if (!root.TryGetProperty("spool", out _) || !Section(root, "spool", "spool", out JsonElement s, "folder", "retentionDays", "minFreeMegabytes"))
        {
            return spool;
        }

        return new SpoolSettings(
            FilePath(s, "spool.folder") ?? spool.Folder,
            TimeSpan.FromDays(Number(s, "spool.retentionDays", 0, 3650) ?? 7),
            (long)((Number(s, "spool.minFreeMegabytes", 0, 1 << 20) ?? 64) * (1 << 20)));
    }

    // A JSON object at parent[name] (path: its JSON path); unknown members are errors (a typo must not silently do nothing).
    private bool Section(JsonElement parent, string name, string path, out JsonElement section, params string[] members)
    {
        if (!parent.TryGetProperty(name, out section))
        {
            return false;
        }

        if (section.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(path, $"must be an object, not {section.ValueKind}"));
            return false;
        }

        foreach (JsonProperty p in section.EnumerateObject())
        {
            if (Array.IndexOf(members, p.Name) < 0)
            {
                errors.Add(new($"{path}.{p.Name}", $"unknown setting (known: {string.Join(", ", members)})"));
            }
        }

        return true;
    }

    private string? String(JsonElement e, string path, bool required = false)
    {
        string name = path[(path.LastIndexOf('.') + 1)..];
        if (!e.TryGetProperty(name, out JsonElement v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(new(path, "missing"));
            }

            return null;
        }

        if (v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
        {
            errors.Add(new(path, "must be a non-empty string"));
            return null;
        }

        return v.GetString();
    }

    private string? FilePath(JsonElement e, string path, bool required = false) =>
        String(e, path, required) is { } p ? Path.GetFullPath(p, baseFolder) : null;

    private bool? Bool(JsonElement e, string path)
    {
        string name = path[(path.LastIndexOf('.') + 1)..];
        if (!e.TryGetProperty(name, out JsonElement v))
        {
            return null;
        }

        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return v.GetBoolean();
        }

        errors.Add(new(path, "must be true or false"));
        return null;
    }

    private double? Number(JsonElement e, string path, double min, double max)
    {
        string name = path[(path.LastIndexOf('.') + 1)..];
        if (!e.TryGetProperty(name, out JsonElement v))
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double d) || !double.IsFinite(d) || d < min || d > max)
        {
            errors.Add(new(path, $"must be a number from {min} to {max}"));
            return null;
        }

        return d;
    }

    private int? Flags(JsonElement e, string path, params (string Name, int Flag)[] known)
    {
        string name = path[(path.LastIndexOf('.') + 1)..];
        if (!e.TryGetProperty(name, out JsonElement v))
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() == 0)
        {
            errors.Add(new(path, $"must be a non-empty list of: {string.Join(", ", known.Select(k => k.Name))}"));
            return null;
        }

        int flags = 0;
        int index = 0;
        foreach (JsonElement item in v.EnumerateArray())
        {
            string? s = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            int match = Array.FindIndex(known, k => k.Name == s);
            if (match < 0)
            {
                errors.Add(new($"{path}[{index}]", $"'{(s ?? item.ToString())}' is not one of: {string.Join(", ", known.Select(k => k.Name))}"));
            }
            else
            {
                flags |= known[match].Flag;
            }

            index++;
        }

        return flags;
    }
}
