using FaxAppliance.Audio;
using FaxAppliance.Dsp.Codecs;
using FaxAppliance.Fax.Records;
using FaxAppliance.Fax.T30;
using FaxAppliance.Hal.Audio;

namespace FaxAppliance.Calls.Fax;

/// <summary>
/// One fax call on the analog line: a capture-loop consumer that runs each received block through the
/// <see cref="ModemSignalChannel"/> and the <see cref="T30Engine"/>, and writes the block to send to the audio port.
/// Everything happens on the consumer's thread; others read <see cref="Finished"/> and, once it is true,
/// <see cref="Record"/>.
/// </summary>
public sealed class FaxCallSession : IFrameConsumer
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromMilliseconds(200);

    private readonly IAudioPort _port;
    private readonly ModemSignalChannel _channel;
    private readonly T30Engine _engine;
    private readonly G711Law _law;
    private readonly short[] _tx = new short[AudioFrame.Samples];
    private readonly byte[] _codes = new byte[AudioFrame.Samples];
    private volatile bool _finished;
    private bool _started;
    private long _writeFailures;

    /// <summary>Creates the session; the engine starts with the first block.</summary>
    public FaxCallSession(IAudioPort port, T30Options options, CallRecord record, FaxAppliance.Fax.Pages.IPageStore? store, IReadOnlyList<FaxAppliance.Fax.Pages.PageBitmap>? document)
    {
        ArgumentNullException.ThrowIfNull(port);
        _port = port;
        _law = port.Law == CompandingLaw.ALaw ? G711Law.ALaw : G711Law.MuLaw;
        _channel = new ModemSignalChannel();
        _engine = new T30Engine(options, _channel, record, store, document);
        _channel.Attach(_engine);
    }

    /// <summary>The call is over: hang up.</summary>
    public bool Finished => _finished;

    /// <summary>The call record (read it once <see cref="Finished"/>).</summary>
    public CallRecord Record => _engine.Record;

    /// <summary>The channel (statistics for the live call view).</summary>
    public ModemSignalChannel Channel => _channel;

    /// <summary>Blocks the audio port would not take in time.</summary>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    /// <inheritdoc/>
    public void OnFrame(in CapturedFrame frame)
    {
        if (_finished)
        {
            return;
        }

        if (!_started)
        {
            _started = true;
            _engine.Start();
        }

        try
        {
            _channel.Process(frame.Samples, _tx);
        }
#pragma warning disable CA1031 // A bug in the fax path must end this call with its reason, not kill the capture consumer silently.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _engine.Abort($"internal error in the fax path: {e.GetType().Name}: {e.Message}");
            _finished = true;
            return;
        }

        G711.Encode(_law, _tx, _codes);
        if (_port.Write(_codes, WriteTimeout, CancellationToken.None) != AudioStatus.Ok)
        {
            Interlocked.Increment(ref _writeFailures);
        }

        if (_engine.Finished)
        {
            _finished = true;
        }
    }

    /// <summary>The line went away (the remote hung up, or the run ended): ends the call with <paramref name="reason"/>.
    /// Call only from the consumer's thread or after the capture loop has stopped.</summary>
    public void Abort(string reason)
    {
        _engine.Abort(reason);
        _finished = true;
    }
}
