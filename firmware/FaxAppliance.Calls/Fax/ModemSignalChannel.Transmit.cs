using FaxAppliance.Dsp;
using FaxAppliance.Fax.Channel;
using FaxAppliance.Fax.T30;
using FaxAppliance.Modems;
using FaxAppliance.Modems.Hdlc;
using FaxAppliance.Modems.V17;
using FaxAppliance.Modems.V21;
using FaxAppliance.Modems.V27ter;
using FaxAppliance.Modems.V29;

namespace FaxAppliance.Calls.Fax;

// The transmit side: a fixed queue of signals (silence, tone, V.21 HDLC frames, a high-speed burst) played out
// block by block.
public sealed partial class ModemSignalChannel
{
    /// <summary>Most signals that can wait in the queue: an ECM block is 256 frames and 3 RCP (T.30 Annex A), plus the
    /// silences and the post-page command around it.</summary>
    public const int QueueCapacity = 300;

    /// <summary>Tone level: CED and CNG at −11 dBm0 (inside T.30's and V.25's −6…−15 dBm0 window).</summary>
    public const double ToneLevelDbm0 = -11.0;

    /// <summary>
    /// After the last data bit the modem keeps going this long with ones (scrambled), so the far receiver's equalizer,
    /// and V.17's Viterbi decoder (traceback 32 symbols, 25 ms at 2400 baud… here generous), deliver every data bit before
    /// the carrier goes.
    /// </summary>
    public const int ImageTailMs = 60;

    private readonly TxItem[] _queue = new TxItem[QueueCapacity];
    private readonly byte[] _framePool = new byte[QueueCapacity * HdlcReceiver.DefaultMaxFrameBytes];
    private readonly V21Transmitter _v21Tx = new();
    private readonly HdlcTransmitter _hdlcTx = new(queueCapacity: 16);
    private readonly HdlcTransmitter _imageHdlcTx = new(queueCapacity: 16);
    private readonly V27terTransmitter _v27Tx = new();
    private readonly V29Transmitter _v29Tx = new();
    private readonly V17Transmitter _v17Tx = new();
    private int _controlItems;    // control items of the V.21 transmission at the head
    private bool _controlFinished;
    private int _head;
    private int _count;
    private int _samplesLeft;     // of the current silence / tone item
    private int _itemSamples;     // the current tone item's total, for the CNG cadence
    private bool _started;        // the head item has begun
    private bool _hadWork;
    private double _tonePhase;
    private ImageSource _imageSource;

    private enum TxKind : byte
    {
        Silence,
        Tone,
        Control,
        ImageStart,
        ImageData,
        ImageEnd,
    }

    /// <inheritdoc/>
    public bool TransmitIdle => _count == 0;

    /// <inheritdoc/>
    public void SendSilence(int milliseconds) => Enqueue(new TxItem { Kind = TxKind.Silence, Samples = milliseconds * 8 });

    /// <inheritdoc/>
    public void SendTone(ChannelTone tone, int milliseconds) => Enqueue(new TxItem { Kind = TxKind.Tone, Tone = tone, Samples = milliseconds * 8 });

    /// <inheritdoc/>
    public void SendControl(ReadOnlySpan<byte> frame, bool last)
    {
        if (frame.Length > HdlcReceiver.DefaultMaxFrameBytes)
        {
            throw new ArgumentException($"A control frame holds at most {HdlcReceiver.DefaultMaxFrameBytes} octets.", nameof(frame));
        }

        int slot = (_head + _count) % QueueCapacity;
        Memory<byte> copy = _framePool.AsMemory(slot * HdlcReceiver.DefaultMaxFrameBytes, frame.Length);
        frame.CopyTo(copy.Span);
        Enqueue(new TxItem { Kind = TxKind.Control, Data = copy, Last = last });
    }

    /// <inheritdoc/>
    public void StartImage(SignallingRate rate, bool shortTrain, bool hdlcFramed) =>
        Enqueue(new TxItem { Kind = TxKind.ImageStart, Rate = rate, ShortTrain = shortTrain, Hdlc = hdlcFramed });

    /// <inheritdoc/>
    public void SendImage(ReadOnlyMemory<byte> data) => Enqueue(new TxItem { Kind = TxKind.ImageData, Data = data });

    /// <inheritdoc/>
    public void EndImage() => Enqueue(new TxItem { Kind = TxKind.ImageEnd });

    /// <inheritdoc/>
    public void AbortTransmit()
    {
        for (int i = 0; i < QueueCapacity; i++)
        {
            _queue[i] = default;
        }

        _head = 0;
        _count = 0;
        _started = false;
        _hadWork = false;
    }

