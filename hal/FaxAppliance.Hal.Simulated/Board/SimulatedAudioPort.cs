using System.Diagnostics;
using FaxAppliance.Dsp.Codecs;
using FaxAppliance.Hal.Audio;

namespace FaxAppliance.Hal.Simulated.Board;

/// <summary>
/// The simulated DAA's PCM link: a receive buffer the line side fills with encoded blocks and a transmit buffer
/// the line side drains, both preallocated rings of 20 ms frames guarded by one monitor. Nothing on the frame
/// path allocates (after the first wait on a given cancellation token, which registers once).
/// </summary>
public sealed class SimulatedAudioPort : IAudioPort, IDisposable
{
    private const int N = AudioFrame.Samples;

    private readonly object _gate = new();
    private readonly G711Law _g711Law;
    private readonly byte[] _rxCodes;
    private readonly FrameTimestamp[] _rxStamps;
    private readonly int _rxDepth;
    private readonly byte[] _txCodes;
    private readonly int _txDepth;
    private int _rxHead;
    private int _rxCount;
    private int _txHead;
    private int _txCount;
    private bool _closed;
    private long _framesReceived;
    private long _framesRead;
    private long _overruns;
    private long _framesWritten;
    private long _framesSent;
    private long _underruns;

    // One registration per distinct token, so a reader that passes the same token every call does not allocate.
    private readonly object _registrationGate = new();
    private CancellationToken _registeredToken;
    private CancellationTokenRegistration _registration;

    internal SimulatedAudioPort(CompandingLaw law, int receiveFrames, int transmitFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(receiveFrames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(transmitFrames, 1);
        Law = law;
        _g711Law = law == CompandingLaw.ALaw ? G711Law.ALaw : G711Law.MuLaw;
        _rxDepth = receiveFrames;
        _txDepth = transmitFrames;
        _rxCodes = new byte[receiveFrames * N];
        _rxStamps = new FrameTimestamp[receiveFrames];
        _txCodes = new byte[transmitFrames * N];
    }

    /// <inheritdoc/>
    public CompandingLaw Law { get; }

    /// <inheritdoc/>
    public AudioPortCounters Counters
    {
        get
        {
            lock (_gate)
            {
                return new AudioPortCounters(_framesReceived, _framesRead, _overruns, _framesWritten, _framesSent, _underruns);
            }
        }
    }

    /// <inheritdoc/>
    public AudioStatus Read(Span<byte> codes, out FrameTimestamp timestamp, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (codes.Length < N)
        {
            throw new ArgumentException($"A frame is {N} codes; the buffer holds {codes.Length}.", nameof(codes));
        }

        timestamp = default;
        WakeOnCancel(cancellationToken);
        long start = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            while (true)
            {
                if (_rxCount > 0)
                {
                    _rxCodes.AsSpan(_rxHead * N, N).CopyTo(codes);
                    timestamp = _rxStamps[_rxHead];
                    _rxHead = (_rxHead + 1) % _rxDepth;
                    _rxCount--;
                    _framesRead++;
                    Monitor.PulseAll(_gate); // a pacing line side waits for the reader
                    return AudioStatus.Ok;
                }

                if (_closed)
                {
                    return AudioStatus.Closed;
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    return AudioStatus.Canceled;
                }

                if (!WaitUntil(start, timeout))
                {
                    return AudioStatus.TimedOut;
                }
            }
        }
    }

    /// <inheritdoc/>
    public AudioStatus Write(ReadOnlySpan<byte> codes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (codes.Length != N)
        {
            throw new ArgumentException($"A frame is {N} codes; got {codes.Length}.", nameof(codes));
        }

        WakeOnCancel(cancellationToken);
        long start = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            while (true)
            {
                if (_closed)
                {
                    return AudioStatus.Closed;
                }

                if (_txCount < _txDepth)
                {
                    codes.CopyTo(_txCodes.AsSpan(((_txHead + _txCount) % _txDepth) * N, N));
                    _txCount++;
                    _framesWritten++;
                    Monitor.PulseAll(_gate);
                    return AudioStatus.Ok;
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    return AudioStatus.Canceled;
                }

                if (!WaitUntil(start, timeout))
                {
                    return AudioStatus.TimedOut;
                }
            }
        }
    }

    /// <summary>Closes the port: waiting and later calls return <see cref="AudioStatus.Closed"/> (reads still drain what was received).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.PulseAll(_gate);
        }

        lock (_registrationGate)
        {
            _registration.Dispose();
            _registeredToken = default;
        }
    }

    /// <summary>Line side: encodes one block from the line and queues it for the reader, dropping the oldest if full.</summary>
    internal void Deliver(ReadOnlySpan<short> linear, long blockIndex)
    {
        lock (_gate)
        {
            if (_rxCount == _rxDepth)
            {
                _rxHead = (_rxHead + 1) % _rxDepth;
                _rxCount--;
                _overruns++;
            }

            int slot = (_rxHead + _rxCount) % _rxDepth;
            G711.Encode(_g711Law, linear, _rxCodes.AsSpan(slot * N, N));
            _rxStamps[slot] = FrameTimestamp.FromSampleIndex(blockIndex * N);
            _rxCount++;
            _framesReceived++;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// Line side: decodes the next queued transmit frame into <paramref name="linear"/>, waiting up to
    /// <paramref name="wait"/> for one; silence and an underrun when there is none.
    /// </summary>
    /// <returns>True when the appliance's frame was there; false for silence.</returns>
    internal bool Collect(Span<short> linear, TimeSpan wait, out bool timedOut)
    {
        timedOut = false;
        long start = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            while (_txCount == 0 && !_closed && wait > TimeSpan.Zero)
            {
                if (!WaitUntil(start, wait))
                {
                    timedOut = true;
                    break;
                }
            }

            if (_txCount == 0)
            {
                linear.Clear();
                _underruns++;
                return false;
            }

            G711.Decode(_g711Law, _txCodes.AsSpan(_txHead * N, N), linear);
            _txHead = (_txHead + 1) % _txDepth;
            _txCount--;
            _framesSent++;
            Monitor.PulseAll(_gate);
            return true;
        }
    }

    /// <summary>Line side: waits until the reader has taken every delivered frame; false on timeout.</summary>
    internal bool WaitUntilRead(TimeSpan timeout)
    {
        long start = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            while (_rxCount > 0 && !_closed)
            {
                if (!WaitUntil(start, timeout))
                {
                    return false;
                }
            }

            return true;
        }
    }

    // Waits on the monitor (which must be held) until pulsed or the time from 'start' runs out; false when it has.
    private bool WaitUntil(long start, TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            Monitor.Wait(_gate);
            return true;
        }

        TimeSpan left = timeout - Stopwatch.GetElapsedTime(start);
        if (left <= TimeSpan.Zero)
        {
            return false;
        }

        Monitor.Wait(_gate, left);
        return true;
    }

    private void WakeOnCancel(CancellationToken token)
    {
        if (!token.CanBeCanceled || token == _registeredToken)
        {
            return;
        }

        lock (_registrationGate)
        {
            _registration.Dispose();
            _registeredToken = token;
            _registration = token.UnsafeRegister(static state => ((SimulatedAudioPort)state!).Wake(), this);
        }
    }

    private void Wake()
    {
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }
}
