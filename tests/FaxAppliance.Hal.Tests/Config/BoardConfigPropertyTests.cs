using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using FaxAppliance.Hal.Config;

namespace FaxAppliance.Hal.Tests.Config;

/// <summary>Random, truncated and mutated input gives a config or a BoardConfigException, never anything else.</summary>
public class BoardConfigPropertyTests
{
    private static readonly byte[] RepositoryFile = File.ReadAllBytes(Path.Combine(RepositoryBoardConfigTests.RepositoryRoot(), BoardConfig.FileName));

    private static readonly string[] FieldPaths =
    [
        "kind", "audio", "audio.sampleRate", "audio.frameMs", "audio.law", "audio.alsaDevice", "daa", "daa.spi",
        "daa.spi.bus", "daa.spi.chipSelect", "daa.spi.clockHz", "daa.resetGpio", "daa.interruptGpio", "daa.ringDetectGpio",
        "simulated", "simulated.ringCadenceMs", "simulated.onHookVolts", "simulated.offHookVolts", "simulated.offHookMilliamps",
    ];

    private static readonly Gen<string> JsonScalar = Gen.OneOf(
        Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "1e400"),
        Gen.String.Select(s => JsonValue.Create(s).ToJsonString()),
        Gen.OneOfConst("null", "true", "false", "{}", "[]", "[1,2,3]", "{\"x\":1}", "\"alaw\"", "\"rpi\"", "8000", "20", "-1", "99999999999"));

    [Fact]
    public void RandomBytes_GiveOnlyConfigErrors() =>
        Gen.Byte.Array[0, 600].Sample(bytes => ParseOnlyFailsCleanly(bytes), iter: 5000);

    [Fact]
    public void RandomText_GivesOnlyConfigErrors() =>
        Gen.String.Sample(text => ParseOnlyFailsCleanly(Encoding.UTF8.GetBytes(text)), iter: 5000);

    [Fact]
    public void EveryPrefixOfTheRepositoryFile_GivesAConfigOrAConfigError()
    {
        for (int length = 0; length <= RepositoryFile.Length; length++)
        {
            ParseOnlyFailsCleanly(RepositoryFile.AsMemory(0, length));
        }

        Assert.True(BoardConfig.TryParse(RepositoryFile, out _, out _));
    }

    [Fact]
    public void RepositoryFileWithOneByteChanged_GivesAConfigOrAConfigError() =>
        Gen.Select(Gen.Int[0, RepositoryFile.Length - 1], Gen.Byte).Sample((index, value) =>
        {
            byte[] mutated = (byte[])RepositoryFile.Clone();
            mutated[index] = value;
            ParseOnlyFailsCleanly(mutated);
        }, iter: 5000);

    [Fact]
    public void AnyValueInAnyField_GivesAConfigOrAnErrorNamingThatField() =>
        Gen.Select(Gen.Int[0, FieldPaths.Length - 1], JsonScalar).Sample((field, value) =>
        {
            string path = FieldPaths[field];
            string json = ConfigText.With(path, value);
            if (!BoardConfig.TryParse(Encoding.UTF8.GetBytes(json), out _, out IReadOnlyList<BoardConfigError> errors))
            {
                // Every complaint is about the changed field or something inside it, or a field that depends on it.
                Assert.All(errors, e => Assert.False(string.IsNullOrEmpty(e.Message)));
                Assert.Contains(errors, e => e.Path.StartsWith(path, StringComparison.Ordinal) || path.StartsWith(e.Path, StringComparison.Ordinal) || Related(path, e.Path));
            }
        }, iter: 3000);

    private static bool Related(string changed, string reported) =>

        // A GPIO or bus change can collide with another pin field; a voltage change can invert on/off-hook.
        (changed.StartsWith("daa.", StringComparison.Ordinal) && reported.StartsWith("daa.", StringComparison.Ordinal))
        || (changed.StartsWith("simulated.", StringComparison.Ordinal) && reported.StartsWith("simulated.", StringComparison.Ordinal));

    private static void ParseOnlyFailsCleanly(ReadOnlyMemory<byte> input)
    {
        bool ok = BoardConfig.TryParse(input, out BoardConfig? config, out IReadOnlyList<BoardConfigError> errors);
        Assert.Equal(ok, config is not null);
        Assert.Equal(ok, errors.Count == 0);
        try
        {
            BoardConfig.Parse(input);
            Assert.True(ok);
        }
        catch (BoardConfigException e)
        {
            Assert.False(ok);
            Assert.NotEmpty(e.Errors);
        }
    }
}
