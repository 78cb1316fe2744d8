using System.Buffers;

namespace FaxAppliance.Fax.T30;

/// <summary>
/// The FIFs of the error correction mode frames: FCD (T.4 Annex A), PPS, PPR and CTC (T.30 Annex A, §5.3.6.2).
/// </summary>
public static class EcmFrames
{
    /// <summary>Frames per block at most (frame numbers 0-255, T.30 Annex A).</summary>
    public const int MaxFramesPerBlock = 256;

    /// <summary>The PPR FIF length: a 256-bit map, one bit per frame of the block.</summary>
    public const int PprLength = 32;

    /// <summary>The PPS FIF length: post-page FCF, page counter, block counter, frame count − 1.</summary>
    public const int PpsLength = 4;

    /// <summary>The CTC FIF length: DCS octets 1-2, the new rate in bits 11-14.</summary>
    public const int CtcLength = 2;

    /// <summary>Largest FCD data: the 256-octet frame size (DCS bit 28 = 0).</summary>
    public const int MaxFcdData = 256;

    /// <summary>
    /// Parses an FCD FIF: the frame number octet, then 1 to 256 octets of coded data (T.4 Annex A).
    /// </summary>
    /// <param name="fif">The FIF.</param>
    /// <param name="frameNumber">The frame number, 0-255.</param>
    /// <param name="data">The coded data, a view into <paramref name="fif"/>.</param>
    /// <param name="error">Why the FIF is invalid; null on success.</param>
    /// <returns>Done or InvalidData. Never throws.</returns>
    public static OperationStatus TryParseFcd(ReadOnlySpan<byte> fif, out int frameNumber, out ReadOnlySpan<byte> data, out string? error)
    {
        frameNumber = 0;
        data = default;
        if (fif.Length < 2)
        {
            error = $"FCD FIF has {fif.Length} octets: needs a frame number and at least one data octet";
            return OperationStatus.InvalidData;
        }

        if (fif.Length - 1 > MaxFcdData)
        {
            error = $"FCD carries {fif.Length - 1} data octets, at most {MaxFcdData}";
            return OperationStatus.InvalidData;
        }

        frameNumber = fif[0];
        data = fif[1..];
        error = null;
        return OperationStatus.Done;
    }

    /// <summary>
    /// Parses a PPS FIF (T.30 Annex A): [post-page FCF or NULL][page counter][block counter][frame count − 1].
    /// Octets after the fourth are ignored.
    /// </summary>
    /// <param name="fif">The FIF.</param>
    /// <param name="postPageFcf">NULL (0x00), EOM, MPS, EOP or a PRI-Q, X bit cleared.</param>
    /// <param name="pageCounter">Page counter modulo 256.</param>
    /// <param name="blockCounter">Block counter modulo 256.</param>
    /// <param name="frameCount">Frames in the block just sent, 1-256.</param>
    /// <param name="error">Why the FIF is invalid; null on success.</param>
    /// <returns>Done or InvalidData. Never throws.</returns>
    public static OperationStatus TryParsePps(ReadOnlySpan<byte> fif, out byte postPageFcf, out int pageCounter, out int blockCounter, out int frameCount, out string? error)
    {
        postPageFcf = 0;
        pageCounter = blockCounter = frameCount = 0;
        if (fif.Length < PpsLength)
        {
            error = $"PPS FIF has {fif.Length} octets, needs {PpsLength}";
            return OperationStatus.InvalidData;
        }

        byte fcf = T30Fcf.Normalize(fif[0]);
        if (fcf is not (T30Fcf.Null or T30Fcf.Eom or T30Fcf.Mps or T30Fcf.Eop or T30Fcf.PriEom or T30Fcf.PriMps or T30Fcf.PriEop))
        {
            error = $"PPS carries {T30Fcf.Name(fcf)}, not NULL, EOM, MPS, EOP or PRI-Q";
            return OperationStatus.InvalidData;
        }

        postPageFcf = fcf;
        pageCounter = fif[1];
        blockCounter = fif[2];
        frameCount = fif[3] + 1;
        error = null;
        return OperationStatus.Done;
    }

