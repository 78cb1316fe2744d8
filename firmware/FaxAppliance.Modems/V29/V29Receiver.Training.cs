using System.Numerics;
using FaxAppliance.Modems.Common;

namespace FaxAppliance.Modems.V29;

/// <summary>The V.29 receiver's training (V.29 §2.4): finding segment 2, the joint estimate of gain,
/// carrier phase and frequency, equalizer training on segments 2 and 3, and the check of segment 4.</summary>
public sealed partial class V29Receiver
{
    /// <summary>Symbols the alternation detector averages before it may fire.</summary>
    private const int SearchMinimumSymbols = 12;

    /// <summary>Consecutive symbols the alternation measure must stay above its threshold.</summary>
    private const int SearchConfirmSymbols = 4;

    /// <summary>Alternation measure threshold: 1 for A/B alternations, 0.5 for random symbols or noise.</summary>
    private const double AlternationThreshold = 0.8;

    /// <summary>Symbols for the timing loop to lock on the alternations before the fit.</summary>
    private const int SettleSymbols = 10;

    /// <summary>Symbols of segment 2 the gain/phase/frequency fit uses.</summary>
    private const int FitSymbols = 24;

    /// <summary>Largest fit residual (fraction of the energy) accepted as a V.29 segment 2.</summary>
    private const double FitResidualLimit = 0.2;

    /// <summary>Segment 2 lasts 128 symbols; give up on segment 3 this long after the fit.</summary>
    private const int AlternationTimeoutSymbols = 140;

    private const double TrainingEqualizerStep = 0.1;
    private const double DataEqualizerStep = 0.02;

    /// <summary>Least equalizer SNR at the end of segment 3, dB: below it the slicer could not work.</summary>
    private const double MinimumTrainingSnrDb = 12.0;

    /// <summary>Largest fraction of zeros among the descrambled segment 4 ones.</summary>
    private const double TestOnesErrorLimit = 0.05;

    private readonly Complex[] _fit = new Complex[FitSymbols];
    private V29TrainingSequence _training;
    private Complex _previousOnTime;
    private Complex _previousDifference;
    private double _alternation;
    private double _alternationEnergy;
    private int _confirm;
    private long _fitStart;
    private int _fitParity;
    private int _cdLike;
    private int _testBits;
    private int _testErrors;

    private void EnterSearch()
    {
        Enter(Stage.Search);
        _alternation = 0;
        _alternationEnergy = 0;
        _confirm = 0;
        _sync.ProportionalGain = 0.05;
        _sync.IntegralGain = 0.0005;
    }

    private void Enter(Stage stage)
    {
        _stage = stage;
        _stageSymbols = 0;
    }

    /// <summary>Looks for segment 2: successive differences of the symbol-centre samples alternate in
    /// sign when A and B alternate, whatever the timing, gain or carrier phase.</summary>
    private void Search()
    {
        // Track the level until the fit freezes it.
        double meanSquare = Math.Max(_detector.MeanSquare, 1.0);
        _gain = Math.Sqrt(TargetPower / (meanSquare / 2.0));
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
    /// Collects <see cref="FitSymbols"/> symbols of segment 2 and fits them: the frequency offset from
    /// the rotation between symbols two apart (the same point), then, for each of the two ways A and B
    /// can be interleaved, the complex gain that best maps A/B onto the de-rotated samples; the better
    /// hypothesis gives the gain (frozen from here), the carrier phase and which symbols are A.
    /// </summary>
    private void Fit<TSink>(ref TSink sink)
        where TSink : struct, IBitSink
    {
        int n = _stageSymbols - 1;
        if (n == 0)
        {
            _fitStart = _symbol;
        }

        if ((uint)n >= FitSymbols)
        {
            EnterSearch();
            return;
        }

        _fit[n] = _sync.OnTime * _gain;
        if (n < FitSymbols - 1)
        {
            return;
        }

        Complex r2 = Complex.Zero;
        for (int j = 2; j < FitSymbols; j++)
        {
            r2 += _fit[j] * Complex.Conjugate(_fit[j - 2]);
        }

        double frequency = Math.Atan2(r2.Imaginary, r2.Real) / 2.0;
        Complex a = V29Constellation.PointA(BitRate), b = V29Constellation.PointB(BitRate);
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
                norm += x.Real * x.Real + x.Imaginary * x.Imaginary;
            }

            Complex gain = cross / norm;
            double residual = 0;
            energy = 0;
            for (int j = 0; j < FitSymbols; j++)
            {
                Complex x = ((j + parity) & 1) == 0 ? a : b;
                Complex g = Derotated(j, frequency);
                residual += Slicer.DistanceSquared(g, gain * x);
                energy += g.Real * g.Real + g.Imaginary * g.Imaginary;
            }

            if (residual < bestResidual)
            {
                bestResidual = residual;
                bestGain = gain;
                _fitParity = parity;
            }
        }

