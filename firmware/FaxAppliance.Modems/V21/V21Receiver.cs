using FaxAppliance.Dsp;

namespace FaxAppliance.Modems.V21;

/// <summary>
/// ITU-T V.21 channel 2 receiver, as ITU-T T.30 §5 uses it for the binary coded control procedures:
/// 300 bit/s FSK, binary 1 (mark) 1650 Hz, binary 0 (space) 1850 Hz (V.21 §2).
/// <para>Signal chain (8000 samples/s in, 2667/s after the band-pass):</para>
/// <list type="number">
/// <item>Complex demodulation by the channel 2 mean frequency, 1750 Hz, and a Kaiser-windowed low-pass of
/// <see cref="FilterTaps"/> taps: a band-pass of about ±450 Hz around 1750 Hz that keeps the FSK signal
/// (±100 Hz deviation, 300 bit/s sidebands, ± any carrier offset) and one eighth of the 0–4 kHz noise.
/// Everything after it runs at a third of the sample rate (<see cref="V21BandPass"/>: the filter computes
/// only the outputs kept, with SIMD; ~9 samples a bit are plenty for a 300 bit/s discriminator).</item>
/// <item>In-band power meters and carrier detect with hysteresis (V.21 data channel received line signal
/// detector: on for signals above −43 dBm0, off below −48 dBm0, hysteresis at least 2 dB). On needs an
/// 8 ms and a 2 ms meter both above the on threshold; off needs only the 2 ms meter below the off
/// threshold, so the end of a signal is seen within ~20 ms without the carrier flapping back on.
/// Broadband noise reads about 6 dB lower than its 0–4 kHz level, so −45 dBm0 of noise stays off.
/// A zero of the band-pass at 0 Hz keeps a steady offset of the line out of the meters.</item>
/// <item>Quadrature frequency discriminator: the phase step between consecutive band-pass outputs; summed
/// over one bit (<see cref="BitWindow"/> samples of 8 kHz) it is the phase turned during the bit, ±2.1 rad
/// for a clean bit, robust to level and a few dB of noise.</item>
/// <item>Frequency offset: the mean discriminator output on bits with equal neighbours, tracked for mark
/// and space apart, removed before the decisions (statistics: <see cref="ModemStatistics.CarrierOffsetHz"/>).</item>
/// <item>Bit timing: a second-order DPLL on the zero crossings of the bit-window sum, which fall half a bit
/// from the best decision instant. Its integral term follows a clock offset of hundreds of ppm
/// (T.30 §5: 300 bit/s ± 0.01 %; a receiver should accept 40 % distortion). The decision value is
/// interpolated between the two outputs around the instant the bit clock gives.</item>
/// </list>
/// Bits and status changes go to a struct <see cref="IBitSink"/>, e.g. an
/// <see cref="Hdlc.HdlcBitSink{TFrames}"/>. All state is sized in the constructor: a block allocates nothing.
/// </summary>
public sealed class V21Receiver : IFaxReceiver
{
    /// <summary>Sample rate, Hz.</summary>
    public const int SampleRate = 8000;

    /// <summary>The only bit rate, bit/s.</summary>
    public const int Rate = 300;

    /// <summary>Carrier detect switches on above this in-band level, dBm0 (V.21 requires on above −43
    /// dBm0; 2 dB lower leaves room for the meter's ripple at −43 dBm0).</summary>
    public const double DefaultCarrierOnDbm0 = -45.0;

    /// <summary>Carrier detect switches off below this in-band level, dBm0 (V.21: off below −48 dBm0).</summary>
    public const double DefaultCarrierOffDbm0 = -48.0;

    /// <summary>Low-pass taps: 49 (3 ms of delay) give a ±270 Hz flat passband and 40 dB from ±640 Hz.</summary>
    public const int FilterTaps = V21BandPass.TapCount;

    /// <summary>Samples (8 kHz) summed for a decision: one bit (8000/300 = 26.7), rounded up.</summary>
    public const int BitWindow = 27;

