using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FaxAppliance.Dsp.Signal;

namespace FaxAppliance.Modems.V21;

/// <summary>
/// The V.21 receiver's front end: a complex band-pass around the channel 2 mean frequency, 1750 Hz,
/// decimated by <see cref="Decimation"/> (8000 → 2667 samples/s, still ~9 samples a bit at 300 bit/s).
/// <para>
/// It is the classic "mix to baseband, low-pass" of <see cref="TapCount"/> Kaiser-windowed taps, with the
/// mixer moved behind the filter: z[n] = e^(−jωn)·Σ h[k]·e^(jωk)·x[n−k]. The filter runs on the real
/// samples with complex taps g[k] = h[k]·e^(jωk), and only for the samples kept; the rotation e^(−jωn)
/// left over is a constant e^(−jωD) between consecutive outputs, which the discriminator removes (the
/// power needs none). Taps are float (16-bit samples, 40 dB of stopband: float's 24 bits are plenty),
/// padded with zeros to <see cref="PaddedTaps"/> so that whole SIMD vectors cover them.
/// </para>
/// <para>
/// A zero at 0 Hz (g minus its DC response, spread over the window) replaces a DC blocker in front:
/// a steady offset of the line gives exactly nothing, at no cost per sample.
/// </para>
/// </summary>
internal sealed class V21BandPass
{
    /// <summary>Output every third sample: 2667 samples/s, 8 8/9 samples a bit (a bit window of 9 outputs
    /// spans 27 input samples, as many as the 8 kHz design it replaces).</summary>
    public const int Decimation = 3;

    /// <summary>Taps: 49 (3 ms of delay) give a ±270 Hz flat passband and 40 dB from ±640 Hz, so that at
    /// 2667 samples/s nothing aliases into the ±450 Hz the FSK and its offsets occupy.</summary>
    public const int TapCount = 49;

    /// <summary>Taps rounded up to whole 8-float vectors (zeros at the old end).</summary>
    public const int PaddedTaps = 56;

    /// <summary>Samples converted and filtered at a time: a 20 ms block (160) in one go; longer blocks in
    /// pieces. A multiple of <see cref="Decimation"/> is not needed (the output phase is carried).</summary>
    public const int ChunkLength = 240;

    /// <summary>Most outputs one chunk can give.</summary>
    public const int MaxOutputs = (ChunkLength + Decimation - 1) / Decimation;

    private const int History = PaddedTaps - 1;
    private const double CentreHz = 1750.0;
    private const double CutoffHz = 450.0;
    private const double StopbandDb = 40.0;
    private const int SampleRate = 8000;

    // Taps in time order for a dot product with the oldest sample first: _tapsI[j] multiplies x[n − (PaddedTaps − 1 − j)].
    private readonly float[] _tapsI = new float[PaddedTaps];
    private readonly float[] _tapsQ = new float[PaddedTaps];
    private readonly float[] _buffer = new float[History + ChunkLength]; // History older samples, then the chunk
    private int _nextOutput; // samples into the next chunk before the next output (0 .. Decimation − 1)

    public V21BandPass()
    {
        Design(_tapsI, _tapsQ);
    }

    /// <summary>The constant rotation between consecutive outputs, e^(jωD), for the discriminator to remove.</summary>
    public static (double Cos, double Sin) StepRotation { get; } =
        (Math.Cos(2 * Math.PI * CentreHz * Decimation / SampleRate), Math.Sin(2 * Math.PI * CentreHz * Decimation / SampleRate));

    /// <summary>Forgets the signal (history of zeros, output phase 0).</summary>
    public void Reset()
    {
        Array.Clear(_buffer);
        _nextOutput = 0;
    }

    /// <summary>
    /// Filters up to <see cref="ChunkLength"/> samples from the start of <paramref name="samples"/>,
    /// writing the outputs (at most <see cref="MaxOutputs"/>) to <paramref name="zi"/> and <paramref name="zq"/>.
    /// </summary>
    /// <returns>The samples consumed; <paramref name="outputs"/> is how many outputs were written.</returns>
    public int Filter(ReadOnlySpan<short> samples, Span<float> zi, Span<float> zq, out int outputs)
    {
        int n = Math.Min(samples.Length, ChunkLength);
        Span<float> buffer = _buffer;
        Convert(samples[..n], buffer.Slice(History, n));

        int count = 0;
        int k = _nextOutput;
        for (; k < n; k += Decimation)
        {
            // Output at sample k of the chunk: the PaddedTaps samples ending there start at buffer[k].
            (zi[count], zq[count]) = Dot(buffer.Slice(k, PaddedTaps));
            count++;
        }

        _nextOutput = k - n;
        buffer.Slice(n, History).CopyTo(buffer);
        outputs = count;
        return n;
    }

