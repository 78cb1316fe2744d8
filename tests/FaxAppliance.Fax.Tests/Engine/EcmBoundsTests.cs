using FaxAppliance.Fax.Channel;
using FaxAppliance.Fax.Records;
using FaxAppliance.Fax.T30;

namespace FaxAppliance.Fax.Tests.Engine;

/// <summary>An ECM sender that never ends its page (PPS-NULL for ever) cannot take the appliance's memory.</summary>
public class EcmBoundsTests
{
    [Fact]
    public void EcmPageThatNeverEnds_IsCutAtTheBoundWithDcnAndAReason()
    {
        var options = new T30Options { Role = T30Role.Answering, LocalIdentity = "1", Ecm = true };
        EngineHarness h = EngineHarness.Answering(options);
        h.Step();
        var dcs = new byte[DcsCodec.MaxEncodedLength];
        int n = DcsCodec.Encode(new DcsParameters { Rate = SignallingRate.V17_14400, Compression = Compressions.MMR, Ecm = true }, dcs);
        h.Receive(T30Fcf.Dcs, dcs.AsSpan(0, n));
        h.Advance(TimeSpan.FromMilliseconds(80));
        h.ReceiveTcf(SignallingRate.V17_14400, good: true);
        h.Advance(TimeSpan.FromSeconds(3)); // CFR goes out

        byte[] frame = new byte[4 + 256];
        frame[0] = 0xFF;
        frame[1] = 0x03;
        frame[2] = T30Fcf.Fcd;
        byte[] pps = new byte[4];
        int blocks = 0;
        while (!h.Engine.Finished && blocks < 400)
        {
            h.Engine.OnImageStatus(ImageStatus.TrainingSucceeded);
            for (int i = 0; i < 256; i++)
            {
                frame[3] = (byte)i;
                h.Engine.OnImageFrame(frame, crcOk: true);
            }

            h.Engine.OnImageStatus(ImageStatus.CarrierDown);
            EcmFrames.BuildPps(pps, T30Fcf.Null, 0, blocks, 256);
            h.Receive(T30Fcf.Pps, pps);
            h.Advance(TimeSpan.FromSeconds(2)); // MCF goes out (or DCN)
            blocks++;
        }

        Assert.True(h.Engine.Finished || h.Record.Outcome == CallOutcome.Failed, $"still running after {blocks} blocks");
        Assert.Equal(CallOutcome.Failed, h.Record.Outcome);
        Assert.Contains("exceeds 16 MB", h.Record.Reason, StringComparison.Ordinal);
        Assert.InRange(blocks, 250, 260); // 16 MB of 64 KB blocks
    }
}
