namespace FaxAppliance.Hal.Simulated.Line;

/// <summary>
/// Frequency-domain facts for the simulated line shapes: attenuation distortion
/// (dB, relative to the 1 kHz reference) and envelope delay distortion (µs,
/// relative to the 1800 Hz reference) at tabulated frequencies. Only facts live
/// here; <see cref="LineShape.DesignFir"/> turns them into filters. See LINE-SHAPES.md.
/// </summary>
internal static class LineShapeTables
{
    /// <summary>Marks a cell the Recommendation leaves unspecified.</summary>
    internal const double Unspecified = double.NaN;

    /// <summary>Curve numbers of the AD columns of <see cref="AttenuationDistortion"/>, in order.</summary>
    internal static readonly int[] AdCurveNumbers = [1, 5, 6, 7, 8, 9];

    // ITU-T V.56bis (08/1995), Annex A, Table A.10: attenuation distortion curves
    // AD-1, AD-5, AD-6, AD-7, AD-8 and AD-9; loss in dB relative to the loss at 1000 Hz.
    // Cells as transcribed in freeswitch/spandsp spandsp-sim/make_line_models.c (table
    // "V.56bis AD-1 AD-5 AD-6 AD-7 AD-8 AD-9") and, independently, in cryan209/v90modem
    // tools/v56bis/reference.json ("ITU-T V.56bis (08/1995), Tables A.10 and A.11",
    // checked there against the Recommendation's PDF); the two agree cell for cell.
    // Columns: frequency Hz, AD-1, AD-5, AD-6, AD-7, AD-8, AD-9.
    internal static readonly double[][] AttenuationDistortion =
    [
        [200, 6.0, 3.2, 3.0, 2.9, 11.6, 23.3],
        [300, 1.3, 1.4, 1.2, 1.1, 6.9, 13.9],
        [400, 0.0, 0.4, 0.3, 0.3, 4.0, 7.9],
        [500, 0.0, -0.1, 0.0, 0.1, 2.0, 4.1],
        [600, 0.0, -0.1, 0.0, 0.1, 1.2, 2.4],
        [700, 0.0, 0.1, 0.0, 0.0, 0.8, 1.7],
        [800, 0.0, 0.0, 0.0, -0.1, 0.5, 1.1],
        [900, 0.0, 0.0, 0.0, -0.1, 0.2, 0.4],
        [1000, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        [1100, 0.0, 0.0, 0.1, 0.0, -0.1, -0.2],
        [1200, 0.0, 0.0, 0.1, 0.1, -0.1, -0.2],
        [1300, 0.0, 0.1, 0.2, 0.3, -0.1, -0.2],
        [1400, 0.0, 0.2, 0.3, 0.4, -0.1, -0.3],
        [1500, 0.0, 0.2, 0.3, 0.4, -0.2, -0.4],
        [1600, 0.0, 0.3, 0.5, 0.5, -0.1, -0.3],
        [1700, 0.0, 0.3, 0.5, 0.6, -0.1, -0.1],
        [1800, 0.0, 0.3, 0.5, 0.6, 0.0, 0.0],
        [1900, 0.0, 0.4, 0.7, 0.7, 0.1, 0.2],
        [2000, 0.0, 0.5, 0.8, 0.9, 0.2, 0.5],
        [2100, 0.1, 0.6, 1.0, 1.0, 0.5, 0.9],
        [2200, 0.2, 0.7, 1.1, 1.1, 0.6, 1.1],
        [2300, 0.3, 0.9, 1.2, 1.4, 0.8, 1.5],
        [2400, 0.4, 1.1, 1.5, 1.6, 0.9, 1.8],
        [2500, 0.5, 1.3, 1.8, 2.0, 1.1, 2.3],
        [2600, 0.6, 1.6, 2.4, 2.7, 1.4, 2.8],
        [2700, 0.7, 2.0, 3.0, 3.5, 1.7, 3.4],
        [2800, 0.7, 2.3, 3.5, 4.3, 2.0, 4.0],
        [2900, 0.9, 2.8, 4.2, 5.0, 2.4, 4.9],
        [3000, 1.1, 3.2, 4.9, 5.8, 3.0, 5.9],
        [3100, 1.2, 3.5, 5.6, 6.7, 3.4, 6.8],
        [3200, 1.3, 4.1, 6.7, 8.0, 3.9, 7.7],
        [3300, 1.6, 4.8, 8.0, 9.6, 4.6, 9.2],
        [3400, 1.8, 5.3, 9.1, 11.0, 5.4, 10.7],
        [3500, 2.4, 5.7, 10.3, 12.2, 6.3, 12.6],
        [3600, 3.0, 6.6, 12.1, 13.9, 7.8, 15.5],
        [3700, 5.7, 8.9, 15.8, 17.3, 10.3, 20.5],
        [3800, 13.5, 15.7, 24.4, 25.7, 16.2, 32.4],
        [3900, 31.2, 31.1, 42.2, 43.3, 29.9, 59.9],
    ];

    // ITU-T V.56bis (08/1995), Annex A, Table A.11: envelope delay distortion curves
    // EDD-1, EDD-2 and EDD-3. The Recommendation gives milliseconds relative to the
    // delay at 1800 Hz; stored here in microseconds (ms × 1000). Unspecified cells
    // (blank in the table, null in reference.json) are NaN; the design holds the
    // nearest specified value beyond them, as both transcriptions do.
    // Sources as for Table A.10 above (spandsp fills the blanks with held values).
    // Columns: frequency Hz, EDD-1, EDD-2, EDD-3.
    internal static readonly double[][] EnvelopeDelayDistortion =
    [
        [200, 3980, Unspecified, Unspecified],
        [300, 2700, 3760, 8000],
        [400, 1690, 2200, 6900],
        [500, 1150, 1360, 5500],
        [600, 800, 910, 4400],
        [700, 600, 640, 3400],
        [800, 500, 460, 2800],
        [900, 400, 340, 2000],
        [1000, 300, 240, 1500],
        [1100, 200, 160, 1000],
        [1200, 200, 110, 700],
        [1300, 100, 70, 400],
        [1400, 50, 50, 300],
        [1500, 0, 30, 200],
        [1600, 0, 10, 100],
        [1700, 0, 0, 100],
        [1800, 0, 0, 0],
        [1900, 0, 20, 100],
        [2000, 0, 40, 100],
        [2100, 20, 80, 100],
        [2200, 20, 120, 200],
        [2300, 20, 160, 200],
        [2400, 20, 200, 300],
        [2500, 100, 270, 400],
        [2600, 120, 360, 500],
        [2700, 150, 470, 800],
        [2800, 200, 600, 1100],
        [2900, 270, 770, 1500],
        [3000, 400, 1010, 2000],
        [3100, 560, 1320, 2600],
        [3200, 830, 1780, 3200],
        [3300, 1070, Unspecified, 4000],
        [3400, 1390, Unspecified, Unspecified],
    ];

    // ITU-T V.56bis (08/1995), Annex A: PCM (codec) channel attenuation distortion,
    // curves PCM AD-1, AD-2 and AD-3, dB. NOTE: the only source found is the table
    // "V.56bis PCM AD-1, AD-2, AD-3" in freeswitch/spandsp spandsp-sim/make_line_models.c;
    // the Recommendation's table number and reference frequency were not verified
    // (the 1000 Hz cells are -0.1/-0.2/-0.3, so the design renormalises at 1004 Hz).
    // Columns: frequency Hz, PCM AD-1, PCM AD-2, PCM AD-3.
    internal static readonly double[][] PcmAttenuationDistortion =
    [
        [50, 41.4, 77.8, 114.2],
        [100, 15.5, 27.7, 39.9],
        [150, 3.7, 6.1, 8.6],
        [200, 0.5, 0.8, 1.0],
        [250, -0.2, -0.2, -0.3],
        [300, -0.2, -0.3, -0.4],
        [400, 0.0, -0.2, -0.3],
        [500, -0.2, -0.4, -0.5],
        [600, -0.2, -0.3, -0.5],
        [700, -0.2, -0.3, -0.5],
        [800, -0.2, -0.4, -0.5],
        [900, -0.2, -0.3, -0.4],
        [1000, -0.1, -0.2, -0.3],
        [1100, -0.2, -0.3, -0.3],
        [1200, -0.2, -0.3, -0.4],
        [1300, -0.2, -0.3, -0.5],
        [1400, -0.1, -0.3, -0.4],
        [1500, -0.1, -0.3, -0.4],
        [1600, -0.1, -0.2, -0.3],
        [1700, -0.1, -0.3, -0.4],
        [1800, -0.2, -0.3, -0.4],
        [1900, -0.2, -0.3, -0.3],
        [2000, -0.1, -0.2, -0.3],
        [2100, -0.1, -0.2, -0.3],
        [2200, -0.1, -0.3, -0.4],
        [2300, -0.1, -0.1, -0.2],
        [2400, -0.1, -0.1, -0.2],
        [2500, 0.0, -0.1, -0.1],
        [2600, 0.0, -0.1, -0.1],
        [2700, 0.0, 0.0, 0.1],
        [2800, 0.0, 0.0, 0.1],
        [2900, 0.1, 0.2, 0.2],
        [3000, 0.0, 0.0, 0.1],
        [3100, 0.0, 0.0, 0.0],
        [3200, 0.0, 0.0, 0.1],
        [3300, 0.3, 0.7, 1.0],
        [3400, 1.2, 2.4, 3.6],
        [3500, 3.2, 6.3, 9.5],
        [3550, 5.0, 9.6, 14.3],
        [3600, 7.0, 13.5, 19.9],
        [3650, 10.0, 18.7, 27.5],
        [3700, 13.4, 24.6, 35.8],
        [3750, 18.1, 32.1, 46.2],
        [3800, 24.3, 41.2, 58.2],
        [3850, 32.5, 52.6, 72.7],
        [3900, 43.4, 66.6, 89.8],
    ];

    // ITU-T V.56bis (08/1995), Annex A: PCM (codec) channel envelope delay distortion,
    // curves PCM EDD-1, EDD-2 and EDD-3; milliseconds in the source, stored here in µs.
    // Same single source and caveat as the PCM AD table above (spandsp repeats the
    // 3600 Hz value up to 4000 Hz; the design holds it likewise).
    // Columns: frequency Hz, PCM EDD-1, PCM EDD-2, PCM EDD-3.
    internal static readonly double[][] PcmEnvelopeDelayDistortion =
    [
        [150, 2760, 5500, 8300],
        [200, 1700, 3400, 5100],
        [250, 920, 1800, 2800],
        [300, 550, 1100, 1700],
        [400, 250, 500, 700],
        [500, 120, 200, 400],
        [600, 60, 100, 200],
        [700, 30, 100, 100],
        [800, 10, 0, 0],
        [900, 0, 0, 0],
        [1000, -10, 0, 0],
        [1100, -10, 0, 0],
        [1200, -20, 0, -100],
        [1300, -20, 0, -100],
        [1400, -10, 0, 0],
        [1500, -10, 0, 0],
        [1600, 0, 0, 0],
        [1700, 0, 0, 0],
        [1800, 10, 0, 0],
        [1900, 20, 0, 0],
        [2000, 20, 0, 100],
        [2100, 40, 100, 100],
        [2200, 50, 100, 200],
        [2300, 60, 100, 200],
        [2400, 70, 100, 200],
        [2500, 100, 200, 300],
        [2600, 110, 200, 300],
        [2700, 140, 300, 400],
        [2800, 180, 400, 500],
        [2900, 220, 400, 600],
        [3000, 270, 500, 800],
        [3100, 340, 700, 1000],
        [3200, 450, 900, 1400],
        [3250, 520, 1000, 1600],
        [3300, 600, 1200, 1800],
        [3350, 660, 1300, 2000],
        [3400, 740, 1500, 2200],
        [3450, 790, 1600, 2400],
        [3500, 830, 1700, 2500],
        [3550, 840, 1700, 2500],
        [3600, 810, 1600, 2400],
    ];

    /// <summary>Column <paramref name="column"/> (1-based, after the frequency) as loss points, skipping unspecified cells.</summary>
    internal static LossPoint[] LossColumn(double[][] table, int column)
    {
        var points = new List<LossPoint>(table.Length);
        foreach (var row in table)
        {
            if (!double.IsNaN(row[column]))
            {
                points.Add(new LossPoint(row[0], row[column]));
            }
        }

        return [.. points];
    }

    /// <summary>Column <paramref name="column"/> (1-based, after the frequency) as delay points, skipping unspecified cells.</summary>
    internal static DelayPoint[] DelayColumn(double[][] table, int column)
    {
        var points = new List<DelayPoint>(table.Length);
        foreach (var row in table)
        {
            if (!double.IsNaN(row[column]))
            {
                points.Add(new DelayPoint(row[0], row[column]));
            }
        }

        return [.. points];
    }
}
