using FaxAppliance.Fax.Channel;
using FaxAppliance.Fax.Pages;
using FaxAppliance.Fax.Records;
using FaxAppliance.Fax.T30;
using FaxAppliance.Imaging.Coding;

namespace FaxAppliance.Fax.Tests.Engine;

/// <summary>A page store in memory that can be told to fail.</summary>
internal sealed class MemoryPageStore : IPageStore
{
    public List<ReceivedPage> Pages { get; } = [];

    public int Count => Pages.Count;

    /// <summary>The next commit throws, as a full or failing SD card would.</summary>
    public bool FailNext { get; set; }

    public void Commit(ReceivedPage page)
    {
        if (FailNext)
        {
            FailNext = false;
            throw new IOException("disk full");
        }

        Pages.Add(page);
    }
}

/// <summary>
/// Drives one <see cref="T30Engine"/> over a <see cref="FakeSignalChannel"/> with a fake clock, playing the remote
/// station frame by frame. Time advances in 20 ms blocks; with <see cref="AutoComplete"/> whatever the engine queued
/// "leaves the line" at the next block (OnTransmitComplete before that block's OnTick).
/// </summary>
internal sealed class EngineHarness
{
    public static readonly TimeSpan Block = TimeSpan.FromMilliseconds(20);

    private readonly byte[] _frame = new byte[400];

    private EngineHarness(T30Options options, IReadOnlyList<PageBitmap>? document)
    {
        Record = new CallRecord("test", options.Role, DateTimeOffset.UnixEpoch);
        Engine = options.Role == T30Role.Answering
            ? new T30Engine(options, Channel, Record, store: Store)
            : new T30Engine(options, Channel, Record, document: document);
        RemoteXBit = options.Role == T30Role.Answering; // T.30 §5.3.6.1: the caller received our DIS, so its X bit is 1
    }

    public FakeSignalChannel Channel { get; } = new();

    public MemoryPageStore Store { get; } = new();

    public CallRecord Record { get; }

    public T30Engine Engine { get; }

    public TimeSpan Now { get; private set; }

    public bool AutoComplete { get; set; } = true;

    public bool RemoteXBit { get; }

    public static EngineHarness Answering(T30Options? options = null)
    {
        var h = new EngineHarness(options ?? new T30Options { Role = T30Role.Answering, LocalIdentity = "+1 555 0100" }, null);
        h.Engine.Start();
        return h;
    }

    public static EngineHarness Calling(IReadOnlyList<PageBitmap> document, T30Options? options = null)
    {
        var h = new EngineHarness(options ?? new T30Options { Role = T30Role.Calling, LocalIdentity = "+1 555 0101" }, document);
        h.Engine.Start();
        return h;
    }

    /// <summary>One 20 ms block: pending transmissions complete (when automatic), then the tick.</summary>
    public void Step()
    {
        Now += Block;
        Channel.Now = Now;
        if (AutoComplete && Channel.HasQueued)
        {
            CompleteTransmit();
        }

        Engine.OnTick(Now);
    }

    public void CompleteTransmit()
    {
        Channel.MarkTransmitted();
        Engine.OnTransmitComplete();
    }

    public void Advance(TimeSpan duration)
    {
        TimeSpan end = Now + duration;
        while (Now < end)
        {
            Step();
        }
    }

    /// <summary>Steps until the engine finishes or <paramref name="limit"/> of fake time has passed; true when finished.</summary>
    public bool RunUntilFinished(TimeSpan limit)
    {
        TimeSpan end = Now + limit;
        while (!Engine.Finished && Now < end)
        {
            Step();
        }

        return Engine.Finished;
    }

    public byte[] BuildFrame(byte fcf, ReadOnlySpan<byte> info = default, bool final = true)
    {
        int n = T30FrameParser.Build(_frame, fcf, RemoteXBit, final, info);
        return _frame.AsSpan(0, n).ToArray();
    }

    /// <summary>The remote sends one frame; a final frame ends its V.21 carrier.</summary>
    public void Receive(byte fcf, ReadOnlySpan<byte> info = default, bool final = true, bool crcOk = true)
    {
        Channel.Now = Now;
        Engine.OnControlFrame(BuildFrame(fcf, info, final), crcOk);
        if (final)
        {
            Engine.OnControlCarrier(false);
        }
    }

