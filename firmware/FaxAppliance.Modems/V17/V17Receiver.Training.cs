using System.Numerics;
using FaxAppliance.Modems.Common;

namespace FaxAppliance.Modems.V17;

/// <summary>
/// The V.17 receiver's training (V.17 training sequence, <see cref="V17TrainingSequence"/>): finding the
/// alternations of segment 1, the fit of gain, carrier phase and frequency on them (long train) or of the
/// carrier phase alone on the kept equalizer's output (short train), the start of segment 2 from the first
/// symbol that breaks the alternation, equalizer training on the known symbols of segments 1–4, and the
/// check of segment 4's scrambled ones through the Viterbi decoder.
/// </summary>
public sealed partial class V17Receiver
{
    /// <summary>Symbols the alternation detector averages before it may fire.</summary>
    private const int SearchMinimumSymbols = 12;

    /// <summary>Consecutive symbols the alternation measure must stay above its threshold.</summary>
    private const int SearchConfirmSymbols = 4;

    /// <summary>Alternation measure threshold: 1 for A/B alternations, 0.5 for random symbols or noise.</summary>
    private const double AlternationThreshold = 0.8;

    /// <summary>Symbols for the timing loop to lock on the alternations before the fit.</summary>
    private const int SettleSymbols = 10;

    /// <summary>Integral gain of the timing loop on the long train's segments 2–3, where it starts learning
    /// the clock rate. Narrow: on random symbols through a delay-distorted line (V.56bis EDD-3) the Gardner
    /// error is so noisy that 2·10⁻⁵ walked the rate 150 ppm off while the equalizer trained. Before segment 2
    /// the integral is off: the pull-in of the timing phase in the search and the jump from the
    /// alternations to the random symbols of segment 2 taught it 50–700 ppm of nonsense (measured); the
    /// proportional term alone follows ±200 ppm within a few hundredths of a symbol.</summary>
    private const double SequenceTimingIntegral = 2e-6;

    /// <summary>Timing loop gains from segment 4 on (data). Measured over the V.56bis shapes with ±50 ppm:
    /// with the proportional gain at 0.005 the Gardner self-noise on EDD-3 lines shook the timing enough
    /// to cost the equalizer 5–7 dB in bursts and lose thousands of bits of a 14 400 bit/s page; at 0.002
    /// with an integral of 10⁻⁶ the loop overshot the clock rate by 15–20 ppm, which the next short train
    /// inherits. 0.002 and 4·10⁻⁷ pass every shape at both signs and still hold ±200 ppm for 25 s
    /// (V17Receiver_LongBurstWithClockOffset_BerBelow1e5).</summary>
    private const double DataTimingProportional = 0.002;

    private const double DataTimingIntegral = 4e-7;

    /// <summary>Symbols of segment 1 the fit uses.</summary>
    private const int FitSymbols = 24;

    /// <summary>Largest residual of the fit of the alternations (fraction of the energy) accepted as V.17
    /// segment 1: of the two-component fit on the long train (<see cref="FitsAlternations"/>), of the
    /// single-gain fit of A and B on the short train (the kept equalizer has made the line flat).</summary>
    private const double FitResidualLimit = 0.2;

    /// <summary>Symbols after the fit before a break of the alternation may be taken for segment 2.</summary>
    private const int AlternationGuardSymbols = 8;

    /// <summary>Segment 1 lasts 256 symbols and the fit comes at least 50 into it: give up this long after.</summary>
    private const int AlternationTimeoutSymbols = 300;

    /// <summary>Symbols at the start of segment 2 whose hard decisions confirm its alignment.</summary>
    private const int ConfirmSymbols = 12;

    /// <summary>Wrong hard decisions among <see cref="ConfirmSymbols"/> that reject the alignment. Lenient:
    /// an equalizer trained on alternations alone (two spectral lines) leaves much of a distorted line's
    /// intersymbol interference on the first random symbols; a wrong alignment gets three in four wrong.</summary>
    private const int ConfirmMissLimit = 8;

