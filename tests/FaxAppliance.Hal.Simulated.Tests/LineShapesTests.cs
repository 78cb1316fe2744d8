using System.Collections.Concurrent;
using FaxAppliance.Hal.Simulated.Line;

namespace FaxAppliance.Hal.Simulated.Tests;

/// <summary>
/// The line shapes' designed filters against their tables. Tolerances: ±0.5 dB and ±50 µs at
/// every table point in 300–3400 Hz. The tables are printed to 0.1 dB and to 10 µs (EDD-1, EDD-2)
/// or 100 µs (EDD-3), so these are about half a printed step of the coarsest table; the 255-tap
/// designs actually stay within about 0.03 dB and 35 µs.
/// </summary>
public class LineShapesTests
{
    private const double LossToleranceDb = 0.5;
    private const double DelayToleranceUs = 50.0;
    private const double BandLowHz = 300.0;
    private const double BandHighHz = 3400.0;
    private const double DelayReferenceHz = 1800.0; // V.56bis EDD tables are 0 at 1800 Hz

    private static readonly ConcurrentDictionary<string, double[]> Designs = new(StringComparer.Ordinal);

    public static TheoryData<string> DistortedShapeNames()
    {
        var names = new TheoryData<string>();
        foreach (var shape in LineShapes.All)
        {
            if (!shape.IsFlat)
            {
                names.Add(shape.Name);
            }
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(DistortedShapeNames))]
    public void DesignFir_EveryShape_MatchesLossTableWithinHalfDb(string name)
    {
        var (shape, fir) = Design(name);
        var reference = shape.LossDbAt(LineShape.ReferenceFrequencyHz);
        var checkedPoints = 0;
        foreach (var point in shape.Loss)
        {
            if (point.FrequencyHz < BandLowHz || point.FrequencyHz > BandHighHz)
            {
                continue;
            }

            var measured = LineShapes.MeasureResponse(fir, point.FrequencyHz).LossDb;
            var expected = point.LossDb - reference;
            Assert.True(
                Math.Abs(measured - expected) <= LossToleranceDb,
                $"{name} at {point.FrequencyHz} Hz: loss {measured:F3} dB, table {expected:F3} dB");
            checkedPoints++;
        }

        if (shape.Loss.Count == 0)
        {
            // No attenuation distortion: flat in band.
            for (var f = BandLowHz; f <= BandHighHz; f += 100)
            {
                var measured = LineShapes.MeasureResponse(fir, f).LossDb;
                Assert.True(Math.Abs(measured) <= LossToleranceDb, $"{name} at {f} Hz: loss {measured:F3} dB, table 0");
                checkedPoints++;
            }
        }

        Assert.True(checkedPoints >= 30, $"{name}: only {checkedPoints} points checked");
    }

    [Theory]
    [MemberData(nameof(DistortedShapeNames))]
    public void DesignFir_EveryShape_MatchesDelayTableWithin50Us(string name)
    {
        var (shape, fir) = Design(name);
        var measuredReference = LineShapes.MeasureResponse(fir, DelayReferenceHz).GroupDelayUs;
        var tableReference = shape.DelayUsAt(DelayReferenceHz);
        var frequencies = new List<double>();
        foreach (var point in shape.Delay)
        {
            frequencies.Add(point.FrequencyHz);
        }

        if (shape.Delay.Count == 0)
        {
            for (var f = BandLowHz; f <= BandHighHz; f += 100)
            {
                frequencies.Add(f);
            }
        }

        var checkedPoints = 0;
        foreach (var f in frequencies)
        {
            if (f < BandLowHz || f > BandHighHz)
            {
                continue;
            }

            var measured = LineShapes.MeasureResponse(fir, f).GroupDelayUs - measuredReference;
            var expected = shape.DelayUsAt(f) - tableReference;
            Assert.True(
                Math.Abs(measured - expected) <= DelayToleranceUs,
                $"{name} at {f} Hz: relative delay {measured:F1} µs, table {expected:F1} µs");
            checkedPoints++;
        }

        Assert.True(checkedPoints >= 25, $"{name}: only {checkedPoints} points checked");
    }

    [Theory]
    [MemberData(nameof(DistortedShapeNames))]
    public void DesignFir_EveryShape_HasZeroLossAt1004Hz(string name)
    {
        var (_, fir) = Design(name);
        Assert.Equal(0.0, LineShapes.MeasureResponse(fir, 1004.0).LossDb, 0.05);
    }

    [Theory]
    [MemberData(nameof(DistortedShapeNames))]
    public void DesignFir_EveryShape_IsATelephoneChannelBlockingDcAndNyquist(string name)
    {
        var (_, fir) = Design(name);
        Assert.Equal(255, fir.Length);
        Assert.All(fir, tap => Assert.True(double.IsFinite(tap)));
        Assert.True(LineShapes.MeasureResponse(fir, 0.0).LossDb >= 40.0, $"{name}: DC passes");
        Assert.True(LineShapes.MeasureResponse(fir, 4000.0).LossDb >= 40.0, $"{name}: Nyquist passes");
    }

    [Theory]
    [InlineData("ad1")]
    [InlineData("ad5")]
    [InlineData("ad9")]
    public void DesignFir_AdOnlyShape_IsSymmetricSoLinearPhase(string name)
    {
        var (_, fir) = Design(name);
        for (var n = 0; n < fir.Length; n++)
        {
            Assert.Equal(fir[n], fir[fir.Length - 1 - n], 1e-12);
        }
    }

