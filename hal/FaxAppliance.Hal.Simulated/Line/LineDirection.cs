using FaxAppliance.Dsp;
using FaxAppliance.Dsp.Codecs;
using FaxAppliance.Dsp.Signal;

namespace FaxAppliance.Hal.Simulated.Line;

/// <summary>
/// One direction of the simulated line, from a sending end to a receiving end, in the order a signal
/// meets the impairments: the line's shape (V.56bis attenuation and delay distortion), its loss, an
/// FDM carrier offset, the clock mismatch between the ends, then at the receiving end its own echo and
/// the noise, and finally the network's G.711 codec. All state is sized in the constructor; a block
/// allocates nothing.
/// </summary>
public sealed class LineDirection
{
    /// <summary>Samples in a block (20 ms at 8000 samples/s).</summary>
    public const int BlockSamples = 160;

    private readonly FirFilter? _shape;
    private readonly double _gain;
    private readonly FrequencyShifter? _shifter;
    private readonly ClockResampler? _resampler;
    private readonly GaussianNoise? _noise;
    private readonly double _echoGain;
    private readonly double[] _echoLine;
    private readonly LineCodec _codec;
    private readonly double[] _sent = new double[BlockSamples];
    private readonly double[] _work = new double[BlockSamples];
    private readonly double[] _signal = new double[BlockSamples];
    private readonly double[] _echo = new double[BlockSamples];
    private int _echoPos;

    /// <summary>Creates a direction. <paramref name="impaired"/> false leaves only the codec.</summary>
    /// <param name="impairments">The call's impairments (validated).</param>
    /// <param name="impaired">Whether the analog impairments apply to this direction.</param>
    /// <param name="clockStep">Input samples consumed per output sample (1 for no clock offset).</param>
    /// <param name="noiseSeed">Seed of this direction's noise.</param>
    public LineDirection(LineImpairments impairments, bool impaired, double clockStep, ulong noiseSeed)
    {
        ArgumentNullException.ThrowIfNull(impairments);
        _codec = impairments.Codec;
        _gain = 1.0;
        _echoLine = new double[1];
        if (!impaired)
        {
            return;
        }

        if (LineShapes.TryGet(impairments.LineModel, out LineShape? shape) && !shape.IsFlat)
        {
            _shape = new FirFilter(shape.DesignFir());
        }

        _gain = Levels.GainFromDb(-impairments.AttenuationDb);
        if (impairments.FrequencyOffsetHz != 0)
        {
            _shifter = new FrequencyShifter(impairments.FrequencyOffsetHz);
        }

        if (clockStep != 1.0)
        {
            _resampler = new ClockResampler(clockStep);
        }

        if (impairments.NoiseDbm0 is { } noise)
        {
            _noise = new GaussianNoise(Levels.RmsFromDbm0(noise), noiseSeed);
        }

        if (impairments.EchoReturnLossDb is { } erl)
        {
            _echoGain = Levels.GainFromDb(-erl);
            int delay = (int)Math.Round(impairments.EchoDelayMs * 8.0);
            _echoLine = new double[delay + BlockSamples];
        }
    }

    /// <summary>What this direction measured.</summary>
    public LineDirectionStats Stats { get; } = new();

    /// <summary>Delay of the path in samples, not counting the line shape's own group delay.</summary>
    public int LatencySamples => (_shifter is null ? 0 : FrequencyShifter.DelaySamples) + (_resampler?.NominalLag ?? 0);

    /// <summary>Clock slips and silent realignments of the resampler (see <see cref="ClockResampler"/>).</summary>
    public (long Realignments, long Slips) ClockAdjustments => _resampler is null ? (0, 0) : (_resampler.Realignments, _resampler.Slips);

    /// <summary>
    /// Carries one block: <paramref name="input"/> from the sending end, <paramref name="receiverOwn"/>
    /// what the receiving end sent in the same 20 ms (the source of its echo), <paramref name="output"/>
    /// what the receiving end hears.
    /// </summary>
    public void Process(ReadOnlySpan<short> input, ReadOnlySpan<short> receiverOwn, Span<short> output)
    {
        if (input.Length != BlockSamples || receiverOwn.Length != BlockSamples || output.Length != BlockSamples)
        {
            throw new ArgumentException($"Blocks must be {BlockSamples} samples.", nameof(input));
        }

        for (int i = 0; i < BlockSamples; i++)
        {
            _sent[i] = input[i];
            _work[i] = input[i];
        }

        _shape?.Process(_work);
        if (_gain != 1.0)
        {
            for (int i = 0; i < BlockSamples; i++)
            {
                _work[i] *= _gain;
            }
        }

        _shifter?.Process(_work);
        if (_resampler is not null)
        {
            _resampler.Process(_work, _signal);
        }
        else
        {
            _work.CopyTo(_signal, 0);
        }

        Echo(receiverOwn);
        for (int i = 0; i < BlockSamples; i++)
        {
            double v = _signal[i] + _echo[i] + (_noise?.Next() ?? 0.0);
            output[i] = Saturate(v);
        }

        Quantise(output);
        Stats.Add(_sent, _signal, _echo, output);
    }

    private void Echo(ReadOnlySpan<short> own)
    {
        if (_echoGain == 0)
        {
            Array.Clear(_echo);
            return;
        }

        // _echoLine is a ring of (delay + block) samples: write the block, read delay samples back.
        int n = _echoLine.Length;
        int delay = n - BlockSamples;
        for (int i = 0; i < BlockSamples; i++)
        {
            _echoLine[_echoPos] = own[i];
            int read = _echoPos - delay;
            if (read < 0)
            {
                read += n;
            }

            _echo[i] = _echoLine[read] * _echoGain;
            _echoPos = _echoPos + 1 == n ? 0 : _echoPos + 1;
        }
    }

    private short Saturate(double v)
    {
        double r = Math.Round(v);
        if (r > short.MaxValue)
        {
            Stats.ClippedSamples++;
            return short.MaxValue;
        }

        if (r < short.MinValue)
        {
            Stats.ClippedSamples++;
            return short.MinValue;
        }

        return (short)r;
    }

    private void Quantise(Span<short> block)
    {
        switch (_codec)
        {
            case LineCodec.ALaw:
                G711.Quantise(G711Law.ALaw, block);
                break;
            case LineCodec.MuLaw:
                G711.Quantise(G711Law.MuLaw, block);
                break;
            default:
                break;
        }
    }
}
