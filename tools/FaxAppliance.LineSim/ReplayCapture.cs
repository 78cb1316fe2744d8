using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FaxAppliance.LineSim;

/// <summary>
/// A call capture opened for replay: a RIFF/WAVE file (8000 Hz, 16-bit PCM, <see cref="CallCapture.ApplianceChannels"/>
/// channels, whole 20 ms blocks) as <see cref="CallCapture"/> writes it for receive and send, with its optional
/// <see cref="CallCapture.MetadataChunkId"/> JSON chunk. The file is outside input: <see cref="TryOpen"/> checks the
/// whole structure up front and says what is wrong, never throws on bad content, and reads at most one block and
/// <see cref="MaxMetadataBytes"/> into memory. Chunks are parsed as the RIFF layout (Microsoft/IBM Multimedia
/// Programming Interface and Data Specifications 1.0, "RIFF" and "WAVE form"): id, little-endian size, data, a pad
/// octet after odd sizes.
/// </summary>
public sealed class ReplayCapture : IDisposable
{
    /// <summary>Samples per channel in one 20 ms block.</summary>
    public const int BlockSamples = 160;

    /// <summary>The channel holding what the line delivered to the appliance.</summary>
    public const int HeardChannel = 2;

    /// <summary>The most metadata accepted (a real one is well under 2 KiB).</summary>
    public const int MaxMetadataBytes = 64 * 1024;

    private const ushort FormatPcm = 1;
    private const ushort FormatExtensible = 0xFFFE;

    private readonly FileStream _stream;
    private readonly long _dataOffset;
    private readonly byte[] _block;

    private ReplayCapture(FileStream stream, long dataOffset, long blocks, JsonObject? metadata)
    {
        _stream = stream;
        _dataOffset = dataOffset;
        Blocks = blocks;
        Metadata = metadata;
        _block = new byte[BlockSamples * 2 * CallCapture.ApplianceChannels];
    }

    /// <summary>Whole 20 ms blocks in the recording.</summary>
    public long Blocks { get; }

    /// <summary>The capture's metadata, when it has the chunk.</summary>
    public JsonObject? Metadata { get; }

