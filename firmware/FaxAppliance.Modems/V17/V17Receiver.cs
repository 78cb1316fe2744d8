using System.Numerics;
using FaxAppliance.Modems.Common;

namespace FaxAppliance.Modems.V17;

/// <summary>
/// ITU-T V.17 receiver (7200, 9600, 12 000 and 14 400 bit/s; long and short train), assembled from the
/// Common building blocks and the V.17 core: carrier detect with hysteresis, demodulation at 1800 Hz with
/// a matched filter and Gardner timing (<see cref="SymbolSynchronizer"/>), a T/2 adaptive equalizer,
/// a second-order carrier loop, the Viterbi decoder of the trellis code (<see cref="V17ViterbiDecoder"/>),
/// differential decoding and the 1 + x^−18 + x^−23 descrambler (V.17 §3).
/// <para>
/// The long train teaches the receiver everything (gain, timing phase and rate, carrier phase and
/// frequency, equalizer). After <c>Restart(rate, shortTrain: true)</c> it keeps the equalizer, the gain and
/// the <em>rate</em> terms of the timing and carrier loops, and re-acquires only the timing and carrier
/// phase on the short train's 256 alternations (modem notes: why the short train is where calls die).
/// </para>
/// Data bits leave through a struct sink; statuses go with them, in order: CarrierUp,
/// TrainingInProgress, TrainingSucceeded (then data) or TrainingFailed, CarrierDown. Nothing allocates
/// after construction.
/// </summary>
public sealed partial class V17Receiver : IFaxReceiver
{
    /// <summary>Carrier-detect on threshold, dBm0: the product must receive down to −43 dBm0, so, like
    /// V.27ter and V.29 here, on at −44 dBm0.</summary>
    public const double CarrierOnDbm0 = -44.0;

    /// <summary>Carrier-detect off threshold, dBm0 (5 dB of hysteresis).</summary>
    public const double CarrierOffDbm0 = -49.0;

    /// <summary>Power meter time constant: 4 ms, short against the 107 ms of segment 1.</summary>
    public const int PowerMeterSamples = 32;

    /// <summary>Equalizer length in T/2 taps: ±12 symbols (±5 ms) around the centre. Measured: 33 taps
    /// (±8 symbols) fail to train through the V.56bis EDD-3 shape at 14 400 bit/s, 49 train; 4k + 1 so the
    /// centre is a symbol-centre tap.</summary>
    public const int EqualizerTaps = 49;

    /// <summary>Matched filter roll-off (as <see cref="V17Transmitter.RollOff"/>) and length, symbols.</summary>
    public const double RollOff = 0.25;

    /// <summary>Matched filter length, symbols.</summary>
    public const int MatchedFilterSpanSymbols = 12;

    /// <summary>Longest gap <see cref="FillIn"/> bridges, samples (1 s); a longer one drops the carrier.</summary>
    public const int MaxFillInSamples = 8000;

    /// <summary>Time constant of the level shown in <see cref="Statistics"/>, samples (32 ms: steady
    /// enough to read, unlike the carrier detector's 4 ms).</summary>
    private const double LevelMeterSamples = 256;

    /// <summary>Newest symbols dropped when the input fades: the power meter (<see cref="PowerMeterSamples"/>)
    /// falls 10 dB about 22 symbols after the signal stops, when the equalizer output (12 symbols of
    /// equalizer and 6 of matched filter behind the input) is some 4 symbols past its end, and the last
    /// couple of real symbols are already cut by the filters' tails.</summary>
    private const int FadeDropSymbols = 6;

    /// <summary>Front-end scale before the fit: the training points' power (A–D are √40 from the origin).</summary>
    private const double TargetPower = 40.0;

