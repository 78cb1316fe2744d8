using System.Numerics;

namespace FaxAppliance.Modems.V17;

/// <summary>
/// Re-aligns a kept equalizer with a re-acquired symbol timing (the V.17 short train). The timing loop
/// re-acquires the phase on segment 1's alternations, where its (Gardner) detector settles at a different
/// instant than on random data when the line has delay distortion (V.56bis EDD-3, PCM-3: up to a quarter
/// of a symbol); an equalizer trained on data at the other instant then leaves 8–10 dB of intersymbol
/// interference, too much for the 38 symbols of the short segment 2 to train away. This records the
/// equalizer's T/2 input and the known symbols of segment 2, tries the kept taps delayed by fractions of
/// a T/2 sample (band-limited interpolation of the tap sequence), each with its best complex gain, and
/// gives the shift that fits the known symbols best. Nothing allocates after construction.
/// </summary>
public sealed class V17TimingRealigner
{
    /// <summary>Symbols recorded (a power of two): the short segment 2 (38) plus the equalizer's span.</summary>
    public const int RecordSymbols = 128;

    /// <summary>Known symbols kept for the fit (the short segment 2 has 38).</summary>
    public const int MaxKnownSymbols = 48;

    /// <summary>Largest shift tried, T/2 samples each way (half a symbol), and the step between tries.</summary>
    private const double MaxShift = 1.0;

    private const double ShiftStep = 0.125;

    /// <summary>Half-length of the interpolating (Hann-windowed sinc) kernel, taps. The T/2 taps carry a
    /// band of ±1500 Hz in ±2400 Hz, so a short kernel interpolates them well.</summary>
    private const int KernelHalf = 8;

    private readonly int _taps;
    private readonly Complex[] _samples = new Complex[2 * RecordSymbols]; // ring: T/2 sample n at n mod size
    private readonly Complex[] _wanted = new Complex[MaxKnownSymbols];
    private readonly long[] _newest = new long[MaxKnownSymbols]; // index of the newest sample of each window
    private readonly Complex[] _trial;
    private long _count;
    private int _known;

    /// <summary>Creates a re-aligner for an equalizer of <paramref name="taps"/> T/2 taps.</summary>
    public V17TimingRealigner(int taps)
    {
        if (taps < 3 || taps > RecordSymbols)
        {
            throw new ArgumentOutOfRangeException(nameof(taps));
        }

        _taps = taps;
        _trial = new Complex[taps];
    }

    /// <summary>Known symbols recorded since <see cref="Reset"/>.</summary>
    public int Known => _known;

    /// <summary>Forgets everything recorded.</summary>
    public void Reset()
    {
        _count = 0;
        _known = 0;
    }

    /// <summary>Records one symbol's T/2 samples, as pushed into the equalizer (half-way first).</summary>
    public void Push(Complex mid, Complex onTime)
    {
        _samples[(int)(_count++ & ((2 * RecordSymbols) - 1))] = mid;
        _samples[(int)(_count++ & ((2 * RecordSymbols) - 1))] = onTime;
    }

    /// <summary>Records the output wanted from the equalizer for the window the last <see cref="Push"/>
    /// completed (in the equalizer's frame, as <see cref="V17EqualizerSolver.Add"/>).</summary>
    public void AddKnown(Complex wanted)
    {
        if (_known < MaxKnownSymbols && _count >= _taps)
        {
            _wanted[_known] = wanted;
            _newest[_known] = _count - 1;
            _known++;
        }
    }

    /// <summary>
    /// Tries the taps <paramref name="taps"/> shifted by −<see cref="MaxShift"/> … +<see cref="MaxShift"/>
    /// T/2 samples on the recorded known symbols and writes the best (scaled by its best complex gain)
    /// into <paramref name="realigned"/>. Returns the ratio of its squared error to that of the taps as
    /// they are (1 or more: no better), or +∞ if nothing can be judged.
    /// </summary>
    public double Realign(ReadOnlySpan<Complex> taps, Span<Complex> realigned)
    {
        if (taps.Length != _taps || realigned.Length != _taps || _known < 8
            || _count - _newest[0] > (2 * RecordSymbols) - _taps)
        {
            return double.PositiveInfinity;
        }

        taps.CopyTo(_trial);
        double unshifted = Error(_trial, scale: false, out _);
        double best = unshifted;
        double bestShift = 0;
        Complex bestGain = Complex.One;
        for (double shift = -MaxShift; shift <= MaxShift + 1e-9; shift += ShiftStep)
        {
            Shift(taps, shift, _trial);
            double e = Error(_trial, scale: true, out Complex gain);
            if (e < best)
            {
                best = e;
                bestShift = shift;
                bestGain = gain;
            }
        }

        if (!(unshifted > 0) || !double.IsFinite(best))
        {
            return double.PositiveInfinity;
        }

        Shift(taps, bestShift, realigned);
        for (int i = 0; i < realigned.Length; i++)
        {
            realigned[i] *= bestGain;
        }

        return best / unshifted;
    }

    /// <summary>Squared error of the equalizer <paramref name="c"/> on the known symbols, with (if
    /// <paramref name="scale"/>) the complex gain that minimises it.</summary>
    private double Error(Complex[] c, bool scale, out Complex gain)
    {
        Complex cross = Complex.Zero;
        double outPower = 0, wantedPower = 0, direct = 0;
        int mask = (2 * RecordSymbols) - 1;
        for (int k = 0; k < _known; k++)
        {
            Complex y = Complex.Zero;
            long newest = _newest[k];
            for (int i = 0; i < c.Length; i++)
            {
                y += c[i] * _samples[(int)((newest - i) & mask)];
            }

            Complex w = _wanted[k];
            cross += Complex.Conjugate(y) * w;
            outPower += (y.Real * y.Real) + (y.Imaginary * y.Imaginary);
            wantedPower += (w.Real * w.Real) + (w.Imaginary * w.Imaginary);
            Complex d = w - y;
            direct += (d.Real * d.Real) + (d.Imaginary * d.Imaginary);
        }

        if (!scale || outPower <= 0)
        {
            gain = Complex.One;
            return direct;
        }

        gain = cross / outPower;
        return Math.Max(wantedPower - (((cross.Real * cross.Real) + (cross.Imaginary * cross.Imaginary)) / outPower), 0);
    }

    /// <summary>Delays the tap sequence by <paramref name="shift"/> T/2 samples (negative: advances it).</summary>
    private static void Shift(ReadOnlySpan<Complex> taps, double shift, Span<Complex> shifted)
    {
        for (int i = 0; i < shifted.Length; i++)
        {
            Complex sum = Complex.Zero;
            double position = i - shift; // where tap i of the shifted equalizer falls on the original
            int first = Math.Max((int)Math.Ceiling(position - KernelHalf), 0);
            int last = Math.Min((int)Math.Floor(position + KernelHalf), taps.Length - 1);
            for (int m = first; m <= last; m++)
            {
                double x = position - m;
                double sinc = Math.Abs(x) < 1e-12 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x);
                double window = 0.5 + (0.5 * Math.Cos(Math.PI * x / (KernelHalf + 1)));
                sum += taps[m] * (sinc * window);
            }

            shifted[i] = sum;
        }
    }
}
