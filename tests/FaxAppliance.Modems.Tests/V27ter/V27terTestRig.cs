using FaxAppliance.Hal.Simulated.Line;
using FaxAppliance.Modems.Tests.Common;
using FaxAppliance.Modems.V27ter;
using FaxAppliance.SpanDsp;

namespace FaxAppliance.Modems.Tests.V27ter;

/// <summary>Runs V.27ter transmitters (ours or spandsp's) through the simulated line into our receiver.</summary>
internal sealed class V27terTestRig : IDisposable
{
    private readonly List<IDisposable> _owned = new();

    public V27terReceiver Receiver { get; private set; } = new();

    public ReceivedLog Log { get; } = new();

    public static Action<short[]> Ours(int rate, double dbm0 = -14, bool shortTrain = false)
    {
        var tx = new V27terTransmitter(rate) { LevelDbm0 = dbm0 };
        tx.Restart(rate, shortTrain);
        var source = new Prbs15Source(0x1234);
        return b => tx.Generate(b, ref source);
    }

    public Action<short[]> Reference(int rate, double dbm0 = -14) =>
        QamLink.SpanDspTransmitter(SpanDspModemKind.V27ter, rate, dbm0, _owned);

    public V27terTestRig Run(int rate, Action<short[]> transmit, LineImpairments line, double seconds)
    {
        Receiver = new V27terReceiver(rate);
        var sink = new LogSink(Log);
        V27terReceiver rx = Receiver;
        QamLink.Run(transmit, b => rx.Process(b, ref sink), line, (int)Math.Ceiling(seconds * 50));
        return this;
    }

    /// <summary>Seconds of signal that carry <paramref name="bits"/> data bits after the long train
    /// (1164 symbols: 0.73 s at 4800 bit/s, 0.97 s at 2400 bit/s).</summary>
    public static double SecondsFor(int rate, int bits) => (rate == 4800 ? 0.8 : 1.05) + ((double)bits / rate);

    public (int Checked, int Errors) Errors() => Prbs15Checker.Count(Log.Bits, 0);

    public void Dispose() => _owned.ForEach(o => o.Dispose());
}
