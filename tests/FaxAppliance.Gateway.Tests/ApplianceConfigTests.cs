using CsCheck;
using FaxAppliance.Fax.T30;
using FaxAppliance.Gateway.Config;
using FaxAppliance.Routing.Config;
using FaxAppliance.Uplink.Smtp;

namespace FaxAppliance.Gateway.Tests;

public sealed class ApplianceConfigTests
{
    private const string Routing = """
        "routing": {
          "mailboxPolicies": [ { "name": "Fax", "allowFax": true, "delivery": "mail" } ],
          "mailboxes": [ { "extension": "100", "email": "fax@example.net", "policy": "Fax" } ],
          "lines": [ { "id": "line1", "defaultMailbox": "100" } ]
        }
        """;

    private static (ApplianceConfig? Config, IReadOnlyList<ConfigError> Errors) Load(string body)
    {
        ApplianceConfig.TryLoad("{" + body + "}", "/etc/fax", out ApplianceConfig? config, out IReadOnlyList<ConfigError> errors);
        return (config, errors);
    }

    [Fact]
    public void TryLoad_FullDocument_GivesEveryPart()
    {
        var (config, errors) = Load(Routing + """
            ,
            // the appliance's own settings
            "fax": { "identity": "+49 30 1234567", "ecm": true, "modems": ["v27ter", "v29", "v17"], "compressions": ["mh", "mr", "mmr"],
                     "resolutions": ["standard", "fine"], "maxWidth": "a4",
                     "pageQuality": { "goodMaxBadRowPercent": 1, "retrainBadRowPercent": 5, "retrainConsecutiveBadRows": 10 } },
            "mail": { "from": "fax@example.net", "admin": "it@example.net",
                      "smtp": { "host": "mail.example.net", "port": 587, "security": "starttls", "caFile": "ca.pem",
                                "clientCertificate": { "pkcs12File": "appliance.p12", "pkcs12Password": "x" } } },
            "spool": { "folder": "/var/spool/fax", "retentionDays": 30, "minFreeMegabytes": 100 }
            """);

        Assert.Empty(errors);
        Assert.Equal("+49 30 1234567", config!.Fax.LocalIdentity);
        Assert.Equal(Compressions.MH | Compressions.MR | Compressions.MMR, config.Fax.Compressions);
        Assert.Equal(PageWidth.A4_1728, config.Fax.MaxWidth);
        Assert.Equal(0.05, config.Fax.RetrainBadRowFraction, 6);
        Assert.Equal(10, config.Fax.RetrainConsecutiveBadRows);
        Assert.Equal(SmtpSecurity.StartTlsRequired, config.Mail!.Transport.Security);
        Assert.Equal("/etc/fax/ca.pem", config.Mail.Transport.PinnedCaFile);
        Assert.Equal("/etc/fax/appliance.p12", config.Mail.Transport.ClientCertificate!.Pkcs12File);
        Assert.Equal("it@example.net", config.Mail.AdminAddress);
        Assert.Equal(TimeSpan.FromDays(30), config.Spool.DeliveredRetention);
        Assert.Equal(100L << 20, config.Spool.MinFreeBytes);
    }

    [Fact]
    public void TryLoad_OnlyRouting_TakesSafeDefaults()
    {
        var (config, errors) = Load(Routing);
        Assert.Empty(errors);
        Assert.True(config!.Fax.Ecm);
        Assert.Null(config.Mail); // no mail server: faxes stay in the spool
        Assert.Equal("/etc/fax/spool", config.Spool.Folder);
    }

