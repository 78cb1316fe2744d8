using FaxAppliance.Modems.Tests.Common;
using Xunit.Abstractions;

namespace FaxAppliance.Modems.Tests.V17;

/// <summary>
/// Our V.17 receiver against spandsp's transmitter (and our own), clean line with G.711 A-law in the path:
/// zero errors at every rate after the long train, and after the short train in the T.30 sequence (long
/// train + TCF, silence, short train + page; the receiver restarted for each).
/// </summary>
public class V17ReceiverInteropTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(14400)]
    [InlineData(12000)]
    [InlineData(9600)]
    [InlineData(7200)]
    public void V17Receiver_SpanDspTransmitterLongTrain_DecodesWithoutErrors(int rate)
    {
        using var rig = new V17TestRig(rate, V17TestRig.Line());
        rig.Burst(rig.Reference(rate), shortTrain: false, V17TestRig.SecondsFor(rate, 30_000));
        AssertClean(rig, 0, 30_000);
    }

    [Theory]
    [InlineData(14400)]
    [InlineData(12000)]
    [InlineData(9600)]
    [InlineData(7200)]
    public void V17Receiver_OwnTransmitterLongTrain_DecodesWithoutErrors(int rate)
    {
        using var rig = new V17TestRig(rate, V17TestRig.Line());
        rig.Burst(V17TestRig.Ours(rate), shortTrain: false, V17TestRig.SecondsFor(rate, 30_000));
        AssertClean(rig, 0, 30_000);
    }

    [Theory]
    [InlineData(14400)]
    [InlineData(12000)]
    [InlineData(9600)]
    [InlineData(7200)]
    public void V17Receiver_SpanDspTcfThenShortTrainPage_DecodesWithoutErrors(int rate)
    {
        using var rig = new V17TestRig(rate, V17TestRig.Line());
        rig.Burst(rig.Reference(rate, seed: 1), shortTrain: false, 1.6, silenceAfter: 0.5);
        rig.Burst(rig.Reference(rate, shortTrain: true, seed: 2), shortTrain: true, V17TestRig.SecondsFor(rate, 30_000, shortTrain: true));
        AssertClean(rig, 1, 30_000);
        Assert.Equal(2, rig.Log.Count(ModemStatus.TrainingSucceeded));
    }

    [Theory]
    [InlineData(14400)]
    [InlineData(7200)]
    public void V17Receiver_OwnTcfThenShortTrainPage_DecodesWithoutErrors(int rate)
    {
        using var rig = new V17TestRig(rate, V17TestRig.Line());
        rig.Burst(V17TestRig.Ours(rate, seed: 1), shortTrain: false, 1.6, silenceAfter: 0.5);
        rig.Burst(V17TestRig.Ours(rate, shortTrain: true, seed: 2), shortTrain: true, V17TestRig.SecondsFor(rate, 30_000, shortTrain: true));
        AssertClean(rig, 1, 30_000);
        Assert.Equal(2, rig.Log.Count(ModemStatus.TrainingSucceeded));
    }

    private void AssertClean(V17TestRig rig, int burst, int bits)
    {
        output.WriteLine(rig.Log.ToString());
        (int n, int errors) = rig.Errors(burst);
        output.WriteLine($"burst {burst}: checked {n} bits, {errors} errors; SNR {rig.Receiver.Statistics.EqualizerSnrDb:0.0} dB");
        Assert.True(n >= bits, $"only {n} bits checked");
        Assert.Equal(0, errors);
    }
}
