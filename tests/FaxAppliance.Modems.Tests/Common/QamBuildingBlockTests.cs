using FaxAppliance.Modems.Common;
using FaxAppliance.Modems.V27ter;

namespace FaxAppliance.Modems.Tests.Common;

/// <summary>The shared QAM/PSK building blocks on their own.</summary>
public class QamBuildingBlockTests
{
    [Fact]
    public void SelfSynchronizingScrambler_DescramblerFromAnyState_RecoversDataAfter23Bits()
    {
        var tx = new SelfSynchronizingScrambler(18, 23);
        var rx = new SelfSynchronizingScrambler(18, 23);
        tx.Reset(0x12345);
        rx.Reset(0x7ABCDE);
        var source = new Prbs15Source(77);
        for (int i = 0; i < 5000; i++)
        {
            int bit = source.GetBit();
            int back = rx.Descramble(tx.Scramble(bit));
            if (i >= 23)
            {
                Assert.Equal(bit, back);
            }
        }
    }

    [Fact]
    public void V27terScrambler_AllOnesInput_GuardInvertsAndDescramblerUndoesIt()
    {
        var tx = default(V27terScrambler);
        var rx = default(V27terScrambler);
        tx.Reset(V27terScrambler.InitialState);
        rx.Reset(V27terScrambler.InitialState);
        // Repetitive input (all ones, all zeros, 1010…) is what the guard exists for.
        for (int i = 0; i < 3000; i++)
        {
            int bit = i < 1000 ? 1 : i < 2000 ? 0 : i & 1;
            Assert.Equal(bit, rx.Descramble(tx.Scramble(bit)));
        }
    }

    [Theory]
    [InlineData(10.0 / 3.0, 0.25)]
    [InlineData(5.0, 0.5)]
    [InlineData(20.0 / 3.0, 0.9)]
    public void RootRaisedCosine_TransmitTimesReceive_IsNyquist(double samplesPerSymbol, double beta)
    {
        // RRC convolved with itself is a raised cosine: zero at every non-zero multiple of T (up to the
        // truncation of the windowed pulse).
        const int resolution = 3;
        double[] h = RootRaisedCosine.Design(samplesPerSymbol, beta, 16, resolution);
        int centre = h.Length - 1; // of the full convolution
        double Conv(int d)
        {
            double s = 0;
            for (int i = 0; i < h.Length; i++)
            {
                int j = d - i;
                if (j >= 0 && j < h.Length)
                {
                    s += h[i] * h[j];
                }
            }

            return s;
        }

        double peak = Conv(centre);
        for (int k = 1; k <= 4; k++)
        {
            int offset = (int)Math.Round(k * samplesPerSymbol * resolution);
            Assert.True(Math.Abs(Conv(centre + offset) / peak) < 0.02, // below −34 dB; the equalizer removes the rest
                 $"ISI at {k}T: {Conv(centre + offset) / peak}");
        }
    }

    [Fact]
    public void CarrierDetector_Hysteresis_OnAboveOffBelow()
    {
        var d = new CarrierDetector(-43, -48, 32);
        double on = FaxAppliance.Dsp.Levels.SineAmplitudeFromDbm0(-40), off = FaxAppliance.Dsp.Levels.SineAmplitudeFromDbm0(-46);
        int ups = 0, downs = 0;
        for (int i = 0; i < 4000; i++)
        {
            double a = i < 1000 ? on : i < 2000 ? off : i < 3000 ? on : 0;
            int c = d.Process(a * Math.Sin(i * 0.7));
            ups += c > 0 ? 1 : 0;
            downs += c < 0 ? 1 : 0;
        }

        Assert.Equal(1, ups);   // −46 dBm0 is between the thresholds: it stays on
        Assert.Equal(1, downs); // silence turns it off
    }
}
