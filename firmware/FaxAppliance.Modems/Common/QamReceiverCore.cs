using System.Numerics;

namespace FaxAppliance.Modems.Common;

/// <summary>
/// The block and sample state machine the QAM receivers (V.27ter, V.29, V.17) share, used by composition:
/// <see cref="Process"/> feeds the front end (<see cref="SymbolSynchronizer"/>) in chunks it can demodulate
/// ahead, runs carrier detection on every sample and turns its edges into status events (CarrierUp →
/// search; CarrierDown → TrainingFailed if mid-training, CarrierDown, idle, not trained), and hands every
/// completed symbol to the receiver; <see cref="FillIn"/> and <see cref="Coast"/> carry the receiver across lost samples or give the signal up;
/// <see cref="PublishStatistics"/> shows the loop states once a block. What differs between the modems —
/// symbol handling, training stages — comes from <see cref="IQamReceiverStages"/>, a struct, so every
/// call is direct and nothing allocates.
/// </summary>
internal sealed class QamReceiverCore
{
    private bool _statisticsPending; // a symbol was equalized in this block: publish the values below
    private double _shownFrequency;
    private double _shownClockPpm;
    private double _shownSnrRatio;

    /// <summary>Creates the core around the receiver's statistics, carrier detector and front end.</summary>
    /// <param name="statistics">The receiver's statistics, updated in place.</param>
    /// <param name="detector">The carrier detector (power meter with hysteresis).</param>
    /// <param name="sync">The front end: demodulator, matched filter and symbol timing.</param>
    /// <param name="equalizer">The T/2 equalizer, fed zeros across a fill-in gap.</param>
    /// <param name="maxFillInSamples">Longest gap <see cref="FillIn"/> bridges; a longer one drops the carrier.</param>
    public QamReceiverCore(ModemStatistics statistics, CarrierDetector detector, SymbolSynchronizer sync, FractionalEqualizer equalizer, int maxFillInSamples)
    {
        Equalizer = equalizer;
        Statistics = statistics;
        Detector = detector;
        Sync = sync;
        MaxFillInSamples = maxFillInSamples;
    }

    /// <summary>The receiver's statistics.</summary>
    public ModemStatistics Statistics { get; }

    /// <summary>The carrier detector.</summary>
    public CarrierDetector Detector { get; }

    /// <summary>The front end in use (V.27ter has one per rate).</summary>
    public SymbolSynchronizer Sync { get; set; }

    /// <summary>The T/2 equalizer.</summary>
    public FractionalEqualizer Equalizer { get; }

    /// <summary>Longest gap <see cref="FillIn"/> bridges, samples.</summary>
    public int MaxFillInSamples { get; }

    /// <summary>The restart common to the receivers: statistics, carrier detector and front end.</summary>
    /// <param name="keepClockRate">Keep the learned clock rate (short train).</param>
    public void Restart(bool keepClockRate)
    {
        Statistics.Reset();
        _statisticsPending = false;
        Detector.Reset();
        Sync.Reset(keepClockRate);
    }

    /// <summary>Receives a block of samples: carrier detect, front end, then the receiver's symbol handling.</summary>
    /// <typeparam name="TStages">The receiver's stages (a struct: direct calls).</typeparam>
    /// <typeparam name="TSink">The bit sink.</typeparam>
    /// <param name="samples">The block, any length.</param>
    /// <param name="stages">The receiver's stages.</param>
    /// <param name="sink">Where bits and status changes go.</param>
    public void Process<TStages, TSink>(ReadOnlySpan<short> samples, ref TStages stages, ref TSink sink)
        where TStages : struct, IQamReceiverStages
        where TSink : struct, IBitSink
    {
        while (!samples.IsEmpty)
        {
            ReadOnlySpan<short> chunk = samples[..Math.Min(samples.Length, SymbolSynchronizer.MaxPrepare)];
            Sync.Prepare(chunk);
            ProcessPrepared(chunk, ref stages, ref sink);
            samples = samples[chunk.Length..];
        }
    }

