using FaxAppliance.SpanDsp;

namespace FaxAppliance.Modems.Tests;

/// <summary>The reference (spandsp) modems through our P/Invoke layer, transmitter into receiver:
/// proves the test harness itself before our modems are measured against it.</summary>
public class SpanDspInteropSmokeTests
{
    [Theory]
    [InlineData(SpanDspModemKind.V21Channel2, 300)]
    [InlineData(SpanDspModemKind.V27ter, 4800)]
    [InlineData(SpanDspModemKind.V29, 9600)]
    [InlineData(SpanDspModemKind.V17, 14400)]
    public void ReferenceTransmitterIntoReferenceReceiver_DeliversThePrbs(SpanDspModemKind kind, int rate)
    {
        uint lfsr = 1;
        var sent = new List<byte>();
        int NextBit()
        {
            // x^23 + x^18 + 1 PRBS
            int bit = (int)(((lfsr >> 22) ^ (lfsr >> 17)) & 1);
            lfsr = (lfsr << 1 | (uint)bit) & 0x7FFFFF;
            sent.Add((byte)bit);
            return bit;
        }

        using var tx = new SpanDspTransmitter(kind, rate, NextBit);
        using var rx = new SpanDspReceiver(kind, rate);
        var block = new short[160];
        for (int i = 0; i < 250; i++) // 5 s
        {
            int n = tx.Generate(block);
            rx.Process(block.AsSpan(0, n));
        }

        Assert.True(rx.Bits.Count > rate * 3, $"only {rx.Bits.Count} bits received");
        // Find the received tail in what was sent (the receiver starts after training/preamble).
        byte[] got = rx.Bits.Skip(rx.Bits.Count / 2).Take(Math.Min(500, rx.Bits.Count / 4)).ToArray();
        byte[] all = sent.ToArray();
        int found = -1;
        for (int start = 0; start + got.Length <= all.Length && found < 0; start++)
        {
            if (all.AsSpan(start, got.Length).SequenceEqual(got))
            {
                found = start;
            }
        }

        Assert.True(found >= 0, "the received bits are not a run of the sent PRBS");
    }
}
