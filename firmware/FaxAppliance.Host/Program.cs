using FaxAppliance.Gateway;
using FaxAppliance.Gateway.Config;
using FaxAppliance.Hal.Audio;
using FaxAppliance.Hal.Config;
using FaxAppliance.Hal.Simulated.Board;
using FaxAppliance.Routing.Config;
using FaxAppliance.Spool;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace FaxAppliance.Host;

/// <summary>The appliance's entry point: parses the command line, loads the board configuration, picks the board and runs.</summary>
public static class Program
{
    /// <summary>The address of the appliance's web page (served by a later issue).</summary>
    public const string WebPageUrl = "http://127.0.0.1:8080";

    /// <summary>Exit status: stopped normally.</summary>
    public const int ExitOk = 0;

    /// <summary>Exit status: failed at run time.</summary>
    public const int ExitFailed = 1;

    /// <summary>Exit status: bad command line, or the board asked for is not available.</summary>
    public const int ExitUsage = 2;

    /// <summary>Exit status: the board or appliance configuration is not valid, or the spool cannot be used.</summary>
    public const int ExitBadConfig = 3;

    private const string Name = "faxappliance";

    /// <summary>Runs the appliance until Ctrl-C, SIGTERM or --duration.</summary>
    public static int Main(string[] args)
    {
        if (!CommandLine.TryParse(args, out CommandLine options, out string error))
        {
            return Fail(ExitUsage, $"{error} (see --help)");
        }

        if (options.ShowHelp)
        {
            Console.Out.Write(CommandLine.Usage);
            return ExitOk;
        }

        if (options.Hal == BoardKind.RaspberryPi)
        {
            return Fail(ExitUsage, BoardSelection.RaspberryPiNotBuilt);
        }

        string dataFolder = DataFolder.Resolve(options.DataDirectory);
        try
        {
            Directory.CreateDirectory(dataFolder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return Fail(ExitFailed, $"cannot create the data folder {dataFolder}: {e.Message}");
        }

        string configPath = Path.GetFullPath(options.BoardConfigPath
            ?? Path.Combine(options.RepoRoot ?? Directory.GetCurrentDirectory(), BoardConfig.FileName));
        bool configFound = options.BoardConfigPath is not null || File.Exists(configPath);
        BoardConfig config;
        try
        {
            config = configFound ? BoardConfig.Load(configPath) : BoardConfig.SimulatedDefault();
        }
        catch (BoardConfigException e)
        {
            foreach (BoardConfigError problem in e.Errors)
            {
                Console.Error.WriteLine($"{Name}: {configPath}: {problem}");
            }

            return ExitBadConfig;
        }

        BoardChoice choice = BoardSelection.Choose(options.Hal, config, HardwareProbe.System);
        if (choice.Kind == BoardKind.RaspberryPi && choice.Explicit)
        {
            return Fail(ExitUsage, $"{BoardSelection.RaspberryPiNotBuilt} ({choice.Reason})");
        }

        ApplianceSetup? appliance = null;
        if (options.ConfigPath is { } given)
        {
            string appliancePath = Path.GetFullPath(given);
            if (!ApplianceConfig.TryLoadFile(appliancePath, out ApplianceConfig? loaded, out IReadOnlyList<ConfigError> errors))
            {
                foreach (ConfigError problem in errors)
                {
                    Console.Error.WriteLine($"{Name}: {appliancePath}: {problem}"); // "<json path>: <what is wrong>"
                }

                return ExitBadConfig;
            }

            appliance = new ApplianceSetup(appliancePath, loaded!);
        }

        return Run(options, dataFolder, configPath, configFound, config, choice, appliance);
    }

    private sealed record ApplianceSetup(string Path, ApplianceConfig Config);

    private static int Run(CommandLine options, string dataFolder, string configPath, bool configFound, BoardConfig config, BoardChoice choice, ApplianceSetup? appliance)
    {
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "FaxAppliance",
            ContentRootPath = dataFolder,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.ColorBehavior = Console.IsOutputRedirected ? LoggerColorBehavior.Disabled : LoggerColorBehavior.Default;
        });
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.Services.AddSingleton(services => new ApplianceService(
            new SimulatedBoard(SimulatedBoardOptions.FromConfig(config)),
            options.Duration,
            services.GetRequiredService<ILoggerFactory>(),
            services.GetRequiredService<IHostApplicationLifetime>()));
        builder.Services.AddHostedService(services => services.GetRequiredService<ApplianceService>());
        InboundFaxGateway? gateway = null; // opened below, after the host's logging exists, before the host starts
        if (appliance is not null)
        {
            builder.Services.AddHostedService(services => new DeliveryWorker(
                gateway ?? throw new InvalidOperationException("the spool was not opened before the host started"),
                services.GetRequiredService<ILoggerFactory>().CreateLogger("FaxAppliance.Delivery")));
        }

        using IHost host = builder.Build();
        ILoggerFactory loggers = host.Services.GetRequiredService<ILoggerFactory>();
        ILogger logger = loggers.CreateLogger("FaxAppliance.Host");
        if (appliance is not null)
        {
            SpoolSettings settings = appliance.Config.Spool;
            var spoolOptions = new SpoolOptions { DeliveredRetention = settings.DeliveredRetention };
            SpoolOpenResult opened = FaxSpool.Open(settings.Folder, spoolOptions, logger: loggers.CreateLogger("FaxAppliance.Spool"));
            if (opened.Spool is null)
            {
                return Fail(ExitBadConfig, $"{appliance.Path}: the spool at {settings.Folder} cannot be used: {opened.Error}");
            }

            gateway = new InboundFaxGateway(appliance.Config, opened.Spool);
            HostLog.ApplianceConfigLoaded(logger, appliance.Path, settings.Folder);
        }

        using InboundFaxGateway? ownedGateway = gateway; // disposed (spool closed) after the host has stopped
        try
        {
            HostLog.Starting(logger, dataFolder);
            if (configFound)
            {
                string kind = KindName(config.Kind);
                string law = config.Audio.Law == CompandingLaw.ALaw ? "A-law" : "µ-law";
                HostLog.ConfigLoaded(logger, configPath, kind, law);
            }
            else
            {
                HostLog.ConfigMissing(logger, configPath);
            }

            if (choice.Kind == BoardKind.RaspberryPi)
            {
                HostLog.FallingBack(logger, choice.Reason, BoardSelection.RaspberryPiNotBuilt);
            }
            else
            {
                HostLog.Board(logger, "simulated", choice.Reason);
            }

            HostLog.WebPage(logger, WebPageUrl);
            ApplianceService service = host.Services.GetRequiredService<ApplianceService>(); // Run disposes the provider
            host.Run();
            HostLog.Stopped(logger);
            return service.Failure is null ? ExitOk : ExitFailed;
        }
#pragma warning disable CA1031 // The last line of defence: log whatever stopped the appliance and exit with 1.
        catch (Exception e)
#pragma warning restore CA1031
        {
            HostLog.Failed(logger, e);
            return ExitFailed;
        }
    }

    private static string KindName(BoardKind kind) => kind switch
    {
        BoardKind.Simulated => "simulated",
        BoardKind.RaspberryPi => "rpi",
        _ => "auto",
    };

    private static int Fail(int exitCode, string message)
    {
        Console.Error.WriteLine($"{Name}: error: {message}");
        return exitCode;
    }
}
