using FaxAppliance.Hal.Simulated.Line;
using FaxAppliance.Modems.Tests.Common;
using FaxAppliance.Modems.V29;
using FaxAppliance.SpanDsp;

namespace FaxAppliance.Modems.Tests.V29;

/// <summary>Runs V.29 transmitters (ours or spandsp's) through the simulated line into our receiver.</summary>
internal sealed class V29TestRig : IDisposable
{
    private readonly List<IDisposable> _owned = new();

    public V29Receiver Receiver { get; private set; } = new();

    public ReceivedLog Log { get; } = new();

    /// <summary>Our transmitter, PRBS15 data, at <paramref name="dbm0"/>.</summary>
    public static Action<short[]> Ours(int rate, double dbm0 = -14)
    {
        var tx = new V29Transmitter(rate) { LevelDbm0 = dbm0 };
        var source = new Prbs15Source(0x1234);
        return b => tx.Generate(b, ref source);
    }

    /// <summary>spandsp's transmitter, PRBS15 data, at <paramref name="dbm0"/>.</summary>
    public Action<short[]> Reference(int rate, double dbm0 = -14) =>
        QamLink.SpanDspTransmitter(SpanDspModemKind.V29, rate, dbm0, _owned);

    /// <summary>Receives <paramref name="seconds"/> of <paramref name="transmit"/> through <paramref name="line"/>.</summary>
    public V29TestRig Run(int rate, Action<short[]> transmit, LineImpairments line, double seconds)
    {
        Receiver = new V29Receiver(rate);
        var sink = new LogSink(Log);
        V29Receiver rx = Receiver;
        QamLink.Run(transmit, b => rx.Process(b, ref sink), line, (int)Math.Ceiling(seconds * 50));
        return this;
    }

    /// <summary>Seconds of signal that carry <paramref name="bits"/> data bits after the 233 ms training.</summary>
    public static double SecondsFor(int rate, int bits) => 0.4 + ((double)bits / rate);

    public (int Checked, int Errors) Errors() => Prbs15Checker.Count(Log.Bits, 0);

    public void Dispose() => _owned.ForEach(o => o.Dispose());
}
