using System.Diagnostics;

namespace FaxAppliance.Host.Tests;

/// <summary>The host as tools/run starts it: exit codes, messages and the data folder.</summary>
public class HostProcessTests
{
    [Fact]
    public void Duration1_CreatesTheDataFolder_ExitsZero_AndLogsTheFolderBoardAndWebPage()
    {
        using var temp = new TempFolder();
        string data = Path.Combine(temp.Path, "nested", "state");

        (int exit, string stdout, string stderr) = HostProcess.Run("--duration", "1", "--data", data, "--repo-root", TempFolder.RepositoryRoot());

        Assert.True(exit == 0, $"exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.True(Directory.Exists(data));
        Assert.Contains("data folder " + data, stdout, StringComparison.Ordinal);
        Assert.Contains("board-config.json: kind auto, A-law", stdout, StringComparison.Ordinal);
        Assert.Contains("Board: simulated", stdout, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:8080 (not served yet)", stdout, StringComparison.Ordinal);
        Assert.Contains("Capture started", stdout, StringComparison.Ordinal);
        Assert.Contains("FaxAppliance stopped", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void RelativeDataFolder_IsLoggedAsAnAbsolutePath()
    {
        using var temp = new TempFolder();

        (int exit, string stdout, _) = HostProcess.RunIn(temp.Path, "--duration=0.5", "--data=rel/data", "--hal", "simulated");

        Assert.Equal(0, exit);
        Assert.Contains("data folder " + Path.Combine(temp.Path, "rel", "data"), stdout, StringComparison.Ordinal);
        Assert.Contains("No board configuration at", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "unknown option '--bogus'")]
    [InlineData(new[] { "--duration", "soon" }, "--duration: 'soon'")]
    [InlineData(new[] { "--duration", "-1" }, "--duration: '-1'")]
    [InlineData(new[] { "--hal", "fpga" }, "--hal: 'fpga' is not one of auto, simulated, rpi")]
    [InlineData(new[] { "--data" }, "option '--data' needs a value")]
    [InlineData(new[] { "stray" }, "unexpected argument 'stray'")]
    [InlineData(new[] { "--duration", "1", "--duration", "2" }, "option '--duration' is given more than once")]
    public void BadCommandLine_ExitsTwo_WithOneLineNamingTheOption(string[] args, string message)
    {
        (int exit, string stdout, string stderr) = HostProcess.Run(args);

        Assert.Equal(2, exit);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public void HalRpi_ExitsTwo_SayingTheRaspberryPiHalIsNotBuiltYet()
    {
        using var temp = new TempFolder();

        (int exit, _, string stderr) = HostProcess.Run("--hal", "rpi", "--data", temp.Path, "--duration", "1");

        Assert.Equal(2, exit);
        Assert.Contains("the Raspberry Pi HAL is not built yet", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidBoardConfig_ExitsThree_NamingEveryBadField()
    {
        using var temp = new TempFolder();
        string config = Path.Combine(temp.Path, "board-config.json");
        File.WriteAllText(config, """{ "kind": "rpi", "audio": { "law": "alaw", "sampleRate": 16000, "alsaDevice": "hw:0" }, "daa": { "spi": { "chipSelect": 0 }, "resetGpio": 17, "interruptGpio": 17 } }""");

        (int exit, _, string stderr) = HostProcess.Run("--board-config", config, "--data", temp.Path);

        Assert.Equal(3, exit);
        Assert.Contains("audio.sampleRate: must be 8000", stderr, StringComparison.Ordinal);
        Assert.Contains("daa.spi.bus: missing", stderr, StringComparison.Ordinal);
        Assert.Contains("daa.interruptGpio: GPIO 17 is already used by daa.resetGpio", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingExplicitBoardConfig_ExitsThree()
    {
        using var temp = new TempFolder();

        (int exit, _, string stderr) = HostProcess.Run("--board-config", Path.Combine(temp.Path, "none.json"), "--data", temp.Path);

        Assert.Equal(3, exit);
        Assert.Contains("cannot read", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_ExitsZero_AndListsEveryOption()
    {
        (int exit, string stdout, _) = HostProcess.Run("--help");

        Assert.Equal(0, exit);
        foreach (string option in new[] { "--config", "--data", "--board-config", "--repo-root", "--hal", "--duration", "--help" })
        {
            Assert.Contains(option, stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SigTerm_StopsTheHostCleanly_WithExitZero()
    {
        using var temp = new TempFolder();
        using HostProcess host = HostProcess.Start(null, "--data", temp.Path, "--hal", "simulated");
        Assert.True(SpinWait.SpinUntil(() => host.Stdout.Contains("Capture started", StringComparison.Ordinal), HostProcess.Generous), "the host started");

        using (Process kill = Process.Start("/bin/sh", ["-c", "kill -TERM " + host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        Assert.Equal(0, host.WaitForExit());
        Assert.Contains("Capture stopped", host.Stdout, StringComparison.Ordinal);
        Assert.Contains("FaxAppliance stopped", host.Stdout, StringComparison.Ordinal);
    }
}
