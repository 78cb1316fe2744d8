using System.Buffers;

namespace FaxAppliance.Fax.T30;

/// <summary>DIS/DTC FIF encoding and decoding, T.30 §5.3.6.2.1 and Table 2.</summary>
public static class DisCodec
{
    /// <summary>The longest FIF <see cref="Encode"/> writes (bits 1-56: up to bit 50, password).</summary>
    public const int MaxEncodedLength = 7;

    /// <summary>
    /// Encodes <paramref name="caps"/> as a DIS/DTC FIF of minimal length (3 octets or more), with the extend
    /// bits 24, 32, 40, 48 set only as far as needed.
    /// </summary>
    /// <param name="caps">Our capabilities.</param>
    /// <param name="fif">Destination; <see cref="MaxEncodedLength"/> octets always suffice.</param>
    /// <returns>The FIF length.</returns>
    /// <exception cref="ArgumentException">
    /// A modem set bits 11-14 cannot express (V.17 needs V.29 and V.27 ter), an invalid scan line time,
    /// or a buffer too small: our own configuration bugs.
    /// </exception>
    public static int Encode(FaxCapabilities caps, Span<byte> fif)
    {
        ArgumentNullException.ThrowIfNull(caps);
        Span<byte> work = stackalloc byte[MaxEncodedLength];
        work.Clear();

        FifBits.Set(work, 9, caps.ReadyToTransmit);                    // Table 2 bit 9: ready to transmit (polling)
        FifBits.Set(work, 10, caps.ReadyToReceive);                    // bit 10: ready to receive
        FifBits.SetField(work, 11, 4, ModemCode(caps));                 // bits 11-14: modems
        FifBits.Set(work, 15, (caps.Resolutions & Resolutions.Fine) != 0);    // bit 15: R8 x 7.7
        FifBits.Set(work, 16, (caps.Compressions & Compressions.MR) != 0);    // bit 16: two-dimensional coding
        FifBits.SetField(work, 17, 2, caps.MaxWidth switch             // bits 17-18: 00 A4, 10 +B4, 01 +B4 +A3 (written 17 18)
        {
            PageWidth.B4_2048 => 0b01,
            PageWidth.A3_2432 => 0b10,
            _ => 0b00,
        });
        FifBits.SetField(work, 19, 2, caps.MaxLength switch            // bits 19-20: 00 A4, 10 A4+B4, 01 unlimited
        {
            RecordingLength.B4 => 0b01,
            RecordingLength.Unlimited => 0b10,
            _ => 0b00,
        });
        FifBits.SetField(work, 21, 3, FifBits.ScanCode(caps.MinScanLineMs, caps.MinScanLineHalvedAtFine)); // bits 21-23
        FifBits.Set(work, 27, caps.Ecm);                               // bit 27: ECM
        FifBits.Set(work, 31, (caps.Compressions & Compressions.MMR) != 0);   // bit 31: T.6 coding
        FifBits.Set(work, 41, (caps.Resolutions & Resolutions.Superfine) != 0); // bit 41: R8 x 15.4
        FifBits.Set(work, 42, (caps.Resolutions & Resolutions.R300) != 0);      // bit 42: 300 x 300
        FifBits.Set(work, 43, (caps.Resolutions & Resolutions.R400) != 0);      // bit 43: 400 x 400
        if ((caps.Resolutions & (Resolutions.R300 | Resolutions.R400)) != 0)
        {
            // Bits 44/45 are only used together with bits 15 and 43 (Table 2 note): we then offer inch based
            // (300/400) as well as metric (R8) resolutions and say we are content with either.
            FifBits.Set(work, 44);
            FifBits.Set(work, 45);
        }

        FifBits.Set(work, 49, caps.Subaddressing);                     // bit 49: subaddressing
        FifBits.Set(work, 50, caps.Password);                          // bit 50: password
        int length = FifBits.Finish(work);
        return FifBits.CopyOut(work[..length], fif);
    }