    private (float I, float Q) Dot(ReadOnlySpan<float> x)
    {
        ReadOnlySpan<float> ti = _tapsI;
        ReadOnlySpan<float> tq = _tapsQ;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float rx = ref MemoryMarshal.GetReference(x[..PaddedTaps]);
            ref float ri = ref MemoryMarshal.GetReference(ti);
            ref float rq = ref MemoryMarshal.GetReference(tq);
            Vector256<float> accI = Vector256<float>.Zero, accQ = Vector256<float>.Zero;
            for (nuint j = 0; j < PaddedTaps; j += (nuint)Vector256<float>.Count)
            {
                Vector256<float> v = Vector256.LoadUnsafe(ref rx, j);
                accI = Vector256.MultiplyAddEstimate(v, Vector256.LoadUnsafe(ref ri, j), accI);
                accQ = Vector256.MultiplyAddEstimate(v, Vector256.LoadUnsafe(ref rq, j), accQ);
            }

            return (Vector256.Sum(accI), Vector256.Sum(accQ));
        }

        if (Vector128.IsHardwareAccelerated)
        {
            ref float rx = ref MemoryMarshal.GetReference(x[..PaddedTaps]);
            ref float ri = ref MemoryMarshal.GetReference(ti);
            ref float rq = ref MemoryMarshal.GetReference(tq);
            Vector128<float> accI = Vector128<float>.Zero, accQ = Vector128<float>.Zero;
            for (nuint j = 0; j < PaddedTaps; j += (nuint)Vector128<float>.Count)
            {
                Vector128<float> v = Vector128.LoadUnsafe(ref rx, j);
                accI = Vector128.MultiplyAddEstimate(v, Vector128.LoadUnsafe(ref ri, j), accI);
                accQ = Vector128.MultiplyAddEstimate(v, Vector128.LoadUnsafe(ref rq, j), accQ);
            }

            return (Vector128.Sum(accI), Vector128.Sum(accQ));
        }

        float si = 0, sq = 0;
        for (int j = PaddedTaps - TapCount; j < PaddedTaps; j++)
        {
            si += x[j] * ti[j];
            sq += x[j] * tq[j];
        }

        return (si, sq);
    }

    private static void Convert(ReadOnlySpan<short> from, Span<float> to)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref short rs = ref MemoryMarshal.GetReference(from);
            ref float rd = ref MemoryMarshal.GetReference(to);
            for (; i + Vector256<short>.Count <= from.Length; i += Vector256<short>.Count)
            {
                (Vector256<int> lo, Vector256<int> hi) = Vector256.Widen(Vector256.LoadUnsafe(ref rs, (nuint)i));
                Vector256.ConvertToSingle(lo).StoreUnsafe(ref rd, (nuint)i);
                Vector256.ConvertToSingle(hi).StoreUnsafe(ref rd, (nuint)(i + Vector256<int>.Count));
            }
        }

        for (; i < from.Length; i++)
        {
            to[i] = from[i];
        }
    }

    private static void Design(float[] tapsI, float[] tapsQ)
    {
        // Kaiser-windowed sinc h, unity gain at DC, moved up to 1750 Hz: g[k] = h[k]·e^(jωk).
        double beta = Window.KaiserBeta(StopbandDb);
        double fc = CutoffHz / SampleRate;
        double w = 2 * Math.PI * CentreHz / SampleRate;
        int mid = TapCount / 2;
        var h = new double[TapCount];
        var win = new double[TapCount];
        double sum = 0;
        for (int k = 0; k < TapCount; k++)
        {
            int m = k - mid;
            win[k] = Window.Kaiser((double)m / mid, beta);
            h[k] = (m == 0 ? 2 * fc : Math.Sin(2 * Math.PI * fc * m) / (Math.PI * m)) * win[k];
            sum += h[k];
        }

        // Response of g at 0 Hz, then a matching amount of the window (a low-pass itself) taken off: G(0) = 0.
        double dcI = 0, dcQ = 0, winSum = 0;
        for (int k = 0; k < TapCount; k++)
        {
            dcI += h[k] / sum * Math.Cos(w * k);
            dcQ += h[k] / sum * Math.Sin(w * k);
            winSum += win[k];
        }

        for (int k = 0; k < TapCount; k++)
        {
            int j = PaddedTaps - 1 - k; // g[k] multiplies x[n − k]
            tapsI[j] = (float)((h[k] / sum * Math.Cos(w * k)) - (dcI / winSum * win[k]));
            tapsQ[j] = (float)((h[k] / sum * Math.Sin(w * k)) - (dcQ / winSum * win[k]));
        }
    }
}