    /// <summary>Opens <paramref name="path"/>; null and a one-line <paramref name="error"/> when it is not a replayable capture.</summary>
    public static ReplayCapture? TryOpen(string path, out string error)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = $"cannot read it: {e.Message}";
            return null;
        }

        try
        {
            if (Parse(stream, out long dataOffset, out long blocks, out JsonObject? metadata, out error))
            {
                return new ReplayCapture(stream, dataOffset, blocks, metadata);
            }
        }
        catch (IOException e)
        {
            error = $"cannot read it: {e.Message}";
        }

        stream.Dispose();
        return null;
    }

    /// <summary>Reads what the appliance heard in block <paramref name="block"/> into <paramref name="heard"/> (160 samples).
    /// False past the end of the recording.</summary>
    public bool TryReadHeard(long block, Span<short> heard)
    {
        if (block < 0 || block >= Blocks || heard.Length != BlockSamples)
        {
            return false;
        }

        long offset = _dataOffset + block * _block.Length;
        if (_stream.Position != offset)
        {
            _stream.Position = offset;
        }

        if (_stream.ReadAtLeast(_block, _block.Length, throwOnEndOfStream: false) < _block.Length)
        {
            return false; // the file shrank after it was checked
        }

        const int Stride = 2 * CallCapture.ApplianceChannels;
        for (int i = 0; i < BlockSamples; i++)
        {
            heard[i] = BinaryPrimitives.ReadInt16LittleEndian(_block.AsSpan(Stride * i + 2 * HeardChannel, 2));
        }

        return true;
    }

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();

    private static bool Parse(FileStream s, out long dataOffset, out long blocks, out JsonObject? metadata, out string error)
    {
        dataOffset = -1;
        blocks = 0;
        metadata = null;
        long length = s.Length;
        Span<byte> head = stackalloc byte[12];
        if (length == 0)
        {
            return Fail("the file is empty", out error);
        }

        if (length < 12 || s.ReadAtLeast(head, 12, throwOnEndOfStream: false) < 12 || !head[..4].SequenceEqual("RIFF"u8) || !head[8..12].SequenceEqual("WAVE"u8))
        {
            return Fail("not a WAV file (no RIFF/WAVE header)", out error);
        }

        long riffEnd = 8L + BinaryPrimitives.ReadUInt32LittleEndian(head[4..8]);
        if (riffEnd == 8)
        {
            return Fail("it was never closed (its RIFF size is 0: did the recording process die?)", out error);
        }

        if (riffEnd > length)
        {
            return Fail($"truncated: the RIFF header says {riffEnd} bytes but the file holds {length}", out error);
        }

        long dataSize = -1;
        bool haveFormat = false;
        long pos = 12;
        Span<byte> chunk = stackalloc byte[40];
        while (pos < riffEnd)
        {
            if (pos + 8 > riffEnd)
            {
                return Fail($"truncated: a chunk header at byte {pos} is cut off", out error);
            }

            s.Position = pos;
            s.ReadExactly(chunk[..8]);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..8]);
            long body = pos + 8;
            if (body + size > riffEnd)
            {
                return Fail($"truncated: the '{ChunkName(chunk[..4])}' chunk says {size} bytes but {riffEnd - body} follow", out error);
            }

            if (chunk[..4].SequenceEqual("fmt "u8))
            {
                if (size is < 16 or > 40)
                {
                    return Fail($"the format chunk is {size} bytes (16 to 40 expected)", out error);
                }

                s.ReadExactly(chunk[..(int)size]);
                if (!CheckFormat(chunk[..(int)size], out error))
                {
                    return false;
                }

                haveFormat = true;
            }
            else if (chunk[..4].SequenceEqual("data"u8))
            {
                dataOffset = body;
                dataSize = size;
            }
            else if (chunk[..4].SequenceEqual("lsim"u8))
            {
                if (size > MaxMetadataBytes)
                {
                    return Fail($"the metadata chunk is {size} bytes (at most {MaxMetadataBytes})", out error);
                }

                byte[] json = new byte[size];
                s.ReadExactly(json);
                if (!ParseMetadata(json, out metadata, out error))
                {
                    return false;
                }
            }

            pos = body + size + (size & 1);
        }

        if (!haveFormat)
        {
            return Fail("no format chunk", out error);
        }

        const int BlockBytes = BlockSamples * 2 * CallCapture.ApplianceChannels;
        if (dataSize <= 0)
        {
            return Fail("it holds no audio (an empty data chunk: was the capture closed?)", out error);
        }

        if (dataSize % BlockBytes != 0)
        {
            return Fail($"truncated: {dataSize} bytes of audio is not a whole number of 20 ms blocks", out error);
        }

        blocks = dataSize / BlockBytes;
        error = string.Empty;
        return true;
    }

    private static bool CheckFormat(ReadOnlySpan<byte> f, out string error)
    {
        ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(f);
        ushort channels = BinaryPrimitives.ReadUInt16LittleEndian(f[2..]);
        uint rate = BinaryPrimitives.ReadUInt32LittleEndian(f[4..]);
        ushort bits = BinaryPrimitives.ReadUInt16LittleEndian(f[14..]);
        bool pcm = tag == FormatPcm || (tag == FormatExtensible && f.Length >= 26 && BinaryPrimitives.ReadUInt16LittleEndian(f[24..]) == FormatPcm);
        if (!pcm)
        {
            return Fail($"the audio is not PCM (format tag 0x{tag:X4})", out error);
        }

        if (rate != 8000 || bits != 16)
        {
            return Fail($"the audio is {rate} Hz {bits}-bit; a capture is 8000 Hz 16-bit", out error);
        }

        error = channels switch
        {
            CallCapture.ApplianceChannels => string.Empty,
            1 => "it is mono; a replayable capture has 3 channels (appliance sent, remote sent, appliance heard) as 'receive/send --capture' writes",
            2 => "it is stereo (a bridge capture, or one from a build before replay): it has no channel of what the appliance heard; record with 'receive/send --capture'",
            _ => $"it has {channels} channels; a replayable capture has 3",
        };
        return error.Length == 0;
    }

    private static bool ParseMetadata(byte[] json, out JsonObject? metadata, out string error)
    {
        metadata = null;
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            return Fail("the metadata chunk is not UTF-8 text", out error); // JsonNode would only find out when a string is read
        }

        try
        {
            metadata = JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException e)
        {
            return Fail($"the metadata chunk is not JSON: {e.Message}", out error);
        }

        if (metadata?["format"] is not JsonValue v || v.GetValueKind() != JsonValueKind.String || v.GetValue<string>() != CallCapture.MetadataFormat)
        {
            return Fail($"the metadata chunk is not a JSON object with \"format\": \"{CallCapture.MetadataFormat}\"", out error);
        }

        error = string.Empty;
        return true;
    }

    private static string ChunkName(ReadOnlySpan<byte> id)
    {
        Span<char> c = stackalloc char[4];
        for (int i = 0; i < 4; i++)
        {
            c[i] = id[i] is >= 0x20 and < 0x7F ? (char)id[i] : '?';
        }

        return new string(c);
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
