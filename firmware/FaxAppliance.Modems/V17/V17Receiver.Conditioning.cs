using System.Numerics;

namespace FaxAppliance.Modems.V17;

/// <summary>
/// What lets the long train's equalizer start right on a distorted line (V.56bis attenuation and delay
/// distortion): the two-component fit of segment 1's alternations, which starts the equalizer with the
/// line's different gains at the two frequencies the alternations carry, and the least-squares solution
/// of the equalizer from segment 2's known symbols (<see cref="V17EqualizerSolver"/>).
/// </summary>
public sealed partial class V17Receiver
{
    /// <summary>Long train: the segment 2 symbol (from its start) from which the equalizer's correlations
    /// are gathered (the carrier loop has settled on the known symbols by then), and the one at which the
    /// least-squares taps replace the LMS ones: 1400 symbols, 28 times the equalizer's length, leave a
    /// misadjustment of about 0.2 dB, and the remaining 1500 symbols of segments 2 and 3 let LMS and the
    /// loops settle on the new taps.</summary>
    private const int SolverFirstSymbol = 64;

    private const int SolverSolveSymbol = 1472;

    /// <summary>Largest ratio between the line's gains at the alternations' two components (their mean,
    /// at the carrier, and their alternation, at ±1200 Hz from it) taken for V.17 alternations; far
    /// beyond it the signal is a tone (no alternation) or no V.17 at all. 12 dB: more than the worst
    /// V.56bis shape's slope across the band.</summary>
    private const double MaxComponentRatio = 4.0;

    /// <summary>Short train: re-align the kept equalizer only if that removes at least half of the
    /// squared error on segment 2's known symbols (3 dB); a smaller gain is within the fit's noise.</summary>
    private const double RealignMinimumGain = 0.8;

    private readonly Complex[] _solvedTaps = new Complex[EqualizerTaps];
    private readonly Complex[] _realignedTaps = new Complex[EqualizerTaps];
    private readonly V17EqualizerSolver _solver = new(EqualizerTaps);
    private readonly V17TimingRealigner _realigner = new(EqualizerTaps);

    /// <summary>
    /// Fits segment 1 (A B A B …, parity <see cref="_fitParity"/>) as two components: y = gm·M + ga·D·s,
    /// with M = (A + B)/2, D = (A − B)/2 and s = ±1 for A/B. A line carries the alternations' mean (at
    /// the carrier) and their alternation (the ±1200 Hz sidebands) with different gains and phases —
    /// through the PCM shapes' delay distortion by 60° — which the single-gain fit of A and B cannot follow:
    /// it rejected pcm3's alternations for ever. True if the residual is under
    /// <see cref="FitResidualLimit"/> of <paramref name="energy"/> and neither component is missing.
    /// </summary>
    private bool FitsAlternations(double frequency, double energy, out Complex meanGain, out Complex alternatingGain)
    {
        Complex mean = Complex.Zero, alternation = Complex.Zero;
        for (int j = 0; j < FitSymbols; j++)
        {
            Complex g = Derotated(j, frequency);
            mean += g;
            alternation += ((j + _fitParity) & 1) == 0 ? g : -g;
        }

        mean /= FitSymbols;
        alternation /= FitSymbols;
        double residual = 0;
        for (int j = 0; j < FitSymbols; j++)
        {
            Complex g = Derotated(j, frequency);
            Complex model = ((j + _fitParity) & 1) == 0 ? mean + alternation : mean - alternation;
            residual += Common.Slicer.DistanceSquared(g, model);
        }

        Complex a = ToComplex(V17Constellations.TrainingPoint(V17TrainingPoint.A));
        Complex b = ToComplex(V17Constellations.TrainingPoint(V17TrainingPoint.B));
        meanGain = mean / ((a + b) / 2.0);
        alternatingGain = alternation / ((a - b) / 2.0);
        double ratio = meanGain.Magnitude / Math.Max(alternatingGain.Magnitude, 1e-12);
        return residual <= FitResidualLimit * energy && double.IsFinite(residual)
            && ratio <= MaxComponentRatio && ratio >= 1.0 / MaxComponentRatio;
    }

    /// <summary>
    /// Long train: starts the equalizer so that the alternations come out right after the carrier loop
    /// removes <paramref name="gain"/>'s phase (and the front end its magnitude): three symbol-spaced taps
    /// c₋₁ c₀ c₊₁ with c₋₁ + c₀ + c₊₁ = g/gm for the mean and c₀ − c₋₁ − c₊₁ = g/ga for the alternation.
    /// On a flat line gm = ga = g and this is the pass-through.
    /// </summary>
    private void StartEqualizerFromAlternations(Complex gain, Complex meanGain, Complex alternatingGain)
    {
        Complex forMean = gain / meanGain, forAlternation = gain / alternatingGain;
        Array.Clear(_solvedTaps);
        int centre = EqualizerTaps / 2;
        _solvedTaps[centre] = (forMean + forAlternation) / 2.0;
        _solvedTaps[centre - 2] = (forMean - forAlternation) / 4.0;
        _solvedTaps[centre + 2] = (forMean - forAlternation) / 4.0;
        _equalizer.LoadTaps(_solvedTaps);
    }

    /// <summary>Segment 2: the known symbol <paramref name="target"/> for the long train's solver or the
    /// short train's re-aligner.</summary>
    private void GatherConditioning(Complex target)
    {
        if (_useLearned)
        {
            RecordShortTrain();
            _realigner.AddKnown(_carrier.Rotate(target));
        }
        else
        {
            GatherAndSolve(target);
        }
    }

    /// <summary>Short train: records the equalizer's input for <see cref="V17TimingRealigner"/> (from
    /// the fit on); a fill-in gap makes the record useless.</summary>
    private void RecordShortTrain()
    {
        if (_holdSymbols > 0)
        {
            _realigner.Reset();
            return;
        }

        _realigner.Push(_sync.Mid * _gain, _sync.OnTime * _gain);
    }

    /// <summary>Short train, end of segment 2: re-aligns the kept equalizer with the timing the loop
    /// re-acquired on the alternations (<see cref="V17TimingRealigner"/>).</summary>
    private void RealignShortTrain()
    {
        _equalizer.CopyTaps(_solvedTaps);
        double ratio = _realigner.Realign(_solvedTaps, _realignedTaps);
        if (ratio <= RealignMinimumGain)
        {
            _equalizer.LoadTaps(_realignedTaps);
            _errorPower *= ratio;
        }
    }

    /// <summary>Long train, segment 2: gathers the equalizer's input and the known symbol (in the
    /// equalizer's frame: turned by the carrier loop's phase) for the least-squares solver, and at
    /// <see cref="SolverSolveSymbol"/> loads its taps. A fill-in gap in the window starts the gathering
    /// again (the solver's copy of the input would no longer match the equalizer's).</summary>
    private void GatherAndSolve(Complex target)
    {
        int index = _reference.IndexInSegment - 1; // TryNext has moved past this symbol
        if (index < SolverFirstSymbol || _holdSymbols > 0)
        {
            _solver.Reset();
            return;
        }

        if (index < SolverSolveSymbol)
        {
            _solver.Add(_sync.Mid * _gain, _sync.OnTime * _gain, _carrier.Rotate(target));
        }
        else if (index == SolverSolveSymbol && _solver.TrySolve(_solvedTaps))
        {
            _equalizer.LoadTaps(_solvedTaps);
        }
    }
}
