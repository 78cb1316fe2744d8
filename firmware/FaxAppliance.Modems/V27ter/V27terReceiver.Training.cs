using System.Numerics;
using FaxAppliance.Modems.Common;

namespace FaxAppliance.Modems.V27ter;

/// <summary>The V.27ter receiver's training (§3): detection of the 0°/180° segments, the joint estimate
/// of gain, carrier phase and frequency, decision-directed equalizer training, and locating the end of
/// segment 4 from its known reversal pattern.</summary>
public sealed partial class V27terReceiver
{
    /// <summary>Symbols the detector averages before it may fire.</summary>
    private const int SearchMinimumSymbols = 8;

    /// <summary>Consecutive symbols the two-phase measure must stay above its threshold.</summary>
    private const int SearchConfirmSymbols = 4;

    /// <summary>Two-phase (0°/180°) measure threshold: about 1 for segments 3 and 4, near 0 for
    /// noise and for 4- or 8-phase data.</summary>
    private const double TwoPhaseThreshold = 0.8;

    /// <summary>Symbols for the timing loop to lock and the equalizer delay line to fill before the fit.</summary>
    private const int SettleSymbols = 10;

    /// <summary>Equalizer outputs the gain/phase/frequency fit uses.</summary>
    private const int FitSymbols = 16;

    /// <summary>Reversals that must precede the first non-reversal of segment 4.</summary>
    private const int MinimumReversals = 6;

    /// <summary>Symbols of segment 4 checked against the known pattern, and the mismatches allowed.</summary>
    private const int VerifySymbols = 16, VerifyMismatches = 2;

    private const double TrainingEqualizerStep = 0.1;
    private const double DataEqualizerStep = 0.02;

    /// <summary>Least equalizer SNR at the end of training, dB.</summary>
    private const double MinimumTrainingSnrDb = 10.0;

    /// <summary>Position of the first non-reversal in segment 4's pattern.</summary>
    private static readonly int FirstNonReversal = FindFirstNonReversal();

    private readonly Complex[] _fit = new Complex[FitSymbols];
    private V27terSegment4Sequence _segment4;
    private Complex _previousOnTime;
    private Complex _previousSquare;
    private Complex _twoPhase;
    private double _twoPhaseEnergy;
    private int _confirm;
    private long _fitStart;
    private int _reversalRun;
    private bool _boundaryFound;
    private long _segment5Start;
    private int _verified;
    private int _mismatches;

    private int Segment4Length => _shortTrain ? V27terConstellation.Segment4Short : V27terConstellation.Segment4Long;

    private void EnterSearch()
    {
        Enter(Stage.Search);
        _twoPhase = Complex.Zero;
        _twoPhaseEnergy = 0;
        _confirm = 0;
        _reversalRun = 0;
        _boundaryFound = false;
        _sync.ProportionalGain = 0.05;
        _sync.IntegralGain = 0.0005;
    }

    private void Enter(Stage stage)
    {
        _stage = stage;
        _stageSymbols = 0;
    }

    /// <summary>Looks for segments 3/4: the squares of 0°/180° symbols all have the same phase, so
    /// successive squares are coherent whatever the gain, timing or a carrier offset.</summary>
    private void Search()
    {
        double meanSquare = Math.Max(_detector.MeanSquare, 1.0);
        _gain = Math.Sqrt(TargetPower / (meanSquare / 2.0));
        Complex y = _sync.OnTime;
        Complex square = y * y;
        Complex product = square * Complex.Conjugate(_previousSquare);
        double energy = square.Magnitude * _previousSquare.Magnitude;
        _previousSquare = square;
        _twoPhase += (product - _twoPhase) * (1.0 / 8.0);
        _twoPhaseEnergy += (energy - _twoPhaseEnergy) * (1.0 / 8.0);
        bool twoPhase = _twoPhaseEnergy > 0 && _twoPhase.Magnitude > TwoPhaseThreshold * _twoPhaseEnergy;
        _confirm = twoPhase ? _confirm + 1 : 0;
        if (_stageSymbols >= SearchMinimumSymbols && _confirm >= SearchConfirmSymbols)
        {
            if (!_shortTrain)
            {
                _equalizer.ResetTaps();
            }

            Enter(Stage.Settle);
        }
    }

    /// <summary>
    /// Segment 3 is all reversals and segment 4 starts with the known scrambled pattern: the first
    /// non-reversal after a run of reversals fixes where segment 4 began (checked against the next
    /// <see cref="VerifySymbols"/> symbols of the pattern), and so where segment 5 and the data begin.
    /// Works on the front end's symbol-centre samples, so it runs before the equalizer is trained.
    /// </summary>
    private void TrackReversals(Complex y)
    {
        double dot = (y.Real * _previousOnTime.Real) + (y.Imaginary * _previousOnTime.Imaginary);
        _previousOnTime = y;
        if (_stage is Stage.Idle or Stage.Data)
        {
            return;
        }

        bool reversal = dot < 0;
        if (_boundaryFound)
        {
            if (_verified < VerifySymbols)
            {
                _verified++;
                if (reversal != _segment4.NextIsReversal() && ++_mismatches > VerifyMismatches)
                {
                    _boundaryFound = false; // a glitch, not segment 4: keep looking
                    _reversalRun = 0;
                }
            }

            return;
        }

        if (reversal)
        {
            _reversalRun++;
            return;
        }

        if (_reversalRun >= MinimumReversals)
        {
            _boundaryFound = true;
            _segment5Start = _symbol - FirstNonReversal + Segment4Length;
            _segment4.Reset();
            for (int i = 0; i <= FirstNonReversal; i++)
            {
                _segment4.NextIsReversal();
            }

            _verified = 0;
            _mismatches = 0;
        }

        _reversalRun = 0;
    }

