namespace FaxAppliance.Dsp.Tones;

/// <summary>
/// Tells the 2100 Hz answer tones apart, from the sub-block sums of the 2100 Hz channel (5 ms
/// sub-blocks, 200 per second):
/// <list type="bullet">
/// <item>phase reversals (ITU-T V.25, V.8: 180° every 450 ±25 ms): the phase two sub-blocks apart,
/// less the tone's own rotation, jumps by about π;</item>
/// <item>the 15 Hz amplitude modulation of ANSam (ITU-T V.8: 15 ±0.1 Hz, index 0.2 ±0.05): the
/// envelope |z_k|'s 15 Hz component over the last 400 ms, relative to its mean.</item>
/// </list>
/// </summary>
internal sealed class AnswerToneAnalyzer
{
    /// <summary>Envelope window: 400 ms of 5 ms sub-blocks, exactly 6 periods of 15 Hz (no leakage from a steady envelope).</summary>
    public const int EnvelopeSamples = 80;

    /// <summary>The 15 Hz reference repeats every 40 envelope samples (3 periods at 200 Hz).</summary>
    private const int ReferencePeriod = 40;

    /// <summary>Modulation index above which the tone is ANSam: midway between none and V.8's lower limit 0.15.</summary>
    private const double AmIndexThreshold = 0.1;

    /// <summary>Above this the envelope is not ANSam's gentle modulation (V.8: 0.2 ±0.05).</summary>
    private const double AmIndexMax = 0.4;

    /// <summary>V.25: reversals every 450 ±25 ms; accepted 450 ±60 ms (edges known to ±5 ms each, plus margin).</summary>
    private const int ReversalIntervalSamples = 450 * 8, ReversalIntervalSlack = 60 * 8;

    /// <summary>A reversal shows in two consecutive sub-block comparisons: ignore the next 20 ms after one.</summary>
    private const int RefractorySubBlocks = 4;

    private static readonly double[] RefCos = BuildReference(Math.Cos);
    private static readonly double[] RefSin = BuildReference(Math.Sin);

    private readonly double[] _envelope = new double[EnvelopeSamples];
    private long _envelopeCount;
    private long _lastReversalSample;
    private int _refractory;

    /// <summary>Reversals seen since the tone's onset, all at plausible intervals.</summary>
    public int Reversals { get; private set; }

    /// <summary>Whether a reversal came at an interval no answer tone has (then reversals are not trusted).</summary>
    public bool BadInterval { get; private set; }

    /// <summary>Measured modulation index at 15 Hz (0 until 400 ms of envelope).</summary>
    public double ModulationIndex { get; private set; }

    /// <summary>Starts a new tone.</summary>
    public void Reset()
    {
        _envelopeCount = 0;
        _lastReversalSample = -1;
        _refractory = 0;
        Reversals = 0;
        BadInterval = false;
        ModulationIndex = 0;
    }

    /// <summary>What the evidence so far says the tone is.</summary>
    public ToneKind Classify()
    {
        bool am = ModulationIndex >= AmIndexThreshold && ModulationIndex <= AmIndexMax;
        bool pr = Reversals > 0 && !BadInterval;
        return (am, pr) switch
        {
            (true, true) => ToneKind.AnsAmPhaseReversals,
            (true, false) => ToneKind.AnsAm,
            (false, true) => ToneKind.AnsPhaseReversals,
            _ => ToneKind.Ans,
        };
    }

