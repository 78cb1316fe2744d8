using FaxAppliance.Dsp;

namespace FaxAppliance.Hal.Simulated.Line;

/// <summary>
/// What one direction of the line measured. Levels are RMS over the blocks in which the sender was
/// active (sending above −50 dBm0), so that silences do not dilute them.
/// </summary>
public sealed class LineDirectionStats
{
    /// <summary>Below this level a block of line signal counts as silence.</summary>
    public const double ActivityThresholdDbm0 = -50.0;

    private double _sentEnergy, _deliveredSignalEnergy, _noiseEnergy, _echoEnergy;
    private long _activeSamples;

    /// <summary>Blocks carried.</summary>
    public long Blocks { get; private set; }

    /// <summary>Blocks in which the sender was active.</summary>
    public long ActiveBlocks { get; private set; }

    /// <summary>Samples that clipped at ±32767 on delivery.</summary>
    public long ClippedSamples { get; internal set; }

    /// <summary>Level the sender put on the line while active, dBm0.</summary>
    public double SentLevelDbm0 => Level(_sentEnergy);

    /// <summary>Level of the sender's signal at the receiving end while active, dBm0.</summary>
    public double ReceivedSignalLevelDbm0 => Level(_deliveredSignalEnergy);

    /// <summary>Level of noise plus codec quantisation at the receiving end while the sender was active, dBm0.</summary>
    public double NoiseLevelDbm0 => Level(_noiseEnergy);

    /// <summary>Level of the receiving end's own echo while the sender was active, dBm0.</summary>
    public double EchoLevelDbm0 => Level(_echoEnergy);

    /// <summary>Signal over noise (noise and quantisation, echo excluded) at the receiving end, dB.</summary>
    public double SnrDb => _noiseEnergy <= 0 ? double.PositiveInfinity : 10 * Math.Log10(_deliveredSignalEnergy / _noiseEnergy);

    internal void Add(ReadOnlySpan<double> sent, ReadOnlySpan<double> signal, ReadOnlySpan<double> echo, ReadOnlySpan<short> delivered)
    {
        Blocks++;
        double s = 0, sentEnergy = 0;
        for (int i = 0; i < signal.Length; i++)
        {
            s += signal[i] * signal[i];
            sentEnergy += sent[i] * sent[i];
        }

        // Active means the sender was sending, judged where it sends (a lossy line must not hide it).
        if (Levels.Dbm0FromRms(Math.Sqrt(sentEnergy / sent.Length)) < ActivityThresholdDbm0)
        {
            return;
        }

        ActiveBlocks++;
        _activeSamples += signal.Length;
        _deliveredSignalEnergy += s;
        for (int i = 0; i < signal.Length; i++)
        {
            _sentEnergy += sent[i] * sent[i];
            _echoEnergy += echo[i] * echo[i];
            double noise = delivered[i] - signal[i] - echo[i];
            _noiseEnergy += noise * noise;
        }
    }

    private double Level(double energy) => _activeSamples == 0 ? double.NegativeInfinity : Levels.Dbm0FromRms(Math.Sqrt(energy / _activeSamples));
}
