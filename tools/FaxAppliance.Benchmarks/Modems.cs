using FaxAppliance.Benchmarks.Ber;
using FaxAppliance.SpanDsp;

namespace FaxAppliance.Benchmarks;

/// <summary>Every modem and rate the benchmarks measure; ours are added as they land.</summary>
public static class Modems
{
    /// <summary>The list.</summary>
    public static IReadOnlyList<ModemUnderTest> All { get; } =
    [
        new("V.21 300", SpanDspModemKind.V21Channel2, 300, _ => new OurV21(), LowestSnrDb: -2),
        new("V.27ter 2400", SpanDspModemKind.V27ter, 2400, null),
        new("V.27ter 4800", SpanDspModemKind.V27ter, 4800, null),
        new("V.29 7200", SpanDspModemKind.V29, 7200, null),
        new("V.29 9600", SpanDspModemKind.V29, 9600, null),
        new("V.17 14400", SpanDspModemKind.V17, 14400, null),
    ];
}
