using System.Globalization;
using FaxAppliance.Hal.Simulated.Line;

namespace FaxAppliance.LineSim;

/// <summary>Parsed command line of one linesim subcommand. Every error names the option and why.</summary>
public sealed class Options
{
    private static readonly HashSet<string> ImpairmentOptions = new(StringComparer.Ordinal)
    {
        "--attenuation", "--noise", "--freq-offset", "--clock-ppm", "--echo-return-loss", "--echo-delay-ms",
        "--codec", "--line-model", "--seed", "--direction",
    };

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly List<string> _positionals = new();

    private Options()
    {
    }

    /// <summary>Positional arguments, in order.</summary>
    public IReadOnlyList<string> Positionals => _positionals;

    /// <summary>
    /// Parses <paramref name="args"/>, accepting the named options (each takes a value) and, where
    /// <paramref name="impairments"/> is set, the line impairment options.
    /// </summary>
    public static Options Parse(IReadOnlyList<string> args, IEnumerable<string> allowed, bool impairments, int maxPositionals)
    {
        var allowedSet = new HashSet<string>(allowed, StringComparer.Ordinal);
        if (impairments)
        {
            allowedSet.UnionWith(ImpairmentOptions);
        }

        var o = new Options();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                string name = arg;
                string? value = null;
                int eq = arg.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    name = arg[..eq];
                    value = arg[(eq + 1)..];
                }

                if (!allowedSet.Contains(name))
                {
                    throw new UsageException($"unknown option '{name}' (see 'tools/linesim --help')");
                }

                if (value is null)
                {
                    if (i + 1 >= args.Count)
                    {
                        throw new UsageException($"option '{name}' needs a value");
                    }

                    value = args[++i];
                }

                if (!o._values.TryAdd(name, value))
                {
                    throw new UsageException($"option '{name}' is given twice");
                }
            }
            else
            {
                if (o._positionals.Count >= maxPositionals)
                {
                    throw new UsageException($"unexpected argument '{arg}'");
                }

                o._positionals.Add(arg);
            }
        }

        return o;
    }

    /// <summary>The value of an option, or null.</summary>
    public string? Get(string name) => _values.TryGetValue(name, out string? v) ? v : null;

    /// <summary>The value of a required option.</summary>
    public string Require(string name) => Get(name) ?? throw new UsageException($"option '{name}' is required");

    /// <summary>A number option, or <paramref name="fallback"/>.</summary>
    public double Number(string name, double fallback)
    {
        string? v = Get(name);
        if (v is null)
        {
            return fallback;
        }

        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || !double.IsFinite(d))
        {
            throw new UsageException($"option '{name}': '{v}' is not a number");
        }

        return d;
    }

    /// <summary>The line impairments given on the command line.</summary>
    public LineImpairments Impairments()
    {
        string codec = Get("--codec") ?? "alaw";
        string direction = Get("--direction") ?? "both";
        string? seedText = Get("--seed");
        ulong seed = 1;
        if (seedText is not null && !ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out seed))
        {
            throw new UsageException($"option '--seed': '{seedText}' is not a non-negative integer");
        }

        var impairments = new LineImpairments
        {
            AttenuationDb = Number("--attenuation", 0),
            NoiseDbm0 = Get("--noise") is null ? null : Number("--noise", 0),
            FrequencyOffsetHz = Number("--freq-offset", 0),
            ClockPpm = Number("--clock-ppm", 0),
            EchoReturnLossDb = Get("--echo-return-loss") is null ? null : Number("--echo-return-loss", 0),
            EchoDelayMs = Number("--echo-delay-ms", 5),
            Codec = codec switch
            {
                "alaw" => LineCodec.ALaw,
                "ulaw" => LineCodec.MuLaw,
                "linear" => LineCodec.Linear,
                _ => throw new UsageException($"option '--codec': '{codec}' is not one of alaw, ulaw, linear"),
            },
            LineModel = Get("--line-model") ?? "flat",
            Seed = seed,
            Direction = direction switch
            {
                "both" => LineDirectionSelection.Both,
                "ab" => LineDirectionSelection.AToB,
                "ba" => LineDirectionSelection.BToA,
                _ => throw new UsageException($"option '--direction': '{direction}' is not one of both, ab, ba"),
            },
        };
        IReadOnlyList<string> errors = impairments.Validate();
        if (errors.Count > 0)
        {
            throw new UsageException(string.Join("; ", errors));
        }

        return impairments;
    }
}
