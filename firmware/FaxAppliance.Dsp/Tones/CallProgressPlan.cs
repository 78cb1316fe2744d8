namespace FaxAppliance.Dsp.Tones;

/// <summary>
/// One call-progress signal of a plan: its frequencies (one tone, or two played together), their
/// tolerance, and its cadence.
/// </summary>
public sealed class CallProgressTone
{
    /// <summary>Lowest and highest frequency a plan may use, Hz (the telephone band).</summary>
    public const double MinFrequencyHz = 200, MaxFrequencyHz = 3400;

    /// <summary>Largest frequency tolerance, Hz: the detector measures offsets over 20 ms, unambiguous to ±25 Hz.</summary>
    public const double MaxToleranceHz = 20;

    /// <summary>Two frequencies of one signal must be this far apart to be measured separately over 20 ms, Hz.</summary>
    public const double MinSeparationHz = 40;

    /// <summary>Longest cadence: four on/off pairs.</summary>
    public const int MaxCadenceEntries = 8;

    /// <summary>Creates a signal; throws <see cref="ArgumentException"/> naming the bad field.</summary>
    /// <param name="signal">Which signal this is.</param>
    /// <param name="frequenciesHz">One or two frequencies, Hz.</param>
    /// <param name="frequencyToleranceHz">Allowed deviation of each frequency, Hz (1 to 20).</param>
    /// <param name="cadenceMs">On/off durations in ms starting with "on" (even length, up to 8); or a
    /// single value for a continuous tone: recognised once on that long.</param>
    /// <param name="cadenceTolerancePercent">Allowed deviation of each duration, percent (1 to 50).</param>
    /// <param name="cyclesToConfirm">Whole cadence cycles that must match before the signal is declared (1 to 4).</param>
    public CallProgressTone(
        CallProgressSignal signal,
        IReadOnlyList<double> frequenciesHz,
        double frequencyToleranceHz,
        IReadOnlyList<int> cadenceMs,
        int cadenceTolerancePercent = 20,
        int cyclesToConfirm = 1)
    {
        ArgumentNullException.ThrowIfNull(frequenciesHz);
        ArgumentNullException.ThrowIfNull(cadenceMs);
        if (signal == CallProgressSignal.None || !Enum.IsDefined(signal))
        {
            throw new ArgumentException($"signal: '{signal}' is not a call-progress signal", nameof(signal));
        }

        if (frequenciesHz.Count is < 1 or > 2)
        {
            throw new ArgumentException($"frequenciesHz: {frequenciesHz.Count} frequencies; one or two are supported", nameof(frequenciesHz));
        }

        foreach (double f in frequenciesHz)
        {
            if (!double.IsFinite(f) || f < MinFrequencyHz || f > MaxFrequencyHz)
            {
                throw new ArgumentException($"frequenciesHz: {f} Hz is outside {MinFrequencyHz}..{MaxFrequencyHz} Hz", nameof(frequenciesHz));
            }
        }

        if (frequenciesHz.Count == 2 && Math.Abs(frequenciesHz[0] - frequenciesHz[1]) < MinSeparationHz)
        {
            throw new ArgumentException($"frequenciesHz: the two frequencies must be at least {MinSeparationHz} Hz apart", nameof(frequenciesHz));
        }

        // Each component must stay 20 Hz clear of the point where the other's channel would take it for its own.
        double maxTolerance = frequenciesHz.Count == 2
            ? Math.Min(MaxToleranceHz, (Math.Abs(frequenciesHz[0] - frequenciesHz[1]) - 20) / 2)
            : MaxToleranceHz;
        if (!double.IsFinite(frequencyToleranceHz) || frequencyToleranceHz < 1 || frequencyToleranceHz > maxTolerance)
        {
            throw new ArgumentException($"frequencyToleranceHz: {frequencyToleranceHz} is outside 1..{maxTolerance} Hz (at most {MaxToleranceHz} Hz, and half the components' spacing less 10 Hz)", nameof(frequencyToleranceHz));
        }

        if (cadenceMs.Count < 1 || cadenceMs.Count > MaxCadenceEntries || (cadenceMs.Count > 1 && cadenceMs.Count % 2 != 0))
        {
            throw new ArgumentException($"cadenceMs: {cadenceMs.Count} entries; give on/off pairs (up to {MaxCadenceEntries} entries) or one value for a continuous tone", nameof(cadenceMs));
        }

        foreach (int ms in cadenceMs)
        {
            if (ms < 60 || ms > 20000)
            {
                throw new ArgumentException($"cadenceMs: {ms} ms is outside 60..20000 ms", nameof(cadenceMs));
            }
        }

        if (cadenceTolerancePercent is < 1 or > 50)
        {
            throw new ArgumentException($"cadenceTolerancePercent: {cadenceTolerancePercent} is outside 1..50", nameof(cadenceTolerancePercent));
        }

        if (cyclesToConfirm is < 1 or > 4)
        {
            throw new ArgumentException($"cyclesToConfirm: {cyclesToConfirm} is outside 1..4", nameof(cyclesToConfirm));
        }

        Signal = signal;
        FrequenciesHz = [.. frequenciesHz];
        FrequencyToleranceHz = frequencyToleranceHz;
        CadenceMs = [.. cadenceMs];
        CadenceTolerancePercent = cadenceTolerancePercent;
        CyclesToConfirm = cyclesToConfirm;
    }

