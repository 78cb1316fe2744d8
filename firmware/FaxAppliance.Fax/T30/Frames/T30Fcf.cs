namespace FaxAppliance.Fax.T30;

/// <summary>
/// T.30 facsimile control field (FCF) values, T.30 §5.3.6.1 and Annex A; FCD/RCP from T.4 Annex A.
/// </summary>
/// <remarks>
/// Byte values are in line order with the first transmitted bit as the least significant bit, so the
/// Recommendation's written form "X100 0001" (DCS, first bit leftmost) is 0x82 with X = 0x01.
/// Every constant has the X bit cleared. The signals of the DIS group (DIS, CSI, NSF: first bit fixed 0)
/// and of the DTC group (DTC, CIG, NSC, PWD, SEP, PSA, CIA, ISP: first bit fixed 1) have no X bit
/// (T.30 §5.3.6.1), which is why the DTC group's values are odd.
/// </remarks>
public static class T30Fcf
{
    // T.30 §5.3.6.1.1 Initial identification (called to calling terminal).
    /// <summary>Digital identification signal, "0000 0001".</summary>
    public const byte Dis = 0x80;
    /// <summary>Called subscriber identification, "0000 0010".</summary>
    public const byte Csi = 0x40;
    /// <summary>Non-standard facilities, "0000 0100".</summary>
    public const byte Nsf = 0x20;

    // T.30 §5.3.6.1.2 Command to send (calling terminal wishing to receive).
    /// <summary>Digital transmit command, "1000 0001".</summary>
    public const byte Dtc = 0x81;
    /// <summary>Calling subscriber identification, "1000 0010".</summary>
    public const byte Cig = 0x41;
    /// <summary>Non-standard facilities command, "1000 0100".</summary>
    public const byte Nsc = 0x21;
    /// <summary>Password (polling), "1000 0011".</summary>
    public const byte Pwd = 0xC1;
    /// <summary>Selective polling, "1000 0101".</summary>
    public const byte Sep = 0xA1;
    /// <summary>Polled subaddress, "1000 0110".</summary>
    public const byte Psa = 0x61;
    /// <summary>Calling subscriber internet address, "1000 0111".</summary>
    public const byte Cia = 0xE1;
    /// <summary>Internet selective polling address, "1000 1000".</summary>
    public const byte Isp = 0x11;

    // T.30 §5.3.6.1.3 Command to receive (calling terminal wishing to transmit).
    /// <summary>Digital command signal, "X100 0001".</summary>
    public const byte Dcs = 0x82;
    /// <summary>Transmitting subscriber identification, "X100 0010".</summary>
    public const byte Tsi = 0x42;
    /// <summary>Non-standard facilities set-up, "X100 0100".</summary>
    public const byte Nss = 0x22;
    /// <summary>Subaddress, "X100 0011".</summary>
    public const byte Sub = 0xC2;
    /// <summary>Sender identification, "X100 0101".</summary>
    public const byte Sid = 0xA2;
    /// <summary>Transmitting subscriber internet address, "X100 0110".</summary>
    public const byte Tsa = 0x62;
    /// <summary>Internet routing address, "X100 0111".</summary>
    public const byte Ira = 0xE2;
    /// <summary>Continue to correct (ECM, Annex A), "X100 1000".</summary>
    public const byte Ctc = 0x12;

    // T.30 §5.3.6.1.4 Pre-message response signals.
    /// <summary>Confirmation to receive, "X010 0001".</summary>
    public const byte Cfr = 0x84;
    /// <summary>Failure to train, "X010 0010".</summary>
    public const byte Ftt = 0x44;
    /// <summary>Response for continue to correct (ECM), "X010 0011".</summary>
    public const byte Ctr = 0xC4;
    /// <summary>Called subscriber internet address, "X010 0100".</summary>
    public const byte Csa = 0x24;

    // T.30 §5.3.6.1.5 Post-message commands.
    /// <summary>End of message, "X111 0001".</summary>
    public const byte Eom = 0x8E;
    /// <summary>Multipage signal, "X111 0010".</summary>
    public const byte Mps = 0x4E;
    /// <summary>End of procedure, "X111 0100".</summary>
    public const byte Eop = 0x2E;
    /// <summary>Procedure interrupt - end of message, "X111 1001".</summary>
    public const byte PriEom = 0x9E;
    /// <summary>Procedure interrupt - multipage signal, "X111 1010".</summary>
    public const byte PriMps = 0x5E;
    /// <summary>Procedure interrupt - end of procedure, "X111 1100".</summary>
    public const byte PriEop = 0x3E;
    /// <summary>End of selection, "X111 1000".</summary>
    public const byte Eos = 0x1E;
    /// <summary>Partial page signal (ECM), "X111 1101".</summary>
    public const byte Pps = 0xBE;
    /// <summary>End of retransmission (ECM), "X111 0011".</summary>
    public const byte Eor = 0xCE;
    /// <summary>Receiver ready (ECM), "X111 0110".</summary>
    public const byte Rr = 0x6E;

