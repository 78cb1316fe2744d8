using System.Globalization;
using System.Text;
using FaxAppliance.Modems.V17;
using Xunit.Abstractions;

namespace FaxAppliance.Modems.Tests.V17;

/// <summary>How the decision delay (traceback depth) of the Viterbi decoder trades against its error
/// rate: the measurement behind <see cref="V17ViterbiDecoder.DefaultDecisionDelay"/> (its table was taken
/// with 400 000 symbols at 20–24 dB; the test keeps 100 000 at 20–22 dB to stay fast).</summary>
public class V17ViterbiDepthTests(ITestOutputHelper output)
{
    private static readonly int[] Delays = [4, 8, 12, 16, 24, 32, 48];

    [Fact]
    public void ViterbiDecisionDelay_ErrorRateFlatFromDefaultDelay_AndWorseWhenShort()
    {
        const int Rate = 14400;
        const int Symbols = 100_000;
        double[] snrs = [20, 21, 22];
        var table = new StringBuilder("SNR    slicer   " + string.Join("  ", Delays.Select(d => $"delay {d,2}")) + "\n");
        foreach (double snr in snrs)
        {
            var (_, labels, points) = V17TestSupport.Encode(Rate, Symbols, seed: 17);
            V17Point[] noisy = V17TestSupport.AddNoise(Rate, points, snr, seed: 1000 + (ulong)snr);
            int slicer = V17TestSupport.SlicerLabelErrors(Rate, noisy, labels);
            var errors = Delays.ToDictionary(d => d, d => V17TestSupport.ViterbiLabelErrors(Rate, noisy, labels, d));
            table.Append(CultureInfo.InvariantCulture, $"{snr} dB  {Ser(slicer)}  ")
                 .AppendLine(string.Join("  ", Delays.Select(d => Ser(errors[d]))));

            int atDefault = errors[V17ViterbiDecoder.DefaultDecisionDelay];
            // Short delays cost: 4 symbols (the constraint length) is clearly worse than the default.
            Assert.True(errors[4] > 1.5 * atDefault, $"{snr} dB: delay 4 {errors[4]} vs default {atDefault}");
            // The default sits on the flat part: twice the delay gains under 10 % (+ a few counts).
            Assert.True(atDefault <= (1.1 * errors[48]) + 5, $"{snr} dB: default {atDefault} vs delay 48 {errors[48]}");
        }

        output.WriteLine(table.ToString());

        static string Ser(int errorCount) => (errorCount / (double)Symbols).ToString("0.0e+0", CultureInfo.InvariantCulture).PadLeft(8);
    }
}