    private readonly SymbolSynchronizer _sync = new(1800.0, V17Constellations.SymbolRate, RollOff, MatchedFilterSpanSymbols);
    private readonly FractionalEqualizer _equalizer = new(EqualizerTaps);
    private readonly CarrierLoop _carrier = new();
    private readonly CarrierDetector _detector = new(CarrierOnDbm0, CarrierOffDbm0, PowerMeterSamples);
    private readonly QamReceiverCore _core; // carrier detect, block/sample loop, fill-in and coasting
    private readonly V17ViterbiDecoder _decoder = new();
    private readonly V17TrainingSequence _reference = new();
    private SelfSynchronizingScrambler _descrambler = new(18, 23);
    private Stage _stage;
    private bool _shortTrain;
    private bool _learned;       // a long train succeeded since the last long restart: short trains may use it
    private bool _lastBurstGood; // the last burst trained and did not fail since: its taps are the best
    private double _fadeMeanSquare; // below this input power (10 dB under the trained level) nothing adapts
    private double _levelMeanSquare;
    private bool _faded;         // data decoding paused by a fade
    private double _gain = 1.0;
    private long _symbol;        // symbols out of the front end since restart
    private int _stageSymbols;   // symbols since the current stage began
    private int _holdSymbols;    // symbols left without adaptation after a fill-in gap
    private double _errorPower = 1.0;
    private double _signalPower = 1.0;
    private bool _snrPending;     // the equalizer adapted in this block: show _shownSnrRatio
    private double _shownSnrRatio;

    /// <summary>Creates a receiver for <paramref name="bitRate"/> (long train).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate V.17 does not define.</exception>
    public V17Receiver(int bitRate = 14400)
    {
        _core = new QamReceiverCore(Statistics, _detector, _sync, _equalizer, MaxFillInSamples);
        Restart(bitRate, shortTrain: false);
    }

    private enum Stage
    {
        Idle,
        Search,
        Settle,
        Fit,
        Alternations,
        Sequence,
        Data,
    }

    /// <inheritdoc/>
    public ModemStatistics Statistics { get; } = new();

    /// <inheritdoc/>
    public int BitRate { get; private set; }

    /// <summary>Whether the last restart asked for the short train.</summary>
    public bool ShortTrain => _shortTrain;

    /// <summary>True once training succeeded, until the carrier drops or a restart.</summary>
    public bool Trained => _stage == Stage.Data && Statistics.Trained;

    /// <summary>
    /// Prepares for a new signal at <paramref name="bitRate"/>. The long train (<paramref name="shortTrain"/>
    /// false) forgets everything. The short train keeps what the last successful long train learned at
    /// this rate — equalizer, gain, clock rate, carrier frequency — and re-acquires only phase; without a
    /// long train before it, it starts from scratch like a long one but expects the short sequence.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate V.17 does not define.</exception>
    public void Restart(int bitRate, bool shortTrain)
    {
        if (!V17Constellations.IsSupportedBitRate(bitRate))
        {
            throw new ArgumentOutOfRangeException(nameof(bitRate), bitRate, "V.17 runs at 7200, 9600, 12000 or 14400 bit/s");
        }

        bool keep = shortTrain && _learned && bitRate == BitRate;
        BitRate = bitRate;
        _shortTrain = shortTrain;
        _core.Restart(keepClockRate: keep);
        _snrPending = false;
        if (keep)
        {
            if (_lastBurstGood)
            {
                RememberLearned(); // the latest taps, refined on the last burst's data
            }
            else
            {
                _equalizer.LoadTaps(_learnedTaps);
                _gain = _learnedGain;
            }

            _equalizer.ClearHistory();
            _carrier.Set(0, _learnedFrequency);
        }
        else
        {
            _learned = false;
            _equalizer.Reset();
            _gain = 1.0;
            _carrier.Set(0, 0);
        }

        _useLearned = keep;
        _fadeMeanSquare = 0;
        _faded = false;
        _lastBurstGood = false;
        _decoder.Restart(bitRate);
        EnterIdle();
        _symbol = 0;
        _stageSymbols = 0;
        _holdSymbols = 0;
    }

