using NAudio.Wave;

namespace FaxAppliance.LineSim;

/// <summary>
/// Records a call as a stereo WAV (8000 Hz, 16-bit): left what endpoint A sent, right what endpoint B
/// sent, both as they left the endpoint, before the line. An engineer can listen to a failed call,
/// and the remote's channel can be replayed through a later build.
/// </summary>
public sealed class CallCapture : IDisposable
{
    private readonly WaveFileWriter _writer;
    private readonly byte[] _frame = new byte[160 * 4];

    /// <summary>Creates <paramref name="path"/>.</summary>
    public CallCapture(string path)
    {
        try
        {
            _writer = new WaveFileWriter(path, new WaveFormat(8000, 16, 2));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new UsageException($"cannot create the capture file '{path}': {e.Message}", e);
        }
    }

    /// <summary>Appends one block of each side.</summary>
    public void Add(ReadOnlySpan<short> fromA, ReadOnlySpan<short> fromB)
    {
        for (int i = 0; i < 160; i++)
        {
            _frame[4 * i] = (byte)fromA[i];
            _frame[4 * i + 1] = (byte)(fromA[i] >> 8);
            _frame[4 * i + 2] = (byte)fromB[i];
            _frame[4 * i + 3] = (byte)(fromB[i] >> 8);
        }

        _writer.Write(_frame, 0, _frame.Length);
    }

    /// <inheritdoc/>
    public void Dispose() => _writer.Dispose();
}
