using System.Text;
using System.Text.Json.Nodes;
using FaxAppliance.Hal.Config;

namespace FaxAppliance.Hal.Tests.Config;

/// <summary>A valid Raspberry Pi configuration to mutate one field at a time, and helpers to check the result.</summary>
internal static class ConfigText
{
    public const string ValidRpi = """
        {
          "kind": "rpi",
          "audio": { "sampleRate": 8000, "frameMs": 20, "law": "alaw", "alsaDevice": "hw:CARD=faxdaa,DEV=0" },
          "daa": {
            "spi": { "bus": 0, "chipSelect": 0, "clockHz": 1000000 },
            "resetGpio": 17,
            "interruptGpio": 27,
            "ringDetectGpio": 22
          },
          "simulated": { "ringCadenceMs": [2000, 4000], "onHookVolts": 48, "offHookVolts": 8, "offHookMilliamps": 25 }
        }
        """;

    /// <summary>The valid configuration with the field at a dotted path set to a JSON value (given as JSON text).</summary>
    public static string With(string path, string jsonValue) => Mutate(path, parent => parent[Last(path)] = JsonNode.Parse(jsonValue));

    /// <summary>The valid configuration without the field at a dotted path.</summary>
    public static string Without(string path) => Mutate(path, parent => parent.Remove(Last(path)));

    public static IReadOnlyList<BoardConfigError> Errors(string json)
    {
        bool ok = BoardConfig.TryParse(Encoding.UTF8.GetBytes(json), out BoardConfig? config, out IReadOnlyList<BoardConfigError> errors);
        Assert.False(ok, "expected the configuration to be rejected");
        Assert.Null(config);
        Assert.NotEmpty(errors);
        return errors;
    }

    public static BoardConfig Valid(string json)
    {
        bool ok = BoardConfig.TryParse(Encoding.UTF8.GetBytes(json), out BoardConfig? config, out IReadOnlyList<BoardConfigError> errors);
        Assert.True(ok, "expected a valid configuration, got: " + string.Join("; ", errors));
        return config!;
    }

    /// <summary>Asserts that exactly one error names <paramref name="path"/> and its message contains every fragment.</summary>
    public static BoardConfigError Single(string json, string path, params string[] fragments)
    {
        IReadOnlyList<BoardConfigError> errors = Errors(json);
        BoardConfigError error = Assert.Single(errors, e => e.Path == path);
        foreach (string fragment in fragments)
        {
            Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        }

        return error;
    }

    private static string Mutate(string path, Action<JsonObject> change)
    {
        JsonObject root = JsonNode.Parse(ValidRpi)!.AsObject();
        string[] parts = path.Split('.');
        JsonObject parent = root;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            parent = parent[parts[i]]!.AsObject();
        }

        change(parent);
        return root.ToJsonString();
    }

    private static string Last(string path) => path[(path.LastIndexOf('.') + 1)..];
}
