using System.Numerics;
using FaxAppliance.Modems.Common;

namespace FaxAppliance.Modems.V27ter;

/// <summary>
/// ITU-T V.27ter receiver (4800/2400 bit/s), long and short train. Same chain as the V.29 receiver:
/// power meter and carrier detect (§7: on above −43 dBm0, off below −48 dBm0, hysteresis); nominal
/// carrier demodulation, matched filter and Gardner timing; a T/2 equalizer; a carrier loop; the
/// slicer, phase-change decoding (§2.2) and the guarded descrambler (§2.5). Training segments 3 and 4
/// (§3) carry only 0° and 180°, so gain, carrier phase and frequency are estimated from the squared
/// equalizer output and the equalizer trains decision-directed on the two points; segment 4's known
/// pattern (the scrambler from its initial state) tells where data begin.
/// </summary>
public sealed partial class V27terReceiver : IFaxReceiver
{
    /// <summary>Carrier-detect on threshold, dBm0 (V.27ter §7: −43 dBm0, with 1 dB of margin).</summary>
    public const double CarrierOnDbm0 = -44.0;

    /// <summary>Carrier-detect off threshold, dBm0 (§7: −48 dBm0, with 1 dB of margin).</summary>
    public const double CarrierOffDbm0 = -49.0;

    /// <summary>Power meter time constant: 4 ms, short against the 31 ms of the long train's segment 3.</summary>
    public const int PowerMeterSamples = 32;

    /// <summary>Equalizer length in T/2 taps (±4 symbols; 4k + 1 so the centre is a symbol-centre tap).</summary>
    public const int EqualizerTaps = 17;

    /// <summary>Longest gap <see cref="FillIn"/> bridges, samples (1 s); a longer one drops the carrier.</summary>
    public const int MaxFillInSamples = 8000;

    private const double TargetPower = 2.0;

    private static readonly PointSlicer Slicer4800 = new(V27terConstellation.Points, V27terConstellation.Points4800);
    private static readonly PointSlicer Slicer2400 = new(V27terConstellation.Points, V27terConstellation.Points2400);

    private readonly SymbolSynchronizer _sync4800 = new(V27terConstellation.CarrierHz, 1600.0, 0.5, 10);
    private readonly SymbolSynchronizer _sync2400 = new(V27terConstellation.CarrierHz, 1200.0, 0.9, 8);
    private readonly FractionalEqualizer _equalizer = new(EqualizerTaps);
    private readonly CarrierLoop _carrier = new();
    private readonly CarrierDetector _detector = new(CarrierOnDbm0, CarrierOffDbm0, PowerMeterSamples);
    private readonly QamReceiverCore _core; // carrier detect, block/sample loop, fill-in and coasting, statistics
    private SymbolSynchronizer _sync;
    private V27terScrambler _descrambler;
    private Stage _stage;
    private bool _shortTrain;
    private double _gain = 1.0;
    private long _symbol;
    private int _stageSymbols;
    private int _previousPhase;
    private double _errorPower = 1.0;
    private double _signalPower = 1.0;

    /// <summary>Creates a receiver for <paramref name="bitRate"/> expecting the long train.</summary>
    public V27terReceiver(int bitRate = 4800)
    {
        _sync = _sync4800;
        _core = new QamReceiverCore(Statistics, _detector, _sync, _equalizer, MaxFillInSamples);
        Restart(bitRate, shortTrain: false);
    }

    private enum Stage
    {
        Idle,
        Search,
        Settle,
        Fit,
        Train,
        Data,
    }

    /// <inheritdoc/>
    public ModemStatistics Statistics { get; } = new();

    /// <inheritdoc/>
    public int BitRate { get; private set; }

    /// <summary>True once training succeeded, until the carrier drops or a restart.</summary>
    public bool Trained => _stage == Stage.Data;

    /// <inheritdoc/>
    public void Restart(int bitRate, bool shortTrain)
    {
        if (!V27terConstellation.IsValidRate(bitRate))
        {
            throw new ArgumentOutOfRangeException(nameof(bitRate), bitRate, "V.27ter runs at 4800 or 2400 bit/s");
        }

        // The short train keeps what the last long train learned: equalizer, clock and carrier rates.
        bool keep = shortTrain && bitRate == BitRate;
        BitRate = bitRate;
        _shortTrain = shortTrain;
        _sync = bitRate == 4800 ? _sync4800 : _sync2400;
        _core.Sync = _sync;
        _core.Restart(keepClockRate: keep);
        if (!keep)
        {
            _equalizer.Reset();
            _carrier.Set(0, 0);
        }

        _stage = Stage.Idle;
        _gain = 1.0;
        _symbol = 0;
        _stageSymbols = 0;
    }