    /// <summary>Receives a block of samples (any length, including empty); bits and status changes go to
    /// <paramref name="sink"/>.</summary>
    public void Process<TSink>(ReadOnlySpan<short> samples, ref TSink sink)
        where TSink : struct, IBitSink
    {
        var stages = new Stages(this);
        _core.Process(samples, ref stages, ref sink);
        Statistics.SignalLevelDbm0 = FaxAppliance.Dsp.Levels.Dbm0FromRms(Math.Sqrt(_levelMeanSquare));
        if (_snrPending)
        {
            // Between blocks the statistics read exactly as if they were updated every symbol.
            _snrPending = false;
            Statistics.EqualizerSnrDb = 10.0 * Math.Log10(_shownSnrRatio);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> is negative.</exception>
    public void FillIn(int samples)
    {
        var stages = new Stages(this);
        _core.FillIn(samples, ref stages);
    }

    /// <summary>The carrier dropped out of data: the last symbols' decisions, on the best path so far
    /// (V.17 core: Flush at carrier off); after a fade they went out already.</summary>
    private void FlushAtCarrierOff<TSink>(ref TSink sink)
        where TSink : struct, IBitSink
    {
        if (_stage == Stage.Data && Statistics.Trained)
        {
            while (!_faded && _decoder.Flush(out int bits))
            {
                DeliverSymbol(bits, ref sink);
            }
        }
    }

    /// <summary>No signal: the timing loop stands still, so that noise or silence between bursts cannot
    /// walk away with a learned clock rate.</summary>
    private void EnterIdle()
    {
        _stage = Stage.Idle;
        SetTimingGains(0, 0);
    }

    private void OnSymbol<TSink>(ref TSink sink)
        where TSink : struct, IBitSink
    {
        _symbol++;
        _stageSymbols++;
        if (_sync.LastWasCoasting)
        {
            var stages = new Stages(this);
            _core.Coast(ref stages);
            return;
        }

        _equalizer.Push(_sync.Mid * _gain);
        _equalizer.Push(_sync.OnTime * _gain);
        switch (_stage)
        {
            case Stage.Search:
                Search();
                break;
            case Stage.Settle:
                if (_stageSymbols >= SettleSymbols)
                {
                    Enter(Stage.Fit);
                }

                break;
            case Stage.Fit:
                Fit(ref sink);
                break;
            default:
                Equalized(ref sink);
                break;
        }
    }

    /// <summary>A fill-in symbol while following the signal (after the equalizer's zeros).</summary>
    private void CoastTracking()
    {
        _holdSymbols = _equalizer.DelaySymbols * 2 + 1; // until the gap has left the equalizer
        if (_stage >= Stage.Alternations)
        {
            _carrier.Coast();
            if (_stage == Stage.Sequence)
            {
                _reference.Skip(1);
            }
        }
    }

    private void Equalized<TSink>(ref TSink sink)
        where TSink : struct, IBitSink
    {
        Complex z = _equalizer.Output();
        if (!double.IsFinite(z.Real) || !double.IsFinite(z.Imaginary) || _equalizer.TapEnergy > 1e4)
        {
            Fail(ref sink);
            return;
        }

        Complex q = _carrier.Derotate(z);
        Statistics.AddConstellationPoint((float)q.Real, (float)q.Imaginary);
        switch (_stage)
        {
            case Stage.Alternations:
                Alternations(q, ref sink);
                break;
            case Stage.Sequence:
                Sequence(q, ref sink);
                break;
            default:
                Data(q, ref sink);
                break;
        }

        Statistics.CarrierOffsetHz = _carrier.Frequency * V17Constellations.SymbolRate / (2.0 * Math.PI);
        Statistics.SymbolTimingPpm = _sync.ClockOffsetPpm;
    }

    /// <summary>Decision-directed data symbol: Viterbi decoder, adaptation on its zero-delay best-path
    /// decision, delivery of the symbol it decided <see cref="V17ViterbiDecoder.DecisionDelay"/> back.
    /// When the input fades (the end of the transmission, or a dip) decoding pauses: the decisions still
    /// pending are delivered, except the newest <see cref="FadeDropSymbols"/>, which the fade already
    /// reached; if the signal comes back, decoding resumes from an unknown trellis state.</summary>
    private void Data<TSink>(Complex q, ref TSink sink)
        where TSink : struct, IBitSink
    {
        bool faded = _detector.MeanSquare < _fadeMeanSquare;
        if (faded || _faded)
        {
            if (faded && !_faded && Statistics.Trained)
            {
                while (_decoder.Pending > FadeDropSymbols && _decoder.Flush(out int pending))
                {
                    DeliverSymbol(pending, ref sink);
                }
            }

            if (faded)
            {
                _faded = true;
                _carrier.Coast();
                return;
            }

            _faded = false;
            _decoder.Restart(BitRate, _decoder.DifferentialState, trellisState: -1);
        }

        bool decided = _decoder.Decode((float)q.Real, (float)q.Imaginary, out int bits);
        V17Point best = _decoder.BestPathPoint;
        Adapt(q, new Complex(best.Re, best.Im), DataEqualizerStep);
        if (decided)
        {
            DeliverSymbol(bits, ref sink);
        }
    }

    /// <summary>The data bits of one decided symbol (Q1 first): the first
    /// <see cref="V17TrainingSequence.Segment4Symbols"/> are segment 4's scrambled ones, checked; then data.</summary>
    private void DeliverSymbol<TSink>(int bits, ref TSink sink)
        where TSink : struct, IBitSink
    {
        int n = _decoder.DataBitsPerSymbol;
        if (!Statistics.Trained)
        {
            for (int i = 0; i < n; i++)
            {
                _testErrors += _descrambler.Descramble(bits >> i) ^ 1;
            }

            if (++_testSymbols == V17TrainingSequence.Segment4Symbols)
            {
                FinishTestOnes(ref sink);
            }

            return;
        }

        Statistics.Symbols++;
        for (int i = 0; i < n; i++)
        {
            sink.PutBit(_descrambler.Descramble(bits >> i));
        }
    }

    /// <summary>One LMS step towards <paramref name="target"/> and one carrier-loop step (none while a
    /// fill-in gap is still in the equalizer).</summary>
    private void Adapt(Complex q, Complex target, double step)
    {
        Complex error = target - q;
        if (_holdSymbols > 0 || _detector.MeanSquare < _fadeMeanSquare)
        {
            // A fill-in gap still in the equalizer, or the signal fading at its end: learn nothing from it.
            _holdSymbols = Math.Max(_holdSymbols - 1, 0);
            _carrier.Coast();
            return;
        }

        _equalizer.Adapt(_carrier.Rotate(error), step);
        _carrier.Update(q, target);
        double e2 = (error.Real * error.Real) + (error.Imaginary * error.Imaginary);
        double s2 = (target.Real * target.Real) + (target.Imaginary * target.Imaginary);
        _errorPower += (e2 - _errorPower) * (1.0 / 64.0);
        _signalPower += (s2 - _signalPower) * (1.0 / 64.0);
        // Shown once a block (at the end of Process): the logarithm is not worth paying every symbol.
        _shownSnrRatio = Math.Max(_signalPower, 1e-9) / Math.Max(_errorPower, 1e-9);
        _snrPending = true;
    }

    /// <summary>This receiver's side of <see cref="QamReceiverCore"/> (a struct: the core's calls are direct).</summary>
    private readonly struct Stages : IQamReceiverStages
    {
        private readonly V17Receiver _rx;

        public Stages(V17Receiver rx) => _rx = rx;

        public bool Idle => _rx._stage == Stage.Idle;

        public bool InTraining => _rx._stage > Stage.Fit && !(_rx._stage == Stage.Data && _rx.Statistics.Trained);

        public void OnSample(double x) =>
            _rx._levelMeanSquare += ((x * x) - _rx._levelMeanSquare) * (1.0 / LevelMeterSamples);

        public void EnterSearch() => _rx.EnterSearch();

        public void EnterIdle() => _rx.EnterIdle();

        public void OnCarrierLost<TSink>(ref TSink sink)
            where TSink : struct, IBitSink => _rx.FlushAtCarrierOff(ref sink);

        public void OnSymbol<TSink>(ref TSink sink)
            where TSink : struct, IBitSink => _rx.OnSymbol(ref sink);

        public bool Acquiring => _rx._stage is Stage.Settle or Stage.Fit;

        public void CoastTracking() => _rx.CoastTracking();
    }
}
