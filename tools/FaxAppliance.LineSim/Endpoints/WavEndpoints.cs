using System.Text.Json.Nodes;
using NAudio.Wave;

namespace FaxAppliance.LineSim.Endpoints;

/// <summary>Plays a WAV file (8000 Hz, mono, 16-bit PCM) onto the line, then hangs up.</summary>
public sealed class WavPlayEndpoint : ILineEndpoint
{
    private readonly WaveFileReader _reader;
    private readonly byte[] _buffer = new byte[320];
    private long _samples;
    private bool _ended;

    /// <summary>Opens <paramref name="path"/>.</summary>
    public WavPlayEndpoint(string name, string path)
    {
        Name = name;
        Description = $"play:{path}";
        try
        {
            _reader = new WaveFileReader(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidDataException or ArgumentException)
        {
            throw new UsageException($"{name}: cannot read WAV file '{path}': {e.Message}", e);
        }

        WaveFormat f = _reader.WaveFormat;
        if (f.Encoding != WaveFormatEncoding.Pcm || f.SampleRate != 8000 || f.Channels != 1 || f.BitsPerSample != 16)
        {
            _reader.Dispose();
            throw new UsageException($"{name}: '{path}' is {f.Encoding} {f.SampleRate} Hz {f.Channels} channel(s) {f.BitsPerSample}-bit; the line needs 8000 Hz mono 16-bit PCM");
        }
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public bool TryRead(Span<short> block)
    {
        if (_ended)
        {
            return false;
        }

        int got = 0;
        while (got < _buffer.Length)
        {
            int n = _reader.Read(_buffer, got, _buffer.Length - got);
            if (n == 0)
            {
                break;
            }

            got += n;
        }

        if (got == 0)
        {
            _ended = true;
            return false;
        }

        Array.Clear(_buffer, got, _buffer.Length - got); // the last block is padded with silence
        for (int i = 0; i < block.Length; i++)
        {
            block[i] = (short)(_buffer[2 * i] | (_buffer[2 * i + 1] << 8));
        }

        _samples += got / 2;
        return true;
    }

    /// <inheritdoc/>
    public void Write(ReadOnlySpan<short> block)
    {
    }

    /// <inheritdoc/>
    public void HangUp() => _ended = true;

    /// <inheritdoc/>
    public JsonObject? Finish() => new()
    {
        ["completed"] = true,
        ["status_text"] = "played",
        ["played_samples"] = _samples,
        ["pages"] = 0,
        ["bit_rate"] = 0,
        ["ecm"] = false,
    };

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();
}

/// <summary>Records what the line delivers to a WAV file (8000 Hz, mono, 16-bit PCM); sends silence.</summary>
public sealed class WavRecordEndpoint : ILineEndpoint
{
    private readonly WaveFileWriter _writer;
    private readonly byte[] _buffer = new byte[320];
    private long _samples;
    private bool _ended;

    /// <summary>Creates <paramref name="path"/>.</summary>
    public WavRecordEndpoint(string name, string path)
    {
        Name = name;
        Description = $"record:{path}";
        try
        {
            _writer = new WaveFileWriter(path, new WaveFormat(8000, 16, 1));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new UsageException($"{name}: cannot create WAV file '{path}': {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public bool TryRead(Span<short> block)
    {
        block.Clear();
        return !_ended;
    }

    /// <inheritdoc/>
    public void Write(ReadOnlySpan<short> block)
    {
        if (_ended)
        {
            return;
        }

        for (int i = 0; i < block.Length; i++)
        {
            _buffer[2 * i] = (byte)block[i];
            _buffer[2 * i + 1] = (byte)(block[i] >> 8);
        }

        _writer.Write(_buffer, 0, 2 * block.Length);
        _samples += block.Length;
    }

    /// <inheritdoc/>
    public void HangUp()
    {
        _ended = true;
        _writer.Flush();
    }

    /// <inheritdoc/>
    public JsonObject? Finish()
    {
        HangUp();
        return new JsonObject
        {
            ["completed"] = true,
            ["status_text"] = "recorded",
            ["recorded_samples"] = _samples,
            ["pages"] = 0,
            ["bit_rate"] = 0,
            ["ecm"] = false,
        };
    }

    /// <inheritdoc/>
    public void Dispose() => _writer.Dispose();
}