    private void Enqueue(in TxItem item)
    {
        if (_count == QueueCapacity)
        {
            throw new InvalidOperationException($"The transmit queue is full ({QueueCapacity} signals): the engine queued without waiting.");
        }

        _queue[(_head + _count) % QueueCapacity] = item;
        _count++;
        _hadWork = true;
    }

    private void Dequeue()
    {
        _queue[_head] = default;
        _head = (_head + 1) % QueueCapacity;
        _count--;
        _started = false;
    }

    private void Generate(Span<short> output)
    {
        int done = 0;
        while (done < output.Length && _count > 0)
        {
            ref TxItem item = ref _queue[_head];
            done += item.Kind switch
            {
                TxKind.Silence => Silence(output[done..]),
                TxKind.Tone => Tone(output[done..], item.Tone),
                TxKind.Control => Control(output[done..]),
                _ => Image(output[done..]),
            };
        }

        output[done..].Clear();
        if (_count == 0 && _hadWork)
        {
            _hadWork = false;
            _events!.OnTransmitComplete();
        }
    }

    private int Silence(Span<short> output)
    {
        if (!_started)
        {
            _started = true;
            _samplesLeft = _queue[_head].Samples;
        }

        int n = Math.Min(output.Length, _samplesLeft);
        output[..n].Clear();
        _samplesLeft -= n;
        if (_samplesLeft == 0)
        {
            Dequeue();
        }

        return n;
    }

    private int Tone(Span<short> output, ChannelTone tone)
    {
        if (!_started)
        {
            _started = true;
            _samplesLeft = _itemSamples = _queue[_head].Samples;
            _tonePhase = 0;
        }

        double hz = tone == ChannelTone.Cng ? 1100 : 2100;
        double amplitude = Levels.SineAmplitudeFromDbm0(ToneLevelDbm0);
        int n = Math.Min(output.Length, _samplesLeft);
        for (int i = 0; i < n; i++)
        {
            int elapsed = _itemSamples - _samplesLeft + i;
            bool on = tone == ChannelTone.Ced || elapsed % 28_000 < 4_000; // CNG: 0.5 s on, 3 s off (T.30 §4.1.2)
            output[i] = on ? (short)Math.Round(amplitude * Math.Sin(_tonePhase)) : (short)0;
            _tonePhase += 2 * Math.PI * hz / 8000;
            if (_tonePhase > 2 * Math.PI)
            {
                _tonePhase -= 2 * Math.PI;
            }
        }

        _samplesLeft -= n;
        if (_samplesLeft == 0)
        {
            Dequeue();
        }

        return n;
    }

    private int Control(Span<short> output)
    {
        if (!_started)
        {
            // One V.21 transmission: the preamble (T.30 §5.3.1), then the head item and the control items after it
            // up to the one marked last, the frames separated by flags.
            _started = true;
            _controlItems = 0;
            _controlFinished = false;
            _hdlcTx.Start(HdlcTransmitter.PreambleFlagsFor(V21Transmitter.BitRate));
            _v21Tx.Restart();
        }

        QueueControlFrames();
        var source = _hdlcTx.Source;
        _v21Tx.Generate(output, ref source);
        if (_hdlcTx.Completed)
        {
            for (int i = 0; i < _controlItems; i++)
            {
                Dequeue();
            }
        }

        return output.Length;
    }

    // Hands the sequence's frames to the HDLC transmitter as they are queued (normally all at once).
    private void QueueControlFrames()
    {
        while (!_controlFinished && _controlItems < _count)
        {
            ref TxItem item = ref _queue[(_head + _controlItems) % QueueCapacity];
            if (item.Kind != TxKind.Control || !_hdlcTx.TryQueueFrame(item.Data.Span))
            {
                return;
            }

            _controlItems++;
            if (item.Last)
            {
                _hdlcTx.Finish();
                _controlFinished = true;
            }
        }
    }