    /// <summary>
    /// Fits <see cref="FitSymbols"/> equalizer outputs: twice the frequency offset from successive
    /// squares, twice the carrier phase from the sum of the de-rotated squares (the 180° ambiguity does
    /// not matter to differential decoding), the gain from their mean power (frozen from here).
    /// </summary>
    private void Fit<TSink>(Complex z, ref TSink sink)
        where TSink : struct, IBitSink
    {
        int n = _stageSymbols - 1;
        if (n == 0)
        {
            _fitStart = _symbol - _equalizer.DelaySymbols;
        }

        if ((uint)n >= FitSymbols)
        {
            EnterSearch();
            return;
        }

        _fit[n] = z;
        if (n < FitSymbols - 1)
        {
            return;
        }

        Complex r = Complex.Zero;
        for (int j = 1; j < FitSymbols; j++)
        {
            r += _fit[j] * _fit[j] * Complex.Conjugate(_fit[j - 1] * _fit[j - 1]);
        }

        double frequency = Math.Atan2(r.Imaginary, r.Real) / 2.0;
        Complex sum = Complex.Zero;
        double energy = 0;
        for (int j = 0; j < FitSymbols; j++)
        {
            Complex g = _fit[j] * Complex.FromPolarCoordinates(1.0, -frequency * j);
            sum += g * g;
            energy += (g.Real * g.Real) + (g.Imaginary * g.Imaginary);
        }

        if (energy <= 1e-12 || sum.Magnitude < 0.6 * energy)
        {
            EnterSearch();
            return;
        }

        double correction = Math.Sqrt(TargetPower / (energy / FitSymbols));
        _gain *= correction;
        _equalizer.ScaleHistory(correction);
        long next = _symbol + 1 - _equalizer.DelaySymbols;
        _carrier.ProportionalGain = 0.15;
        _carrier.IntegralGain = 0.01;
        _carrier.Set((Math.Atan2(sum.Imaginary, sum.Real) / 2.0) + (frequency * (next - _fitStart)), frequency);
        _sync.ProportionalGain = 0.02;
        _sync.IntegralGain = 0.0002;
        _errorPower = 0.1 * TargetPower; // 10 dB until measured
        _signalPower = TargetPower;
        Enter(Stage.Train);
        sink.OnStatus(ModemStatus.TrainingInProgress);
    }

    /// <summary>Training on 0°/180° decisions until segment 5 begins.</summary>
    private void Train<TSink>(Complex q, ref TSink sink)
        where TSink : struct, IBitSink
    {
        long symbol = _symbol - _equalizer.DelaySymbols;
        if (_boundaryFound && _verified >= VerifySymbols && symbol >= _segment5Start)
        {
            double snr = 10.0 * Math.Log10(_signalPower / Math.Max(_errorPower, 1e-9));
            if (snr < MinimumTrainingSnrDb)
            {
                Fail(ref sink);
                return;
            }

            // The data continue the scrambler that generated segment 4: start the descrambler there.
            _segment4.Reset();
            for (int i = 0; i < Segment4Length; i++)
            {
                _segment4.NextIsReversal();
            }

            _descrambler = _segment4.Scrambler;
            _carrier.ProportionalGain = 0.08;
            _carrier.IntegralGain = 0.002;
            _sync.ProportionalGain = 0.01;
            _sync.IntegralGain = 0.00001;
            Enter(Stage.Data);
            Statistics.Trained = true;
            sink.OnStatus(ModemStatus.TrainingSucceeded);
            Decide(q, ref sink);
            return;
        }

        int phase = q.Real >= 0 ? 0 : 4;
        Adapt(q, V27terConstellation.Points[phase], TrainingEqualizerStep);
        _previousPhase = phase;
        double quality = 10.0 * Math.Log10(_signalPower / Math.Max(_errorPower, 1e-9));
        bool hopeless = _stageSymbols >= 600 && quality < MinimumTrainingSnrDb - 6.0; // trained on noise, or the signal went
        if (hopeless || _stageSymbols > V27terConstellation.Segment3Long + V27terConstellation.Segment4Long + 64)
        {
            Fail(ref sink);
        }
    }

    private void Fail<TSink>(ref TSink sink)
        where TSink : struct, IBitSink
    {
        bool wasTrained = _stage == Stage.Data;
        Statistics.Trained = false;
        _equalizer.Reset();
        _carrier.Set(0, 0);
        if (!wasTrained)
        {
            sink.OnStatus(ModemStatus.TrainingFailed);
        }

        EnterSearch();
    }

    private static int FindFirstNonReversal()
    {
        var sequence = default(V27terSegment4Sequence);
        sequence.Reset();
        int i = 0;
        while (sequence.NextIsReversal() && i < V27terConstellation.Segment4Short)
        {
            i++;
        }

        return i;
    }
}
