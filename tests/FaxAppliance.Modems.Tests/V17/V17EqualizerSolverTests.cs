using System.Numerics;
using FaxAppliance.Modems.Common;
using FaxAppliance.Modems.V17;

namespace FaxAppliance.Modems.Tests.V17;

/// <summary>The least-squares equalizer solver against a known dispersive channel: its taps, loaded into
/// the receiver's equalizer, must recover the symbols.</summary>
public class V17EqualizerSolverTests
{
    private const int Taps = 49;

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.02)]
    public void V17EqualizerSolver_DispersiveChannel_TapsRecoverSymbolsBelowMinus30Db(double rotationPerSymbol)
    {
        // A T/2 channel with a pre- and a post-echo and a phase turn, and a slow carrier rotation on top.
        Complex[] channel = [new(0.1, 0.05), new(0.3, -0.1), new(1.0, 0.2), new(0.5, 0.3), new(-0.2, 0.1), new(0.1, -0.05)];
        var rng = new Random(5);
        var solver = new V17EqualizerSolver(Taps);
        var equalizer = new FractionalEqualizer(Taps);
        Complex[] symbols = new Complex[6002];
        for (int k = 0; k < symbols.Length; k++)
        {
            symbols[k] = new Complex(rng.Next(2) * 2 - 1, rng.Next(2) * 2 - 1);
        }

        Complex Sample(int n) // T/2 sample n: symbols on even n, through the channel, rotated
        {
            Complex y = Complex.Zero;
            for (int i = 0; i < channel.Length; i++)
            {
                int m = n - i;
                if (m >= 0 && (m & 1) == 0)
                {
                    y += channel[i] * symbols[m / 2];
                }
            }

            return y * Complex.FromPolarCoordinates(1, rotationPerSymbol * n / 2.0);
        }

        int delay = equalizer.DelaySymbols;
        bool solved = false;
        double error = 0;
        int counted = 0;
        Complex[] taps = new Complex[Taps];
        for (int k = 0; k < symbols.Length - 2; k++)
        {
            Complex mid = Sample((2 * k) - 1 + 2), onTime = Sample((2 * k) + 2);
            equalizer.Push(mid);
            equalizer.Push(onTime);
            if (k < delay + 1)
            {
                continue;
            }

            Complex wanted = symbols[k - delay] * Complex.FromPolarCoordinates(1, rotationPerSymbol * k);
            if (k < 2000)
            {
                solver.Add(mid, onTime, wanted);
            }
            else if (!solved)
            {
                Assert.True(solver.TrySolve(taps));
                equalizer.LoadTaps(taps);
                solved = true;
            }
            else
            {
                error += (equalizer.Output() - wanted).Magnitude * (equalizer.Output() - wanted).Magnitude;
                counted++;
            }
        }

        double mseDb = 10 * Math.Log10(error / counted / 2.0);
        Assert.True(mseDb < -30, $"MSE {mseDb:0.0} dB");
    }

    [Fact]
    public void V17EqualizerSolver_NoSignal_DoesNotSolve()
    {
        var solver = new V17EqualizerSolver(Taps);
        Complex[] taps = new Complex[Taps];
        for (int k = 0; k < 500; k++)
        {
            solver.Add(Complex.Zero, Complex.Zero, Complex.One);
        }

        Assert.False(solver.TrySolve(taps));
        Assert.All(taps, t => Assert.Equal(Complex.Zero, t));
    }
}