    /// <summary>Equalizer steps (fraction of the error removed): from a pass-through on the long train,
    /// then finer; on the short train the kept equalizer only needs touching up.</summary>
    private const double LongTrainingStep = 0.1;

    private const double FineTrainingStep = 0.03;
    private const double ShortTrainingStep = 0.03;
    private const double DataEqualizerStep = 0.01;

    /// <summary>Symbols of the long train's segment 2 trained with the coarse step.</summary>
    private const int CoarseTrainingSymbols = 600;

    /// <summary>Least equalizer SNR at the end of the known symbols, dB: below it no rate can work.</summary>
    private const double MinimumTrainingSnrDb = 12.0;

    /// <summary>Largest fraction of zeros among the decoded, descrambled segment 4 ones.</summary>
    private const double TestOnesErrorLimit = 0.05;

    /// <summary>The first training points of segment 2 (A = 0 … D = 3), and the index of the first
    /// one that differs from the alternation segment 1 would have continued with.</summary>
    private static readonly byte[] Segment2Prefix = BuildSegment2Prefix(out Segment2Break);

    private static readonly int Segment2Break;

    private readonly Complex[] _fit = new Complex[FitSymbols];
    private readonly Complex[] _learnedTaps = new Complex[EqualizerTaps];
    private bool _useLearned;    // this is a short train with a long train's state to start from
    private double _learnedGain;
    private double _learnedFrequency;
    private Complex _previousOnTime;
    private Complex _previousDifference;
    private double _alternation;
    private double _alternationEnergy;
    private int _confirm;
    private long _fitStart;
    private int _fitParity;
    private int _misses;
    private int _testSymbols;
    private int _testErrors;

    private static byte[] BuildSegment2Prefix(out int breakIndex)
    {
        var sequence = new V17TrainingSequence();
        sequence.Restart(14400, shortTrain: false);
        sequence.Skip(V17TrainingSequence.Segment1Symbols);
        var prefix = new byte[ConfirmSymbols + 8];
        breakIndex = -1;
        for (int j = 0; j < prefix.Length; j++)
        {
            sequence.TryNext(out _);
            prefix[j] = (byte)sequence.LastTrainingPoint;
            if (breakIndex < 0 && prefix[j] != (j & 1))
            {
                breakIndex = j;
            }
        }

        return prefix;
    }

    private void EnterSearch()
    {
        Enter(Stage.Search);
        _faded = false;
        _alternation = 0;
        _alternationEnergy = 0;
        _confirm = 0;
        // Pull the timing phase in fast, the clock-rate integral off (SequenceTimingIntegral says why); a
        // learned clock rate is kept as it is.
        SetTimingGains(0.05, 0);
    }

    /// <summary>
    /// Sets the timing loop's gains (<see cref="SymbolSynchronizer"/>: fraction of a symbol corrected per
    /// unit of normalised Gardner error, and its integral). Narrow on purpose: the Gardner detector is noisy
    /// on 128 points through a delay-distorted line, while ±200 ppm is a ramp of only 2·10⁻⁴ symbol a
    /// symbol, which even the data gain of <see cref="DataTimingProportional"/> follows within a tenth of a
    /// symbol before the integral (the learned rate) takes it over.
    /// </summary>
    private void SetTimingGains(double proportional, double integral)
    {
        _sync.ProportionalGain = proportional;
        _sync.IntegralGain = integral;
    }

    private void Enter(Stage stage)
    {
        _stage = stage;
        _stageSymbols = 0;
    }

    /// <summary>Keeps what a long train learned for the short trains after it (at Restart).</summary>
    private void RememberLearned()
    {
        _equalizer.CopyTaps(_learnedTaps);
        _learnedGain = _gain;
        _learnedFrequency = _carrier.Frequency;
    }

