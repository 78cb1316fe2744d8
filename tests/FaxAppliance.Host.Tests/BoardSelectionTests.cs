using System.Text;
using FaxAppliance.Hal.Config;

namespace FaxAppliance.Host.Tests;

public class BoardSelectionTests
{
    private static readonly BoardConfig AutoConfig = BoardConfig.Parse(File.ReadAllBytes(Path.Combine(TempFolder.RepositoryRoot(), BoardConfig.FileName)));

    private static HardwareProbe FakeSystem(TempFolder temp, string? model, bool spidev)
    {
        if (model is not null)
        {
            Directory.CreateDirectory(Path.Combine(temp.Path, "proc", "device-tree"));
            File.WriteAllText(Path.Combine(temp.Path, "proc", "device-tree", "model"), model + "\0", Encoding.ASCII);
        }

        if (spidev)
        {
            Directory.CreateDirectory(Path.Combine(temp.Path, "dev"));
            File.WriteAllText(Path.Combine(temp.Path, "dev", "spidev0.0"), string.Empty);
        }

        return new HardwareProbe(temp.Path);
    }

    [Fact]
    public void Auto_WithoutARaspberryPi_IsSimulated()
    {
        using var temp = new TempFolder();
        BoardChoice choice = BoardSelection.Choose(null, AutoConfig, FakeSystem(temp, null, spidev: false));

        Assert.Equal(BoardKind.Simulated, choice.Kind);
        Assert.Contains("no Raspberry Pi", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_OnAPiWithoutTheSpiNode_IsSimulated()
    {
        using var temp = new TempFolder();
        BoardChoice choice = BoardSelection.Choose(BoardKind.Auto, AutoConfig, FakeSystem(temp, "Raspberry Pi 4 Model B Rev 1.4", spidev: false));

        Assert.Equal(BoardKind.Simulated, choice.Kind);
        Assert.Contains("/dev/spidev0.0 is missing", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_OnAPiWithTheSpiNode_FindsTheBoard_NotExplicitly()
    {
        using var temp = new TempFolder();
        BoardChoice choice = BoardSelection.Choose(null, AutoConfig, FakeSystem(temp, "Raspberry Pi 4 Model B Rev 1.4", spidev: true));

        Assert.Equal(new BoardChoice(BoardKind.RaspberryPi, "auto: Raspberry Pi 4 Model B Rev 1.4 with /dev/spidev0.0", false), choice);
    }

    [Fact]
    public void CommandLine_WinsOverTheConfigurationKind()
    {
        using var temp = new TempFolder();
        HardwareProbe pi = FakeSystem(temp, "Raspberry Pi 5", spidev: true);

        Assert.Equal(BoardKind.Simulated, BoardSelection.Choose(BoardKind.Simulated, AutoConfig, pi).Kind);
        Assert.True(BoardSelection.Choose(BoardKind.RaspberryPi, BoardConfig.SimulatedDefault(), pi).Explicit);
    }

    [Fact]
    public void DataFolder_GivenRelative_IsMadeAbsolute_DefaultIsPerUserState()
    {
        Assert.Equal(Path.GetFullPath("x/y"), DataFolder.Resolve("x/y"));
        Assert.EndsWith("faxappliance", DataFolder.Resolve(null), StringComparison.Ordinal);
        Assert.True(Path.IsPathRooted(DataFolder.Resolve(null)));
    }
}
