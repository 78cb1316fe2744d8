using System.Numerics;
using FaxAppliance.Modems.Common;

namespace FaxAppliance.Modems.V29;

/// <summary>
/// ITU-T V.29 receiver (9600/7200/4800 bit/s). The chain, in the order the signal meets it: power
/// meter and carrier detect with hysteresis; demodulation by the nominal 1700 Hz carrier, matched
/// filter and Gardner symbol timing (<see cref="SymbolSynchronizer"/>); a T/2 equalizer
/// (<see cref="FractionalEqualizer"/>) trained on segments 2 and 3 of the training sequence and then
/// decision-directed; a carrier loop on the decision error; the slicer, phase-change decoding (§2.3)
/// and the descrambler (§5). The gain, carrier phase and frequency and the A/B phase of segment 2 are
/// estimated together from the alternations of segment 2, then the gain is frozen.
/// </summary>
public sealed partial class V29Receiver : IFaxReceiver
{
    /// <summary>Carrier-detect on threshold, dBm0. V.29 §7 sets −26 dBm0, but the product must receive
    /// down to −43 dBm0 (like V.27ter's §7), so both modems use the V.27ter thresholds.</summary>
    public const double CarrierOnDbm0 = -44.0;

    /// <summary>Carrier-detect off threshold, dBm0 (5 dB of hysteresis).</summary>
    public const double CarrierOffDbm0 = -49.0;

    /// <summary>Power meter time constant: 4 ms, short against the 53 ms of segment 2.</summary>
    public const int PowerMeterSamples = 32;

    /// <summary>Equalizer length in T/2 taps: ±6 symbols around the centre covers the V.56bis line
    /// shapes' delay distortion; 4k + 1 so the centre is a symbol-centre tap.</summary>
    public const int EqualizerTaps = 25;

    /// <summary>Matched filter roll-off and length (see <see cref="V29Transmitter.RollOff"/>).</summary>
    public const double RollOff = 0.25;

    /// <summary>Longest gap <see cref="FillIn"/> bridges, samples (1 s); a longer one drops the carrier.</summary>
    public const int MaxFillInSamples = 8000;

    private const double TargetPower = 10.0; // constellation units the front end is scaled to before the fit

    private static readonly PointSlicer Slicer9600 = new(V29Constellation.Points, V29Constellation.Points9600);
    private static readonly PointSlicer Slicer7200 = new(V29Constellation.Points, V29Constellation.Points7200);
    private static readonly PointSlicer Slicer4800 = new(V29Constellation.Points, V29Constellation.Points4800);

    private readonly SymbolSynchronizer _sync = new(1700.0, 2400.0, RollOff, 12);
    private readonly FractionalEqualizer _equalizer = new(EqualizerTaps);
    private readonly CarrierLoop _carrier = new();
    private readonly CarrierDetector _detector = new(CarrierOnDbm0, CarrierOffDbm0, PowerMeterSamples);
    private readonly QamReceiverCore _core; // carrier detect, block/sample loop, fill-in and coasting, statistics
    private SelfSynchronizingScrambler _descrambler = new(18, 23);
    private Stage _stage;
    private double _gain = 1.0;
    private long _symbol;        // symbols out of the front end since restart
    private int _stageSymbols;   // symbols since the current stage began
    private int _previousPhase;  // absolute phase (×45°) of the previous data symbol
    private double _errorPower;
    private double _signalPower = 1.0;

    /// <summary>Creates a receiver for <paramref name="bitRate"/>.</summary>
    public V29Receiver(int bitRate = 9600)
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
        TrainAlternations,
        TrainSegment3,
        TestOnes,
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
        if (!V29Constellation.IsValidRate(bitRate))
        {
            throw new ArgumentOutOfRangeException(nameof(bitRate), bitRate, "V.29 runs at 9600, 7200 or 4800 bit/s");
        }

        BitRate = bitRate;
        _core.Restart(keepClockRate: shortTrain);
        _equalizer.Reset();
        _carrier.Set(0, shortTrain ? _carrier.Frequency : 0);
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
        _core.PublishStatistics(2400.0);
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
        if (_stage >= Stage.TrainAlternations)
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

        Complex q = _carrier.Derotate(z);
        Statistics.AddConstellationPoint((float)q.Real, (float)q.Imaginary);
        switch (_stage)
        {
            case Stage.TrainAlternations:
                TrainAlternations(q, ref sink);
                break;
            case Stage.TrainSegment3:
                TrainSegment3(q, ref sink);
                break;
            default:
                Decide(q, ref sink);
                break;
        }

        // Shown once a block (QamReceiverCore.PublishStatistics): the logarithm is not worth paying every symbol.
        _core.Show(_carrier.Frequency, _sync.ClockOffsetPpm, _signalPower / Math.Max(_errorPower, 1e-9));
    }

    /// <summary>Decision-directed symbol: slice, adapt, decode the phase change, descramble.</summary>
    private void Decide<TSink>(Complex q, ref TSink sink)
        where TSink : struct, IBitSink
    {
        PointSlicer slicer = BitRate switch
        {
            9600 => Slicer9600,
            7200 => Slicer7200,
            _ => Slicer4800,
        };
        int index = slicer.Nearest(q);
        Adapt(q, V29Constellation.Points[index], DataEqualizerStep);
        int phase = index & 7;
        int step = (phase - _previousPhase) & 7;
        _previousPhase = phase;
        bool data = _stage == Stage.Data;
        if (data)
        {
            Statistics.Symbols++;
        }

        if (BitRate == 9600)
        {
            Deliver(index >> 3, data, ref sink);
        }

        if (BitRate == 4800)
        {
            int dibit = V29Constellation.DibitFromPhaseStep[step >> 1];
            Deliver(dibit >> 1, data, ref sink);
            Deliver(dibit, data, ref sink);
        }
        else
        {
            int tribit = V29Constellation.TribitFromPhaseStep[step];
            Deliver(tribit >> 2, data, ref sink);
            Deliver(tribit >> 1, data, ref sink);
            Deliver(tribit, data, ref sink);
        }

        if (!data && _stageSymbols >= V29Transmitter.Segment4Symbols)
        {
            FinishTestOnes(ref sink);
        }
    }

    private void Deliver<TSink>(int lineBit, bool data, ref TSink sink)
        where TSink : struct, IBitSink
    {
        int bit = _descrambler.Descramble(lineBit & 1);
        if (data)
        {
            sink.PutBit(bit);
        }
        else
        {
            CountTestBit(bit);
        }
    }

    /// <summary>One LMS step towards <paramref name="target"/> and one carrier-loop step.</summary>
    private void Adapt(Complex q, Complex target, double step)
    {
        Complex error = target - q;
        _equalizer.Adapt(_carrier.Rotate(error), step);
        _carrier.Update(q, target);
        double e2 = (error.Real * error.Real) + (error.Imaginary * error.Imaginary);
        double s2 = (target.Real * target.Real) + (target.Imaginary * target.Imaginary);
        _errorPower += (e2 - _errorPower) * (1.0 / 64.0);
        _signalPower += (s2 - _signalPower) * (1.0 / 64.0);
    }

    /// <summary>This receiver's side of <see cref="QamReceiverCore"/> (a struct: the core's calls are direct).</summary>
    private readonly struct Stages : IQamReceiverStages
    {
        private readonly V29Receiver _rx;

        public Stages(V29Receiver rx) => _rx = rx;

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
