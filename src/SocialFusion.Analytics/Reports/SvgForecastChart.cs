using System.Globalization;
using System.Net;
using System.Text;
using SocialFusion.Analytics.Privacy;

namespace SocialFusion.Analytics.Reports;

/// <summary>
/// A forecast chart for the report: the observed counts of one series as a grey line (bins under k users leave a
/// gap, never a zero) and each method's forecast from the last origin as a coloured line over the final bins.
/// </summary>
public static class SvgForecastChart
{
    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
    private static string E(string s) => WebUtility.HtmlEncode(s);

    /// <summary>
    /// <paramref name="observed"/> over the bins labelled <paramref name="x"/>; each forecast covers the last
    /// <c>Values.Length</c> bins.
    /// </summary>
    public static string Render(IReadOnlyList<string> x, IReadOnlyList<KCell<double>> observed, IReadOnlyList<(string Method, double[] Values)> forecasts, string title)
    {
        const int left = 44, top = 26, plotW = 560, plotH = 180;
        int width = left + plotW + 20, height = top + plotH + 44;
        double max = Math.Max(1, observed.Where(c => !c.Suppressed).Select(c => c.Value).Concat(forecasts.SelectMany(f => f.Values)).DefaultIfEmpty(1).Max());
        double min = Math.Min(0, forecasts.SelectMany(f => f.Values).DefaultIfEmpty(0).Min());
        double X(int i) => left + (x.Count == 1 ? plotW / 2.0 : i * plotW / (double)(x.Count - 1));
        double Y(double v) => top + plotH - (v - min) / (max - min) * plotH;
        var s = new StringBuilder($"<svg class=\"chart\" data-chart=\"forecast\" role=\"img\" aria-label=\"{E(title)}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">");
        s.Append($"<text x=\"{left}\" y=\"14\" font-size=\"12\" font-family=\"sans-serif\">{E(title)}</text>");
        s.Append($"<rect x=\"{left}\" y=\"{top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#ccc\"/>");
        foreach (double tick in new[] { min, (min + max) / 2, max })
            s.Append($"<text x=\"{left - 4}\" y=\"{F(Y(tick) + 4)}\" font-size=\"10\" text-anchor=\"end\" font-family=\"sans-serif\">{F(tick)}</text>");
        int every = Math.Max(1, x.Count / 6);
        for (int i = 0; i < x.Count; i += every)
            s.Append($"<text x=\"{F(X(i))}\" y=\"{top + plotH + 14}\" font-size=\"10\" text-anchor=\"middle\" font-family=\"sans-serif\">{E(x[i])}</text>");
        Line(s, observed.Select((c, i) => (i, c.Suppressed ? (double?)null : c.Value)), X, Y, "#888", "observed");
        for (int k = 0; k < forecasts.Count; k++)
        {
            int start = x.Count - forecasts[k].Values.Length;
            Line(s, forecasts[k].Values.Select((v, j) => (start + j, (double?)v)), X, Y, SvgCharts.Palette[k % SvgCharts.Palette.Length], forecasts[k].Method);
        }
        string[] names = ["observed", .. forecasts.Select(f => f.Method)];
        for (int k = 0; k < names.Length; k++)
        {
            double lx = left + k * 130, ly = top + plotH + 26;
            string colour = k == 0 ? "#888" : SvgCharts.Palette[(k - 1) % SvgCharts.Palette.Length];
            s.Append($"<rect x=\"{F(lx)}\" y=\"{F(ly)}\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{F(lx + 14)}\" y=\"{F(ly + 9)}\" font-size=\"10\" font-family=\"sans-serif\">{E(names[k])}</text>");
        }
        return s.Append("</svg>").ToString();
    }

    private static void Line(StringBuilder s, IEnumerable<(int I, double? V)> points, Func<int, double> x, Func<double, double> y, string colour, string name)
    {
        var path = new StringBuilder();
        bool pen = false;
        foreach (var (i, v) in points)
        {
            if (v is not { } value) { pen = false; continue; }
            path.Append(pen ? " L" : " M").Append(F(x(i))).Append(' ').Append(F(y(value)));
            pen = true;
        }
        if (path.Length > 0)
            s.Append($"<path d=\"{path.ToString().Trim()}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"><title>{E(name)}</title></path>");
    }
}
