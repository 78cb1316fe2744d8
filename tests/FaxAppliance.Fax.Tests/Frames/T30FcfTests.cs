using FaxAppliance.Fax.T30;

namespace FaxAppliance.Fax.Tests.Frames;

public class T30FcfTests
{
    /// <summary>
    /// T.30 §5.3.6.1 / T.4 Annex A written forms (first bit on the line leftmost, X written as 0).
    /// The test converts each written form to a byte itself, so a wrong constant cannot hide behind
    /// a second copy of the same table.
    /// </summary>
    public static TheoryData<string, string, byte> WrittenForms => new()
    {
        { "DIS", "0000 0001", T30Fcf.Dis }, { "CSI", "0000 0010", T30Fcf.Csi }, { "NSF", "0000 0100", T30Fcf.Nsf },
        { "DTC", "1000 0001", T30Fcf.Dtc }, { "CIG", "1000 0010", T30Fcf.Cig }, { "NSC", "1000 0100", T30Fcf.Nsc },
        { "PWD", "1000 0011", T30Fcf.Pwd }, { "SEP", "1000 0101", T30Fcf.Sep }, { "PSA", "1000 0110", T30Fcf.Psa },
        { "CIA", "1000 0111", T30Fcf.Cia }, { "ISP", "1000 1000", T30Fcf.Isp },
        { "DCS", "X100 0001", T30Fcf.Dcs }, { "TSI", "X100 0010", T30Fcf.Tsi }, { "NSS", "X100 0100", T30Fcf.Nss },
        { "SUB", "X100 0011", T30Fcf.Sub }, { "SID", "X100 0101", T30Fcf.Sid }, { "TSA", "X100 0110", T30Fcf.Tsa },
        { "IRA", "X100 0111", T30Fcf.Ira }, { "CTC", "X100 1000", T30Fcf.Ctc },
        { "CFR", "X010 0001", T30Fcf.Cfr }, { "FTT", "X010 0010", T30Fcf.Ftt }, { "CTR", "X010 0011", T30Fcf.Ctr },
        { "CSA", "X010 0100", T30Fcf.Csa },
        { "EOM", "X111 0001", T30Fcf.Eom }, { "MPS", "X111 0010", T30Fcf.Mps }, { "EOP", "X111 0100", T30Fcf.Eop },
        { "PRI-EOM", "X111 1001", T30Fcf.PriEom }, { "PRI-MPS", "X111 1010", T30Fcf.PriMps },
        { "PRI-EOP", "X111 1100", T30Fcf.PriEop }, { "EOS", "X111 1000", T30Fcf.Eos }, { "PPS", "X111 1101", T30Fcf.Pps },
        { "EOR", "X111 0011", T30Fcf.Eor }, { "RR", "X111 0110", T30Fcf.Rr },
        { "MCF", "X011 0001", T30Fcf.Mcf }, { "RTP", "X011 0011", T30Fcf.Rtp }, { "RTN", "X011 0010", T30Fcf.Rtn },
        { "PIP", "X011 0101", T30Fcf.Pip }, { "PIN", "X011 0100", T30Fcf.Pin }, { "PPR", "X011 1101", T30Fcf.Ppr },
        { "RNR", "X011 0111", T30Fcf.Rnr }, { "ERR", "X011 1000", T30Fcf.Err }, { "PID", "X011 0110", T30Fcf.Pid },
        { "FDM", "X011 1111", T30Fcf.Fdm },
        { "DCN", "X101 1111", T30Fcf.Dcn }, { "CRP", "X101 1000", T30Fcf.Crp }, { "FNV", "X101 0011", T30Fcf.Fnv },
        { "TNR", "X101 0111", T30Fcf.Tnr }, { "TR", "X101 0110", T30Fcf.Tr },
        { "FCD", "0110 0000", T30Fcf.Fcd }, { "RCP", "0110 0001", T30Fcf.Rcp },
    };

    [Theory]
    [MemberData(nameof(WrittenForms))]
    public void Constant_MatchesWrittenFormOfRecommendation(string name, string written, byte constant)
    {
        string bits = written.Replace(" ", string.Empty).Replace('X', '0');
        int value = 0;
        for (int i = 0; i < 8; i++)
        {
            if (bits[i] == '1')
            {
                value |= 1 << i; // first bit on the line is the least significant bit
            }
        }

        Assert.Equal(value, constant);
        Assert.Equal(name, T30Fcf.Name(constant));
    }

    [Fact]
    public void Constants_AreAllDistinct()
    {
        var values = WrittenForms.Select(row => (byte)row[2]).ToList();
        Assert.Equal(values.Count, values.Distinct().Count());
    }

    [Theory]
    [InlineData(0x83, "DCS")]
    [InlineData(0x13, "CTC")]
    [InlineData(0x11, "ISP")]
    [InlineData(0x81, "DTC")]
    [InlineData(0xFB, "DCN")]
    [InlineData(0x5A, "FCF 0x5A")]
    [InlineData(0x5B, "FCF 0x5A")]
    public void Name_IgnoresXBitButKeepsDtcGroupApart(byte fcf, string expected)
    {
        Assert.Equal(expected, T30Fcf.Name(fcf));
    }
}
