namespace FaxAppliance.Dsp.Tones;

/// <summary>What a block did to a tone's presence.</summary>
internal enum PresenceChange
{
    /// <summary>Nothing to report.</summary>
    None,

    /// <summary>The tone has now lasted its minimum duration: declare it (onset in <see cref="PresenceTracker.OnsetBlock"/>).</summary>
    Declared,

    /// <summary>A declared tone has stopped (end in <see cref="PresenceTracker.EndBlock"/>).</summary>
    Ended,
}

/// <summary>
/// On/off decision over 20 ms blocks for one tone. A candidate starts at the first block in which
/// the tone is present; it is declared once it has lasted <c>minOnBlocks</c>; it ends after
/// <c>hangBlocks</c> absent blocks in a row (shorter drop-outs are bridged), its end being the first
/// absent block. Also averages the tone's power and frequency offset over the candidate.
/// </summary>
internal sealed class PresenceTracker(int minOnBlocks, int hangBlocks)
{
    private int _absentRun;
    private long _lastPresentBlock;
    private double _powerSum, _offsetSum;
    private int _presentBlocks;

    /// <summary>Whether a candidate (declared or not) is running; detectors use the hold thresholds then.</summary>
    public bool Active { get; private set; }

    /// <summary>Whether the running candidate has been declared.</summary>
    public bool Declared { get; private set; }

    /// <summary>First block of the running (or last) candidate.</summary>
    public long OnsetBlock { get; private set; }

    /// <summary>First absent block after the last declared tone.</summary>
    public long EndBlock { get; private set; }

    /// <summary>Mean power over the present blocks of the candidate (x² units).</summary>
    public double MeanPower => _presentBlocks > 0 ? _powerSum / _presentBlocks : 0;

    /// <summary>Mean frequency offset over the present blocks, Hz.</summary>
    public double MeanOffsetHz => _presentBlocks > 0 ? _offsetSum / _presentBlocks : 0;

    /// <summary>Blocks since the onset, counting <paramref name="block"/>.</summary>
    public long BlocksSinceOnset(long block) => block - OnsetBlock + 1;

    /// <summary>Forgets any tone.</summary>
    public void Reset()
    {
        Active = false;
        Declared = false;
        _absentRun = 0;
        _presentBlocks = 0;
        OnsetBlock = 0;
        EndBlock = 0;
    }

    /// <summary>Feeds one block's decision.</summary>
    public PresenceChange Update(bool present, long block, double power, double offsetHz)
    {
        if (present)
        {
            if (!Active)
            {
                Active = true;
                Declared = false;
                OnsetBlock = block;
                _powerSum = 0;
                _offsetSum = 0;
                _presentBlocks = 0;
            }

            _absentRun = 0;
            _lastPresentBlock = block;
            _powerSum += power;
            _offsetSum += offsetHz;
            _presentBlocks++;
            if (!Declared && BlocksSinceOnset(block) >= minOnBlocks)
            {
                Declared = true;
                return PresenceChange.Declared;
            }

            return PresenceChange.None;
        }

        if (!Active)
        {
            return PresenceChange.None;
        }

        _absentRun++;
        if (_absentRun < hangBlocks)
        {
            return PresenceChange.None;
        }

        Active = false;
        if (!Declared)
        {
            return PresenceChange.None;
        }

        Declared = false;
        EndBlock = _lastPresentBlock + 1;
        return PresenceChange.Ended;
    }
}