    /// <summary>Accounts for <paramref name="samples"/> lost samples: the front end advances without the
    /// signal and the receiver coasts each symbol; a gap longer than <see cref="MaxFillInSamples"/> loses it.</summary>
    /// <typeparam name="TStages">The receiver's stages.</typeparam>
    /// <param name="samples">Samples lost.</param>
    /// <param name="stages">The receiver's stages.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> is negative.</exception>
    public void FillIn<TStages>(int samples, ref TStages stages)
        where TStages : struct, IQamReceiverStages
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        if (samples > MaxFillInSamples)
        {
            // Too long to coast through: the signal is lost (its bits with it).
            stages.EnterIdle();
            Statistics.Trained = false;
            Statistics.CarrierPresent = false;
            Detector.Reset();
            return;
        }

        Sync.MarkGap(samples);
        for (int i = 0; i < samples; i++)
        {
            if (Sync.Push(0.0))
            {
                Coast(ref stages);
            }
        }
    }

    /// <summary>One symbol period of a fill-in gap (from <see cref="FillIn"/>, or a symbol the front end
    /// computed across one): restart an interrupted acquisition, or push zeros through the equalizer and
    /// let the receiver coast its loops.</summary>
    /// <typeparam name="TStages">The receiver's stages.</typeparam>
    /// <param name="stages">The receiver's stages.</param>
    public void Coast<TStages>(ref TStages stages)
        where TStages : struct, IQamReceiverStages
    {
        if (stages.Idle)
        {
            return;
        }

        if (stages.Acquiring)
        {
            stages.EnterSearch(); // a gap in the middle of the estimate: start the acquisition again
            return;
        }

        Equalizer.Push(Complex.Zero);
        Equalizer.Push(Complex.Zero);
        stages.CoastTracking();
    }

    /// <summary>Notes an equalized symbol's loop states, shown by the next <see cref="PublishStatistics"/>
    /// (the logarithm is not worth paying every symbol).</summary>
    /// <param name="frequency">Carrier loop frequency, radians a symbol.</param>
    /// <param name="clockPpm">Symbol timing correction, ppm.</param>
    /// <param name="snrRatio">Signal over decision-error power.</param>
    public void Show(double frequency, double clockPpm, double snrRatio)
    {
        _shownFrequency = frequency;
        _shownClockPpm = clockPpm;
        _shownSnrRatio = snrRatio;
        _statisticsPending = true;
    }

    /// <summary>End of a block: the detector's level, and the last equalized symbol's loop states if one
    /// was (between blocks the statistics read exactly as if they were updated every symbol).</summary>
    /// <param name="symbolRate">Symbols a second, to show the carrier offset in Hz.</param>
    public void PublishStatistics(double symbolRate)
    {
        Statistics.SignalLevelDbm0 = Detector.LevelDbm0;
        if (!_statisticsPending)
        {
            return;
        }

        _statisticsPending = false;
        Statistics.CarrierOffsetHz = _shownFrequency * symbolRate / (2.0 * Math.PI);
        Statistics.SymbolTimingPpm = _shownClockPpm;
        Statistics.EqualizerSnrDb = 10.0 * Math.Log10(_shownSnrRatio);
    }

    /// <summary>The per-sample part of <see cref="Process"/>: carrier detect, then the front end's next
    /// (already demodulated) sample, then the symbol it completes.</summary>
    private void ProcessPrepared<TStages, TSink>(ReadOnlySpan<short> samples, ref TStages stages, ref TSink sink)
        where TStages : struct, IQamReceiverStages
        where TSink : struct, IBitSink
    {
        for (int i = 0; i < samples.Length; i++)
        {
            double x = samples[i];
            stages.OnSample(x);
            int change = Detector.Process(x);
            if (change > 0)
            {
                Statistics.CarrierPresent = true;
                sink.OnStatus(ModemStatus.CarrierUp);
                if (stages.Idle)
                {
                    stages.EnterSearch();
                }
            }
            else if (change < 0)
            {
                CarrierDown(ref stages, ref sink);
            }

            if (Sync.Next(samples[i]) && !stages.Idle)
            {
                stages.OnSymbol(ref sink);
            }
        }
    }

    private void CarrierDown<TStages, TSink>(ref TStages stages, ref TSink sink)
        where TStages : struct, IQamReceiverStages
        where TSink : struct, IBitSink
    {
        Statistics.CarrierPresent = false;
        if (stages.InTraining)
        {
            sink.OnStatus(ModemStatus.TrainingFailed);
        }
        else
        {
            stages.OnCarrierLost(ref sink);
        }

        sink.OnStatus(ModemStatus.CarrierDown);
        stages.EnterIdle();
        Statistics.Trained = false;
    }
}
