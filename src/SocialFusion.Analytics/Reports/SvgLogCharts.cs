using System.Globalization;
using System.Net;
using System.Text;

namespace SocialFusion.Analytics.Reports;

/// <summary>
/// Inline SVG charts on logarithmic axes (no plotting library, no external reference): a log-log scatter with lines,
/// for heavy-tailed distributions such as a CCDF, where a power law is a straight line.
/// </summary>
public static class SvgLogCharts
{
    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
    private static string E(string s) => WebUtility.HtmlEncode(s);

    /// <summary>
    /// One step line per series through its (x, y) points, both axes log10 with a grid line at every power of ten;
    /// points with x or y not positive cannot be drawn on log axes and are left out.
    /// </summary>
    public static string LogLog(IReadOnlyList<(string Series, IReadOnlyList<(double X, double Y)> Points)> series, string title, string xLabel, string yLabel)
    {
        const int left = 56, top = 26, plotW = 420, plotH = 220;
        int width = left + plotW + 20, height = top + plotH + 48 + series.Count * 14;
        var pts = series.SelectMany(s => s.Points).Where(p => p.X > 0 && p.Y > 0).ToList();
        double x0 = Math.Floor(Math.Log10(pts.Count == 0 ? 1 : pts.Min(p => p.X))), x1 = Math.Ceiling(Math.Log10(pts.Count == 0 ? 10 : pts.Max(p => p.X)));
        double y0 = Math.Floor(Math.Log10(pts.Count == 0 ? 0.1 : pts.Min(p => p.Y))), y1 = Math.Ceiling(Math.Log10(pts.Count == 0 ? 1 : pts.Max(p => p.Y)));
        if (x1 <= x0) x1 = x0 + 1;
        if (y1 <= y0) y1 = y0 + 1;
        double X(double v) => left + (Math.Log10(v) - x0) / (x1 - x0) * plotW;
        double Y(double v) => top + plotH - (Math.Log10(v) - y0) / (y1 - y0) * plotH;
        var s = new StringBuilder($"<svg class=\"chart\" data-chart=\"loglog\" role=\"img\" aria-label=\"{E(title)}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">");
        s.Append($"<text x=\"{left}\" y=\"14\" font-size=\"12\" font-family=\"sans-serif\">{E(title)}</text>");
        s.Append($"<rect x=\"{left}\" y=\"{top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#ccc\"/>");
        for (double e = x0; e <= x1; e++)
        {
            double x = left + (e - x0) / (x1 - x0) * plotW;
            s.Append($"<line x1=\"{F(x)}\" y1=\"{top}\" x2=\"{F(x)}\" y2=\"{top + plotH}\" stroke=\"#eee\"/>");
            s.Append($"<text x=\"{F(x)}\" y=\"{top + plotH + 14}\" font-size=\"10\" text-anchor=\"middle\" font-family=\"sans-serif\">{E(Power(e))}</text>");
        }
        for (double e = y0; e <= y1; e++)
        {
            double y = top + plotH - (e - y0) / (y1 - y0) * plotH;
            s.Append($"<line x1=\"{left}\" y1=\"{F(y)}\" x2=\"{left + plotW}\" y2=\"{F(y)}\" stroke=\"#eee\"/>");
            s.Append($"<text x=\"{left - 4}\" y=\"{F(y + 4)}\" font-size=\"10\" text-anchor=\"end\" font-family=\"sans-serif\">{E(Power(e))}</text>");
        }
        s.Append($"<text x=\"{left + plotW / 2}\" y=\"{top + plotH + 30}\" font-size=\"11\" text-anchor=\"middle\" font-family=\"sans-serif\">{E(xLabel)}</text>");
        s.Append($"<text x=\"12\" y=\"{top + plotH / 2}\" font-size=\"11\" text-anchor=\"middle\" font-family=\"sans-serif\" transform=\"rotate(-90 12 {top + plotH / 2})\">{E(yLabel)}</text>");
        for (int k = 0; k < series.Count; k++)
        {
            string colour = SvgCharts.Palette[k % SvgCharts.Palette.Length];
            var p = series[k].Points.Where(q => q.X > 0 && q.Y > 0).ToList();
            var path = new StringBuilder();
            for (int i = 0; i < p.Count; i++)
            {
                path.Append(i == 0 ? "M" : " L").Append(F(X(p[i].X))).Append(' ').Append(F(Y(p[i].Y)));
                s.Append($"<circle cx=\"{F(X(p[i].X))}\" cy=\"{F(Y(p[i].Y))}\" r=\"2.5\" fill=\"{colour}\"><title>{E($"{series[k].Series}: {p[i].X.ToString("G4", CultureInfo.InvariantCulture)}, {p[i].Y.ToString("G4", CultureInfo.InvariantCulture)}")}</title></circle>");
            }
            if (path.Length > 0) s.Append($"<path d=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\"/>");
            s.Append($"<rect x=\"{left}\" y=\"{top + plotH + 38 + k * 14}\" width=\"10\" height=\"10\" fill=\"{colour}\"/>");
            s.Append($"<text x=\"{left + 14}\" y=\"{top + plotH + 47 + k * 14}\" font-size=\"10\" font-family=\"sans-serif\">{E(series[k].Series)}</text>");
        }
        return s.Append("</svg>").ToString();
    }

    private static string Power(double e) => e switch
    {
        >= 0 and <= 5 => Math.Pow(10, e).ToString("0", CultureInfo.InvariantCulture),
        -1 => "0.1", -2 => "0.01",
        _ => "1e" + e.ToString("0", CultureInfo.InvariantCulture),
    };
}