    /// <summary>The remote's TSI + DCS at <paramref name="rate"/> (MH, standard, A4), then its TCF.</summary>
    public void ReceiveDcsAndTcf(SignallingRate rate, bool tcfGood = true)
    {
        Receive(T30Fcf.Tsi, Identity("+1 555 0101"), final: false);
        Receive(T30Fcf.Dcs, Dcs(rate));
        Advance(TimeSpan.FromMilliseconds(80));
        ReceiveTcf(rate, tcfGood);
    }

    /// <summary>TCF: training, 1.5 s of zeros (T.30 §5.3.6.2.3), carrier off. With errors a one every 200 ms.</summary>
    public void ReceiveTcf(SignallingRate rate, bool good)
    {
        Engine.OnImageStatus(ImageStatus.TrainingSucceeded);
        int perBlock = rate.BitRate / 8 / 50;
        for (int block = 0; block < 75; block++)
        {
            var data = new byte[perBlock];
            if (!good && block % 10 == 5)
            {
                data[perBlock / 2] = 0x10;
            }

            Engine.OnImageData(data);
            Step();
        }

        Engine.OnImageStatus(ImageStatus.CarrierDown);
    }

    /// <summary>A non-ECM page: training, the T.4 data in 20 ms blocks at <paramref name="rate"/>, carrier off.</summary>
    public void ReceivePage(byte[] t4, SignallingRate rate, int? cutAfterBytes = null, bool carrierDown = true)
    {
        Engine.OnImageStatus(ImageStatus.TrainingSucceeded);
        int perBlock = Math.Max(1, rate.BitRate / 8 / 50);
        int total = Math.Min(t4.Length, cutAfterBytes ?? int.MaxValue);
        for (int i = 0; i < total; i += perBlock)
        {
            Engine.OnImageData(t4.AsSpan(i, Math.Min(perBlock, total - i)));
            Step();
        }

        if (carrierDown)
        {
            Engine.OnImageStatus(ImageStatus.CarrierDown);
        }
    }

    public static byte[] Identity(string id)
    {
        var fif = new byte[T30Identity.Length];
        T30Identity.Encode(id, fif);
        return fif;
    }

    public static byte[] Dcs(SignallingRate rate)
    {
        var fif = new byte[DcsCodec.MaxEncodedLength];
        int n = DcsCodec.Encode(new DcsParameters { Rate = rate, Compression = Compressions.MH, Resolution = Resolutions.Standard, Width = PageWidth.A4_1728 }, fif);
        return fif[..n];
    }

    public static byte[] Dis(ModemSupport modems = ModemSupport.V27ter | ModemSupport.V29 | ModemSupport.V17, bool readyToReceive = true)
    {
        var fif = new byte[DisCodec.MaxEncodedLength];
        int n = DisCodec.Encode(new FaxCapabilities
        {
            Modems = modems,
            Compressions = Compressions.MH | Compressions.MR,
            Resolutions = Resolutions.Standard | Resolutions.Fine,
            MaxWidth = PageWidth.A4_1728,
            MaxLength = RecordingLength.Unlimited,
            ReadyToReceive = readyToReceive,
        }, fif);
        return fif[..n];
    }

    /// <summary>A text-like test page: a few black runs per row, deterministic from <paramref name="seed"/>.</summary>
    public static PageBitmap TestPage(int seed, int rows = 120)
    {
        var rng = new Random(seed);
        var data = new byte[rows * 216];
        for (int r = 0; r < rows; r++)
        {
            for (int k = 0; k < 5; k++)
            {
                int start = rng.Next(0, 1700);
                int len = rng.Next(1, 60);
                for (int x = start; x < Math.Min(1728, start + len); x++)
                {
                    data[(r * 216) + (x >> 3)] |= (byte)(0x80 >> (x & 7));
                }
            }
        }

        return new PageBitmap(1728, rows, data, Resolutions.Standard);
    }

    /// <summary>The page as the line carries it: MH (or <paramref name="compression"/>), first bit = LSB, with RTC.</summary>
    public static byte[] LineCoded(PageBitmap page, Compressions compression = Compressions.MH) =>
        PageCoding.Encode(page, compression, BitOrder.LsbFirst, 0, endMarker: true);

    /// <summary>Control frames the engine sent from call index <paramref name="from"/> on, as "CSI DIS".</summary>
    public string SentSince(int from) => string.Join(' ', Channel.FramesSince(from));

    public int Mark => Channel.Calls.Count;
}
