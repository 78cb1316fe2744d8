using FaxAppliance.Modems.V17;

namespace FaxAppliance.Modems.Tests.V17;

/// <summary>The signal spaces of V.17 Figures 3–6 and the training points.</summary>
public class V17ConstellationTests
{
    [Theory]
    [InlineData(14400, 6, 128, 41.0)]
    [InlineData(12000, 5, 64, 42.0)]
    [InlineData(9600, 4, 32, 40.0)]
    [InlineData(7200, 3, 16, 40.0)]
    public void Constellation_HasOneDistinctPointPerLabel_AndTheFiguresMeanPower(int rate, int bits, int count, double meanPower)
    {
        Assert.Equal(bits, V17Constellations.DataBitsPerSymbol(rate));
        Assert.Equal(count, V17Constellations.PointCount(rate));
        var seen = new HashSet<V17Point>();
        for (int label = 0; label < count; label++)
        {
            Assert.True(seen.Add(V17Constellations.Point(rate, label)), $"label {label} repeats a point");
        }

        Assert.Equal(meanPower, V17TestSupport.MeanPower(rate), 6);
    }

    [Theory]
    [InlineData(14400, 0x00, -8, -3)]
    [InlineData(14400, 0x05, -9, -2)]
    [InlineData(14400, 0x3F, -1, 0)]
    [InlineData(14400, 0x7F, -5, 0)]
    [InlineData(12000, 0x17, 7, 7)]
    [InlineData(12000, 0x2B, 1, 1)]
    [InlineData(9600, 0x03, 2, 8)]
    [InlineData(9600, 0x1F, -2, 8)]
    [InlineData(7200, 0x00, 6, -6)]
    [InlineData(7200, 0x0F, -2, -2)]
    public void Point_IsWhereTheFigurePutsTheLabel(int rate, int label, int re, int im)
    {
        Assert.Equal(new V17Point(re, im), V17Constellations.Point(rate, label));
    }

    [Theory]
    [InlineData(14400)]
    [InlineData(12000)]
    [InlineData(9600)]
    [InlineData(7200)]
    public void Subsets_AreTwoRootTwoTimesFartherApartThanTheConstellation(int rate)
    {
        int count = V17Constellations.PointCount(rate);
        double all = double.MaxValue;
        double within = double.MaxValue;
        for (int a = 0; a < count; a++)
        {
            V17Point p = V17Constellations.Point(rate, a);
            for (int b = a + 1; b < count; b++)
            {
                double d = Math.Sqrt(p.DistanceSquared(V17Constellations.Point(rate, b).Re, V17Constellations.Point(rate, b).Im));
                all = Math.Min(all, d);
                if ((a & 7) == (b & 7))
                {
                    within = Math.Min(within, d);
                }
            }
        }

        Assert.Equal(2 * Math.Sqrt(2), within / all, 6);
    }

    [Theory]
    [InlineData(14400)]
    [InlineData(12000)]
    [InlineData(9600)]
    [InlineData(7200)]
    public void Rotating90Degrees_KeepsTheUncodedBits_AndAddsAConstantToY1Y2(int rate)
    {
        // What makes differential coding of Y1 Y2 enough to survive the receiver's 90° ambiguity.
        int count = V17Constellations.PointCount(rate);
        var offsets = new HashSet<int>();
        for (int label = 0; label < count; label++)
        {
            V17Point turned = V17Constellations.Point(rate, label).Rotate90();
            int other = V17Constellations.Nearest(rate, turned.Re, turned.Im);
            Assert.Equal(turned, V17Constellations.Point(rate, other));
            Assert.Equal(label >> 3, other >> 3);
            offsets.Add((((other >> 1) & 3) - ((label >> 1) & 3)) & 3);
        }

        Assert.Single(offsets);
    }

    [Fact]
    public void TrainingPoints_AreQuarterTurnsOfEachOther_AndSliceToThemselves()
    {
        V17Point a = V17Constellations.TrainingPoint(V17TrainingPoint.A);
        Assert.Equal(new V17Point(-6, -2), a);
        Assert.Equal(V17Constellations.TrainingPoint(V17TrainingPoint.B), a.Rotate90());
        Assert.Equal(V17Constellations.TrainingPoint(V17TrainingPoint.C), a.Rotate90().Rotate90());
        Assert.Equal(V17Constellations.TrainingPoint(V17TrainingPoint.D), a.Rotate90().Rotate90().Rotate90());
        foreach (V17TrainingPoint t in Enum.GetValues<V17TrainingPoint>())
        {
            V17Point p = V17Constellations.TrainingPoint(t);
            Assert.Equal(t, V17Constellations.NearestTrainingPoint(p.Re, p.Im));
            Assert.Equal(t, V17Constellations.NearestTrainingPoint((p.Re * 0.3f) + 0.9f, (p.Im * 0.3f) - 0.9f));
        }
    }

    [Theory]
    [InlineData(4800)]
    [InlineData(0)]
    [InlineData(-14400)]
    public void UndefinedRate_IsRejectedAtTheBoundary(int rate)
    {
        Assert.False(V17Constellations.IsSupportedBitRate(rate));
        Assert.Throws<ArgumentOutOfRangeException>(() => V17Constellations.DataBitsPerSymbol(rate));
        Assert.Throws<ArgumentOutOfRangeException>(() => new V17ViterbiDecoder().Restart(rate));
        Assert.Throws<ArgumentOutOfRangeException>(() => new V17TrellisEncoder().Restart(rate));
    }
}
