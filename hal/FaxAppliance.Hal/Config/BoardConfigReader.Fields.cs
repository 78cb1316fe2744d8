using System.Text.Json;

namespace FaxAppliance.Hal.Config;

/// <summary>Typed access to fields with an error for every missing, mistyped, unknown or repeated one.</summary>
internal sealed partial class BoardConfigReader
{
    private static string Join(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private void Error(string path, string message) => _errors.Add(new BoardConfigError(path, message));

    // Fields not in 'known' are errors (typos would otherwise be silently ignored); names starting with '$' are comments.
    private void CheckFields(JsonElement obj, string path, string[] known)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in obj.EnumerateObject())
        {
            string name = property.Name;
            if (name.StartsWith('$'))
            {
                continue;
            }

            string fieldPath = Join(path, name);
            if (Array.IndexOf(known, name) < 0)
            {
                Error(fieldPath, $"unknown field (expected one of: {string.Join(", ", known)})");
            }
            else if (!seen.Add(name))
            {
                Error(fieldPath, "given more than once");
            }
        }
    }

    // A present, non-null member; "missing" is an error when required.
    private bool TryGetMember(JsonElement obj, string parent, string name, bool required, string? why, out JsonElement value)
    {
        if (obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        if (required)
        {
            Error(Join(parent, name), why is null ? "missing" : $"missing ({why})");
        }

        return false;
    }

    private bool TryGetObject(JsonElement obj, string parent, string name, bool required, string? why, out JsonElement value)
    {
        if (!TryGetMember(obj, parent, name, required, why, out value))
        {
            return false;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Error(Join(parent, name), $"expected an object, got {Describe(value)}");
            return false;
        }

        return true;
    }

    private bool TryGetInt(JsonElement obj, string parent, string name, bool required, string? why, out int number)
    {
        number = 0;
        if (!TryGetMember(obj, parent, name, required, why, out JsonElement value))
        {
            return false;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out number))
        {
            Error(Join(parent, name), $"expected a whole number, got {Describe(value)}");
            return false;
        }

        return true;
    }

    private bool TryGetString(JsonElement obj, string parent, string name, bool required, string? why, out string? text)
    {
        text = null;
        if (!TryGetMember(obj, parent, name, required, why, out JsonElement value))
        {
            return false;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Error(Join(parent, name), $"expected a string, got {Describe(value)}");
            return false;
        }

        text = value.GetString();
        return text is not null;
    }
}