    // T.30 §5.3.6.1.6 Post-message responses.
    /// <summary>Message confirmation, "X011 0001".</summary>
    public const byte Mcf = 0x8C;
    /// <summary>Retrain positive, "X011 0011".</summary>
    public const byte Rtp = 0xCC;
    /// <summary>Retrain negative, "X011 0010".</summary>
    public const byte Rtn = 0x4C;
    /// <summary>Procedure interrupt positive, "X011 0101".</summary>
    public const byte Pip = 0xAC;
    /// <summary>Procedure interrupt negative, "X011 0100".</summary>
    public const byte Pin = 0x2C;
    /// <summary>Partial page request (ECM), "X011 1101".</summary>
    public const byte Ppr = 0xBC;
    /// <summary>Receive not ready (ECM), "X011 0111".</summary>
    public const byte Rnr = 0xEC;
    /// <summary>Response for end of retransmission (ECM), "X011 1000".</summary>
    public const byte Err = 0x1C;
    /// <summary>Procedure interrupt disconnect, "X011 0110".</summary>
    public const byte Pid = 0x6C;
    /// <summary>File diagnostics message, "X011 1111".</summary>
    public const byte Fdm = 0xFC;

    // T.30 §5.3.6.1.7 Other line control signals.
    /// <summary>Disconnect, "X101 1111".</summary>
    public const byte Dcn = 0xFA;
    /// <summary>Command repeat, "X101 1000".</summary>
    public const byte Crp = 0x1A;
    /// <summary>Field not valid, "X101 0011".</summary>
    public const byte Fnv = 0xCA;
    /// <summary>Transmit not ready (ECM), "X101 0111".</summary>
    public const byte Tnr = 0xEA;
    /// <summary>Transmit ready (ECM), "X101 0110".</summary>
    public const byte Tr = 0x6A;

    // T.4 Annex A: phase C frames in ECM (sent with the page modem).
    /// <summary>Facsimile coded data (T.4 Annex A), "0110 0000".</summary>
    public const byte Fcd = 0x06;
    /// <summary>Return to control for partial page (T.4 Annex A), "0110 0001".</summary>
    public const byte Rcp = 0x86;

    /// <summary>The "no post-page command" value in the first PPS FIF octet (PPS-NULL, T.30 Annex A).</summary>
    public const byte Null = 0x00;

    /// <summary>True for the DIS and DTC groups, whose first bit is fixed and which have no X bit.</summary>
    /// <param name="fcfByte">The FCF octet as received.</param>
    /// <returns>Whether the octet is one of DIS, CSI, NSF, DTC, CIG, NSC, PWD, SEP, PSA, CIA, ISP.</returns>
    public static bool HasNoXBit(byte fcfByte) => fcfByte switch
    {
        Dis or Csi or Nsf or Dtc or Cig or Nsc or Pwd or Sep or Psa or Cia or Isp => true,
        _ => false,
    };

    /// <summary>Clears the X bit unless the octet belongs to the DIS/DTC groups (which have none).</summary>
    /// <param name="fcfByte">The FCF octet as received.</param>
    /// <returns>The FCF with the X bit cleared.</returns>
    public static byte Normalize(byte fcfByte) => HasNoXBit(fcfByte) ? fcfByte : (byte)(fcfByte & 0xFE);

    /// <summary>The T.30 mnemonic ("DIS", "PRI-EOP", ...), or "FCF 0x5A" for an unknown value. The X bit is ignored.</summary>
    /// <param name="fcf">The FCF octet, X bit set or not.</param>
    /// <returns>The mnemonic.</returns>
    public static string Name(byte fcf) => Normalize(fcf) switch
    {
        Dis => "DIS", Csi => "CSI", Nsf => "NSF",
        Dtc => "DTC", Cig => "CIG", Nsc => "NSC", Pwd => "PWD", Sep => "SEP", Psa => "PSA", Cia => "CIA", Isp => "ISP",
        Dcs => "DCS", Tsi => "TSI", Nss => "NSS", Sub => "SUB", Sid => "SID", Tsa => "TSA", Ira => "IRA", Ctc => "CTC",
        Cfr => "CFR", Ftt => "FTT", Ctr => "CTR", Csa => "CSA",
        Eom => "EOM", Mps => "MPS", Eop => "EOP", PriEom => "PRI-EOM", PriMps => "PRI-MPS", PriEop => "PRI-EOP",
        Eos => "EOS", Pps => "PPS", Eor => "EOR", Rr => "RR",
        Mcf => "MCF", Rtp => "RTP", Rtn => "RTN", Pip => "PIP", Pin => "PIN", Ppr => "PPR", Rnr => "RNR", Err => "ERR",
        Pid => "PID", Fdm => "FDM",
        Dcn => "DCN", Crp => "CRP", Fnv => "FNV", Tnr => "TNR", Tr => "TR",
        Fcd => "FCD", Rcp => "RCP", Null => "NULL",
        _ => $"FCF 0x{Normalize(fcf):X2}",
    };
}
