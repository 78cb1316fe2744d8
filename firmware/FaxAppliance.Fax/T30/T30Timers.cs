namespace FaxAppliance.Fax.T30;

/// <summary>The timers and repeat counts of T.30 §5.4.3 (nominal values; the tolerances are the Recommendation's).</summary>
public static class T30Timers
{
    /// <summary>T1: 35 ± 5 s, the time to identify the remote station (from the start of the call to a valid DIS or DCS).</summary>
    public static readonly TimeSpan T1 = TimeSpan.FromSeconds(35);

    /// <summary>T2: 6 ± 1 s, the longest wait for a command (or for page data after CFR/MCF).</summary>
    public static readonly TimeSpan T2 = TimeSpan.FromSeconds(6);

    /// <summary>T4: 3 s ± 15 %, the wait for a response before a command is repeated (automatic stations).</summary>
    public static readonly TimeSpan T4 = TimeSpan.FromSeconds(3);

    /// <summary>T5: 60 ± 5 s, ECM: the longest the receiver may keep answering RNR.</summary>
    public static readonly TimeSpan T5 = TimeSpan.FromSeconds(60);

    /// <summary>A command is sent at most three times (T.30 §5.4.3: "repeated up to three times").</summary>
    public const int MaxCommandTries = 3;

    /// <summary>The gap between the end of one signal and the start of the next: 75 ± 20 ms (T.30 §5.3.2.4 / Figure 5-2).</summary>
    public const int TurnaroundMs = 75;

    /// <summary>TCF: 1.5 s ± 10 % of zeros after the training (T.30 §5.3.6.2.3 / the DCS description).</summary>
    public const int TcfMs = 1500;

    /// <summary>
    /// Our TCF criterion (T.30 leaves it to the receiver): an unbroken run of zeros lasting at least this long, i.e. two
    /// thirds of the 1.5 s, at the commanded rate.
    /// </summary>
    public const int TcfMinZeroRunMs = 1000;

    /// <summary>The wait for CED/DIS after answering, before CED: 0.2 s of silence (T.30 §4.1.3 leaves 1.8–2.5 s at most).</summary>
    public const int AnswerSilenceMs = 200;

    /// <summary>CED: 2100 Hz for 2.6–4.0 s (T.30 §4.1.3); we send 3 s.</summary>
    public const int CedMs = 3000;

    /// <summary>How long after the end of our transmission a received copy of one of our frames counts as line echo.</summary>
    public static readonly TimeSpan EchoWindow = TimeSpan.FromMilliseconds(600);
}