    /// <summary>Which signal this is.</summary>
    public CallProgressSignal Signal { get; }

    /// <summary>One or two frequencies, Hz.</summary>
    public IReadOnlyList<double> FrequenciesHz { get; }

    /// <summary>Allowed deviation of each frequency, Hz.</summary>
    public double FrequencyToleranceHz { get; }

    /// <summary>On/off durations (ms), or one value: a continuous tone's recognition time.</summary>
    public IReadOnlyList<int> CadenceMs { get; }

    /// <summary>Whether the tone is continuous (dial tone).</summary>
    public bool Continuous => CadenceMs.Count == 1;

    /// <summary>Allowed deviation of each duration, percent.</summary>
    public int CadenceTolerancePercent { get; }

    /// <summary>Cycles that must match before the signal is declared.</summary>
    public int CyclesToConfirm { get; }
}

/// <summary>
/// A country's call-progress tones (ITU-T E.180 and its Supplement 2 list each country's): the
/// detector recognises exactly these. Two are built in; others come from configuration through
/// <see cref="FromSettings"/>.
/// </summary>
public sealed class CallProgressPlan
{
    /// <summary>Most signals a plan may hold.</summary>
    public const int MaxTones = 16;

    /// <summary>Creates a plan; throws <see cref="ArgumentException"/> naming the bad field.</summary>
    public CallProgressPlan(string name, IReadOnlyList<CallProgressTone> tones, double minLevelDbm0 = -43)
    {
        ArgumentNullException.ThrowIfNull(tones);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("name: a plan needs a name", nameof(name));
        }

        if (tones.Count is < 1 or > MaxTones)
        {
            throw new ArgumentException($"tones: {tones.Count} signals; a plan has 1..{MaxTones}", nameof(tones));
        }

        for (int i = 0; i < tones.Count; i++)
        {
            if (tones[i] is null)
            {
                throw new ArgumentException($"tones[{i}]: missing", nameof(tones));
            }
        }

        if (!double.IsFinite(minLevelDbm0) || minLevelDbm0 < -55 || minLevelDbm0 > 0)
        {
            throw new ArgumentException($"minLevelDbm0: {minLevelDbm0} is outside −55..0 dBm0", nameof(minLevelDbm0));
        }

