using FaxAppliance.Hal.Config;

namespace FaxAppliance.Host.Tests;

public class CommandLineTests
{
    [Fact]
    public void NoArguments_GiveDefaults()
    {
        Assert.True(CommandLine.TryParse([], out CommandLine options, out _));
        Assert.Equal(new CommandLine(), options);
    }

    [Fact]
    public void EveryOption_IsParsed_InBothForms()
    {
        string existing = Path.GetTempPath();
        Assert.True(CommandLine.TryParse(["--config", "appliance.json", "--data", "d", "--board-config=b.json", "--repo-root", existing, "--hal=simulated", "--duration", "2.5"], out CommandLine options, out string error), error);

        Assert.Equal(new CommandLine { ConfigPath = "appliance.json", DataDirectory = "d", BoardConfigPath = "b.json", RepoRoot = existing, Hal = BoardKind.Simulated, Duration = TimeSpan.FromSeconds(2.5) }, options);
    }

    [Fact]
    public void Config_IsParsed_AndNeedsAValue()
    {
        Assert.True(CommandLine.TryParse(["--config=/etc/fax/appliance.json"], out CommandLine options, out _));
        Assert.Equal("/etc/fax/appliance.json", options.ConfigPath);
        Assert.False(CommandLine.TryParse(["--config"], out _, out string error));
        Assert.Equal("option '--config' needs a value", error);
        Assert.Contains("--config FILE", CommandLine.Usage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("auto", BoardKind.Auto)]
    [InlineData("simulated", BoardKind.Simulated)]
    [InlineData("rpi", BoardKind.RaspberryPi)]
    public void Hal_AcceptsItsThreeValues(string value, BoardKind expected)
    {
        Assert.True(CommandLine.TryParse(["--hal", value], out CommandLine options, out _));
        Assert.Equal(expected, options.Hal);
    }

    [Theory]
    [InlineData("--repo-root", "/no/such/folder/anywhere", "--repo-root: '/no/such/folder/anywhere' is not a directory")]
    [InlineData("--duration", "NaN", "--duration: 'NaN' is not a number of seconds from 0 to 31536000")]
    [InlineData("--duration", "0", "--duration: '0' is not a number of seconds from 0 to 31536000")]
    [InlineData("--duration", "4e11", "--duration: '4e11' is not a number of seconds from 0 to 31536000")]
    [InlineData("--data", "", "option '--data' needs a value")]
    public void BadValues_AreNamed(string option, string value, string expected)
    {
        Assert.False(CommandLine.TryParse([option, value], out _, out string error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    public void Help_IsRecognised(string arg)
    {
        Assert.True(CommandLine.TryParse([arg], out CommandLine options, out _));
        Assert.True(options.ShowHelp);
    }
}