    /// <summary>Looks for segment 1: successive differences of the symbol-centre samples alternate in
    /// sign when A and B alternate, whatever the timing, gain or carrier phase.</summary>
    private void Search()
    {
        if (!_useLearned)
        {
            // Track the level until the fit freezes it.
            double meanSquare = Math.Max(_detector.MeanSquare, 1.0);
            _gain = Math.Sqrt(TargetPower / (meanSquare / 2.0));
        }

        Complex y = _sync.OnTime;
        Complex d = y - _previousOnTime;
        _previousOnTime = y;
        double num = -((d.Real * _previousDifference.Real) + (d.Imaginary * _previousDifference.Imaginary));
        double den = 0.5 * ((d.Real * d.Real) + (d.Imaginary * d.Imaginary) + (_previousDifference.Real * _previousDifference.Real) + (_previousDifference.Imaginary * _previousDifference.Imaginary));
        _previousDifference = d;
        _alternation += (num - _alternation) * (1.0 / 8.0);
        _alternationEnergy += (den - _alternationEnergy) * (1.0 / 8.0);
        bool alternating = _alternation > AlternationThreshold * _alternationEnergy && _alternationEnergy > 0;
        _confirm = alternating ? _confirm + 1 : 0;
        if (_stageSymbols >= SearchMinimumSymbols && _confirm >= SearchConfirmSymbols)
        {
            Enter(Stage.Settle);
        }
    }

    /// <summary>
    /// Collects <see cref="FitSymbols"/> symbols of segment 1 and fits them. Long train: the front end's
    /// samples; the frequency offset from the rotation between symbols two apart (the same point), then,
    /// for each of the two ways A and B can be interleaved, the complex gain that best maps A/B onto the
    /// de-rotated samples. Short train: the kept equalizer's output, de-rotated at the kept frequency.
    /// The better hypothesis gives the gain (frozen from here), the carrier phase and which symbols are A.
    /// On the long train the alternations must fit two components (their mean and their alternation, which
    /// a distorted line passes with different gains) and the equalizer starts from that fit
    /// (V17Receiver.Conditioning.cs).
    /// </summary>
    private void Fit<TSink>(ref TSink sink)
        where TSink : struct, IBitSink
    {
        int n = _stageSymbols - 1;
        long index = _useLearned ? _symbol - _equalizer.DelaySymbols : _symbol;
        if (n == 0)
        {
            _fitStart = index;
        }

        if ((uint)n >= FitSymbols)
        {
            EnterSearch();
            return;
        }

        _fit[n] = _useLearned ? _equalizer.Output() : _sync.OnTime * _gain;
        if (n < FitSymbols - 1)
        {
            return;
        }

        double frequency = _carrier.Frequency;
        if (!_useLearned)
        {
            Complex r2 = Complex.Zero;
            for (int j = 2; j < FitSymbols; j++)
            {
                r2 += _fit[j] * Complex.Conjugate(_fit[j - 2]);
            }

            frequency = Math.Atan2(r2.Imaginary, r2.Real) / 2.0;
        }

        Complex a = ToComplex(V17Constellations.TrainingPoint(V17TrainingPoint.A));
        Complex b = ToComplex(V17Constellations.TrainingPoint(V17TrainingPoint.B));
        double bestResidual = double.MaxValue, energy = 0;
        Complex bestGain = Complex.One;
        for (int parity = 0; parity < 2; parity++)
        {
            Complex cross = Complex.Zero;
            double norm = 0;
            for (int j = 0; j < FitSymbols; j++)
            {
                Complex x = ((j + parity) & 1) == 0 ? a : b;
                cross += Derotated(j, frequency) * Complex.Conjugate(x);
                norm += (x.Real * x.Real) + (x.Imaginary * x.Imaginary);
            }

            Complex gain = cross / norm;
            double residual = 0;
            energy = 0;
            for (int j = 0; j < FitSymbols; j++)
            {
                Complex x = ((j + parity) & 1) == 0 ? a : b;
                Complex g = Derotated(j, frequency);
                residual += Slicer.DistanceSquared(g, gain * x);
                energy += (g.Real * g.Real) + (g.Imaginary * g.Imaginary);
            }

            if (residual < bestResidual)
            {
                bestResidual = residual;
                bestGain = gain;
                _fitParity = parity;
            }
        }

        double magnitude = bestGain.Magnitude;
        // Long train: the line's two gains (FitsAlternations). Short train: the kept equalizer has made them
        // one, so A and B must come out of it as they are.
        bool fits = FitsAlternations(frequency, energy, out Complex meanGain, out Complex alternatingGain);
        if (!(_useLearned ? bestResidual <= FitResidualLimit * energy : fits)
            || magnitude < 1e-6 || !double.IsFinite(magnitude) || !double.IsFinite(frequency))
        {
            EnterSearch(); // not V.17 alternations (or too noisy): keep looking
            return;
        }

        // Freeze the gain. Long train: the equalizer starts as a pass-through. Either way the carrier loop
        // starts at the phase of the symbol the equalizer outputs next (DelaySymbols behind the front end).
        _gain /= magnitude;
        _equalizer.ScaleHistory(1.0 / magnitude);
        _fadeMeanSquare = _detector.MeanSquare * 0.1;
        if (!_useLearned)
        {
            StartEqualizerFromAlternations(bestGain, meanGain, alternatingGain);
        }

        _realigner.Reset();

        long next = _symbol + 1 - _equalizer.DelaySymbols;
        // The fit's frequency is good to a fraction of a hertz: a narrow integral keeps the equalizer, which
        // adapts fast during training, from turning with the carrier loop into a wrong frequency.
        _carrier.ProportionalGain = 0.1;
        _carrier.IntegralGain = _useLearned ? 0.0005 : 0.002;
        _carrier.Set(Math.Atan2(bestGain.Imaginary, bestGain.Real) + (frequency * (next - _fitStart)), frequency);
        SetTimingGains(0.01, 0);
        _errorPower = 1.0;
        _signalPower = TargetPower;
        Enter(Stage.Alternations);
        sink.OnStatus(ModemStatus.TrainingInProgress);
    }

