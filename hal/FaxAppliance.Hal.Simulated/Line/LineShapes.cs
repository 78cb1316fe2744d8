using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace FaxAppliance.Hal.Simulated.Line;

/// <summary>Insertion loss at one frequency, dB (positive = more loss), relative to the shape's reference.</summary>
public readonly record struct LossPoint(double FrequencyHz, double LossDb);

/// <summary>Envelope (group) delay at one frequency, µs, relative to the shape's reference.</summary>
public readonly record struct DelayPoint(double FrequencyHz, double DelayUs);

/// <summary>Measured response of an FIR at one frequency: loss in dB and group delay in µs.</summary>
public readonly record struct FirResponse(double LossDb, double GroupDelayUs);

/// <summary>
/// A telephone line shape: attenuation distortion and envelope delay distortion tables,
/// and a filter design that realises them at 8000 samples/s.
/// </summary>
public sealed class LineShape
{
    /// <summary>Sample rate the designed filters run at.</summary>
    public const double SampleRateHz = 8000.0;

    /// <summary>The test-tone frequency at which every designed filter has exactly 0 dB loss.</summary>
    public const double ReferenceFrequencyHz = 1004.0;

    /// <summary>Beyond the delay table its end slope is continued this far before the value is held.</summary>
    private const double DelayExtensionHz = 100.0;

    /// <summary>Fraction of the taps under the window's cosine tapers (half at each end).</summary>
    private const double TukeyAlpha = 0.5;

    /// <summary>Telephone band edges for a shape without a loss table; otherwise the table's first and last points.</summary>
    private const double LowEdgeHz = 200.0;

    private const double HighEdgeHz = 3800.0;

    private readonly LossPoint[] _loss;
    private readonly DelayPoint[] _delay;
    private readonly TableCurve _lossCurve;
    private readonly TableCurve _delayCurve;

    /// <summary>Creates a shape. Empty tables mean no attenuation (or no delay) distortion.</summary>
    public LineShape(string name, string description, IEnumerable<LossPoint> loss, IEnumerable<DelayPoint> delay)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(delay);
        Name = name;
        Description = description;
        _loss = [.. loss];
        _delay = [.. delay];
        for (var i = 1; i < _loss.Length; i++)
        {
            if (!(_loss[i].FrequencyHz > _loss[i - 1].FrequencyHz))
            {
                throw new ArgumentException("Loss table frequencies must increase.", nameof(loss));
            }
        }

        for (var i = 1; i < _delay.Length; i++)
        {
            if (!(_delay[i].FrequencyHz > _delay[i - 1].FrequencyHz))
            {
                throw new ArgumentException("Delay table frequencies must increase.", nameof(delay));
            }
        }