    /// <summary>Builds a PPS FIF. Counters are sent modulo 256.</summary>
    /// <param name="fif">Destination, at least 4 octets.</param>
    /// <param name="postPageFcf">NULL, EOM, MPS, EOP or a PRI-Q; the X bit, if set, is kept.</param>
    /// <param name="pageCounter">Page counter (non-negative).</param>
    /// <param name="blockCounter">Block counter (non-negative).</param>
    /// <param name="frameCount">Frames in the block, 1-256.</param>
    /// <returns>4.</returns>
    /// <exception cref="ArgumentException">Out-of-range arguments or a buffer too small: our own bugs.</exception>
    public static int BuildPps(Span<byte> fif, byte postPageFcf, int pageCounter, int blockCounter, int frameCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pageCounter);
        ArgumentOutOfRangeException.ThrowIfNegative(blockCounter);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frameCount, MaxFramesPerBlock);
        EnsureRoom(fif, PpsLength);
        fif[0] = postPageFcf;
        fif[1] = (byte)(pageCounter & 0xFF);
        fif[2] = (byte)(blockCounter & 0xFF);
        fif[3] = (byte)(frameCount - 1);
        return PpsLength;
    }

    /// <summary>
    /// Parses a PPR FIF: 32 octets, bit i (octet i/8, mask 1 &lt;&lt; i%8, first bit on the line first) set when
    /// frame i must be retransmitted. Octets after the 32nd are ignored.
    /// </summary>
    /// <param name="fif">The FIF.</param>
    /// <param name="needsRetransmit">Destination for 256 flags (our buffer: too small throws ArgumentException).</param>
    /// <param name="error">Why the FIF is invalid; null on success.</param>
    /// <returns>Done or InvalidData. Never throws on outside input.</returns>
    public static OperationStatus TryParsePpr(ReadOnlySpan<byte> fif, Span<bool> needsRetransmit, out string? error)
    {
        if (needsRetransmit.Length < MaxFramesPerBlock)
        {
            throw new ArgumentException($"flag buffer holds {needsRetransmit.Length}, needs {MaxFramesPerBlock}", nameof(needsRetransmit));
        }

        if (fif.Length < PprLength)
        {
            error = $"PPR FIF has {fif.Length} octets, needs {PprLength}";
            return OperationStatus.InvalidData;
        }

        for (int i = 0; i < MaxFramesPerBlock; i++)
        {
            needsRetransmit[i] = (fif[i >> 3] & (1 << (i & 7))) != 0;
        }

        error = null;
        return OperationStatus.Done;
    }

    /// <summary>Builds a PPR FIF from up to 256 flags (missing flags count as received).</summary>
    /// <param name="fif">Destination, at least 32 octets.</param>
    /// <param name="needsRetransmit">Flag i set: frame i must be sent again.</param>
    /// <returns>32.</returns>
    /// <exception cref="ArgumentException">More than 256 flags or a buffer too small: our own bugs.</exception>
    public static int BuildPpr(Span<byte> fif, ReadOnlySpan<bool> needsRetransmit)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(needsRetransmit.Length, MaxFramesPerBlock, nameof(needsRetransmit));
        EnsureRoom(fif, PprLength);
        fif[..PprLength].Clear();
        for (int i = 0; i < needsRetransmit.Length; i++)
        {
            if (needsRetransmit[i])
            {
                fif[i >> 3] |= (byte)(1 << (i & 7));
            }
        }

        return PprLength;
    }

    /// <summary>
    /// Parses a CTC FIF: two octets laid out like DCS bits 1-16, the new rate in bits 11-14 (DCS codes).
    /// Other bits and further octets are ignored.
    /// </summary>
    /// <param name="fif">The FIF.</param>
    /// <param name="rate">The rate to continue with.</param>
    /// <param name="error">Why the FIF is invalid; null on success.</param>
    /// <returns>Done or InvalidData. Never throws.</returns>
    public static OperationStatus TryParseCtc(ReadOnlySpan<byte> fif, out SignallingRate rate, out string? error)
    {
        rate = default;
        if (fif.Length < CtcLength)
        {
            error = $"CTC FIF has {fif.Length} octets, needs {CtcLength}";
            return OperationStatus.InvalidData;
        }

        int code = FifBits.Field(fif, 11, 4);
        if (FifBits.DcsRate(code) is not { } r)
        {
            error = $"CTC bits 11-14 carry an invalid rate code (value 0x{code:X})";
            return OperationStatus.InvalidData;
        }

        rate = r;
        error = null;
        return OperationStatus.Done;
    }

    /// <summary>Builds a CTC FIF carrying <paramref name="rate"/>.</summary>
    /// <param name="fif">Destination, at least 2 octets.</param>
    /// <param name="rate">One of the eight T.30 rates.</param>
    /// <returns>2.</returns>
    /// <exception cref="ArgumentException">An undefined rate or a buffer too small: our own bugs.</exception>
    public static int BuildCtc(Span<byte> fif, SignallingRate rate)
    {
        int code = FifBits.DcsRateCode(rate);
        EnsureRoom(fif, CtcLength);
        fif[0] = 0;
        fif[1] = 0;
        FifBits.SetField(fif, 11, 4, code);
        return CtcLength;
    }

    private static void EnsureRoom(Span<byte> fif, int needed)
    {
        if (fif.Length < needed)
        {
            throw new ArgumentException($"FIF buffer holds {fif.Length} octets, needs {needed}", nameof(fif));
        }
    }
}
