using BenchmarkDotNet.Attributes;
using FaxAppliance.Benchmarks.Ber;
using FaxAppliance.Modems;
using FaxAppliance.Modems.V17;
using FaxAppliance.Modems.V21;
using FaxAppliance.Modems.V27ter;
using FaxAppliance.Modems.V29;
using FaxAppliance.SpanDsp;

namespace FaxAppliance.Benchmarks.Speed;

/// <summary>
/// Time per 20 ms block of each transmitter sending a PRBS, ours against spandsp's (fed by a native
/// bit source, so that both pay the same per bit) in the same run.
/// </summary>
[MemoryDiagnoser]
public class TransmitterSpeed
{
    private const int Blocks = 500;
    private readonly short[] _block = new short[160];
    private SpanDspNativeTransmitter? _reference;
    private IBlockTransmitter? _ours;

    /// <summary>Modem and rate.</summary>
    [ParamsSource(nameof(ModemNames))]
    public string Modem { get; set; } = "";

    /// <summary>Every modem and rate.</summary>
    public static IEnumerable<string> ModemNames => Modems.All.Select(m => m.Name);

    /// <summary>Creates both transmitters.</summary>
    [GlobalSetup]
    public void Setup()
    {
        ModemUnderTest modem = Modems.All.Single(m => m.Name == Modem);
        string lib = Path.Combine(RepoRoot(), "build", "native", "libbenchbits.so");
        _reference = new SpanDspNativeTransmitter(modem.Kind, modem.BitRate, lib);
        _ours = modem.Kind switch
        {
            SpanDspModemKind.V21Channel2 => new OurV21Tx(),
            SpanDspModemKind.V29 => new OurV29Tx(modem.BitRate),
            SpanDspModemKind.V17 => new OurV17Tx(modem.BitRate),
            _ => new OurV27terTx(modem.BitRate),
        };
    }

    /// <summary>Releases spandsp's transmitter.</summary>
    [GlobalCleanup]
    public void Cleanup() => _reference?.Dispose();

    /// <summary>spandsp's transmitter (the baseline).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Blocks)]
    public int SpanDsp()
    {
        int n = 0;
        for (int i = 0; i < Blocks; i++)
        {
            n += _reference!.Generate(_block);
        }

        return n;
    }

    /// <summary>Our transmitter.</summary>
    [Benchmark(OperationsPerInvoke = Blocks)]
    public int Ours()
    {
        for (int i = 0; i < Blocks; i++)
        {
            _ours!.Generate(_block);
        }

        return _block[0];
    }

    private static string RepoRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "FaxAppliance.sln")))
            {
                return dir;
            }
        }

        return Environment.GetEnvironmentVariable("FAXAPPLIANCE_ROOT") ?? Environment.CurrentDirectory;
    }
}

/// <summary>One of our transmitters, for timing.</summary>
public interface IBlockTransmitter
{
    /// <summary>Fills a block.</summary>
    void Generate(Span<short> block);
}

/// <summary>The PRBS as a struct bit source.</summary>
public struct PrbsSource : IBitSource
{
    private uint _state;

    /// <inheritdoc/>
    public int GetBit()
    {
        if (_state == 0)
        {
            _state = 0x7FFFFF;
        }

        int bit = (int)(((_state >> 22) ^ (_state >> 17)) & 1);
        _state = ((_state << 1) | (uint)bit) & 0x7FFFFF;
        return bit;
    }
}

internal sealed class OurV29Tx(int bitRate) : IBlockTransmitter
{
    private readonly V29Transmitter _tx = new(bitRate);
    private PrbsSource _source;

    public void Generate(Span<short> block) => _tx.Generate(block, ref _source);
}

internal sealed class OurV27terTx(int bitRate) : IBlockTransmitter
{
    private readonly V27terTransmitter _tx = new(bitRate);
    private PrbsSource _source;

    public void Generate(Span<short> block) => _tx.Generate(block, ref _source);
}

internal sealed class OurV17Tx(int bitRate) : IBlockTransmitter
{
    private readonly V17Transmitter _tx = new(bitRate);
    private PrbsSource _source;

    public void Generate(Span<short> block) => _tx.Generate(block, ref _source);
}

internal sealed class OurV21Tx : IBlockTransmitter
{
    private readonly V21Transmitter _tx = new();
    private PrbsSource _source;

    public void Generate(Span<short> block) => _tx.Generate(block, ref _source);
}