    private Complex Derotated(int j, double frequency)
    {
        (double s, double c) = Math.SinCos(frequency * j);
        Complex y = _fit[j];
        return new Complex((y.Real * c) + (y.Imaginary * s), (y.Imaginary * c) - (y.Real * s));
    }

    private static Complex ToComplex(V17Point p) => new(p.Re, p.Im);

    private static Complex TrainingTarget(int abcd) => ToComplex(V17Constellations.TrainingPoint((V17TrainingPoint)abcd));

    /// <summary>Rest of segment 1: train on the known A/B; the first symbol that breaks the alternation
    /// the way segment 2 does marks segment 2's start.</summary>
    private void Alternations<TSink>(Complex q, ref TSink sink)
        where TSink : struct, IBitSink
    {
        if (_useLearned)
        {
            RecordShortTrain();
        }

        long symbol = _symbol - _equalizer.DelaySymbols;
        int expected = (int)(((symbol - _fitStart) + _fitParity) & 1); // 0 = A, 1 = B
        int decided = (int)V17Constellations.NearestTrainingPoint((float)q.Real, (float)q.Imaginary);
        if (decided != expected && _stageSymbols > AlternationGuardSymbols
            && decided == Segment2Prefix[Segment2Break] && expected == (Segment2Break & 1))
        {
            // Segment 2 began Segment2Break symbols ago: line the reference sequence up with the next symbol.
            _reference.Restart(BitRate, _shortTrain);
            _reference.Skip(V17TrainingSequence.Segment1Symbols + Segment2Break + 1);
            _misses = 0;
            Adapt(q, TrainingTarget(decided), TrainingStep());
            if (!_useLearned)
            {
                SetTimingGains(0.005, SequenceTimingIntegral);
            }

            Enter(Stage.Sequence);
            return;
        }

        Adapt(q, TrainingTarget(expected), _useLearned ? ShortTrainingStep / 2 : LongTrainingStep);
        if (_stageSymbols > AlternationTimeoutSymbols)
        {
            Fail(ref sink);
        }
    }