    [Fact]
    public void DesignFir_Ad9_MatchesTableWithinHalfDb() =>
        DesignFir_EveryShape_MatchesLossTableWithinHalfDb("ad9");

    [Fact]
    public void DesignFir_Edd3_MatchesTableWithin50Us() =>
        DesignFir_EveryShape_MatchesDelayTableWithin50Us("edd3");

    [Fact]
    public void DesignFir_Flat_IsExactlyTheSingleTapOne()
    {
        Assert.True(LineShapes.TryGet("flat", out var flat));
        Assert.True(flat.IsFlat);
        Assert.Equal([1.0], flat.DesignFir());
        Assert.Equal([1.0], flat.DesignFir(511));
    }

    [Fact]
    public void DesignFir_TooFewTaps_Throws()
    {
        Assert.True(LineShapes.TryGet("ad5", out var shape));
        Assert.Throws<ArgumentOutOfRangeException>(() => shape.DesignFir(8));
    }

    [Fact]
    public void All_HasFlatAndEveryV56bisAdAndEddCurve()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var shape in LineShapes.All)
        {
            Assert.True(names.Add(shape.Name), $"duplicate {shape.Name}");
        }

        Assert.Equal("flat", LineShapes.All[0].Name);
        string[] expected =
        [
            "flat", "ad1", "ad5", "ad6", "ad7", "ad8", "ad9", "edd1", "edd2", "edd3",
            "ad1-edd1", "ad5-edd2", "ad9-edd3", "pcm1", "pcm2", "pcm3",
        ];
        Assert.All(expected, name => Assert.Contains(name, names));
        Assert.Equal(1 + 6 + 3 + 18 + 3, names.Count);
    }

    [Fact]
    public void All_EveryDistortedShapeCitesV56bis()
    {
        foreach (var shape in LineShapes.All)
        {
            if (!shape.IsFlat)
            {
                Assert.Contains("V.56bis", shape.Description, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Tables_SpotValuesMatchV56bisAnnexA()
    {
        Assert.True(LineShapes.TryGet("ad9", out var ad9));
        Assert.Equal(23.3, ad9.LossDbAt(200), 1e-9);     // Table A.10, AD-9, 200 Hz
        Assert.Equal(10.7, ad9.LossDbAt(3400), 1e-9);    // Table A.10, AD-9, 3400 Hz
        Assert.True(LineShapes.TryGet("ad1", out var ad1));
        Assert.Equal(31.2, ad1.LossDbAt(3900), 1e-9);    // Table A.10, AD-1, 3900 Hz
        Assert.True(LineShapes.TryGet("edd3", out var edd3));
        Assert.Equal(8000, edd3.DelayUsAt(300), 1e-9);   // Table A.11, EDD-3, 300 Hz: 8.0 ms
        Assert.Equal(300.0, edd3.Delay[0].FrequencyHz);  // EDD-3 is unspecified at 200 Hz
        Assert.True(LineShapes.TryGet("edd2", out var edd2));
        Assert.Equal(3200.0, edd2.Delay[^1].FrequencyHz); // EDD-2 is unspecified above 3200 Hz
        Assert.Equal(1780, edd2.DelayUsAt(3200), 1e-9);
        Assert.True(LineShapes.TryGet("edd1", out var edd1));
        Assert.Equal(3980, edd1.DelayUsAt(200), 1e-9);   // Table A.11, EDD-1, 200 Hz: 3.98 ms
        Assert.Equal(1390, edd1.DelayUsAt(3400), 1e-9);
    }

    [Theory]
    [InlineData("FLAT", "flat")]
    [InlineData("Ad5", "ad5")]
    [InlineData("EDD2", "edd2")]
    [InlineData("AD5-EDD2", "ad5-edd2")]
    [InlineData("AD-5", "ad5")]
    [InlineData("edd-3", "edd3")]
    [InlineData("AD-9/EDD-1", "ad9-edd1")]
    [InlineData("Pcm2", "pcm2")]
    public void TryGet_IsCaseInsensitiveAndTakesV56bisSpellings(string asked, string expected)
    {
        Assert.True(LineShapes.TryGet(asked, out var shape));
        Assert.Equal(expected, shape.Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ad2")]
    [InlineData("edd4")]
    [InlineData("ad5-edd4")]
    [InlineData("proakis")]
    public void TryGet_UnknownName_Fails(string asked)
    {
        Assert.False(LineShapes.TryGet(asked, out var shape));
        Assert.Null(shape);
    }

    [Fact]
    public void MeasureResponse_PureTwoSampleDelay_IsLosslessWith250Us()
    {
        var response = LineShapes.MeasureResponse([0.0, 0.0, 1.0], 1000.0);
        Assert.Equal(0.0, response.LossDb, 1e-9);
        Assert.Equal(250.0, response.GroupDelayUs, 1e-6);
    }

    [Fact]
    public void MeasureResponse_HalfAmplitude_IsSixDbLoss()
    {
        var response = LineShapes.MeasureResponse([0.5], 1500.0);
        Assert.Equal(20.0 * Math.Log10(2.0), response.LossDb, 1e-9);
        Assert.Equal(0.0, response.GroupDelayUs, 1e-9);
    }

    private static (LineShape Shape, double[] Fir) Design(string name)
    {
        Assert.True(LineShapes.TryGet(name, out var shape), $"no shape {name}");
        return (shape, Designs.GetOrAdd(name, _ => shape.DesignFir()));
    }
}
