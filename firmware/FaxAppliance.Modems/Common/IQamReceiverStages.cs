namespace FaxAppliance.Modems.Common;

/// <summary>
/// The modem-specific half of a QAM receiver (V.27ter, V.29, V.17) that <see cref="QamReceiverCore"/>
/// drives: its training stages, symbol handling and what coasting means for its loops. Implemented by a small struct that wraps
/// the receiver, so that the core's generic calls are direct (and inlined), with no delegate, boxing or
/// allocation per block.
/// </summary>
internal interface IQamReceiverStages
{
    /// <summary>True while no signal is being followed: symbols are not handled.</summary>
    bool Idle { get; }

    /// <summary>True while a train has begun and not yet succeeded (a carrier loss now is a failed train).</summary>
    bool InTraining { get; }

    /// <summary>Called once per input sample, before carrier detection (e.g. a level meter).</summary>
    /// <param name="x">The input sample.</param>
    void OnSample(double x);

    /// <summary>Starts looking for the training sequence (the carrier came up while idle).</summary>
    void EnterSearch();

    /// <summary>Stops following the signal: the carrier dropped or a gap was too long to coast through.</summary>
    void EnterIdle();

    /// <summary>The carrier dropped while not in training: deliver what is still pending, if anything.</summary>
    /// <typeparam name="TSink">The bit sink.</typeparam>
    /// <param name="sink">Where bits go.</param>
    void OnCarrierLost<TSink>(ref TSink sink)
        where TSink : struct, IBitSink;

    /// <summary>The front end completed a symbol pair (the receiver is not idle).</summary>
    /// <typeparam name="TSink">The bit sink.</typeparam>
    /// <param name="sink">Where bits and status changes go.</param>
    void OnSymbol<TSink>(ref TSink sink)
        where TSink : struct, IBitSink;

    /// <summary>True while the gain, carrier and timing are being estimated (a gap now restarts the search).</summary>
    bool Acquiring { get; }

    /// <summary>A symbol period of a fill-in gap passed while following the signal, after the equalizer took
    /// its (zero) input: carry the carrier loop and training references across it.</summary>
    void CoastTracking();
}