    private const int Decimation = V21BandPass.Decimation;
    private const int WindowOutputs = BitWindow / Decimation; // 9 outputs at 2667/s span the 27 samples
    private const int RingLength = 16;             // power of two ≥ WindowOutputs
    private const double DeviationHz = 100.0;      // V.21 §2: mean ± 100 Hz
    private const double BitStep = (double)Rate / SampleRate;
    private const double OutputBitStep = BitStep * Decimation;
    private const int AcquireTransitions = 6;      // fast-gain transitions after carrier up
    private const double AcquireGain = 0.5;
    private const double TrackGain = 0.15;
    private const double RateGain = 1e-4;          // integral gain per transition: learns the clock over ~10 s
    private const double MaxRate = 1000e-6;        // ±1000 ppm of timing correction at most
    private const double OffsetAlpha = 1.0 / 32;   // mark/space mean learning rate, per clean bit
    private const double MaxOffsetHz = 60.0;       // learned offsets beyond this are taken for noise
    private const double HzPerRadPerSample = SampleRate / (2.0 * Math.PI);
    private const double WindowToHz = HzPerRadPerSample / BitWindow; // phase turned in the window → mean Hz

    // Level meters, per output: the 8 kHz meters' 1/64 (8 ms: carrier on, statistics) and 1/16 (2 ms:
    // carrier off, the end of a signal shows in ~20 ms), compounded over the Decimation samples of one output.
    private static readonly double PowerAlpha = 1 - Math.Pow(1 - (1.0 / 64), Decimation);
    private static readonly double FastPowerAlpha = 1 - Math.Pow(1 - (1.0 / 16), Decimation);
    private static readonly float StepCos = (float)V21BandPass.StepRotation.Cos;
    private static readonly float StepSin = (float)V21BandPass.StepRotation.Sin;

    private readonly V21BandPass _bandPass = new();
    private readonly float[] _zi = new float[V21BandPass.MaxOutputs]; // one chunk's band-pass outputs
    private readonly float[] _zq = new float[V21BandPass.MaxOutputs];
    private readonly float[] _ring = new float[RingLength];            // discriminator output, rad per output
    private readonly double _carrierOnPower;
    private readonly double _carrierOffPower;

    private float _prevI, _prevQ;
    private int _ringPos;
    private double _windowSum;
    private double _power;
    private double _fastPower;
    private bool _carrier;

    private double _bitPhase;
    private double _rate;
    private int _transitions;
    private double _prevDecisionValue;

    private double _markHz, _spaceHz;  // mean frequencies seen on clean bits, Hz from 1750
    private bool _markSeen, _spaceSeen;
    private double _offsetHz;          // carrier offset learned from them (see UpdateOffset)
    private double _errorPower;        // decision error power on clean bits, Hz²
    private int _bitHistory;           // last decisions, newest in bit 0
    private double _lastWindowHz;      // previous bit's window mean, Hz from 1750

    /// <summary>Creates a receiver with the V.21 carrier-detect thresholds (in-band levels, dBm0).</summary>
    public V21Receiver(double carrierOnDbm0 = DefaultCarrierOnDbm0, double carrierOffDbm0 = DefaultCarrierOffDbm0)
    {
        if (!double.IsFinite(carrierOnDbm0) || !double.IsFinite(carrierOffDbm0) || carrierOffDbm0 > carrierOnDbm0
            || carrierOnDbm0 > 0 || carrierOffDbm0 < -80)
        {
            throw new ArgumentException("Carrier thresholds must satisfy −80 ≤ off ≤ on ≤ 0 dBm0.", nameof(carrierOnDbm0));
        }

        // |z|² of a sine of RMS r after demodulation is r²/2.
        _carrierOnPower = Math.Pow(Levels.RmsFromDbm0(carrierOnDbm0), 2) / 2;
        _carrierOffPower = Math.Pow(Levels.RmsFromDbm0(carrierOffDbm0), 2) / 2;
        Restart(Rate, false);
    }

    /// <inheritdoc/>
    public ModemStatistics Statistics { get; } = new();

    /// <inheritdoc/>
    public int BitRate => Rate;

    /// <summary>Whether the carrier is detected.</summary>
    public bool CarrierPresent => _carrier;

