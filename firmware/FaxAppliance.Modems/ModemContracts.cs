namespace FaxAppliance.Modems;

/// <summary>Receiver events that travel with the bits, in order (spandsp's life cycle, our names).</summary>
public enum ModemStatus
{
    /// <summary>Energy above the carrier-detect on threshold.</summary>
    CarrierUp,

    /// <summary>Energy fell below the carrier-detect off threshold.</summary>
    CarrierDown,

    /// <summary>A training sequence is being received.</summary>
    TrainingInProgress,

    /// <summary>Training completed: data bits follow.</summary>
    TrainingSucceeded,

    /// <summary>Training failed; the receiver waits for the next one.</summary>
    TrainingFailed,

    /// <summary>(HDLC) flags detected: framing is established.</summary>
    FramingOk,

    /// <summary>(HDLC) an abort sequence was received.</summary>
    Abort,
}

/// <summary>
/// Where a receiver puts its bits. Implemented by structs and passed by reference with a generic
/// constraint (<c>where TSink : struct, IBitSink</c>), so the per-bit call is direct and inlined:
/// no delegate, no boxing, no allocation.
/// </summary>
public interface IBitSink
{
    /// <summary>One received data bit, 0 or 1.</summary>
    void PutBit(int bit);

    /// <summary>A change of receiver state, in sequence with the bits.</summary>
    void OnStatus(ModemStatus status);
}

/// <summary>Where a transmitter gets its bits (a struct, by reference, like <see cref="IBitSink"/>).</summary>
public interface IBitSource
{
    /// <summary>The next bit to send, 0 or 1.</summary>
    int GetBit();
}

/// <summary>
/// What a receiver measures, for the live call view's plots and the call record. Updated in place by
/// the receiver (no allocation); read it between blocks from the same thread, or copy it.
/// </summary>
public sealed class ModemStatistics
{
    /// <summary>Constellation points kept for plotting (the most recent ones).</summary>
    public const int ConstellationCapacity = 256;

    private readonly float[] _constellationRe = new float[ConstellationCapacity];
    private readonly float[] _constellationIm = new float[ConstellationCapacity];
    private int _constellationNext;

    /// <summary>Received signal level, dBm0.</summary>
    public double SignalLevelDbm0 { get; set; } = double.NegativeInfinity;

    /// <summary>Whether the carrier is detected.</summary>
    public bool CarrierPresent { get; set; }

    /// <summary>Whether the receiver is trained and delivering data.</summary>
    public bool Trained { get; set; }

    /// <summary>Equalizer output SNR estimate (signal over decision error), dB.</summary>
    public double EqualizerSnrDb { get; set; }

    /// <summary>Carrier frequency offset learned by the carrier loop, Hz.</summary>
    public double CarrierOffsetHz { get; set; }

    /// <summary>Symbol-timing correction learned by the timing loop, ppm of the symbol rate.</summary>
    public double SymbolTimingPpm { get; set; }

    /// <summary>Symbols received since training.</summary>
    public long Symbols { get; set; }

    /// <summary>Total constellation points recorded.</summary>
    public long ConstellationCount { get; private set; }

    /// <summary>Records an equalized symbol (before slicing) for the constellation plot.</summary>
    public void AddConstellationPoint(float re, float im)
    {
        _constellationRe[_constellationNext] = re;
        _constellationIm[_constellationNext] = im;
        _constellationNext = (_constellationNext + 1) % ConstellationCapacity;
        ConstellationCount++;
    }

    /// <summary>Copies the recorded points, oldest first; returns how many were copied.</summary>
    public int CopyConstellation(Span<float> re, Span<float> im)
    {
        int n = (int)Math.Min(ConstellationCount, ConstellationCapacity);
        n = Math.Min(n, Math.Min(re.Length, im.Length));
        int start = ConstellationCount < ConstellationCapacity ? 0 : _constellationNext;
        for (int i = 0; i < n; i++)
        {
            int k = (start + i) % ConstellationCapacity;
            re[i] = _constellationRe[k];
            im[i] = _constellationIm[k];
        }

        return n;
    }

    /// <summary>Clears everything (receiver restart).</summary>
    public void Reset()
    {
        SignalLevelDbm0 = double.NegativeInfinity;
        CarrierPresent = false;
        Trained = false;
        EqualizerSnrDb = 0;
        CarrierOffsetHz = 0;
        SymbolTimingPpm = 0;
        Symbols = 0;
        ConstellationCount = 0;
        _constellationNext = 0;
    }
}

/// <summary>The life cycle every fax receiver shares (house style: init, restart, rx, fill-in).</summary>
public interface IFaxReceiver
{
    /// <summary>Statistics for plotting.</summary>
    ModemStatistics Statistics { get; }

    /// <summary>The bit rate of the last restart.</summary>
    int BitRate { get; }

    /// <summary>Prepares for a new signal at <paramref name="bitRate"/>; <paramref name="shortTrain"/>
    /// keeps what the last long train learned (V.17; V.27ter/V.29 "old train").</summary>
    void Restart(int bitRate, bool shortTrain);

    /// <summary>Accounts for <paramref name="samples"/> samples lost (e.g. a missing packet): the
    /// receiver advances its timing without the signal.</summary>
    void FillIn(int samples);
}
