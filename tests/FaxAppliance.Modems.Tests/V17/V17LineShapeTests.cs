using FaxAppliance.Hal.Simulated.Line;
using FaxAppliance.Modems.Tests.Common;
using Xunit.Abstractions;

namespace FaxAppliance.Modems.Tests.V17;

/// <summary>
/// Every V.56bis line shape of the line simulator (<see cref="LineShapes.All"/>) at 28 dB SNR with ±7 Hz
/// and ±50 ppm on top, spandsp's V.17 transmitter into our receiver at 9600 and 14 400 bit/s: the long
/// train and its burst, then the short train and its page, as T.30 runs them, each burst checked bit for
/// bit (≥ 30 000 bits, at most one error). The whole matrix (31 shapes × 2 rates × 2 signs, 124 calls of
/// some 8 s of signal each) runs in a few seconds, so CI runs all of it. The same matrix passed with two
/// other noise and data seeds (22/5/6 and 23/7/8) when it was written.
/// </summary>
public class V17LineShapeTests(ITestOutputHelper output)
{
    private const double SnrDb = 28.0;
    private const double OffsetHz = 7.0;
    private const double OffsetPpm = 50.0;
    private const int CheckedBits = 30_000;

    /// <summary>Every shape × 9600 and 14 400 × both signs of the offsets.</summary>
    public static TheoryData<string, int, int> FullMatrix()
    {
        var data = new TheoryData<string, int, int>();
        foreach (LineShape shape in LineShapes.All)
        {
            foreach (int rate in new[] { 9600, 14400 })
            {
                data.Add(shape.Name, rate, 1);
                data.Add(shape.Name, rate, -1);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FullMatrix))]
    public void V17Receiver_V56bisShapeWithOffsets_LongAndShortTrainDecodeWithAtMostOneError(string shape, int rate, int sign)
    {
        Run(shape, rate, sign);
    }

    private void Run(string shape, int rate, int sign)
    {
        using var rig = new V17TestRig(rate, V17TestRig.Line(-14 - SnrDb, sign * OffsetHz, sign * OffsetPpm, seed: 21, model: shape));
        rig.Burst(rig.Reference(rate, seed: 3), shortTrain: false, V17TestRig.SecondsFor(rate, CheckedBits + 2000), silenceAfter: 0.5);
        double learnedHz = rig.Receiver.Statistics.CarrierOffsetHz;
        rig.Burst(rig.Reference(rate, shortTrain: true, seed: 4), shortTrain: true, V17TestRig.SecondsFor(rate, CheckedBits + 2000, shortTrain: true));
        (int longBits, int longErrors) = rig.Errors(0);
        (int shortBits, int shortErrors) = rig.Errors(1);
        output.WriteLine(
            $"RESULT {shape,-10} {rate,5} {(sign > 0 ? "+" : "-")}: long {longErrors}/{longBits} (eq {rig.SnrAtEnd[0]:0.0} dB, {learnedHz:0.0} Hz), "
            + $"short {shortErrors}/{shortBits} (eq {rig.SnrAtEnd[1]:0.0} dB); {rig.Log}");
        Assert.True(longBits >= CheckedBits, $"long train burst: only {longBits} bits checked; {rig.Log}");
        Assert.True(longErrors <= 1, $"long train burst: {longErrors} errors in {longBits} bits");
        Assert.True(shortBits >= CheckedBits, $"short train burst: only {shortBits} bits checked; {rig.Log}");
        Assert.True(shortErrors <= 1, $"short train burst: {shortErrors} errors in {shortBits} bits");
    }
}
