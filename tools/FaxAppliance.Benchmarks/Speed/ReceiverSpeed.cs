using BenchmarkDotNet.Attributes;
using FaxAppliance.Benchmarks.Ber;
using FaxAppliance.SpanDsp;

namespace FaxAppliance.Benchmarks.Speed;

/// <summary>
/// Time per 20 ms block of each receiver on the same samples (a reference transmitter's PRBS), ours
/// against spandsp's in the same run: BenchmarkDotNet reports the ratio to the baseline and the bytes
/// allocated per block.
/// </summary>
[MemoryDiagnoser]
public class ReceiverSpeed
{
    private short[] _samples = [];
    private ModemUnderTest _modem = null!;

    /// <summary>Modem and rate, by name (see <see cref="Modems.All"/>).</summary>
    [ParamsSource(nameof(ModemNames))]
    public string Modem { get; set; } = "";

    /// <summary>The modems measured.</summary>
    public static IEnumerable<string> ModemNames => Modems.All.Select(m => m.Name);

    /// <summary>Makes 10 s of signal.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _modem = Modems.All.Single(m => m.Name == Modem);
        var prbs = new Prbs();
        using var tx = new SpanDspTransmitter(_modem.Kind, _modem.BitRate, prbs.Next);
        _samples = new short[10 * 8000];
        for (int i = 0; i < _samples.Length; i += 160)
        {
            tx.Generate(_samples.AsSpan(i, 160));
        }
    }

    /// <summary>spandsp's receiver over 500 blocks (the baseline).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 500)]
    public int SpanDsp() => Run(_modem.Reference());

    /// <summary>Our receiver over the same 500 blocks.</summary>
    [Benchmark(OperationsPerInvoke = 500)]
    public int Ours() => _modem.Ours is null ? 0 : Run(_modem.Ours(_modem.BitRate));

    private int Run(IReceiverUnderTest rx)
    {
        using (rx)
        {
            for (int i = 0; i + 160 <= _samples.Length; i += 160)
            {
                rx.Process(_samples.AsSpan(i, 160));
            }

            return rx.Bits.Count;
        }
    }
}
