using FaxAppliance.Hal.Audio;
using FaxAppliance.Hal.Config;

namespace FaxAppliance.Hal.Tests.Config;

public class RepositoryBoardConfigTests
{
    /// <summary>The repository root: the folder above the test's output that holds FaxAppliance.sln.</summary>
    public static string RepositoryRoot() => FaxAppliance.Testing.RepoPaths.Root;

    [Fact]
    public void RepositoryBoardConfig_IsValid_AndDescribesTheReferenceBoard()
    {
        BoardConfig config = BoardConfig.Load(Path.Combine(RepositoryRoot(), BoardConfig.FileName));

        Assert.Equal(BoardKind.Auto, config.Kind);
        Assert.Equal(CompandingLaw.ALaw, config.Audio.Law);
        Assert.False(string.IsNullOrEmpty(config.Audio.AlsaDevice));
        Assert.NotNull(config.Daa);
        Assert.Equal("/dev/spidev0.0", config.Daa.Spi.DevicePath);
    }
}
