using System.Text.Json;
using FaxAppliance.Routing.Model;

namespace FaxAppliance.Routing.Config;

/// <summary>Typed reads of JSON properties that record an error by path instead of throwing.</summary>
internal sealed class Fields(List<ConfigError> errors)
{
    private const int MaxArrayItems = 10_000;

    public void Error(string path, string message) => errors.Add(new ConfigError(path, message));

    public bool IsObject(JsonElement e, string path, params string[] allowed)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            Error(path, $"expected an object, found {Describe(e)}");
            return false;
        }

        foreach (JsonProperty property in e.EnumerateObject())
        {
            if (Array.IndexOf(allowed, property.Name) < 0)
            {
                Error(path + "." + property.Name, $"unknown setting (expected one of: {string.Join(", ", allowed)})");
            }
        }

        return true;
    }

    public void ForEach(JsonElement parent, string parentPath, string name, Action<JsonElement, string> read)
    {
        if (!parent.TryGetProperty(name, out JsonElement array))
        {
            return;
        }

        string path = parentPath + "." + name;
        if (array.ValueKind != JsonValueKind.Array)
        {
            Error(path, $"expected an array, found {Describe(array)}");
            return;
        }

        int index = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            if (index == MaxArrayItems)
            {
                Error(path, $"more than {MaxArrayItems} entries");
                return;
            }

            read(item, $"{path}[{index++}]");
        }
    }

    public string? Name(JsonElement e, string path) => String(e, path, "name", required: true);

    public string? String(JsonElement e, string path, string name, bool required)
    {
        if (!e.TryGetProperty(name, out JsonElement value))
        {
            if (required)
            {
                Error(path + "." + name, "missing");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Error(path + "." + name, $"expected a string, found {Describe(value)}");
            return null;
        }

        string text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            Error(path + "." + name, "must not be empty");
            return null;
        }

        return text;
    }

    public bool Bool(JsonElement e, string path, string name, bool defaultValue)
    {
        if (!e.TryGetProperty(name, out JsonElement value))
        {
            return defaultValue;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Error(path + "." + name, $"expected true or false, found {Describe(value)}");
        return defaultValue;
    }

    public int? Int(JsonElement e, string path, string name, int min, int max)
    {
        if (!e.TryGetProperty(name, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int number))
        {
            Error(path + "." + name, $"expected a whole number, found {Describe(value)}");
            return null;
        }

        if (number < min || number > max)
        {
            Error(path + "." + name, $"{number} is out of range ({min}-{max})");
            return null;
        }

        return number;
    }

    public string? Number(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.String)
        {
            Error(path, $"expected a number as a string, found {Describe(e)}");
            return null;
        }

        return Normalise(e.GetString()!, path);
    }

    public string? NumberProperty(JsonElement e, string path, string name, bool required)
    {
        string? text = String(e, path, name, required);
        return text is null ? null : Normalise(text, path + "." + name);
    }

    private string? Normalise(string text, string path)
    {
        if (PhoneNumber.TryNormalise(text, out string? number))
        {
            return number;
        }

        Error(path, $"'{Shorten(text)}' is not a number (digits, an optional leading '+', separators '-', '.', '(', ')' and spaces; at most {PhoneNumber.MaxDigits})");
        return null;
    }

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    internal static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 37), "...");
}
