namespace FaxAppliance.Host.Tests;

/// <summary>--config: a bad appliance configuration or an unusable spool stops the host before it starts.</summary>
public class ApplianceConfigTests
{
    [Fact]
    public void InvalidApplianceConfig_ExitsThree_NamingEachProblemWithItsJsonPath()
    {
        using var temp = new TempFolder();
        string config = Path.Combine(temp.Path, "appliance.json");
        File.WriteAllText(config, """
            { "routing": { "lines": [] }, "spool": { "retentionDays": -1, "colour": "blue" }, "printer": {} }
            """);

        (int exit, string stdout, string stderr) = HostProcess.Run("--config", config, "--data", temp.Path, "--hal", "simulated", "--duration", "5");

        Assert.True(exit == 3, $"exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.StartsWith($"faxappliance: {config}: ", line, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(": printer: unknown section", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(": spool.colour: unknown setting", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(": spool.retentionDays:", StringComparison.Ordinal));
        Assert.DoesNotContain("FaxAppliance starting", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingApplianceConfig_ExitsThree_SayingItCannotBeRead()
    {
        using var temp = new TempFolder();
        string config = Path.Combine(temp.Path, "none.json");

        (int exit, _, string stderr) = HostProcess.Run("--config", config, "--data", temp.Path, "--hal", "simulated", "--duration", "5");

        Assert.Equal(3, exit);
        Assert.Contains($"{config}: {config}: cannot read the configuration file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void SpoolThatCannotBeOpened_ExitsThree_WithAClearMessage()
    {
        using var temp = new TempFolder();
        string notAFolder = Path.Combine(temp.Path, "spool");
        File.WriteAllText(notAFolder, "a file where the spool folder should be");
        string config = Path.Combine(temp.Path, "appliance.json");
        File.WriteAllText(config, $$"""{ "routing": {}, "spool": { "folder": "{{notAFolder}}" } }""");

        (int exit, string stdout, string stderr) = HostProcess.Run("--config", config, "--data", temp.Path, "--hal", "simulated", "--duration", "5");

        Assert.True(exit == 3, $"exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains($"faxappliance: error: {config}: the spool at {notAFolder} cannot be used: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Delivery worker started", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAMailSection_TheHostRuns_AndSaysFaxesStayInTheSpool()
    {
        using var temp = new TempFolder();
        string config = Path.Combine(temp.Path, "appliance.json");
        File.WriteAllText(config, """{ "routing": {} }""");

        (int exit, string stdout, string stderr) = HostProcess.Run("--config", config, "--data", temp.Path, "--hal", "simulated", "--duration", "1");

        Assert.True(exit == 0, $"exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains("No mail section in the configuration: received faxes stay in the spool " + Path.Combine(temp.Path, "spool"), stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(temp.Path, "spool", "spool.db")), "the spool was created beside the configuration");
    }
}
