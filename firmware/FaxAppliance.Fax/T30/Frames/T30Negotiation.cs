using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace FaxAppliance.Fax.T30;

/// <summary>Choosing the DCS from a received DIS (T.30 §5.3.6.2.3: DCS must lie within the DIS capabilities).</summary>
public static class T30Negotiation
{
    /// <summary>
    /// Chooses what we (the sender) command: the highest rate both sides have at or below
    /// <paramref name="maxRate"/>, the best common coding (MMR only with ECM on both sides), ECM if both
    /// have it, the document's page width and resolution, the longest recording length the remote takes.
    /// </summary>
    /// <param name="remote">The remote's DIS.</param>
    /// <param name="local">Our own capabilities.</param>
    /// <param name="pageWidth">The document's page width.</param>
    /// <param name="pageResolution">The document's resolution (one flag).</param>
    /// <param name="maxRate">Start no faster than this; null for no limit.</param>
    /// <param name="dcs">The DCS on success; null otherwise.</param>
    /// <param name="reason">Why no DCS is possible; null on success.</param>
    /// <returns>Whether a DCS was chosen.</returns>
    public static bool TryChooseDcs(FaxCapabilities remote, FaxCapabilities local, PageWidth pageWidth,
        Resolutions pageResolution, SignallingRate? maxRate, [MaybeNullWhen(false)] out DcsParameters dcs,
        [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(local);
        dcs = null!;
        ModemSupport common = remote.Modems & local.Modems;
        if (common == ModemSupport.None)
        {
            reason = $"remote offers no modem we have (remote {remote.Modems}, ours {local.Modems})";
            return false;
        }

        SignallingRate? rate = null;
        foreach (SignallingRate candidate in SignallingRate.StepDownOrder)
        {
            bool allowed = (common & candidate.RequiredSupport) != 0
                && (maxRate is null || candidate.BitRate <= maxRate.Value.BitRate)
                && !(remote.V27terFallbackOnly && candidate == SignallingRate.V27ter_4800); // "0000": 2400 only
            if (allowed)
            {
                rate = candidate;
                break;
            }
        }

        if (rate is null)
        {
            reason = $"no common rate at or below {maxRate} (common modems {common})";
            return false;
        }

        if (BitOperations.PopCount((uint)pageResolution) != 1 || (int)pageResolution > (int)Resolutions.R400)
        {
            reason = $"page resolution must be exactly one resolution, not {pageResolution}";
            return false;
        }

        if (pageResolution != Resolutions.Standard && (remote.Resolutions & pageResolution) == 0)
        {
            reason = $"page resolution {pageResolution} is not accepted by the remote ({remote.Resolutions})";
            return false;
        }

        if (pageWidth > remote.MaxWidth)
        {
            reason = $"page wider than the remote accepts (page {pageWidth}, remote at most {remote.MaxWidth})";
            return false;
        }

        bool ecm = remote.Ecm && local.Ecm;
        Compressions both = remote.Compressions & local.Compressions;
        Compressions compression = ecm && (both & Compressions.MMR) != 0 ? Compressions.MMR
            : (both & Compressions.MR) != 0 ? Compressions.MR
            : Compressions.MH;

        dcs = new DcsParameters
        {
            Rate = rate.Value,
            Compression = compression,
            Resolution = pageResolution,
            Width = pageWidth,
            Length = remote.MaxLength,
            Ecm = ecm,
            EcmFrameSize = 256,
            MinScanLineMs = ecm ? 0 : ScanTimeFor(remote, pageResolution),
        };
        reason = null;
        return true;
    }

    /// <summary>
    /// The next rate both sides support after a failed training or RTN: the next entry after <paramref name="current"/>
    /// in <see cref="SignallingRate.StepDownOrder"/> (V.17 14400 → 12000 → 9600 → 7200 → V.29 9600 → 7200 → V.27ter
    /// 4800 → 2400, the fallback order T.30 implementations use: V.29 9600 after V.17 7200 is a different modem, more
    /// robust to what defeated V.17) with a modem in <paramref name="common"/>; null at the bottom.
    /// </summary>
    /// <param name="current">The rate that failed.</param>
    /// <param name="common">The modems both sides have.</param>
    /// <returns>The next rate, or null.</returns>
    public static SignallingRate? StepDown(SignallingRate current, ModemSupport common)
    {
        ReadOnlySpan<SignallingRate> order = SignallingRate.StepDownOrder;
        int at = order.IndexOf(current);
        for (int i = at + 1; i < order.Length; i++)
        {
            if ((common & order[i].RequiredSupport) != 0 && (at >= 0 || order[i].BitRate < current.BitRate))
            {
                return order[i];
            }
        }

        return null;
    }

    // T.30 Table 2 bits 21-23: the receiver's minimum scan line time at the page's vertical resolution.
    // With ECM the minimum scan line time does not apply (T.4 Annex A), so the caller commands 0 ms.
    private static int ScanTimeFor(FaxCapabilities remote, Resolutions resolution)
    {
        // Halving is defined for 7.7 lines/mm; superfine keeps the fine value and the inch based resolutions
        // the standard one, both at least as long as needed (a longer minimum is always acceptable).
        bool fine = resolution is Resolutions.Fine or Resolutions.Superfine;
        return fine && remote.MinScanLineHalvedAtFine ? remote.MinScanLineMs / 2 : remote.MinScanLineMs;
    }
}
