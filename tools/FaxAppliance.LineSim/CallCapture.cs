using System.Text.Json.Nodes;
using NAudio.Wave;

namespace FaxAppliance.LineSim;

/// <summary>
/// Records a call as a WAV file (8000 Hz, 16-bit PCM, one 20 ms block of every channel per step).
/// <list type="bullet">
/// <item><c>bridge</c>: stereo; left what endpoint A sent, right what endpoint B sent, both as they left the
/// endpoint, before the line.</item>
/// <item><c>receive</c>/<c>send</c> (<see cref="ApplianceChannels"/>): three channels; channel 0 what the appliance
/// sent, channel 1 what the remote sent (both before the line, as in bridge), channel 2 what the line delivered to
/// the appliance (after the impairments; silence while it rang). Channel 2 is what <c>linesim replay</c> feeds back,
/// and a <see cref="MetadataChunkId"/> chunk after the audio says how (see <see cref="ReplayCapture"/>).</item>
/// </list>
/// An engineer can listen to a failed call, and a failed call from the field becomes a regression test.
/// </summary>
public sealed class CallCapture : IDisposable
{
    /// <summary>Channels of an appliance capture (receive or send).</summary>
    public const int ApplianceChannels = 3;

    /// <summary>Id of the RIFF chunk holding the capture's JSON metadata (after the data chunk).</summary>
    public const string MetadataChunkId = "lsim";

    /// <summary>The metadata's "format" value.</summary>
    public const string MetadataFormat = "faxappliance-linesim-capture";

    private const int BlockSamples = 160;

    private readonly WaveFileWriter _writer;
    private readonly byte[] _frame;
    private readonly int _channels;

    /// <summary>Creates <paramref name="path"/> with 2 (bridge) or <see cref="ApplianceChannels"/> channels.</summary>
    public CallCapture(string path, int channels = 2)
    {
        if (channels is not (2 or ApplianceChannels))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "A capture has 2 or 3 channels.");
        }

        _channels = channels;
        _frame = new byte[BlockSamples * 2 * channels];
        try
        {
            _writer = new WaveFileWriter(path, new WaveFormat(8000, 16, channels));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new UsageException($"cannot create the capture file '{path}': {e.Message}", e);
        }
    }

    /// <summary>Appends one block of each side: what A and B sent and what the line delivered to A.</summary>
    public void Add(ReadOnlySpan<short> fromA, ReadOnlySpan<short> fromB, ReadOnlySpan<short> toA)
    {
        int stride = 2 * _channels;
        for (int i = 0; i < BlockSamples; i++)
        {
            Put(stride * i, fromA[i]);
            Put(stride * i + 2, fromB[i]);
            if (_channels == ApplianceChannels)
            {
                Put(stride * i + 4, toA[i]);
            }
        }

        _writer.Write(_frame, 0, _frame.Length);
    }

    /// <summary>Sets the metadata written after the audio when the capture is closed (JSON, UTF-8).</summary>
    public void SetMetadata(JsonObject metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        metadata["format"] = MetadataFormat;
        _writer.AddChunk(MetadataChunkId, System.Text.Encoding.UTF8.GetBytes(metadata.ToJsonString()), ChunkPosition.AfterData);
    }

    private void Put(int offset, short sample)
    {
        _frame[offset] = (byte)sample;
        _frame[offset + 1] = (byte)(sample >> 8);
    }

    /// <inheritdoc/>
    public void Dispose() => _writer.Dispose();
}
