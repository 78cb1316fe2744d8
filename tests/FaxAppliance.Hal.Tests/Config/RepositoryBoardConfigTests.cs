using FaxAppliance.Hal.Audio;
using FaxAppliance.Hal.Config;

namespace FaxAppliance.Hal.Tests.Config;

public class RepositoryBoardConfigTests
{
    /// <summary>The repository root: the folder above the test's output that holds FaxAppliance.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FaxAppliance.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("FaxAppliance.sln not found above " + AppContext.BaseDirectory);
    }

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
