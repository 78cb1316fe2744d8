namespace FaxAppliance.Dsp.Tones;

/// <summary>
/// One narrow analysis channel around a nominal frequency f0: the block is mixed to baseband by a
/// complex oscillator at f0 (phase-continuous across blocks) and integrated over sub-blocks of L
/// samples, z_k. Windows of M consecutive sub-blocks with binomial weights (1; 1 1; 1 2 1; 1 3 3 1),
/// W_k = Σ c_i·z_(k−i), sliding by L, are a low-pass whose response at an offset Δf is
/// sinc(x)·cos(πx)^(M−1), x = Δf·L/fs: the weights taper the window, so a tone 40 Hz away leaks
/// in at −33 dB through a 40 ms window instead of −13 dB through a plain one.
/// From them it gives, per block:
/// <list type="bullet">
/// <item>the power of a tone near f0 (corrected for the window's loss at the measured offset),</item>
/// <item>the tone's offset from f0, from the rotation W_k·conj(W_(k−1)) over one hop of L samples.
/// The estimate squares the rotations (so 180° phase reversals do not bias it) and resolves the
/// resulting ±90° ambiguity with the plain rotation, so it is unambiguous to ±4000 / L Hz. Because
/// the windows overlap the previous block, the first block of a tone already gives its frequency.</item>
/// </list>
/// The fax tones use M = 1 (5 ms sub-blocks); call progress uses L = 10 ms, M = 4: a tapered 40 ms
/// window that separates 440 from 480 Hz (ring-back), measured every 10 ms.
/// </summary>
internal sealed class ToneChannel
{
    /// <summary>Sub-block sums kept from the previous block: enough for the window before the block's first (M ≤ 4) and the reversal detector's z_(k−2).</summary>
    public const int History = 4;

    /// <summary>Binomial window weights for M = 1..4, each row padded to 4.</summary>
    private static ReadOnlySpan<double> Weights => [1, 0, 0, 0, 1, 1, 0, 0, 1, 2, 1, 0, 1, 3, 3, 1];

    private readonly double _stepRe, _stepIm;
    private readonly double[] _zRe, _zIm;
    private readonly int _window;
    private double _oscRe = 1, _oscIm;

    /// <summary>Creates a channel at <paramref name="nominalHz"/>: sub-blocks of <paramref name="subBlockSamples"/>, windows of <paramref name="windowSubBlocks"/>.</summary>
    public ToneChannel(double nominalHz, int subBlockSamples, int windowSubBlocks, int blockSamples)
    {
        if (subBlockSamples <= 0 || blockSamples % subBlockSamples != 0)
        {
            throw new ArgumentException("The block must be a whole number of sub-blocks.", nameof(subBlockSamples));
        }

        if (windowSubBlocks < 1 || windowSubBlocks > History)
        {
            throw new ArgumentException("A window spans one to four sub-blocks.", nameof(windowSubBlocks));
        }

        _window = windowSubBlocks;

        NominalHz = nominalHz;
        SubBlockSamples = subBlockSamples;
        SubBlocks = blockSamples / subBlockSamples;
        double w = 2 * Math.PI * nominalHz / ToneConstants.SampleRate;
        _stepRe = Math.Cos(w);
        _stepIm = -Math.Sin(w);
        _zRe = new double[SubBlocks + History];
        _zIm = new double[SubBlocks + History];
    }

    /// <summary>The nominal frequency f0.</summary>
    public double NominalHz { get; }

    /// <summary>Samples integrated per sub-block (L).</summary>
    public int SubBlockSamples { get; }

    /// <summary>Sub-blocks per block.</summary>
    public int SubBlocks { get; }

    /// <summary>Mean-square value of the tone near f0 in the last block (x² units), loss-corrected.</summary>
    public double Power { get; private set; }

    /// <summary>The tone's offset from f0 in the last block, Hz.</summary>
    public double OffsetHz { get; private set; }

    /// <summary>The last block's rotation per sub-block at the measured offset, radians.</summary>
    public double RotationPerSubBlock { get; private set; }

    /// <summary>Sub-block sums: indices 0..History−1 are the previous blocks' last ones, History.. the current block's.</summary>
    public ReadOnlySpan<double> Re => _zRe;

    /// <summary>Imaginary parts, indexed as <see cref="Re"/>.</summary>
    public ReadOnlySpan<double> Im => _zIm;

    /// <summary>Forgets everything (oscillator phase, history).</summary>
    public void Reset()
    {
        _oscRe = 1;
        _oscIm = 0;
        Array.Clear(_zRe);
        Array.Clear(_zIm);
        Power = 0;
        OffsetHz = 0;
        RotationPerSubBlock = 0;
    }