        double magnitude = bestGain.Magnitude;
        if (bestResidual > FitResidualLimit * energy || magnitude < 1e-6 || !double.IsFinite(magnitude))
        {
            EnterSearch(); // not V.29 alternations (or too noisy): keep looking
            return;
        }

        // Freeze the gain; the equalizer starts as a pass-through with the carrier loop set to the
        // phase of the symbol it will output next (DelaySymbols behind the front end).
        _gain /= magnitude;
        _equalizer.ScaleHistory(1.0 / magnitude);
        _equalizer.ResetTaps();
        long next = _symbol + 1 - _equalizer.DelaySymbols;
        _carrier.ProportionalGain = 0.15;
        _carrier.IntegralGain = 0.01;
        _carrier.Set(Math.Atan2(bestGain.Imaginary, bestGain.Real) + frequency * (next - _fitStart), frequency);
        _sync.ProportionalGain = 0.02;
        _sync.IntegralGain = 0.0002;
        _errorPower = 1.0;
        _signalPower = 10.0;
        _cdLike = 0;
        Enter(Stage.TrainAlternations);
        sink.OnStatus(ModemStatus.TrainingInProgress);
    }

    private Complex Derotated(int j, double frequency)
    {
        (double s, double c) = Math.SinCos(frequency * j);
        Complex y = _fit[j];
        return new Complex((y.Real * c) + (y.Imaginary * s), (y.Imaginary * c) - (y.Real * s));
    }

    /// <summary>Rest of segment 2: train on the known A/B, and watch for the first C/D of segment 3.</summary>
    private void TrainAlternations<TSink>(Complex q, ref TSink sink)
        where TSink : struct, IBitSink
    {
        long symbol = _symbol - _equalizer.DelaySymbols;
        bool isA = (((symbol - _fitStart) + _fitParity) & 1) == 0;
        Complex target = isA ? V29Constellation.PointA(BitRate) : V29Constellation.PointB(BitRate);
        double toTarget = Slicer.DistanceSquared(q, target);
        double toC = Slicer.DistanceSquared(q, V29Constellation.PointC(BitRate));
        double toD = Slicer.DistanceSquared(q, V29Constellation.PointD(BitRate));
        if (Math.Min(toC, toD) < toTarget)
        {
            _carrier.Coast();
            if (++_cdLike == 2)
            {
                // Segment 3 began with the previous symbol: its first two symbols were C and D.
                _training.Reset();
                _training.Next();
                _training.Next();
                Enter(Stage.TrainSegment3);
                _stageSymbols = 2;
            }

            return;
        }

        _cdLike = 0;
        Adapt(q, target, TrainingEqualizerStep);
        if (_stageSymbols > AlternationTimeoutSymbols)
        {
            Fail(ref sink);
        }
    }

    /// <summary>Segment 3: train on the known C/D sequence; at its end, check the equalizer's SNR.</summary>
    private void TrainSegment3<TSink>(Complex q, ref TSink sink)
        where TSink : struct, IBitSink
    {
        Complex target = _training.Next() == 0 ? V29Constellation.PointC(BitRate) : V29Constellation.PointD(BitRate);
        double step = _stageSymbols < V29Transmitter.Segment3Symbols / 2 ? TrainingEqualizerStep : TrainingEqualizerStep / 2;
        Adapt(q, target, step);
        if (_stageSymbols < V29Transmitter.Segment3Symbols)
        {
            return;
        }

        double snr = 10.0 * Math.Log10(_signalPower / Math.Max(_errorPower, 1e-9));
        if (snr < MinimumTrainingSnrDb)
        {
            Fail(ref sink);
            return;
        }

        // Segment 4: scrambled ones, phase-coded from a 0° reference; the descrambler synchronises on them.
        _carrier.ProportionalGain = 0.08;
        _carrier.IntegralGain = 0.002;
        _sync.ProportionalGain = 0.01;
        _sync.IntegralGain = 0.00001;
        _previousPhase = 0;
        _descrambler.Reset();
        _testBits = 0;
        _testErrors = 0;
        Enter(Stage.TestOnes);
    }

    private void CountTestBit(int bit)
    {
        // The first 23 bits fill the descrambler.
        if (++_testBits > 23 && bit == 0)
        {
            _testErrors++;
        }
    }

    private void FinishTestOnes<TSink>(ref TSink sink)
        where TSink : struct, IBitSink
    {
        if (_testErrors > TestOnesErrorLimit * (_testBits - 23))
        {
            Fail(ref sink);
            return;
        }

        Enter(Stage.Data);
        Statistics.Trained = true;
        sink.OnStatus(ModemStatus.TrainingSucceeded);
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
}