    /// <summary>Takes one block of the 2100 Hz channel while the tone is on.</summary>
    /// <param name="channel">The channel, just analysed.</param>
    /// <param name="blockStartSample">Sample index of the block's first sample.</param>
    /// <param name="settled">False for the first blocks after the onset (a partial block would read as modulation).</param>
    public void Update(ToneChannel channel, long blockStartSample, bool settled)
    {
        ReadOnlySpan<double> re = channel.Re, im = channel.Im;
        int h = ToneChannel.History;
        int l = channel.SubBlockSamples;
        double meanSq = 0;
        for (int j = h; j < re.Length; j++)
        {
            meanSq += re[j] * re[j] + im[j] * im[j];
        }

        meanSq /= channel.SubBlocks;
        double gate = 0.25 * meanSq; // both ends of a comparison at least half the block's amplitude

        // Rotation expected over two sub-blocks at the measured frequency.
        double twoD = 2 * channel.RotationPerSubBlock;
        double cRe = Math.Cos(twoD), cIm = -Math.Sin(twoD);

        for (int j = h; j < re.Length; j++)
        {
            double magSq = re[j] * re[j] + im[j] * im[j];
            if (settled)
            {
                PushEnvelope(Math.Sqrt(magSq));
            }

            if (_refractory > 0)
            {
                _refractory--;
                continue;
            }

            double prevSq = re[j - 2] * re[j - 2] + im[j - 2] * im[j - 2];
            if (!settled || magSq < gate || prevSq < gate)
            {
                continue;
            }

            // w = z_j · conj(z_(j−2)) · e^(−j2d): about +1 for a steady tone, −1 across a reversal.
            double pRe = re[j] * re[j - 2] + im[j] * im[j - 2];
            double pIm = im[j] * re[j - 2] - re[j] * im[j - 2];
            double wRe = pRe * cRe - pIm * cIm;
            double wIm = pRe * cIm + pIm * cRe;
            if (wRe < -0.5 * Math.Sqrt(wRe * wRe + wIm * wIm))
            {
                long at = blockStartSample + (long)(j - h) * l - l / 2;
                OnReversal(at);
                if (settled)
                {
                    RepairEnvelopeDip();
                }

                _refractory = RefractorySubBlocks;
            }
        }

        if (_envelopeCount >= EnvelopeSamples)
        {
            ModulationIndex = MeasureModulation();
        }
    }

    private void OnReversal(long at)
    {
        if (_lastReversalSample >= 0)
        {
            long interval = at - _lastReversalSample;
            bool one = Math.Abs(interval - ReversalIntervalSamples) <= ReversalIntervalSlack;
            bool missedOne = Math.Abs(interval - 2 * ReversalIntervalSamples) <= 2 * ReversalIntervalSlack;
            if (!one && !missedOne)
            {
                BadInterval = true;
            }
        }

        _lastReversalSample = at;
        Reversals++;
    }

    private void PushEnvelope(double value)
    {
        _envelope[_envelopeCount % EnvelopeSamples] = value;
        _envelopeCount++;
    }

    /// <summary>The sub-block holding a reversal sums two opposite halves: replace its dip by its neighbour.</summary>
    private void RepairEnvelopeDip()
    {
        if (_envelopeCount < 2)
        {
            return;
        }

        int last = (int)((_envelopeCount - 1) % EnvelopeSamples);
        int before = (int)((_envelopeCount - 2) % EnvelopeSamples);
        double m = Math.Max(_envelope[last], _envelope[before]);
        _envelope[last] = m;
        _envelope[before] = m;
    }

    private double MeasureModulation()
    {
        double sum = 0, cs = 0, sn = 0;
        for (long n = _envelopeCount - EnvelopeSamples; n < _envelopeCount; n++)
        {
            double e = _envelope[n % EnvelopeSamples];
            int p = (int)(n % ReferencePeriod);
            sum += e;
            cs += e * RefCos[p];
            sn += e * RefSin[p];
        }

        return sum > 0 ? 2 * Math.Sqrt(cs * cs + sn * sn) / sum : 0;
    }

    private static double[] BuildReference(Func<double, double> f)
    {
        var table = new double[ReferencePeriod];
        for (int n = 0; n < table.Length; n++)
        {
            table[n] = f(2 * Math.PI * 15.0 * n / 200.0);
        }

        return table;
    }
}
