using ScottPlot;

namespace FaxAppliance.Benchmarks.Ber;

/// <summary>Draws BER-versus-SNR curves, ours and the reference on the same axes (log BER).</summary>
public static class BerPlot
{
    /// <summary>Saves a PNG of <paramref name="points"/> for one modem.</summary>
    public static void Save(string title, IReadOnlyList<BerPoint> points, string path)
    {
        var plot = new Plot();
        foreach (IGrouping<string, BerPoint> series in points.GroupBy(p => p.Implementation))
        {
            BerPoint[] pts = series.OrderBy(p => p.SnrDb).ToArray();
            // A point with no error is drawn at the resolution of the measurement (1 / bits).
            double[] ys = pts.Select(p => Math.Log10(Math.Max(p.Ber, 1.0 / Math.Max(p.Bits, 1)))).ToArray();
            var scatter = plot.Add.Scatter(pts.Select(p => p.SnrDb).ToArray(), ys);
            scatter.LegendText = series.Key;
            scatter.LineWidth = 2;
        }

        plot.Title(title + "\n(no error in N bits is drawn at 1/N; a receiver that did not train, at 1)");
        plot.XLabel("SNR (dB, 0–4 kHz, A-law in the path)");
        plot.YLabel("log10 BER");
        plot.Axes.SetLimitsY(-7, 0);
        var target = plot.Add.HorizontalLine(-5);
        target.LinePattern = LinePattern.Dashed;
        target.LegendText = "1e-5";
        plot.ShowLegend();
        plot.SavePng(path, 640, 420);
    }
}