        _lossCurve = new TableCurve([.. _loss.Select(p => p.FrequencyHz)], [.. _loss.Select(p => p.LossDb)]);
        _delayCurve = new TableCurve([.. _delay.Select(p => p.FrequencyHz)], [.. _delay.Select(p => p.DelayUs)]);
    }

    /// <summary>Name used by <c>--line-model</c>, e.g. "ad5-edd2".</summary>
    public string Name { get; }

    /// <summary>What the shape is and where its numbers come from.</summary>
    public string Description { get; }

    /// <summary>Attenuation distortion (dB versus Hz), as tabulated; empty for none.</summary>
    public IReadOnlyList<LossPoint> Loss => _loss;

    /// <summary>Envelope delay distortion (µs versus Hz), as tabulated; empty for none.</summary>
    public IReadOnlyList<DelayPoint> Delay => _delay;

    /// <summary>True when the shape has no distortion at all (its filter is the single tap 1.0).</summary>
    public bool IsFlat => _loss.Length == 0 && _delay.Length == 0;

    /// <summary>Tabulated loss (dB) at <paramref name="frequencyHz"/>: monotone cubic (PCHIP) through the points, end values held beyond them.</summary>
    public double LossDbAt(double frequencyHz) => _lossCurve.At(frequencyHz);

    /// <summary>Tabulated delay (µs) at <paramref name="frequencyHz"/>: monotone cubic (PCHIP) through the points, end values held beyond them.</summary>
    public double DelayUsAt(double frequencyHz) => _delayCurve.At(frequencyHz);

    /// <summary>
    /// Designs a real FIR at <see cref="SampleRateHz"/> with this shape's loss and group delay, by
    /// frequency sampling: H(f) = 10^(-loss(f)/20)·taper(f)·exp(-j·φ(f)) with φ(f) = 2π∫₀^f τ(ν)dν
    /// plus a bulk delay that centres the impulse response; inverse DFT; Tukey window; gain set so
    /// the loss at <see cref="ReferenceFrequencyHz"/> is exactly 0 dB. A flat shape returns [1.0].
    /// The telephone-band taper goes to zero at DC below the first loss point and to zero at Nyquist
    /// above the last one (200 Hz and 3800 Hz for a shape without a loss table); beyond the delay
    /// table its end slope continues for 100 Hz, then the value is held. With 255 taps every
    /// built-in shape stays within 0.03 dB and 35 µs of its (interpolated) table over 300–3400 Hz;
    /// much shorter filters cannot hold the 8 ms delay spread of EDD-3.
    /// </summary>
    public double[] DesignFir(int taps = 255)
    {
        if (IsFlat)
        {
            return [1.0];
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(taps, 31);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(taps, 8191);

        var size = 4096;
        while (size < 16 * taps)
        {
            size *= 2;
        }

        // Bulk delay: the middle of the span of tabulated delays lands on the middle tap, so the
        // response is causal and centred (a shape without delay distortion is exactly linear phase).
        var (minDelayUs, maxDelayUs) = (0.0, 0.0);
        if (_delay.Length > 0)
        {
            (minDelayUs, maxDelayUs) = (double.MaxValue, double.MinValue);
            foreach (var p in _delay)
            {
                minDelayUs = Math.Min(minDelayUs, p.DelayUs);
                maxDelayUs = Math.Max(maxDelayUs, p.DelayUs);
            }
        }

        var centre = (taps - 1) / 2.0;
        var impulse = ImpulseResponse(size, centre - (0.5 * (minDelayUs + maxDelayUs) * 1e-6 * SampleRateHz));

        // Tukey (tapered-cosine) window: flat over the middle half, raised-cosine over each outer quarter.
        var fir = new double[taps];
        var edge = TukeyAlpha * centre;
        for (var n = 0; n < taps; n++)
        {
            var fromEnd = Math.Min(n, taps - 1 - n);
            var window = fromEnd >= edge ? 1.0 : 0.5 * (1.0 - Math.Cos(Math.PI * fromEnd / edge));
            fir[n] = impulse[n] * window;
        }

        var gain = Math.Pow(10.0, LineShapes.MeasureResponse(fir, ReferenceFrequencyHz).LossDb / 20.0);
        for (var n = 0; n < taps; n++)
        {
            fir[n] *= gain;
        }

        return fir;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>
    /// Inverse DFT (length <paramref name="size"/>) of the target response
    /// H(f) = 10^(-loss(f)/20)·taper(f)·exp(-j·2π·(f·bulk/fs + ∫₀^f τ(ν)dν)), Hermitian so it is real.
    /// </summary>
    private double[] ImpulseResponse(int size, double bulkSamples)
    {
        var lowEdgeHz = _loss.Length > 0 ? _loss[0].FrequencyHz : LowEdgeHz;
        var highEdgeHz = _loss.Length > 0 ? _loss[^1].FrequencyHz : HighEdgeHz;
        var spectrum = new Complex[size];
        var delayIntegral = 0.0; // ∫₀^f τ(ν)dν in µs·Hz: trapezoid rule, 8 sub-steps a bin
        var binHz = SampleRateHz / size;
        for (var k = 0; k <= size / 2; k++)
        {
            var f = k * binHz;
            if (k > 0)
            {
                const int SubSteps = 8;
                var h = binHz / SubSteps;
                for (var s = 0; s < SubSteps; s++)
                {
                    var f0 = f - binHz + (s * h);
                    delayIntegral += 0.5 * h * (DesignDelayUs(f0) + DesignDelayUs(f0 + h));
                }
            }

            var magnitude = Math.Pow(10.0, -LossDbAt(f) / 20.0) * EdgeTaper(f, lowEdgeHz, highEdgeHz);
            var phase = 2.0 * Math.PI * ((f * bulkSamples / SampleRateHz) + (delayIntegral * 1e-6));
            spectrum[k] = Complex.FromPolarCoordinates(magnitude, -phase);
        }

        spectrum[size / 2] = new Complex(spectrum[size / 2].Real, 0.0); // real at Nyquist
        for (var k = 1; k < size / 2; k++)
        {
            spectrum[size - k] = Complex.Conjugate(spectrum[k]); // Hermitian symmetry: real impulse response
        }

        Fft(spectrum, inverse: true);
        var impulse = new double[size];
        for (var n = 0; n < size; n++)
        {
            impulse[n] = spectrum[n].Real / size;
        }

        return impulse;
    }

    private double DesignDelayUs(double frequencyHz) => _delayCurve.Extended(frequencyHz, DelayExtensionHz);

    /// <summary>Raised-cosine band-edge taper: 0 at DC rising to 1 at <paramref name="lowEdgeHz"/>; 1 at <paramref name="highEdgeHz"/> falling to 0 at Nyquist.</summary>
    private static double EdgeTaper(double frequencyHz, double lowEdgeHz, double highEdgeHz)
    {
        var nyquist = SampleRateHz / 2.0;
        if (frequencyHz < lowEdgeHz)
        {
            return 0.5 * (1.0 - Math.Cos(Math.PI * frequencyHz / lowEdgeHz));
        }

        if (frequencyHz > highEdgeHz)
        {
            return highEdgeHz >= nyquist ? 1.0 : 0.5 * (1.0 + Math.Cos(Math.PI * (frequencyHz - highEdgeHz) / (nyquist - highEdgeHz)));
        }

        return 1.0;
    }

    /// <summary>In-place radix-2 FFT; the inverse is unscaled (caller divides by the length).</summary>
    private static void Fft(Complex[] a, bool inverse)
    {
        var n = a.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (a[i], a[j]) = (a[j], a[i]);
            }
        }

        for (var length = 2; length <= n; length <<= 1)
        {
            var angle = (inverse ? 2.0 : -2.0) * Math.PI / length;
            for (var start = 0; start < n; start += length)
            {
                for (var k = 0; k < length / 2; k++)
                {
                    var w = Complex.FromPolarCoordinates(1.0, angle * k);
                    var u = a[start + k];
                    var v = a[start + k + (length / 2)] * w;
                    a[start + k] = u + v;
                    a[start + k + (length / 2)] = u - v;
                }
            }
        }
    }
}

