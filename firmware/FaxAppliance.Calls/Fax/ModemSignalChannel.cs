using FaxAppliance.Dsp.Tones;
using FaxAppliance.Fax.Channel;
using FaxAppliance.Fax.T30;
using FaxAppliance.Modems;
using FaxAppliance.Modems.Hdlc;
using FaxAppliance.Modems.V17;
using FaxAppliance.Modems.V21;
using FaxAppliance.Modems.V27ter;
using FaxAppliance.Modems.V29;

namespace FaxAppliance.Calls.Fax;

/// <summary>
/// The T.30 signal channel of the analog line: V.21 channel 2 with HDLC for control frames, V.27ter / V.29 / V.17 for
/// page data, CED and CNG, all in 8 kHz linear samples, one block at a time (<see cref="Process"/>). Every receiver and
/// transmitter is built in the constructor; a block allocates nothing.
/// </summary>
/// <remarks>
/// Receiving, V.21 is always listened to; the high-speed receiver only when the engine asks for page data, and then
/// both run on every block (T.30: a sender that missed our response repeats its command in V.21 instead of sending
/// the page). Changes the engine asks for from inside an event take effect at the next block, so a receiver is never
/// switched inside its own processing.
/// </remarks>
public sealed partial class ModemSignalChannel : ISignalChannel
{
    private const int BlockSamples = 160;

    private readonly FaxToneDetector _tones = new();
    private readonly V21Receiver _v21 = new();
    private readonly HdlcReceiver _hdlc = new();
    private readonly HdlcReceiver _imageHdlcReceiver = new();
    private readonly V27terReceiver _v27 = new();
    private readonly V29Receiver _v29 = new();
    private readonly V17Receiver _v17 = new();
    private readonly byte[] _imageBytes = new byte[256];
    private IChannelEvents? _events;
    private IFaxReceiver? _image;
    private bool _imageHdlc;
    private bool _imageTrained;
    private bool _imageSignal;
    private bool _imageFailureReported;
    private bool _v21DuringSignal;
    private int _imageCount;
    private int _imageBitBuffer;
    private int _imageBitCount;
    private PendingMode _pending;
    private SignallingRate _pendingRate;
    private bool _pendingShortTrain;
    private bool _pendingHdlc;
    private long _samples;

    private enum PendingMode
    {
        None,
        Control,
        Image,
    }

    /// <summary>The image receivers' and V.21's statistics, for the live call view.</summary>
    public ModemStatistics ControlStatistics => _v21.Statistics;

    /// <summary>The active high-speed receiver's statistics (null while only V.21 listens).</summary>
    public ModemStatistics? ImageStatistics => _image?.Statistics;

    /// <inheritdoc/>
    public double ReceiveLevelDbm0 => _image is { Statistics.CarrierPresent: true } ? _image.Statistics.SignalLevelDbm0 : _v21.Statistics.SignalLevelDbm0;

    /// <summary>Connects the engine that receives this channel's events (once, before the first block).</summary>
    public void Attach(IChannelEvents events)
    {
        ArgumentNullException.ThrowIfNull(events);
        _events = events;
    }

    /// <inheritdoc/>
    public void ReceiveControl() => _pending = PendingMode.Control;

    /// <inheritdoc/>
    public void ReceiveImage(SignallingRate rate, bool shortTrain, bool hdlcFramed)
    {
        _pending = PendingMode.Image;
        _pendingRate = rate;
        _pendingShortTrain = shortTrain;
        _pendingHdlc = hdlcFramed;
    }

    /// <summary>
    /// Runs one block: the received samples through the receivers (raising the engine's events), the engine's tick, and
    /// the transmitted samples out of the queue.
    /// </summary>
    /// <param name="received">The block from the line (any length up to 160; normally 160).</param>
    /// <param name="transmit">Filled with the block to send, same length.</param>
    public void Process(ReadOnlySpan<short> received, Span<short> transmit)
    {
        IChannelEvents events = _events ?? throw new InvalidOperationException("Attach the engine before processing.");
        ApplyPending();

        var toneSink = new ToneSink(events);
        _tones.Process(received, ref toneSink);

        var control = new HdlcBitSink<ControlSink>(_hdlc, new ControlSink(events));
        _v21.Process(received, ref control);

        if (_image is not null)
        {
            var sink = new ImageSink(this);
            switch (_image)
            {
                case V17Receiver v17:
                    v17.Process(received, ref sink);
                    break;
                case V29Receiver v29:
                    v29.Process(received, ref sink);
                    break;
                case V27terReceiver v27:
                    v27.Process(received, ref sink);
                    break;
            }

            FlushImage();
            if (_imageSignal && (_hdlc.FramingOk || _v21.Statistics.CarrierPresent))
            {
                _v21DuringSignal = true; // the "high-speed signal" is (or overlaps) a V.21 command
            }
        }

        _samples += received.Length;
        ApplyPending();
        Generate(transmit);
        events.OnTick(TimeSpan.FromTicks(_samples * (TimeSpan.TicksPerSecond / 8000)));
    }