    private double TrainingStep()
    {
        if (_useLearned)
        {
            return ShortTrainingStep;
        }

        return _reference.Segment == V17TrainingSegment.EqualizerConditioning && _reference.IndexInSegment < CoarseTrainingSymbols
            ? LongTrainingStep
            : FineTrainingStep;
    }

    /// <summary>Segments 2–4: train on the known symbols. At the start of segment 4, check the
    /// equalizer's SNR and start the Viterbi decoder (trellis state 0, V.17 core); segment 4's symbols go
    /// through it and their decoded ones are checked as they come out.</summary>
    private void Sequence<TSink>(Complex q, ref TSink sink)
        where TSink : struct, IBitSink
    {
        V17TrainingSegment segment = _reference.Segment;
        if (segment == V17TrainingSegment.ScrambledOnes && _reference.IndexInSegment == 0)
        {
            if (_useLearned)
            {
                RealignShortTrain();
            }

            double snr = 10.0 * Math.Log10(_signalPower / Math.Max(_errorPower, 1e-9));
            if (snr < MinimumTrainingSnrDb)
            {
                Fail(ref sink);
                return;
            }

            _decoder.Restart(BitRate, V17TrainingSequence.InitialDifferentialState(_shortTrain), trellisState: 0);
            _descrambler.Reset(_reference.ScramblerRegister);
            _testSymbols = 0;
            _testErrors = 0;
            _carrier.ProportionalGain = 0.06;
            _carrier.IntegralGain = 0.001;
            SetTimingGains(DataTimingProportional, DataTimingIntegral);
        }

        double step = TrainingStep();
        if (!_reference.TryNext(out V17Point point))
        {
            Fail(ref sink); // cannot happen: the stage ends with the sequence
            return;
        }

        Complex target = ToComplex(point);
        if (segment == V17TrainingSegment.EqualizerConditioning)
        {
            GatherConditioning(target);
        }

        if (segment == V17TrainingSegment.ScrambledOnes)
        {
            if (_decoder.Decode((float)q.Real, (float)q.Imaginary, out int bits))
            {
                DeliverSymbol(bits, ref sink);
            }
        }
        else if (_stageSymbols <= ConfirmSymbols && Slicer.DistanceSquared(q, target) > 16.0)
        {
            // Half way to a neighbouring training point (they are 8.9 apart): the alignment is wrong.
            if (++_misses >= ConfirmMissLimit)
            {
                Fail(ref sink);
                return;
            }
        }

        Adapt(q, target, step);
        if (_reference.Segment == V17TrainingSegment.Done)
        {
            Enter(Stage.Data);
        }
    }

    private void FinishTestOnes<TSink>(ref TSink sink)
        where TSink : struct, IBitSink
    {
        int bits = V17TrainingSequence.Segment4Symbols * _decoder.DataBitsPerSymbol;
        if (_testErrors > TestOnesErrorLimit * bits)
        {
            Fail(ref sink);
            return;
        }

        Statistics.Trained = true;
        _lastBurstGood = true;
        if (!_useLearned)
        {
            _learned = true;
            RememberLearned();
        }

        sink.OnStatus(ModemStatus.TrainingSucceeded);
    }

    private void Fail<TSink>(ref TSink sink)
        where TSink : struct, IBitSink
    {
        bool wasTrained = Statistics.Trained;
        Statistics.Trained = false;
        _lastBurstGood = false;
        if (_useLearned)
        {
            // A failed short train must not spoil what the long train learned: back to it.
            _equalizer.LoadTaps(_learnedTaps);
            _gain = _learnedGain;
            _carrier.Set(0, _learnedFrequency);
        }
        else
        {
            _equalizer.Reset();
            _carrier.Set(0, 0);
        }

        if (!wasTrained)
        {
            sink.OnStatus(ModemStatus.TrainingFailed);
        }

        EnterSearch();
    }
}