/// <summary>
/// The named line shapes for the line simulator's <c>--line-model</c>: "flat" and the ITU-T
/// V.56bis (08/1995) Annex A attenuation-distortion (AD) and envelope-delay-distortion (EDD)
/// curves, alone and combined. See LINE-SHAPES.md for the sources of every number.
/// </summary>
public static class LineShapes
{
    private const string V56Bis = "ITU-T V.56bis (08/1995) Annex A";

    private static readonly LineShape[] Shapes = BuildShapes();

    private static readonly Dictionary<string, LineShape> ByName = BuildIndex(Shapes);

    /// <summary>Every shape, "flat" first.</summary>
    public static IReadOnlyList<LineShape> All => Shapes;

    /// <summary>
    /// Looks a shape up by name, ignoring case. The Recommendation's own spellings are accepted
    /// too: "AD-5", "EDD-2", "AD-5/EDD-2" find "ad5", "edd2", "ad5-edd2".
    /// </summary>
    public static bool TryGet(string name, [MaybeNullWhen(false)] out LineShape shape)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ByName.TryGetValue(Normalise(name), out shape);
    }

    /// <summary>
    /// Response of <paramref name="fir"/> (at <see cref="LineShape.SampleRateHz"/>) at
    /// <paramref name="frequencyHz"/>: loss in dB (positive = attenuation) and group delay
    /// in µs (including the filter's bulk delay), from the DTFT and its analytic derivative.
    /// </summary>
    public static FirResponse MeasureResponse(IReadOnlyList<double> fir, double frequencyHz)
    {
        ArgumentNullException.ThrowIfNull(fir);
        var omega = 2.0 * Math.PI * frequencyHz / LineShape.SampleRateHz;
        Complex sum = Complex.Zero, weighted = Complex.Zero;
        for (var n = 0; n < fir.Count; n++)
        {
            var term = fir[n] * Complex.FromPolarCoordinates(1.0, -omega * n);
            sum += term;
            weighted += n * term;
        }

        var delaySamples = (weighted / sum).Real;
        return new FirResponse(-20.0 * Math.Log10(sum.Magnitude), delaySamples / LineShape.SampleRateHz * 1e6);
    }

    private static LineShape[] BuildShapes()
    {
        var shapes = new List<LineShape>
        {
            new("flat", "No attenuation or delay distortion: the single tap [1.0], bit-transparent.", [], []),
        };

        var ad = LineShapeTables.AttenuationDistortion;
        var edd = LineShapeTables.EnvelopeDelayDistortion;
        var adNumbers = LineShapeTables.AdCurveNumbers;
        for (var a = 0; a < adNumbers.Length; a++)
        {
            shapes.Add(new LineShape(
                $"ad{adNumbers[a]}",
                $"{V56Bis}, Table A.10: attenuation distortion AD-{adNumbers[a]} (dB relative to 1000 Hz), no delay distortion (linear phase).",
                LineShapeTables.LossColumn(ad, a + 1),
                []));
        }

        for (var e = 1; e <= 3; e++)
        {
            shapes.Add(new LineShape(
                $"edd{e}",
                $"{V56Bis}, Table A.11: envelope delay distortion EDD-{e} (relative to 1800 Hz), no attenuation distortion.",
                [],
                LineShapeTables.DelayColumn(edd, e)));
        }

        for (var a = 0; a < adNumbers.Length; a++)
        {
            for (var e = 1; e <= 3; e++)
            {
                shapes.Add(new LineShape(
                    $"ad{adNumbers[a]}-edd{e}",
                    $"{V56Bis}, Tables A.10 and A.11: AD-{adNumbers[a]} with EDD-{e} (an AD/EDD combination, not a complete V.56bis network model).",
                    LineShapeTables.LossColumn(ad, a + 1),
                    LineShapeTables.DelayColumn(edd, e)));
            }
        }

        for (var p = 1; p <= 3; p++)
        {
            shapes.Add(new LineShape(
                $"pcm{p}",
                $"{V56Bis}: PCM channel attenuation distortion PCM AD-{p} with PCM EDD-{p} (table number not verified; cells as transcribed in spandsp make_line_models.c).",
                LineShapeTables.LossColumn(LineShapeTables.PcmAttenuationDistortion, p),
                LineShapeTables.DelayColumn(LineShapeTables.PcmEnvelopeDelayDistortion, p)));
        }

        return [.. shapes];
    }

    private static Dictionary<string, LineShape> BuildIndex(LineShape[] shapes)
    {
        var index = new Dictionary<string, LineShape>(StringComparer.OrdinalIgnoreCase);
        foreach (var shape in shapes)
        {
            index.Add(shape.Name, shape);
        }

        return index;
    }

    /// <summary>"AD-5/EDD-2" → "AD5-EDD2": '/', '+', '_' and spaces become '-', and a '-' between a letter and a digit goes.</summary>
    private static string Normalise(string name)
    {
        var trimmed = name.Trim();
        var chars = new List<char>(trimmed.Length);
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i] is '/' or '+' or '_' or ' ' ? '-' : trimmed[i];
            var dropHyphen = c == '-' && chars.Count > 0 && char.IsLetter(chars[^1])
                && i + 1 < trimmed.Length && char.IsDigit(trimmed[i + 1]);
            if (!dropHyphen)
            {
                chars.Add(c);
            }
        }

        return new string([.. chars]);
    }
}