    private void ApplyPending()
    {
        switch (_pending)
        {
            case PendingMode.Control:
                _image = null;
                break;
            case PendingMode.Image:
                _imageHdlc = _pendingHdlc;
                _image = _pendingRate.Modulation switch
                {
                    Modulation.V17 => _v17,
                    Modulation.V29 => _v29,
                    _ => _v27,
                };
                _image.Restart(_pendingRate.BitRate, _pendingShortTrain);
                _imageHdlcReceiver.Restart();
                _imageTrained = false;
                _imageSignal = false;
                _imageFailureReported = false;
                _v21DuringSignal = false;
                _imageCount = 0;
                _imageBitBuffer = 0;
                _imageBitCount = 0;
                break;
            default:
                break;
        }

        _pending = PendingMode.None;
    }

    private void PutImageBit(int bit)
    {
        if (!_imageTrained)
        {
            return;
        }

        if (_imageHdlc)
        {
            // ECM: the page travels as HDLC frames over the high-speed modem (T.30 Annex A).
            var frames = new ImageFrameSink(_events!);
            _imageHdlcReceiver.PutBit(bit, ref frames);
            return;
        }

        // First bit on the line = least significant bit (the order T.4 data and TIFF FillOrder 2 use).
        _imageBitBuffer |= (bit & 1) << _imageBitCount;
        if (++_imageBitCount == 8)
        {
            _imageBytes[_imageCount++] = (byte)_imageBitBuffer;
            _imageBitBuffer = 0;
            _imageBitCount = 0;
            if (_imageCount == _imageBytes.Length)
            {
                FlushImage();
            }
        }
    }

    private void FlushImage()
    {
        if (_imageCount > 0)
        {
            _events!.OnImageData(_imageBytes.AsSpan(0, _imageCount));
            _imageCount = 0;
        }
    }

    private void OnImageStatus(ModemStatus status)
    {
        switch (status)
        {
            case ModemStatus.CarrierUp:
                _imageSignal = true;
                _imageFailureReported = false;
                _v21DuringSignal = _hdlc.FramingOk || _v21.Statistics.CarrierPresent;
                _events!.OnImageStatus(ImageStatus.SignalDetected);
                break;
            case ModemStatus.TrainingInProgress:
                _imageSignal = true;
                break;
            case ModemStatus.TrainingSucceeded:
                _imageSignal = true;
                _imageTrained = true;
                _events!.OnImageStatus(ImageStatus.TrainingSucceeded);
                break;
            case ModemStatus.TrainingFailed:
                // A V.21 signal (a repeated command) also upsets the high-speed receiver's training: that is not a
                // failed page, and the engine hears the command itself.
                if (!_v21.Statistics.CarrierPresent && !_hdlc.FramingOk && !_v21DuringSignal)
                {
                    _imageSignal = true;
                    _imageFailureReported = true;
                    _events!.OnImageStatus(ImageStatus.TrainingFailed);
                }

                break;
            case ModemStatus.CarrierDown when _imageSignal:
                FlushImage();
                if (!_imageTrained && !_imageFailureReported && !_v21DuringSignal)
                {
                    // A signal that came and went without a training we could recognise (its start was lost).
                    _events!.OnImageStatus(ImageStatus.TrainingFailed);
                }

                _imageSignal = false;
                _imageTrained = false;
                _imageFailureReported = false;
                _v21DuringSignal = false;
                _events!.OnImageStatus(ImageStatus.CarrierDown);
                break;
            default:
                break;
        }
    }

    private readonly struct ToneSink(IChannelEvents events) : IToneEventSink
    {
        public void OnToneEvent(in ToneEvent toneEvent)
        {
            if (toneEvent.Type != ToneEventType.Started)
            {
                return;
            }

            if (toneEvent.Tone == ToneKind.Cng)
            {
                events.OnTone(ChannelTone.Cng);
            }
            else if (toneEvent.Tone is ToneKind.Ans or ToneKind.AnsAm or ToneKind.AnsPhaseReversals or ToneKind.AnsAmPhaseReversals)
            {
                events.OnTone(ChannelTone.Ced);
            }
        }
    }

    private readonly struct ControlSink(IChannelEvents events) : IHdlcFrameSink
    {
        public void OnFrame(ReadOnlySpan<byte> frame, bool crcOk) => events.OnControlFrame(frame, crcOk);

        public void OnStatus(ModemStatus status)
        {
            if (status == ModemStatus.FramingOk)
            {
                events.OnControlCarrier(true);
            }
            else if (status == ModemStatus.CarrierDown)
            {
                events.OnControlCarrier(false);
            }
        }
    }

    private readonly struct ImageFrameSink(IChannelEvents events) : IHdlcFrameSink
    {
        public void OnFrame(ReadOnlySpan<byte> frame, bool crcOk) => events.OnImageFrame(frame, crcOk);

        public void OnStatus(ModemStatus status)
        {
        }
    }

    private readonly struct ImageSink(ModemSignalChannel owner) : IBitSink
    {
        public void PutBit(int bit) => owner.PutImageBit(bit);

        public void OnStatus(ModemStatus status) => owner.OnImageStatus(status);
    }
}
