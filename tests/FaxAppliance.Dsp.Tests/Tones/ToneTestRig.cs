using FaxAppliance.Dsp.Tones;
using FaxAppliance.Hal.Simulated.Line;

namespace FaxAppliance.Dsp.Tests.Tones;

/// <summary>Feeds signals to the detectors and collects their events.</summary>
internal static class ToneTestRig
{
    public static List<ToneEvent> Run(FaxToneDetector detector, short[] pcm, int blockSize = 160)
    {
        var events = new List<ToneEvent>();
        for (int i = 0; i < pcm.Length; i += blockSize)
        {
            detector.Process(pcm.AsSpan(i, Math.Min(blockSize, pcm.Length - i)));
            Drain(detector.Events, events);
        }

        return events;
    }

    public static List<ToneEvent> Run(CallProgressDetector detector, short[] pcm, int blockSize = 160)
    {
        var events = new List<ToneEvent>();
        for (int i = 0; i < pcm.Length; i += blockSize)
        {
            detector.Process(pcm.AsSpan(i, Math.Min(blockSize, pcm.Length - i)));
            Drain(detector.Events, events);
        }

        return events;
    }

    public static List<ToneEvent> Run(FaxToneDetector detector, double[] x) => Run(detector, ToneSignals.ToPcm(x));

    public static List<ToneEvent> Run(CallProgressDetector detector, double[] x) => Run(detector, ToneSignals.ToPcm(x));

    /// <summary>Passes a signal through the simulated line (A → B) with the given impairments, block by block.</summary>
    public static short[] ThroughLine(double[] x, LineImpairments impairments)
    {
        var line = new SimulatedLine(impairments);
        short[] pcm = ToneSignals.ToPcm(x);
        var output = new short[pcm.Length / 160 * 160];
        var silence = new short[160];
        var toA = new short[160];
        for (int i = 0; i + 160 <= pcm.Length; i += 160)
        {
            line.Exchange(pcm.AsSpan(i, 160), silence, toA, output.AsSpan(i, 160));
        }

        return output;
    }

    public static string Describe(IEnumerable<ToneEvent> events) =>
        string.Join("; ", events.Select(e => $"{e.Type} {e.Tone} {e.Signal} @{e.SampleIndex / 8.0:F0}ms (decl {e.DeclaredAtSample / 8.0:F0}ms, {e.FrequencyHz:F1} Hz, {e.LevelDbm0:F1} dBm0)"));

    private static void Drain(ToneEventBuffer buffer, List<ToneEvent> events)
    {
        while (buffer.TryDequeue(out ToneEvent e))
        {
            events.Add(e);
        }
    }
}

/// <summary>A struct sink that only counts (for the allocation tests).</summary>
internal struct CountingSink : IToneEventSink
{
    public int Count;
    public double Checksum;

    public void OnToneEvent(in ToneEvent toneEvent)
    {
        Count++;
        Checksum += toneEvent.FrequencyHz;
    }
}
