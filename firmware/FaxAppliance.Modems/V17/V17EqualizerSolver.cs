using System.Numerics;

namespace FaxAppliance.Modems.V17;

/// <summary>
/// The least-squares (Wiener) solution of a T/2 fractionally spaced equalizer from the known symbols of
/// a training sequence (V.17 segment 2 is a known scrambled sequence: V17TrainingSequence): it gathers
/// the correlations of the equalizer's input and of input with wanted output while LMS training runs, and
/// solves the normal equations R·c = p once, by Cholesky. On a line with strong attenuation and delay
/// distortion (V.56bis AD-7 with EDD-3) LMS from a pass-through converges slowly along the weak
/// directions of R; the direct solution reaches the MMSE taps after a few hundred symbols.
/// <para>
/// R is gathered exactly (the covariance method: every window's outer product, upper triangle only,
/// taps²/2 multiply-adds a symbol, for the ~1400 symbols it runs). The cheaper block-Toeplitz estimate
/// from the correlations of the two sample phases was tried: its errors of order 1/√N do not cancel
/// against those of p, and on an ill-conditioned line they left the solution 18 dB short of the exact one
/// even without noise. Tap order and the wanted output's frame are the equalizer's
/// (<see cref="Common.FractionalEqualizer"/>: tap 0 is the newest sample, the output not yet de-rotated by
/// the carrier loop). Nothing allocates after construction.
/// </para>
/// </summary>
public sealed class V17EqualizerSolver
{
    /// <summary>Diagonal loading, as a fraction of the input power: keeps R invertible where the line
    /// has no energy (outside the band) without costing measurable SNR (−40 dB).</summary>
    private const double Loading = 1e-4;

    private readonly int _taps;
    private readonly Complex[] _line;     // mirrored: the newest sample at _pos, the window contiguous
    private readonly Complex[] _cross;    // p: Σ conj(x_j)·wanted, j a tap
    private readonly Complex[] _gathered; // R: Σ conj(x_j)·x_i, upper triangle (i ≥ j), row-major
    private readonly Complex[] _matrix;   // R loaded, then its Cholesky factor (lower triangle), row-major
    private int _pos;
    private int _filled;
    private int _symbols;

    /// <summary>Creates a solver for an equalizer of <paramref name="taps"/> T/2 taps (odd).</summary>
    public V17EqualizerSolver(int taps)
    {
        _taps = taps;
        _line = new Complex[2 * taps];
        _cross = new Complex[taps];
        _gathered = new Complex[taps * taps];
        _matrix = new Complex[taps * taps];
    }

    /// <summary>Symbols gathered since <see cref="Reset"/>.</summary>
    public int Symbols => _symbols;

    /// <summary>Forgets the samples and the correlations.</summary>
    public void Reset()
    {
        Array.Clear(_line);
        Array.Clear(_cross);
        Array.Clear(_gathered);
        _pos = 0;
        _filled = 0;
        _symbols = 0;
    }

    /// <summary>Gathers one symbol: its two T/2 samples, as pushed into the equalizer (half-way first),
    /// and the output wanted from the equalizer for the window they complete.</summary>
    public void Add(Complex mid, Complex onTime, Complex wanted)
    {
        Push(mid);
        Push(onTime);
        if (_filled < _taps)
        {
            return; // the window is not full yet: nothing to correlate the wanted output with
        }

        ReadOnlySpan<Complex> x = _line.AsSpan(_pos, _taps);
        for (int j = 0; j < x.Length; j++)
        {
            double ar = x[j].Real, ai = -x[j].Imaginary; // conj(x_j)
            _cross[j] += new Complex(ar, ai) * wanted;
            Span<Complex> row = _gathered.AsSpan((j * _taps) + j, _taps - j);
            ReadOnlySpan<Complex> xi = x[j..];
            for (int i = 0; i < row.Length; i++)
            {
                double br = xi[i].Real, bi = xi[i].Imaginary;
                row[i] += new Complex((ar * br) - (ai * bi), (ar * bi) + (ai * br));
            }
        }

        _symbols++;
    }

    /// <summary>Solves R·c = p for the taps (<paramref name="taps"/>, exactly the equalizer's length).
    /// False, leaving <paramref name="taps"/> untouched, if too few symbols were gathered or R is not
    /// positive definite (no signal).</summary>
    public bool TrySolve(Span<Complex> taps)
    {
        int n = _taps;
        if (taps.Length != n || _symbols < 2 * n)
        {
            return false;
        }

        double power = 0;
        for (int j = 0; j < n; j++)
        {
            power += _gathered[(j * n) + j].Real;
        }

        power /= n;
        if (!(power > 0) || !double.IsFinite(power))
        {
            return false;
        }

        // The Cholesky factorisation reads the lower triangle: R[i][j] = conj(R[j][i]).
        double load = Loading * power;
        for (int j = 0; j < n; j++)
        {
            for (int i = j; i < n; i++)
            {
                _matrix[(i * n) + j] = Complex.Conjugate(_gathered[(j * n) + i]);
            }

            _matrix[(j * n) + j] += load;
        }

        if (!Cholesky(_matrix, n))
        {
            return false;
        }

        // Forward (L·y = p) into taps, then back (Lᴴ·c = y) in place.
        for (int i = 0; i < n; i++)
        {
            Complex sum = _cross[i];
            for (int k = 0; k < i; k++)
            {
                sum -= _matrix[(i * n) + k] * taps[k];
            }

            taps[i] = sum / _matrix[(i * n) + i].Real;
        }

        for (int i = n - 1; i >= 0; i--)
        {
            Complex sum = taps[i];
            for (int k = i + 1; k < n; k++)
            {
                sum -= Complex.Conjugate(_matrix[(k * n) + i]) * taps[k];
            }

            taps[i] = sum / _matrix[(i * n) + i].Real;
        }

        // The normal equations use conj(x)·wanted, so they give the taps that multiply x directly.
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(taps[i].Real) || !double.IsFinite(taps[i].Imaginary))
            {
                return false;
            }
        }

        return true;
    }

    private void Push(Complex s)
    {
        _pos = _pos == 0 ? _taps - 1 : _pos - 1;
        _line[_pos] = s;
        _line[_pos + _taps] = s;
        _filled = Math.Min(_filled + 1, _taps);
    }

    /// <summary>In-place Cholesky factorisation A = L·Lᴴ of a Hermitian matrix (lower triangle used and
    /// overwritten); false if it is not positive definite.</summary>
    private static bool Cholesky(Complex[] a, int n)
    {
        for (int j = 0; j < n; j++)
        {
            double d = a[(j * n) + j].Real;
            for (int k = 0; k < j; k++)
            {
                Complex l = a[(j * n) + k];
                d -= (l.Real * l.Real) + (l.Imaginary * l.Imaginary);
            }

            if (!(d > 0) || !double.IsFinite(d))
            {
                return false;
            }

            d = Math.Sqrt(d);
            a[(j * n) + j] = d;
            for (int i = j + 1; i < n; i++)
            {
                Complex sum = a[(i * n) + j];
                for (int k = 0; k < j; k++)
                {
                    sum -= a[(i * n) + k] * Complex.Conjugate(a[(j * n) + k]);
                }

                a[(i * n) + j] = sum / d;
            }
        }

        return true;
    }
}