        Name = name;
        Tones = [.. tones];
        MinLevelDbm0 = minLevelDbm0;
    }

    /// <summary>The plan's name.</summary>
    public string Name { get; }

    /// <summary>Its signals.</summary>
    public IReadOnlyList<CallProgressTone> Tones { get; }

    /// <summary>The weakest tone to detect, dBm0.</summary>
    public double MinLevelDbm0 { get; }

    /// <summary>
    /// The CEPT "425 Hz" plan (ITU-T E.180, ETSI ES 201 970): dial
    /// tone continuous, ring-back 1 s on / 4 s off, busy 0.5 / 0.5 s, congestion 0.2 / 0.2 s; 425 Hz ±15 Hz.
    /// Dial tone is declared after 2 s, longer than any 425 Hz ring-back burst.
    /// </summary>
    public static CallProgressPlan Cept { get; } = new(
        "CEPT 425 Hz",
        [
            new(CallProgressSignal.Dial, [425], 15, [2000]),
            new(CallProgressSignal.RingBack, [425], 15, [1000, 4000], 20, 1),
            new(CallProgressSignal.Busy, [425], 15, [500, 500], 20, 2),
            new(CallProgressSignal.Congestion, [425], 15, [200, 200], 20, 2),
        ]);

    /// <summary>
    /// The North American precise tone plan (ITU-T E.180 Supplement 2, United States / Canada): dial
    /// tone 350+440 Hz continuous, ring-back 440+480 Hz 2 s / 4 s, busy 480+620 Hz 0.5 / 0.5 s,
    /// reorder (congestion) 480+620 Hz 0.25 / 0.25 s. The plan's generators are within ±0.5 %; the
    /// detector accepts ±15 Hz, and ±10 Hz for ring-back, whose components are only 40 Hz apart.
    /// </summary>
    public static CallProgressPlan NorthAmerica { get; } = new(
        "North America",
        [
            new(CallProgressSignal.Dial, [350, 440], 15, [1000]),
            new(CallProgressSignal.RingBack, [440, 480], 10, [2000, 4000], 20, 1),
            new(CallProgressSignal.Busy, [480, 620], 15, [500, 500], 20, 2),
            new(CallProgressSignal.Congestion, [480, 620], 15, [250, 250], 20, 2),
        ]);

    /// <summary>Builds a plan from configuration; throws <see cref="ArgumentException"/> naming the bad field (e.g. "tones[1].cadenceMs").</summary>
    public static CallProgressPlan FromSettings(CallProgressPlanSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Tones is null || settings.Tones.Count == 0)
        {
            throw new ArgumentException("tones: a plan needs at least one signal", nameof(settings));
        }

        if (settings.Tones.Count > MaxTones)
        {
            throw new ArgumentException($"tones: {settings.Tones.Count} signals; a plan has 1..{MaxTones}", nameof(settings));
        }

        var tones = new CallProgressTone[settings.Tones.Count];
        for (int i = 0; i < tones.Length; i++)
        {
            CallProgressToneSettings? t = settings.Tones[i];
            string at = $"tones[{i}]";
            if (t is null)
            {
                throw new ArgumentException($"{at}: missing", nameof(settings));
            }

            if (!Enum.TryParse(t.Signal, ignoreCase: true, out CallProgressSignal signal) || signal == CallProgressSignal.None
                || !Enum.IsDefined(signal) || int.TryParse(t.Signal, out _))
            {
                throw new ArgumentException($"{at}.signal: '{t.Signal}' is not one of Dial, RingBack, Busy, Congestion", nameof(settings));
            }

            try
            {
                tones[i] = new CallProgressTone(
                    signal,
                    t.FrequenciesHz ?? [],
                    t.FrequencyToleranceHz,
                    t.CadenceMs ?? [],
                    t.CadenceTolerancePercent,
                    t.CyclesToConfirm);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"{at}.{FirstLine(e.Message)}", nameof(settings), e);
            }
        }

        try
        {
            return new CallProgressPlan(settings.Name ?? string.Empty, tones, settings.MinLevelDbm0);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(FirstLine(e.Message), nameof(settings), e);
        }
    }

    private static string FirstLine(string message)
    {
        int paren = message.IndexOf(" (Parameter", StringComparison.Ordinal);
        return paren >= 0 ? message[..paren] : message;
    }
}

/// <summary>A call-progress plan as configuration gives it (bound from JSON by the configuration layer).</summary>
public sealed record CallProgressPlanSettings
{
    /// <summary>The plan's name.</summary>
    public string? Name { get; init; }

    /// <summary>The weakest tone to detect, dBm0.</summary>
    public double MinLevelDbm0 { get; init; } = -43;

    /// <summary>Its signals.</summary>
    public IReadOnlyList<CallProgressToneSettings?>? Tones { get; init; }
}

/// <summary>One signal of a <see cref="CallProgressPlanSettings"/>.</summary>
public sealed record CallProgressToneSettings
{
    /// <summary>Dial, RingBack, Busy or Congestion.</summary>
    public string? Signal { get; init; }

    /// <summary>One or two frequencies, Hz.</summary>
    public IReadOnlyList<double>? FrequenciesHz { get; init; }

    /// <summary>Allowed deviation of each frequency, Hz.</summary>
    public double FrequencyToleranceHz { get; init; } = 15;

    /// <summary>On/off durations (ms), or one value for a continuous tone.</summary>
    public IReadOnlyList<int>? CadenceMs { get; init; }

    /// <summary>Allowed deviation of each duration, percent.</summary>
    public int CadenceTolerancePercent { get; init; } = 20;

    /// <summary>Cycles that must match before the signal is declared.</summary>
    public int CyclesToConfirm { get; init; } = 1;
}
