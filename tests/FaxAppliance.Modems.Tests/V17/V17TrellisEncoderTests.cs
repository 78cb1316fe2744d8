using FaxAppliance.Modems.V17;

namespace FaxAppliance.Modems.Tests.V17;

/// <summary>Differential encoding (V.17 Table 2) and the convolutional encoder (V.17 Figure 2).</summary>
public class V17TrellisEncoderTests
{
    // V.17 Table 2: inputs Q1n Q2n, previous outputs Y1n−1 Y2n−1, outputs Y1n Y2n.
    public static TheoryData<int, int, int, int, int, int> Table2 => new()
    {
        { 0, 0, 0, 0, 0, 0 }, { 0, 0, 0, 1, 0, 1 }, { 0, 0, 1, 0, 1, 0 }, { 0, 0, 1, 1, 1, 1 },
        { 0, 1, 0, 0, 0, 1 }, { 0, 1, 0, 1, 0, 0 }, { 0, 1, 1, 0, 1, 1 }, { 0, 1, 1, 1, 1, 0 },
        { 1, 0, 0, 0, 1, 0 }, { 1, 0, 0, 1, 1, 1 }, { 1, 0, 1, 0, 0, 1 }, { 1, 0, 1, 1, 0, 0 },
        { 1, 1, 0, 0, 1, 1 }, { 1, 1, 0, 1, 1, 0 }, { 1, 1, 1, 0, 0, 0 }, { 1, 1, 1, 1, 0, 1 },
    };

    [Theory]
    [MemberData(nameof(Table2))]
    public void DifferentialEncoding_FollowsTable2(int q1, int q2, int y1Previous, int y2Previous, int y1, int y2)
    {
        var encoder = new V17TrellisEncoder();
        encoder.Restart(14400, differentialState: y1Previous | (y2Previous << 1));
        int label = encoder.Encode(q1 | (q2 << 1));
        Assert.Equal(y1, (label >> 1) & 1);
        Assert.Equal(y2, (label >> 2) & 1);
        Assert.Equal(y1 | (y2 << 1), encoder.DifferentialState);
    }

    [Fact]
    public void Trellis_EveryStateHasFourDistinctSuccessorsAndFourPredecessors()
    {
        var incoming = new int[V17Trellis.States];
        for (int s = 0; s < V17Trellis.States; s++)
        {
            var successors = new HashSet<int>();
            for (int y = 0; y < 4; y++)
            {
                int next = V17Trellis.NextState(s, y);
                successors.Add(next);
                incoming[next]++;
            }

            Assert.Equal(4, successors.Count);
        }

        Assert.All(incoming, n => Assert.Equal(4, n));
    }

    [Fact]
    public void Trellis_TransitionsIntoAStateUseSubsetsOfOneParity_SoSubsetPairsAreFarApart()
    {
        // Ungerboeck's rule: branches leaving (and entering) a state carry subsets with equal Y0.
        for (int s = 0; s < V17Trellis.States; s++)
        {
            var y0 = new HashSet<int>();
            for (int y = 0; y < 4; y++)
            {
                y0.Add(V17Trellis.Subset(s, y) & 1);
            }

            Assert.Single(y0);
        }
    }

    [Theory]
    [InlineData(14400)]
    [InlineData(12000)]
    [InlineData(9600)]
    [InlineData(7200)]
    public void Encoder_SendsY0FromTheStateAndTheUncodedBitsAsGiven(int rate)
    {
        var encoder = new V17TrellisEncoder();
        encoder.Restart(rate);
        var (data, labels, _) = V17TestSupport.Encode(rate, 2000, seed: 5);
        int state = 0;
        for (int n = 0; n < data.Length; n++)
        {
            Assert.Equal(V17Trellis.RedundantBit(state), labels[n] & 1);
            Assert.Equal(data[n] >> 2, labels[n] >> 3);
            Assert.InRange(labels[n], 0, V17Constellations.PointCount(rate) - 1);
            state = V17Trellis.NextState(state, (labels[n] >> 1) & 3);
        }
    }

    [Fact]
    public void Encoder_FromStateZeroWithAllOnes_GivesTheKnownStartOfSegment4()
    {
        // Hand-worked from Table 2 and Figure 2: q = 3 each symbol, y = 1, 0, 3, 2, …
        var encoder = new V17TrellisEncoder();
        encoder.Restart(7200, differentialState: 1);
        int[] labels = [encoder.Encode(0b111), encoder.Encode(0b111), encoder.Encode(0b111)];
        // y: 1+3=0, 0+3=3, 3+3=2.  States: 0 -(y=0)-> 0 -(y=3)-> s1 -(y=2)-> …; Y0 = 0, 0, s1&1.
        int s1 = V17Trellis.NextState(0, 3);
        Assert.Equal(0b1000, labels[0]);
        Assert.Equal(0b1110, labels[1]);
        Assert.Equal(0b1100 | (s1 & 1), labels[2]);
    }
}
