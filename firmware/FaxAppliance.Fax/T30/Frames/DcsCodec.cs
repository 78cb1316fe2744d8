using System.Buffers;
using System.Numerics;

namespace FaxAppliance.Fax.T30;

/// <summary>DCS FIF encoding and decoding, T.30 §5.3.6.2.3 and Table 2.</summary>
public static class DcsCodec
{
    /// <summary>The longest FIF <see cref="Encode"/> writes (bits 1-56).</summary>
    public const int MaxEncodedLength = 7;

    /// <summary>Encodes a DCS FIF of minimal length, bit 10 ("receive fax operation") always set.</summary>
    /// <param name="dcs">The parameters.</param>
    /// <param name="fif">Destination; <see cref="MaxEncodedLength"/> octets always suffice.</param>
    /// <returns>The FIF length.</returns>
    /// <exception cref="ArgumentException">Parameters a DCS cannot carry (see <see cref="Validate"/>) or a buffer too small: our own bugs.</exception>
    public static int Encode(DcsParameters dcs, Span<byte> fif)
    {
        ArgumentNullException.ThrowIfNull(dcs);
        string? problem = Validate(dcs);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(dcs));
        }

        Span<byte> work = stackalloc byte[MaxEncodedLength];
        work.Clear();
        FifBits.Set(work, 10);                                           // bit 10: receiver fax operation
        FifBits.SetField(work, 11, 4, FifBits.DcsRateCode(dcs.Rate));    // bits 11-14: rate
        FifBits.Set(work, 15, dcs.Resolution == Resolutions.Fine);      // bit 15: R8 x 7.7
        FifBits.Set(work, 16, dcs.Compression == Compressions.MR);      // bit 16: two-dimensional coding
        FifBits.SetField(work, 17, 2, dcs.Width switch                   // bits 17-18: 00 215, 10 255, 01 303 mm (written)
        {
            PageWidth.B4_2048 => 0b01,
            PageWidth.A3_2432 => 0b10,
            _ => 0b00,
        });
        FifBits.SetField(work, 19, 2, dcs.Length switch                  // bits 19-20: 00 A4, 10 B4, 01 unlimited (written)
        {
            RecordingLength.B4 => 0b01,
            RecordingLength.Unlimited => 0b10,
            _ => 0b00,
        });
        FifBits.SetField(work, 21, 3, FifBits.ScanCode(dcs.MinScanLineMs, halved: false)); // bits 21-23
        FifBits.Set(work, 27, dcs.Ecm);                                  // bit 27: ECM
        FifBits.Set(work, 28, dcs.Ecm && dcs.EcmFrameSize == 64);        // bit 28: 0 = 256, 1 = 64 octets (valid with ECM only)
        FifBits.Set(work, 31, dcs.Compression == Compressions.MMR);     // bit 31: T.6 coding (valid with ECM only)
        FifBits.Set(work, 41, dcs.Resolution == Resolutions.Superfine); // bit 41: R8 x 15.4
        FifBits.Set(work, 42, dcs.Resolution == Resolutions.R300);      // bit 42: 300 x 300
        FifBits.Set(work, 43, dcs.Resolution == Resolutions.R400);      // bit 43: 400 x 400
        FifBits.Set(work, 44, dcs.Resolution is Resolutions.R300 or Resolutions.R400); // bit 44: inch based
        FifBits.Set(work, 49, dcs.SubaddressFollows);                   // bit 49: subaddress transmission
        FifBits.Set(work, 50, dcs.SenderIdFollows);                     // bit 50: sender identification transmission
        int length = FifBits.Finish(work);
        return FifBits.CopyOut(work[..length], fif);
    }

    /// <summary>
    /// Decodes a received DCS FIF. <see cref="OperationStatus.InvalidData"/> with a reason for: fewer than 3 octets,
    /// an invalid rate code, width or length "11", a reserved scan line time, MR and MMR both, MMR without ECM
    /// (T.30 note: bit 31 is only valid with ECM), or more than one resolution. Unknown bits are ignored. Never throws.
    /// </summary>
    /// <param name="fif">The FIF.</param>
    /// <param name="dcs">The parameters; a default instance on failure.</param>
    /// <param name="error">Why the FIF is invalid; null on success.</param>
    /// <returns>Done or InvalidData.</returns>
    public static OperationStatus TryDecode(ReadOnlySpan<byte> fif, out DcsParameters dcs, out string? error)
    {
        dcs = new DcsParameters();
        error = Decode(fif, ref dcs);
        return error is null ? OperationStatus.Done : OperationStatus.InvalidData;
    }

    /// <summary>Why <paramref name="dcs"/> cannot be sent as a DCS, or null when it can.</summary>
    /// <param name="dcs">The parameters.</param>
    /// <returns>The problem or null.</returns>
    public static string? Validate(DcsParameters dcs)
    {
        ArgumentNullException.ThrowIfNull(dcs);
        if (!dcs.Rate.IsDefined)
        {
            return $"{dcs.Rate} is not a T.30 signalling rate";
        }

        if (dcs.Compression is not (Compressions.MH or Compressions.MR or Compressions.MMR))
        {
            return $"DCS needs exactly one compression, not {dcs.Compression}";
        }

        if (dcs.Compression == Compressions.MMR && !dcs.Ecm)
        {
            return "MMR (T.6) needs ECM";
        }

        if (BitOperations.PopCount((uint)dcs.Resolution) != 1 || (int)dcs.Resolution > (int)Resolutions.R400)
        {
            return $"DCS needs exactly one resolution, not {dcs.Resolution}";
        }

        if (dcs.EcmFrameSize is not (64 or 256))
        {
            return $"ECM frame size {dcs.EcmFrameSize} is not 64 or 256";
        }

        if (dcs.MinScanLineMs is not (0 or 5 or 10 or 20 or 40))
        {
            return $"{dcs.MinScanLineMs} ms is not a T.30 minimum scan line time (0, 5, 10, 20, 40)";
        }

        return !Enum.IsDefined(dcs.Width) || !Enum.IsDefined(dcs.Length) ? "undefined page width or length" : null;
    }

    private static string? Decode(ReadOnlySpan<byte> fif, ref DcsParameters dcs)
    {
        if (fif.Length < FifBits.MinimumOctets)
        {
            return $"DCS FIF too short: {fif.Length} octets, need at least {FifBits.MinimumOctets}";
        }

        ReadOnlySpan<byte> f = FifBits.Chained(fif);
        int rateCode = FifBits.Field(f, 11, 4);
        if (FifBits.DcsRate(rateCode) is not { } rate)
        {
            return $"DCS bits 11-14 carry an invalid rate code (value 0x{rateCode:X})";
        }

        PageWidth? width = FifBits.Field(f, 17, 2) switch
        {
            0b00 => PageWidth.A4_1728,
            0b01 => PageWidth.B4_2048,
            0b10 => PageWidth.A3_2432,
            _ => null,
        };
        if (width is null)
        {
            return "DCS bits 17-18 = 11: invalid recording width";
        }

        RecordingLength? length = FifBits.Field(f, 19, 2) switch
        {
            0b00 => RecordingLength.A4,
            0b01 => RecordingLength.B4,
            0b10 => RecordingLength.Unlimited,
            _ => null,
        };
        if (length is null)
        {
            return "DCS bits 19-20 = 11: invalid recording length";
        }

        int scanCode = FifBits.Field(f, 21, 3);
        if (FifBits.DcsScanTime(scanCode) is not { } scanMs)
        {
            return $"DCS bits 21-23 carry a minimum scan line time code not valid in DCS (value {scanCode})";
        }

        bool ecm = FifBits.Get(f, 27);
        bool mr = FifBits.Get(f, 16);
        bool mmr = FifBits.Get(f, 31);
        if (mr && mmr)
        {
            return "DCS selects both MR (bit 16) and MMR (bit 31)";
        }

        if (mmr && !ecm)
        {
            return "DCS selects MMR (T.6, bit 31) without ECM (bit 27)";
        }

        int resolutionBits = (FifBits.Get(f, 15) ? 1 : 0) + (FifBits.Get(f, 41) ? 1 : 0)
            + (FifBits.Get(f, 42) ? 1 : 0) + (FifBits.Get(f, 43) ? 1 : 0);
        if (resolutionBits > 1)
        {
            return "DCS selects more than one resolution (bits 15, 41, 42, 43)";
        }

        dcs = new DcsParameters
        {
            Rate = rate,
            Compression = mmr ? Compressions.MMR : mr ? Compressions.MR : Compressions.MH,
            Resolution = FifBits.Get(f, 15) ? Resolutions.Fine
                : FifBits.Get(f, 41) ? Resolutions.Superfine
                : FifBits.Get(f, 42) ? Resolutions.R300
                : FifBits.Get(f, 43) ? Resolutions.R400
                : Resolutions.Standard,
            Width = width.Value,
            Length = length.Value,
            Ecm = ecm,
            EcmFrameSize = ecm && FifBits.Get(f, 28) ? 64 : 256,
            MinScanLineMs = scanMs,
            SubaddressFollows = FifBits.Get(f, 49),
            SenderIdFollows = FifBits.Get(f, 50),
        };
        return null;
    }
}