    [Theory]
    [InlineData("\"fxa\": {}", "fxa: unknown section (known: fax, routing, mail, spool)")]
    [InlineData("\"fax\": { \"identity\": \"ACME Corp\" }", "fax.identity: 'ACME Corp' is not a fax identity: up to 20 digits, '+' and spaces (T.30 §5.3.6.2.4)")]
    [InlineData("\"fax\": { \"ecm\": false, \"compressions\": [\"mmr\"] }", "fax.compressions: \"mmr\" needs \"ecm\": true (T.30 §5.3.6.2.6: T.6 only with error correction)")]
    [InlineData("\"fax\": { \"modems\": [\"v17\"] }", "fax.modems: must be [\"v27ter\"], [\"v27ter\", \"v29\"] or [\"v27ter\", \"v29\", \"v17\"] (what a DIS can offer)")]
    [InlineData("\"fax\": { \"modems\": [\"v34\"] }", "fax.modems[0]: 'v34' is not one of: v27ter, v29, v17")]
    [InlineData("\"fax\": { \"speed\": 1 }", "fax.speed: unknown setting (known: identity, ecm, ecmFrameSize, modems, compressions, resolutions, maxWidth, pageQuality)")]
    [InlineData("\"fax\": { \"ecmFrameSize\": 128 }", "fax.ecmFrameSize: 128 is not 64 or 256 (T.30 Annex A frame sizes)")]
    [InlineData("\"mail\": { \"from\": \"a@b.c\", \"smtp\": { \"host\": \"h\", \"security\": \"ssl\" } }", "mail.smtp.security: 'ssl' is not \"starttls\" (the default), \"tls\" or \"plaintext\"")]
    [InlineData("\"mail\": { \"from\": \"a@b.c\", \"smtp\": { \"host\": \"h\", \"username\": \"u\" } }", "mail.smtp: username and password go together (SMTP AUTH); there is no default password")]
    [InlineData("\"mail\": { \"from\": \"a@b.c\" }", "mail.smtp: missing: the mail server to deliver to")]
    [InlineData("\"mail\": { \"from\": \"a@b.c\", \"smtp\": { \"host\": \"h\", \"port\": 70000 } }", "mail.smtp.port: must be a number from 1 to 65535")]
    [InlineData("\"spool\": { \"retentionDays\": -1 }", "spool.retentionDays: must be a number from 0 to 3650")]
    public void TryLoad_BadSetting_NamesItsPathAndWhy(string section, string expected)
    {
        var (config, errors) = Load(Routing + "," + section);
        Assert.Null(config);
        Assert.Contains(expected, errors.Select(e => e.ToString()));
    }

    [Fact]
    public void TryLoad_RoutingErrorsComeThrough()
    {
        var (config, errors) = Load("\"routing\": { \"lines\": [ { \"id\": \"line1\", \"defaultMailbox\": \"999\" } ] }");
        Assert.Null(config);
        Assert.Contains("routing.lines[0].defaultMailbox: no mailbox with extension or DID '999'", errors.Select(e => e.ToString()));
    }

    [Fact]
    public void TryLoad_AnyText_NeverThrowsAndAlwaysSaysWhy()
    {
        Gen.String.Sample(text =>
        {
            bool ok = ApplianceConfig.TryLoad(text, "/", out ApplianceConfig? config, out IReadOnlyList<ConfigError> errors);
            return ok ? config is not null && errors.Count == 0 : config is null && errors.Count > 0;
        }, iter: 2000);

        // Valid JSON with arbitrary values in every field.
        Gen.OneOfConst("null", "1", "-1", "1e999", "\"\"", "\"x\"", "[]", "{}", "true", "[1,\"a\"]").Select(Gen.Int[0, 5]).Sample(t =>
        {
            (string value, int field) = t;
            string[] docs =
            [
                $"{{{Routing}, \"fax\": {{\"identity\": {value}, \"modems\": {value}}}}}",
                $"{{{Routing}, \"mail\": {{\"from\": {value}, \"smtp\": {value}}}}}",
                $"{{{Routing}, \"mail\": {{\"from\": \"a@b.c\", \"smtp\": {{\"host\": {value}, \"port\": {value}, \"clientCertificate\": {value}}}}}}}",
                $"{{{Routing}, \"spool\": {value}}}",
                $"{{{Routing}, \"fax\": {{\"pageQuality\": {value}}}}}",
                $"{{\"routing\": {value}}}",
            ];
            bool ok = ApplianceConfig.TryLoad(docs[field], "/", out ApplianceConfig? config, out IReadOnlyList<ConfigError> errors);
            return ok ? errors.Count == 0 : config is null && errors.Count > 0;
        }, iter: 2000);
    }
}