    /// <summary>Bits lost to <see cref="FillIn"/> since the last restart.</summary>
    public long BitsFilledIn { get; private set; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bitRate"/> is not 300.</exception>
    public void Restart(int bitRate, bool shortTrain)
    {
        if (bitRate != Rate)
        {
            throw new ArgumentOutOfRangeException(nameof(bitRate), bitRate, "V.21 channel 2 runs at 300 bit/s only.");
        }

        _bandPass.Reset();
        Array.Clear(_ring);
        _ringPos = 0;
        _prevI = _prevQ = 0;
        _windowSum = 0;
        _power = 0;
        _fastPower = 0;
        _carrier = false;
        _bitPhase = 0;
        _rate = 0;
        _transitions = 0;
        _prevDecisionValue = 0;
        _markHz = _spaceHz = 0;
        _markSeen = _spaceSeen = false;
        _offsetHz = 0;
        _errorPower = 0;
        _bitHistory = 0;
        _lastWindowHz = 0;
        BitsFilledIn = 0;
        Statistics.Reset();
    }

    /// <summary>Restarts (300 bit/s; V.21 has no training to keep).</summary>
    public void Restart() => Restart(Rate, false);

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> is negative.</exception>
    public void FillIn(int samples)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);

        // Keep the bit clock running through the gap; the bits in it are lost (the HDLC FCS will say so).
        double phase = _bitPhase + samples * BitStep * (1 + _rate);
        double whole = Math.Floor(phase);
        BitsFilledIn += (long)whole;
        _bitPhase = phase - whole;
    }

    /// <summary>Demodulates a block of any length; bits and statuses go to <paramref name="sink"/>.</summary>
    public void Process<TSink>(ReadOnlySpan<short> samples, ref TSink sink)
        where TSink : struct, IBitSink
    {
        while (!samples.IsEmpty)
        {
            // 1. Band-pass and decimate a chunk.
            samples = samples[_bandPass.Filter(samples, _zi, _zq, out int outputs)..];
            ReadOnlySpan<float> zis = _zi.AsSpan(0, outputs);
            ReadOnlySpan<float> zqs = _zq.AsSpan(0, outputs);
            for (int m = 0; m < zis.Length; m++)
            {
                float zi = zis[m], zq = zqs[m];

                // 2. Power and carrier detect.
                double p = (zi * zi) + (zq * zq);
                _power += PowerAlpha * (p - _power);
                _fastPower += FastPowerAlpha * (p - _fastPower);
                if (!_carrier && _power > _carrierOnPower && _fastPower > _carrierOnPower)
                {
                    OnCarrierUp(ref sink);
                }
                else if (_carrier && _fastPower < _carrierOffPower)
                {
                    _carrier = false;
                    Statistics.CarrierPresent = false;
                    Statistics.Trained = false;
                    sink.OnStatus(ModemStatus.CarrierDown);
                }

                // 3. Discriminator: angle of z[m]·conj(z[m−1])·e^(−jωD), summed over one bit.
                float re = (zi * _prevI) + (zq * _prevQ);
                float im = (zq * _prevI) - (zi * _prevQ);
                _prevI = zi;
                _prevQ = zq;
                float f = Atan2((im * StepCos) - (re * StepSin), (re * StepCos) + (im * StepSin));
                _windowSum += f - _ring[(_ringPos - WindowOutputs) & (RingLength - 1)];
                _ring[_ringPos] = f;
                _ringPos = (_ringPos + 1) & (RingLength - 1);

                if (_carrier)
                {
                    Track(ref sink);
                }
            }
        }

        Statistics.SignalLevelDbm0 = _power > 0 ? Levels.Dbm0FromRms(Math.Sqrt(2 * _power)) : double.NegativeInfinity;
    }

    private void OnCarrierUp<TSink>(ref TSink sink)
        where TSink : struct, IBitSink
    {
        _carrier = true;
        _transitions = 0;
        _bitPhase = 0;
        _bitHistory = 0;
        _prevDecisionValue = 0;

        // A new transmission: its clock and carrier offset are learned afresh (V.21 needs neither to
        // decode the first flags, and what noise taught the loops between transmissions is wrong).
        _rate = 0;
        _markSeen = _spaceSeen = false;
        _offsetHz = 0;
        _errorPower = 0;
        Statistics.CarrierPresent = true;
        Statistics.Symbols = 0;
        sink.OnStatus(ModemStatus.CarrierUp);
    }

    /// <summary>Bit timing (DPLL) and decisions, once per output while the carrier is present.</summary>
    private void Track<TSink>(ref TSink sink)
        where TSink : struct, IBitSink
    {
        // Window mean in Hz from the learned centre: + for space (binary 0), − for mark (binary 1).
        double value = (_windowSum * WindowToHz) - _offsetHz;
        double step = OutputBitStep * (1 + _rate);
        double previous = _prevDecisionValue;
        _bitPhase += step;

        if ((value > 0) != (previous > 0) && previous != 0)
        {
            // Zero crossing of the bit-window sum: it should fall half a bit from the decision instant.
            double frac = previous / (previous - value);
            double err = _bitPhase - ((1 - frac) * step) - 0.5;
            err -= Math.Floor(err + 0.5);
            double gain = _transitions == 0 ? 1.0 : _transitions < AcquireTransitions ? AcquireGain : TrackGain;
            _bitPhase -= gain * err;
            if (_transitions >= AcquireTransitions)
            {
                _rate = Math.Clamp(_rate - (RateGain * err), -MaxRate, MaxRate);
            }

            _transitions++;
            if (_transitions == AcquireTransitions)
            {
                Statistics.Trained = true;
            }
        }

        _prevDecisionValue = value;
        if (_bitPhase < 1.0)
        {
            return;
        }

        // The decision instant (phase 1) fell between the previous output and this one: interpolate.
        double late = Math.Min((_bitPhase - 1.0) / step, 1.0);
        double decision = value + (late * (previous - value));
        _bitPhase -= Math.Floor(_bitPhase);
        int bit = decision > 0 ? 0 : 1;
        sink.PutBit(bit);
        Statistics.Symbols++;
        LearnFrequencies(bit, decision + _offsetHz);
    }

    /// <summary>Learns mark and space frequencies from the middle of three equal bits.</summary>
    private void LearnFrequencies(int bit, double windowHz)
    {
        _bitHistory = ((_bitHistory << 1) | bit) & 7;
        double middle = _lastWindowHz;
        _lastWindowHz = windowHz;
        if (Statistics.Symbols < 3 || (_bitHistory != 0 && _bitHistory != 7))
        {
            return;
        }

        double expected = _bitHistory == 7 ? _offsetHz - DeviationHz : _offsetHz + DeviationHz;
        if (Math.Abs(middle - expected) > MaxOffsetHz)
        {
            return; // implausible (noise, not a clean bit): learn nothing from it
        }

        if (_bitHistory == 7)
        {
            _markHz = _markSeen ? _markHz + (OffsetAlpha * (middle - _markHz)) : middle;
            _markSeen = true;
            _errorPower += OffsetAlpha * (((middle - _markHz) * (middle - _markHz)) - _errorPower);
        }
        else
        {
            _spaceHz = _spaceSeen ? _spaceHz + (OffsetAlpha * (middle - _spaceHz)) : middle;
            _spaceSeen = true;
            _errorPower += OffsetAlpha * (((middle - _spaceHz) * (middle - _spaceHz)) - _errorPower);
        }

        _markHz = Math.Clamp(_markHz, -DeviationHz - MaxOffsetHz, -DeviationHz + MaxOffsetHz);
        _spaceHz = Math.Clamp(_spaceHz, DeviationHz - MaxOffsetHz, DeviationHz + MaxOffsetHz);

        // The carrier offset: midway between mark and space, or one of them ± 100 Hz.
        _offsetHz = _markSeen && _spaceSeen ? (_markHz + _spaceHz) / 2
            : _markSeen ? _markHz + DeviationHz
            : _spaceHz - DeviationHz;
        Statistics.CarrierOffsetHz = _offsetHz;
        Statistics.SymbolTimingPpm = _rate * 1e6;
        Statistics.EqualizerSnrDb = 10 * Math.Log10(DeviationHz * DeviationHz / Math.Max(_errorPower, 1e-6));
    }

    /// <summary>
    /// atan2(y, x) in float, within 1e-5 rad (far below the discriminator's noise): an odd minimax
    /// polynomial for atan on [0, 1] and the octant symmetries, several times cheaper than Math.Atan2.
    /// atan2(0, 0) = 0.
    /// </summary>
    private static float Atan2(float y, float x)
    {
        float ax = Math.Abs(x), ay = Math.Abs(y);
        float big = Math.Max(ax, ay);
        float a = Math.Min(ax, ay) / Math.Max(big, float.Epsilon);
        float s = a * a;
        float r = a * (0.99997726f + (s * (-0.33262347f + (s * (0.19354346f + (s * (-0.11643287f + (s * (0.05265332f - (s * 0.01172120f))))))))));
        if (ay > ax)
        {
            r = (MathF.PI / 2) - r;
        }

        if (x < 0)
        {
            r = MathF.PI - r;
        }

        return y < 0 ? -r : r;
    }
}
