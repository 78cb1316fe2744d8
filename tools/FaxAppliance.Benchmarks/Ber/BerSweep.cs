using System.Globalization;
using System.Text;
using FaxAppliance.Dsp;
using FaxAppliance.Hal.Simulated.Line;
using FaxAppliance.SpanDsp;

namespace FaxAppliance.Benchmarks.Ber;

/// <summary>One measured point.</summary>
public sealed record BerPoint(string Modem, string Implementation, double SnrDb, long Bits, long Errors)
{
    /// <summary>Bit error rate (errors over bits; 0 when none).</summary>
    public double Ber => Bits == 0 ? 1.0 : (double)Errors / Bits;
}

/// <summary>
/// BER against SNR: the reference (spandsp) transmitter sends a PRBS; the same impaired samples go to
/// our receiver and to spandsp's, so the two curves are measured on identical input. SNR is signal
/// RMS over noise RMS across 0–4 kHz, with G.711 A-law in the path (the definition).
/// </summary>
public static class BerSweep
{
    /// <summary>Bits skipped after training before counting (the receivers' settling).</summary>
    public const int SettleBits = 2000;

    /// <summary>Measures <paramref name="modem"/> at each SNR with at least <paramref name="bits"/> bits.</summary>
    public static List<BerPoint> Run(ModemUnderTest modem, IEnumerable<double> snrs, long bits, ulong seed = 1)
    {
        var points = new List<BerPoint>();
        short[] signal = Transmit(modem, bits, out double levelDbm0);
        foreach (double snr in snrs)
        {
            short[] heard = Impair(signal, levelDbm0 - snr, seed);
            points.Add(Measure(modem, modem.Reference(), heard, snr));
            if (modem.Ours is not null)
            {
                points.Add(Measure(modem, modem.Ours(modem.BitRate), heard, snr));
            }
        }

        return points;
    }

    /// <summary>Writes the points as CSV.</summary>
    public static string ToCsv(IEnumerable<BerPoint> points)
    {
        var sb = new StringBuilder("modem,implementation,snr_db,bits,errors,ber\n");
        foreach (BerPoint p in points)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{p.Modem},{p.Implementation},{p.SnrDb},{p.Bits},{p.Errors},{p.Ber:E3}\n");
        }

        return sb.ToString();
    }

    /// <summary>
    /// One condition: the reference transmitter's PRBS for <paramref name="seconds"/> through a line
    /// with noise at <paramref name="snrDb"/> below the signal plus <paramref name="line"/>'s carrier and
    /// clock offsets; both receivers on the same samples.
    /// </summary>
    public static (BerPoint Reference, BerPoint? Ours) Condition(ModemUnderTest modem, double snrDb, LineImpairments line, double seconds, string label)
    {
        ArgumentNullException.ThrowIfNull(modem);
        ArgumentNullException.ThrowIfNull(line);
        short[] signal = Transmit(modem, (long)(seconds * modem.BitRate), out double levelDbm0);
        short[] heard = Impair(signal, line with { NoiseDbm0 = levelDbm0 - snrDb, Codec = LineCodec.ALaw, Direction = LineDirectionSelection.AToB });
        BerPoint reference = Measure(modem, modem.Reference(), heard, snrDb) with { Modem = label };
        BerPoint? ours = modem.Ours is null ? null : Measure(modem, modem.Ours(modem.BitRate), heard, snrDb) with { Modem = label };
        return (reference, ours);
    }

    private static BerPoint Measure(ModemUnderTest modem, IReceiverUnderTest rx, short[] heard, double snr)
    {
        using (rx)
        {
            for (int i = 0; i + 160 <= heard.Length; i += 160)
            {
                rx.Process(heard.AsSpan(i, 160));
            }

            (long checkedBits, long errors) = Prbs.Check(rx.Bits, SettleBits);
            return new BerPoint(modem.Name, rx.Implementation, snr, checkedBits, errors);
        }
    }

    private static short[] Transmit(ModemUnderTest modem, long bits, out double levelDbm0)
    {
        var prbs = new Prbs();
        using var tx = new SpanDspTransmitter(modem.Kind, modem.BitRate, prbs.Next);
        tx.SetPower(-13f);
        long seconds = (bits + SettleBits) / modem.BitRate + 3; // + training
        var samples = new short[seconds * 8000];
        for (int i = 0; i < samples.Length; i += 160)
        {
            tx.Generate(samples.AsSpan(i, 160));
        }

        // Start with the signal itself: noise over a leading silence would be a different test (carrier
        // detect on noise), not the data-mode BER this sweep measures.
        int start = 0;
        while (start < samples.Length && Math.Abs((int)samples[start]) < 64)
        {
            start++;
        }

        samples = samples[start..];
        Array.Resize(ref samples, samples.Length / 160 * 160);

        // The level of the signal itself, after its training (the first second).
        levelDbm0 = Levels.Dbm0FromRms(Levels.Rms(samples.AsSpan(8000)));
        return samples;
    }

    private static short[] Impair(short[] signal, double noiseDbm0, ulong seed) =>
        Impair(signal, new LineImpairments { NoiseDbm0 = noiseDbm0, Codec = LineCodec.ALaw, Seed = seed, Direction = LineDirectionSelection.AToB });

    private static short[] Impair(short[] signal, LineImpairments impairments)
    {
        var line = new SimulatedLine(impairments);
        var heard = new short[signal.Length];
        var silent = new short[160];
        var discard = new short[160];
        for (int i = 0; i + 160 <= signal.Length; i += 160)
        {
            line.Exchange(signal.AsSpan(i, 160), silent, discard, heard.AsSpan(i, 160));
        }

        return heard;
    }
}
