using FaxAppliance.Routing.Model;

namespace FaxAppliance.Routing.Config;

/// <summary>Cross-checks of the routing section: duplicates, references, overlapping ranges, numbers fitting their plan.</summary>
internal static class RoutingConfigValidator
{
    public static void Validate(RoutingConfigReader.Parsed parsed, List<ConfigError> errors)
    {
        var plans = new Dictionary<string, RoutingConfigReader.Located<DialPlan>>(StringComparer.OrdinalIgnoreCase);
        foreach (RoutingConfigReader.Located<DialPlan> plan in parsed.DialPlans)
        {
            if (!plans.TryAdd(plan.Item.Name, plan))
            {
                errors.Add(new(plan.Path + ".name", $"dial plan '{plan.Item.Name}' is already defined at {plans[plan.Item.Name].Path}"));
            }
        }

        var policies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (RoutingConfigReader.Located<MailboxPolicy> policy in parsed.Policies)
        {
            if (!policies.TryAdd(policy.Item.Name, policy.Path))
            {
                errors.Add(new(policy.Path + ".name", $"mailbox policy '{policy.Item.Name}' is already defined at {policies[policy.Item.Name]}"));
            }
        }

        CheckOverlaps(parsed.Ranges, errors);
        Dictionary<string, string> numbers = CheckMailboxes(parsed, plans, policies, errors);

        var lines = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (RoutingConfigReader.Located<AnalogLine> line in parsed.Lines)
        {
            if (!lines.TryAdd(line.Item.Id, line.Path))
            {
                errors.Add(new(line.Path + ".id", $"line '{line.Item.Id}' is already defined at {lines[line.Item.Id]}"));
            }

            CheckMailboxReference(line.Item.DefaultMailbox, line.Path + ".defaultMailbox", numbers, errors);
        }

        CheckMailboxReference(parsed.CatchAll, "routing.unknownRecipient.catchAll", numbers, errors);
    }

    private static Dictionary<string, string> CheckMailboxes(
        RoutingConfigReader.Parsed parsed,
        Dictionary<string, RoutingConfigReader.Located<DialPlan>> plans,
        Dictionary<string, string> policies,
        List<ConfigError> errors)
    {
        var numbers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (RoutingConfigReader.Located<Mailbox> located in parsed.Mailboxes)
        {
            Mailbox mailbox = located.Item;
            AddNumber(mailbox.Extension, located.Path, "extension", numbers, errors);
            if (mailbox.Did != mailbox.Extension)
            {
                AddNumber(mailbox.Did, located.Path, "did", numbers, errors);
            }

            if (mailbox.Policy is not null && !policies.ContainsKey(mailbox.Policy))
            {
                errors.Add(new(located.Path + ".policy", $"no mailbox policy named '{mailbox.Policy}'"));
            }

            if (mailbox.DialPlan is null)
            {
                continue;
            }

            if (!plans.TryGetValue(mailbox.DialPlan, out RoutingConfigReader.Located<DialPlan> plan))
            {
                errors.Add(new(located.Path + ".dialPlan", $"no dial plan named '{mailbox.DialPlan}'"));
                continue;
            }

            if (plan.Item.ExtensionLength is int length && mailbox.Extension is not null && mailbox.Extension.Length != length)
            {
                errors.Add(new(located.Path + ".extension", $"extension '{mailbox.Extension}' has {mailbox.Extension.Length} digits but dial plan '{plan.Item.Name}' uses {length}-digit extensions"));
            }

            if (plan.Item.NumberRanges.Count > 0
                && !(mailbox.Extension is not null && plan.Item.ContainsNumber(mailbox.Extension))
                && !(mailbox.Did is not null && plan.Item.ContainsNumber(mailbox.Did)))
            {
                errors.Add(new(located.Path + ".dialPlan", $"neither the extension nor the DID of mailbox {mailbox.Label} lies in the number ranges of dial plan '{plan.Item.Name}' ({string.Join(", ", plan.Item.NumberRanges)})"));
            }
        }

        return numbers;
    }

    private static void AddNumber(string? number, string path, string field, Dictionary<string, string> numbers, List<ConfigError> errors)
    {
        if (number is not null && !numbers.TryAdd(number, path))
        {
            errors.Add(new(path + "." + field, $"number '{number}' already belongs to the mailbox at {numbers[number]}"));
        }
    }

    private static void CheckMailboxReference(string? reference, string path, Dictionary<string, string> numbers, List<ConfigError> errors)
    {
        if (reference is null)
        {
            return;
        }

        string? number = PhoneNumber.NormaliseOrNull(reference);
        if (number is null || !numbers.ContainsKey(number))
        {
            errors.Add(new(path, $"no mailbox with extension or DID '{Fields.Shorten(reference)}'"));
        }
    }

    private static void CheckOverlaps(List<RoutingConfigReader.Located<NumberRange>> ranges, List<ConfigError> errors)
    {
        // Quadratic, but bounded by the array limits and run once at load time.
        for (int i = 0; i < ranges.Count; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (ranges[i].Item.Overlaps(ranges[j].Item))
                {
                    errors.Add(new(ranges[i].Path, $"{ranges[i].Item} overlaps {ranges[j].Item} at {ranges[j].Path}"));
                    break;
                }
            }
        }
    }
}