/// <summary>
/// A tabulated curve y(x): monotone piecewise-cubic Hermite interpolation (PCHIP, Fritsch–Carlson)
/// through the points, end values held beyond the table. Smooth through the points, so a finite
/// FIR can follow it there, and never overshooting between them.
/// </summary>
internal sealed class TableCurve
{
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double[] _slope;

    public TableCurve(double[] x, double[] y)
    {
        _x = x;
        _y = y;
        _slope = new double[x.Length];
        if (x.Length < 2)
        {
            return;
        }

        var n = x.Length;
        var secant = new double[n - 1];
        for (var i = 0; i < n - 1; i++)
        {
            secant[i] = (y[i + 1] - y[i]) / (x[i + 1] - x[i]);
        }

        _slope[0] = secant[0];
        _slope[n - 1] = secant[n - 2];
        for (var i = 1; i < n - 1; i++)
        {
            if (secant[i - 1] * secant[i] <= 0)
            {
                continue; // local extremum or flat: zero slope, no overshoot
            }

            // Fritsch–Carlson weighted harmonic mean keeps each segment monotone.
            var h0 = x[i] - x[i - 1];
            var h1 = x[i + 1] - x[i];
            var w0 = (2 * h1) + h0;
            var w1 = h1 + (2 * h0);
            _slope[i] = (w0 + w1) / ((w0 / secant[i - 1]) + (w1 / secant[i]));
        }
    }

    /// <summary>Value at <paramref name="at"/>; 0 for an empty table, end values held beyond it.</summary>
    public double At(double at)
    {
        if (_x.Length == 0)
        {
            return 0.0;
        }

        if (at <= _x[0])
        {
            return _y[0];
        }

        if (at >= _x[^1])
        {
            return _y[^1];
        }

        var i = Array.BinarySearch(_x, at);
        if (i >= 0)
        {
            return _y[i];
        }

        i = ~i - 1;
        var h = _x[i + 1] - _x[i];
        var t = (at - _x[i]) / h;
        var t2 = t * t;
        var t3 = t2 * t;
        return (((2 * t3) - (3 * t2) + 1) * _y[i]) + ((t3 - (2 * t2) + t) * h * _slope[i])
            + (((-2 * t3) + (3 * t2)) * _y[i + 1]) + ((t3 - t2) * h * _slope[i + 1]);
    }

    /// <summary>
    /// Like <see cref="At"/>, but beyond either end the end slope is continued for
    /// <paramref name="extensionHz"/> before the value is held, so the ends are not corners.
    /// </summary>
    public double Extended(double at, double extensionHz)
    {
        if (_x.Length < 2)
        {
            return At(at);
        }

        if (at < _x[0])
        {
            return _y[0] - (_slope[0] * Math.Min(_x[0] - at, extensionHz));
        }

        if (at > _x[^1])
        {
            return _y[^1] + (_slope[^1] * Math.Min(at - _x[^1], extensionHz));
        }

        return At(at);
    }
}