    /// <summary>
    /// Decodes a received DIS/DTC FIF. Tolerant: octets and bits we do not know are ignored, a DIS of any
    /// length from 3 octets on is accepted, an unknown modem code gives <see cref="ModemSupport.None"/>.
    /// Shorter than 3 octets is <see cref="OperationStatus.InvalidData"/>. Never throws.
    /// </summary>
    /// <param name="fif">The FIF.</param>
    /// <param name="caps">The capabilities; a default instance on failure.</param>
    /// <param name="error">Why the FIF is invalid; null on success.</param>
    /// <returns>Done or InvalidData.</returns>
    public static OperationStatus TryDecode(ReadOnlySpan<byte> fif, out FaxCapabilities caps, out string? error)
    {
        if (fif.Length < FifBits.MinimumOctets)
        {
            caps = new FaxCapabilities();
            error = $"DIS/DTC FIF too short: {fif.Length} octets, need at least {FifBits.MinimumOctets}";
            return OperationStatus.InvalidData;
        }

        ReadOnlySpan<byte> f = FifBits.Chained(fif);
        (ModemSupport modems, bool fallback) = FifBits.Field(f, 11, 4) switch
        {
            0b0000 => (ModemSupport.V27ter, true),                               // "0000" V.27 ter fall-back mode
            0b0010 => (ModemSupport.V27ter, false),                              // "0100" V.27 ter
            0b0001 => (ModemSupport.V29, false),                                 // "1000" V.29
            0b0011 => (ModemSupport.V27ter | ModemSupport.V29, false),           // "1100" V.27 ter and V.29
            0b1011 => (ModemSupport.V27ter | ModemSupport.V29 | ModemSupport.V17, false), // "1101" + V.17
            0b0111 => (ModemSupport.V27ter | ModemSupport.V29, false),           // "1110" + V.33 (1993 T.30); V.33 unused
            _ => (ModemSupport.None, false),                                     // reserved / not used
        };

        var resolutions = Resolutions.Standard;
        if (FifBits.Get(f, 15)) { resolutions |= Resolutions.Fine; }
        if (FifBits.Get(f, 41)) { resolutions |= Resolutions.Superfine; }
        if (FifBits.Get(f, 42)) { resolutions |= Resolutions.R300; }
        if (FifBits.Get(f, 43)) { resolutions |= Resolutions.R400; }

        var compressions = Compressions.MH;
        if (FifBits.Get(f, 16)) { compressions |= Compressions.MR; }
        if (FifBits.Get(f, 31)) { compressions |= Compressions.MMR; }

        (int scanMs, bool halved) = FifBits.DisScanTime(FifBits.Field(f, 21, 3));
        caps = new FaxCapabilities
        {
            Modems = modems,
            V27terFallbackOnly = fallback,
            Compressions = compressions,
            Resolutions = resolutions,
            MaxWidth = FifBits.Field(f, 17, 2) switch
            {
                0b01 => PageWidth.B4_2048,
                0b10 => PageWidth.A3_2432,
                _ => PageWidth.A4_1728, // "11" is invalid: assume only what every terminal has
            },
            MaxLength = FifBits.Field(f, 19, 2) switch
            {
                0b01 => RecordingLength.B4,
                0b10 => RecordingLength.Unlimited,
                _ => RecordingLength.A4, // "11" is invalid: A4 is always supported
            },
            Ecm = FifBits.Get(f, 27),
            MinScanLineMs = scanMs,
            MinScanLineHalvedAtFine = halved,
            ReadyToReceive = FifBits.Get(f, 10),
            ReadyToTransmit = FifBits.Get(f, 9),
            Subaddressing = FifBits.Get(f, 49),
            Password = FifBits.Get(f, 50),
        };
        error = null;
        return OperationStatus.Done;
    }

    private static int ModemCode(FaxCapabilities caps)
    {
        const ModemSupport All = ModemSupport.V27ter | ModemSupport.V29 | ModemSupport.V17;
        return (caps.Modems & All) switch
        {
            ModemSupport.V27ter => caps.V27terFallbackOnly ? 0b0000 : 0b0010,
            ModemSupport.V29 => 0b0001,
            ModemSupport.V27ter | ModemSupport.V29 => 0b0011,
            All => 0b1011,
            _ => throw new ArgumentException(
                $"DIS bits 11-14 cannot offer {caps.Modems}: V.17 only together with V.29 and V.27 ter", nameof(caps)),
        };
    }
}