    /// <summary>Receives a block of samples; bits and status changes go to <paramref name="sink"/>.</summary>
    public void Process<TSink>(ReadOnlySpan<short> samples, ref TSink sink)
        where TSink : struct, IBitSink
    {
        var stages = new Stages(this);
        _core.Process(samples, ref stages, ref sink);
        _core.PublishStatistics(V27terConstellation.BaudRate(BitRate));
    }

    /// <inheritdoc/>
    public void FillIn(int samples)
    {
        var stages = new Stages(this);
        _core.FillIn(samples, ref stages);
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
        TrackReversals(_sync.OnTime);
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
            default:
                Equalized(ref sink);
                break;
        }
    }

    /// <summary>A fill-in symbol while following the signal (after the equalizer's zeros).</summary>
    private void CoastTracking()
    {
        if (_stage >= Stage.Train)
        {
            _carrier.Coast();
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

        if (_stage == Stage.Fit)
        {
            Fit(z, ref sink);
            return;
        }

        Complex q = _carrier.Derotate(z);
        Statistics.AddConstellationPoint((float)q.Real, (float)q.Imaginary);
        if (_stage == Stage.Train)
        {
            Train(q, ref sink);
        }
        else
        {
            Decide(q, ref sink);
        }

        // Shown once a block (QamReceiverCore.PublishStatistics): the logarithm is not worth paying every symbol.
        _core.Show(_carrier.Frequency, _sync.ClockOffsetPpm, _signalPower / Math.Max(_errorPower, 1e-9));
    }

    /// <summary>A data symbol: slice, adapt, decode the phase change (§2.2), descramble (§2.5).</summary>
    private void Decide<TSink>(Complex q, ref TSink sink)
        where TSink : struct, IBitSink
    {
        int phase = (BitRate == 4800 ? Slicer4800 : Slicer2400).Nearest(q);
        Adapt(q, V27terConstellation.Points[phase], DataEqualizerStep);
        int step = (phase - _previousPhase) & 7;
        _previousPhase = phase;
        Statistics.Symbols++;
        if (BitRate == 4800)
        {
            int tribit = V27terConstellation.TribitFromPhaseStep[step];
            sink.PutBit(_descrambler.Descramble(tribit >> 2));
            sink.PutBit(_descrambler.Descramble(tribit >> 1));
            sink.PutBit(_descrambler.Descramble(tribit));
        }
        else
        {
            int dibit = V27terConstellation.DibitFromPhaseStep[step >> 1];
            sink.PutBit(_descrambler.Descramble(dibit >> 1));
            sink.PutBit(_descrambler.Descramble(dibit));
        }
    }

    private void Adapt(Complex q, Complex target, double step)
    {
        Complex error = target - q;
        _equalizer.Adapt(_carrier.Rotate(error), step);
        _carrier.Update(q, target);
        double e2 = (error.Real * error.Real) + (error.Imaginary * error.Imaginary);
        double s2 = (target.Real * target.Real) + (target.Imaginary * target.Imaginary);
        double alpha = _stage == Stage.Data ? 1.0 / 64.0 : 1.0 / 16.0; // the short train is short
        _errorPower += (e2 - _errorPower) * alpha;
        _signalPower += (s2 - _signalPower) * alpha;
    }

    /// <summary>This receiver's side of <see cref="QamReceiverCore"/> (a struct: the core's calls are direct).</summary>
    private readonly struct Stages : IQamReceiverStages
    {
        private readonly V27terReceiver _rx;

        public Stages(V27terReceiver rx) => _rx = rx;

        public bool Idle => _rx._stage == Stage.Idle;

        public bool InTraining => _rx._stage is > Stage.Fit and < Stage.Data;

        public void OnSample(double x)
        {
            // The level shown is the carrier detector's (QamReceiverCore.PublishStatistics).
        }

        public void EnterSearch() => _rx.EnterSearch();

        public void EnterIdle() => _rx._stage = Stage.Idle;

        public void OnCarrierLost<TSink>(ref TSink sink)
            where TSink : struct, IBitSink
        {
            // Bits leave as each symbol is decided: nothing is pending at carrier off.
        }

        public void OnSymbol<TSink>(ref TSink sink)
            where TSink : struct, IBitSink => _rx.OnSymbol(ref sink);

        public bool Acquiring => _rx._stage is Stage.Settle or Stage.Fit;

        public void CoastTracking() => _rx.CoastTracking();
    }
}