    /// <summary>Analyses one block of exactly SubBlocks × L samples.</summary>
    public void Analyze(ReadOnlySpan<double> block)
    {
        int l = SubBlockSamples;
        for (int i = 0; i < History; i++)
        {
            // Keep the last History sums (ascending, so an overlapping copy reads before it writes).
            _zRe[i] = _zRe[SubBlocks + i];
            _zIm[i] = _zIm[SubBlocks + i];
        }

        double oRe = _oscRe, oIm = _oscIm;
        for (int k = 0; k < SubBlocks; k++)
        {
            double re = 0, im = 0;
            ReadOnlySpan<double> sub = block.Slice(k * l, l);
            for (int n = 0; n < sub.Length; n++)
            {
                double x = sub[n];
                re += x * oRe;
                im += x * oIm;
                double t = oRe * _stepRe - oIm * _stepIm;
                oIm = oRe * _stepIm + oIm * _stepRe;
                oRe = t;
            }

            _zRe[k + History] = re;
            _zIm[k + History] = im;
        }

        // Keep the oscillator on the unit circle (rounding would otherwise let it drift).
        double g = 1.0 / Math.Sqrt(oRe * oRe + oIm * oIm);
        _oscRe = oRe * g;
        _oscIm = oIm * g;

        // Rotation between consecutive windows: plain sum s1 and the sum of squared unit-weight
        // products s2 (a 180° reversal squares to 0°).
        double s1Re = 0, s1Im = 0, s2Re = 0, s2Im = 0, windowSq = 0;
        int windows = 0;
        for (int k = History; k < SubBlocks + History; k++)
        {
            WindowSum(k, out double aRe, out double aIm);
            WindowSum(k - 1, out double bRe, out double bIm);
            double pRe = aRe * bRe + aIm * bIm;
            double pIm = aIm * bRe - aRe * bIm;
            s1Re += pRe;
            s1Im += pIm;
            double mag = Math.Sqrt(pRe * pRe + pIm * pIm);
            if (mag > 0)
            {
                s2Re += (pRe * pRe - pIm * pIm) / mag;
                s2Im += 2 * pRe * pIm / mag;
            }

            // Power from the windows ending every M sub-blocks, the last one with the block.
            if ((SubBlocks + History - 1 - k) % _window == 0)
            {
                windowSq += aRe * aRe + aIm * aIm;
                windows++;
            }
        }

        double d = 0.5 * Math.Atan2(s2Im, s2Re);
        double d1 = Math.Atan2(s1Im, s1Re);
        if (Math.Abs(Wrap(d1 - d)) > Math.PI / 2)
        {
            d = Wrap(d + Math.PI);
        }

        RotationPerSubBlock = d;
        OffsetHz = d * ToneConstants.SampleRate / (2 * Math.PI * l);

        // A tone of amplitude A gives |W| = L·Σc·A/2·|sinc(x)·cos(πx)^(M−1)|; its mean square is A²/2.
        double rel = OffsetHz * l / ToneConstants.SampleRate;
        double loss = Sinc(rel) * Math.Pow(Math.Abs(Math.Cos(Math.PI * rel)), _window - 1);
        loss = Math.Max(loss * loss, MinLossCorrection);
        double gain = l * (double)(1 << (_window - 1)); // L · Σc
        Power = 2.0 * windowSq / (gain * gain * windows) / loss;
    }

    private void WindowSum(int end, out double re, out double im)
    {
        re = 0;
        im = 0;
        ReadOnlySpan<double> c = Weights.Slice((_window - 1) * 4, _window);
        for (int i = 0; i < c.Length; i++)
        {
            re += c[i] * _zRe[end - i];
            im += c[i] * _zIm[end - i];
        }
    }

    /// <summary>Largest correction applied (−6 dB), so that far-off energy is never inflated much.</summary>
    private const double MinLossCorrection = 0.25;

    /// <summary>Wraps an angle into (−π, π].</summary>
    public static double Wrap(double a)
    {
        while (a > Math.PI)
        {
            a -= 2 * Math.PI;
        }

        while (a <= -Math.PI)
        {
            a += 2 * Math.PI;
        }

        return a;
    }

    private static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
}

/// <summary>Constants shared by the tone detectors.</summary>
internal static class ToneConstants
{
    /// <summary>The line's sample rate (G.711).</summary>
    public const int SampleRate = 8000;

    /// <summary>Analysis block: 20 ms, the HAL's audio frame and the time unit of every duration.</summary>
    public const int BlockSamples = 160;

    /// <summary>Milliseconds per block.</summary>
    public const int BlockMs = 20;

    /// <summary>Mean-square value (x² units) of a signal at <paramref name="dbm0"/>.</summary>
    public static double PowerFromDbm0(double dbm0)
    {
        double rms = Levels.RmsFromDbm0(dbm0);
        return rms * rms;
    }

    /// <summary>Level in dBm0 of a mean-square value; −100 for silence.</summary>
    public static double Dbm0FromPower(double power) =>
        power > 0 ? 10 * Math.Log10(power / (Levels.ZeroDbm0Rms * Levels.ZeroDbm0Rms)) : -100;
}