    private int Image(Span<short> output)
    {
        ref TxItem item = ref _queue[_head];
        if (item.Kind != TxKind.ImageStart)
        {
            Dequeue(); // data or end without a start: the engine's bug, but never a stuck queue
            return 0;
        }

        if (!_started)
        {
            _started = true;
            _imageSource = new ImageSource { Item = 1, TailBits = Math.Max(1, item.Rate.BitRate * ImageTailMs / 1000), Hdlc = item.Hdlc };
            if (item.Hdlc)
            {
                // ECM: the frames go as HDLC over the high-speed modem, after 200 ms of flags (T.30 Annex A, §A.3.1).
                _imageHdlcTx.Start(HdlcTransmitter.PreambleFlagsFor(item.Rate.BitRate, 0.2));
            }
            switch (item.Rate.Modulation)
            {
                case Modulation.V17:
                    _v17Tx.Restart(item.Rate.BitRate, item.ShortTrain);
                    break;
                case Modulation.V29:
                    _v29Tx.Restart(item.Rate.BitRate, item.ShortTrain);
                    break;
                default:
                    _v27Tx.Restart(item.Rate.BitRate, item.ShortTrain);
                    break;
            }
        }

        var source = new BurstSource(this);
        switch (item.Rate.Modulation)
        {
            case Modulation.V17:
                _v17Tx.Generate(output, ref source);
                break;
            case Modulation.V29:
                _v29Tx.Generate(output, ref source);
                break;
            default:
                _v27Tx.Generate(output, ref source);
                break;
        }

        if (_imageSource.Finished)
        {
            // The burst is over: drop the start, its data items and the end.
            while (_count > 0 && _queue[_head].Kind is TxKind.ImageStart or TxKind.ImageData)
            {
                Dequeue();
            }

            if (_count > 0 && _queue[_head].Kind == TxKind.ImageEnd)
            {
                Dequeue();
            }
        }

        return output.Length;
    }

    // The next data bit of the burst at the head of the queue: its data items in order, LSB first, then the tail.
    private int NextImageBit()
    {
        ref ImageSource s = ref _imageSource;
        while (true)
        {
            if (s.InTail)
            {
                if (s.TailBits > 0)
                {
                    s.TailBits--;
                    if (s.TailBits == 0)
                    {
                        s.Finished = true;
                    }
                }

                return 1;
            }

            if (s.Hdlc)
            {
                FeedImageFrames(ref s);
                int hdlcBit = _imageHdlcTx.GetBit();
                if (_imageHdlcTx.Completed)
                {
                    s.InTail = true;
                }

                return hdlcBit;
            }

            int index = (_head + s.Item) % QueueCapacity;
            if (s.Item >= _count || _queue[index].Kind == TxKind.ImageEnd)
            {
                if (s.Item >= _count)
                {
                    return 1; // the engine has not queued the end yet: mark (ones) keeps the carrier
                }

                s.InTail = true;
                continue;
            }

            if (_queue[index].Kind != TxKind.ImageData || s.Byte >= _queue[index].Data.Length)
            {
                s.Item++;
                s.Byte = 0;
                s.Bit = 0;
                continue;
            }

            int bit = (_queue[index].Data.Span[s.Byte] >> s.Bit) & 1;
            if (++s.Bit == 8)
            {
                s.Bit = 0;
                s.Byte++;
            }

            return bit;
        }
    }

    // ECM: hands the burst's frames to the HDLC transmitter as its queue frees, and finishes it at the burst's end.
    private void FeedImageFrames(ref ImageSource s)
    {
        while (!s.HdlcFinished && s.Item < _count)
        {
            ref TxItem item = ref _queue[(_head + s.Item) % QueueCapacity];
            if (item.Kind == TxKind.ImageData)
            {
                if (item.Data.Length > _imageHdlcTx.MaxFrameBytes || !_imageHdlcTx.TryQueueFrame(item.Data.Span))
                {
                    if (item.Data.Length > _imageHdlcTx.MaxFrameBytes)
                    {
                        s.Item++; // an oversized frame is the engine's bug; skip it rather than stall the line
                        continue;
                    }

                    return; // the HDLC queue is full: more after the next bits
                }

                s.Item++;
                continue;
            }

            _imageHdlcTx.Finish(); // ImageEnd (or anything else ends the burst)
            s.HdlcFinished = true;
        }
    }

    private struct ImageSource
    {
        public bool Hdlc;
        public bool HdlcFinished;
        public int Item; // offset from the head; the first data item follows the start item
        public int Byte;
        public int Bit;
        public bool InTail;
        public int TailBits;
        public bool Finished;
    }

    private readonly struct BurstSource(ModemSignalChannel owner) : IBitSource
    {
        public int GetBit() => owner.NextImageBit();
    }

    private struct TxItem
    {
        public TxKind Kind;
        public int Samples;
        public ChannelTone Tone;
        public ReadOnlyMemory<byte> Data;
        public bool Last;
        public SignallingRate Rate;
        public bool ShortTrain;
        public bool Hdlc;
    }
}
