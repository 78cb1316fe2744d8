using FaxAppliance.Benchmarks.Ber;
using FaxAppliance.SpanDsp;

namespace FaxAppliance.Benchmarks;

/// <summary>Every modem and rate the benchmarks measure, with our receiver where we have one.</summary>
public static class Modems
{
    /// <summary>The list.</summary>
    public static IReadOnlyList<ModemUnderTest> All { get; } =
    [
        Ours("V.21", SpanDspModemKind.V21Channel2, 300, lowestSnr: -2),
        Ours("V.27ter", SpanDspModemKind.V27ter, 2400, lowestSnr: 0),
        Ours("V.27ter", SpanDspModemKind.V27ter, 4800, lowestSnr: 4),
        Ours("V.29", SpanDspModemKind.V29, 4800, lowestSnr: 4),
        Ours("V.29", SpanDspModemKind.V29, 7200, lowestSnr: 8),
        Ours("V.29", SpanDspModemKind.V29, 9600, lowestSnr: 10),
        Ours("V.17", SpanDspModemKind.V17, 7200, lowestSnr: 6),
        Ours("V.17", SpanDspModemKind.V17, 9600, lowestSnr: 8),
        Ours("V.17", SpanDspModemKind.V17, 12000, lowestSnr: 12),
        Ours("V.17", SpanDspModemKind.V17, 14400, lowestSnr: 14),
    ];

    private static ModemUnderTest Ours(string modem, SpanDspModemKind kind, int rate, double lowestSnr) =>
        new($"{modem} {rate}", kind, rate, r => OurReceivers.Collecting(modem, r), lowestSnr, () => OurReceivers.Counting(modem, rate));
}
