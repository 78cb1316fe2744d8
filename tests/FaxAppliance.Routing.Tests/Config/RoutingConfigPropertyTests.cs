using CsCheck;
using FaxAppliance.Routing.Config;

namespace FaxAppliance.Routing.Tests.Config;

/// <summary>Random, truncated and mutated documents give a configuration or errors, never an exception.</summary>
public class RoutingConfigPropertyTests
{
    private static void LoadsOrFailsCleanly(string json)
    {
        bool ok = RoutingConfig.TryLoad(json, out RoutingConfig? config, out IReadOnlyList<ConfigError> errors);
        Assert.Equal(ok, config is not null);
        Assert.Equal(ok, errors.Count == 0);
        Assert.True(errors.Count <= RoutingConfig.MaxErrors + 1);
        Assert.All(errors, e => Assert.False(string.IsNullOrEmpty(e.Path) || string.IsNullOrEmpty(e.Message)));
    }

    [Fact]
    public void RandomText_GivesAConfigOrErrors() =>
        Gen.String.Sample(LoadsOrFailsCleanly, iter: 5000);

    [Fact]
    public void EveryPrefixOfAValidDocument_GivesAConfigOrErrors()
    {
        for (int length = 0; length <= RoutingConfigTests.Valid.Length; length++)
        {
            LoadsOrFailsCleanly(RoutingConfigTests.Valid[..length]);
        }
    }

    [Fact]
    public void ValidDocumentWithOneCharacterChanged_GivesAConfigOrErrors() =>
        Gen.Select(Gen.Int[0, RoutingConfigTests.Valid.Length - 1], Gen.Char["{}[]\":,0123456789-+;@ aztrue"]).Sample((index, c) =>
        {
            char[] text = RoutingConfigTests.Valid.ToCharArray();
            text[index] = c;
            LoadsOrFailsCleanly(new string(text));
        }, iter: 5000);

    private static readonly Gen<string> JsonValue = Gen.OneOf(
        Gen.OneOfConst("null", "true", "false", "{}", "[]", "0", "-1", "4", "99999999999", "1.5", "\"\"", "\"refuse\"", "\"relay\"",
            "\"2001\"", "\"+49 30 1\"", "\"sip:a.example;transport=tcp\"", "[\"2000\"]", "[{\"from\":\"2000\",\"to\":\"2999\"}]", "{\"catchAll\":\"2001\"}"),
        Gen.String.Select(s => System.Text.Json.JsonSerializer.Serialize(s)));

    private static readonly string[] Fields =
    [
        "name", "numberRanges", "extensionLength", "faxEnabled", "allowFax", "faxServerUris", "delivery",
        "extension", "did", "email", "displayName", "policy", "dialPlan", "id", "defaultMailbox",
    ];

    [Fact]
    public void AnyValueInAnyField_GivesAConfigOrErrors() =>
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, Fields.Length - 1], JsonValue).Sample((section, field, value) =>
        {
            string name = new[] { "dialPlans", "mailboxPolicies", "mailboxes", "lines", "unknownRecipient" }[section];
            string json = section == 4
                ? $"{{\"routing\": {{\"unknownRecipient\": {value}}}}}"
                : $"{{\"routing\": {{\"{name}\": [{{\"{Fields[field]}\": {value}}}]}}}}";
            LoadsOrFailsCleanly(json);
        }, iter: 5000);

    [Fact]
    public void DeeplyNestedJson_GivesAnError()
    {
        string json = "{\"routing\": " + new string('[', 5000) + new string(']', 5000) + "}";
        Assert.False(RoutingConfig.TryLoad(json, out _, out IReadOnlyList<ConfigError> errors));
        Assert.StartsWith("json: not valid JSON", Assert.Single(errors).ToString());
    }
}
