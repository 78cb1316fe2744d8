using FaxAppliance.Dsp;

namespace FaxAppliance.Audio;

/// <summary>Levels measured over an interval.</summary>
/// <param name="Frames">Frames measured.</param>
/// <param name="AverageDbm0">Level of all of them together, dBm0 (−∞ for digital silence).</param>
/// <param name="LoudestFrameDbm0">Level of the loudest single frame, dBm0.</param>
public readonly record struct LevelReading(long Frames, double AverageDbm0, double LoudestFrameDbm0);

/// <summary>
/// A frame consumer that measures the received level (ITU-T G.711 dBm0 scale), for status logs and the web page.
/// Per frame it only sums squares; <see cref="TakeReading"/> turns the sums into levels and starts a new interval.
/// </summary>
public sealed class LevelMeter : IFrameConsumer
{
    private readonly object _gate = new();
    private double _sumOfSquares;
    private long _samples;
    private long _frames;
    private double _loudestRms;

    /// <inheritdoc/>
    public void OnFrame(in CapturedFrame frame)
    {
        double rms = Levels.Rms(frame.Samples);
        lock (_gate)
        {
            _sumOfSquares += rms * rms * frame.Samples.Length;
            _samples += frame.Samples.Length;
            _frames++;
            _loudestRms = Math.Max(_loudestRms, rms);
        }
    }

    /// <summary>Levels since the previous reading.</summary>
    public LevelReading TakeReading()
    {
        lock (_gate)
        {
            double average = _samples == 0 ? 0 : Math.Sqrt(_sumOfSquares / _samples);
            var reading = new LevelReading(_frames, Levels.Dbm0FromRms(average), Levels.Dbm0FromRms(_loudestRms));
            _sumOfSquares = 0;
            _samples = 0;
            _frames = 0;
            _loudestRms = 0;
            return reading;
        }
    }
}
