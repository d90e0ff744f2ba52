using System.Globalization;
using System.Net;
using System.Text;
using SocialFusion.Analytics.Privacy;

namespace SocialFusion.Analytics.Reports;

/// <summary>
/// Inline SVG for topics over time: one line per series over many time bins (shares in [0, 1]), with only every n-th
/// bin labelled so a hundred daily bins stay readable; suppressed points leave a gap, as in <see cref="SvgCharts.Lines"/>.
/// </summary>
public static class SvgTopicCharts
{
    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
    private static string E(string s) => WebUtility.HtmlEncode(s);

    /// <summary>Shares over time; the y axis runs to the largest published share (rounded up to 10%).</summary>
    public static string SharesOverTime(IReadOnlyList<string> bins, IReadOnlyList<(string Series, IReadOnlyList<KCell<double>> Points)> series, string title)
    {
        const int left = 44, top = 26, plotW = 640, plotH = 200, maxLabels = 10;
        int legendRows = (series.Count + 4) / 5;
        int width = left + plotW + 20, height = top + plotH + 30 + legendRows * 16;
        double max = series.SelectMany(s => s.Points).Where(c => !c.Suppressed).Select(c => c.Value).DefaultIfEmpty(0).Max();
        max = Math.Max(0.1, Math.Ceiling(max * 10) / 10);
        var s = new StringBuilder($"<svg class=\"chart\" data-chart=\"topic-shares\" role=\"img\" aria-label=\"{E(title)}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">");
        s.Append($"<text x=\"{left}\" y=\"14\" font-size=\"12\" font-family=\"sans-serif\">{E(title)}</text>");
        s.Append($"<rect x=\"{left}\" y=\"{top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#ccc\"/>");
        for (int t = 0; t <= 4; t++)
            s.Append($"<text x=\"{left - 4}\" y=\"{F(top + plotH - t / 4.0 * plotH + 4)}\" font-size=\"10\" text-anchor=\"end\" font-family=\"sans-serif\">{F(max * t / 4 * 100)}%</text>");
        double X(int i) => left + (bins.Count == 1 ? plotW / 2.0 : i * plotW / (double)(bins.Count - 1));
        double Y(double v) => top + plotH - v / max * plotH;
        int every = Math.Max(1, (bins.Count + maxLabels - 1) / maxLabels);
        for (int i = 0; i < bins.Count; i += every)
            s.Append($"<text x=\"{F(X(i))}\" y=\"{top + plotH + 14}\" font-size=\"10\" text-anchor=\"middle\" font-family=\"sans-serif\">{E(bins[i])}</text>");
        for (int k = 0; k < series.Count; k++)
        {
            string colour = SvgCharts.Palette[k % SvgCharts.Palette.Length];
            var path = new StringBuilder();
            bool pen = false;
            for (int i = 0; i < bins.Count; i++)
            {
                var c = series[k].Points[i];
                if (c.Suppressed) { pen = false; continue; }
                path.Append(pen ? " L" : " M").Append(F(X(i))).Append(' ').Append(F(Y(c.Value)));
                pen = true;
            }
            s.Append($"<path d=\"{path.ToString().Trim()}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\"><title>{E(series[k].Series)}</title></path>");
        }
        for (int k = 0; k < series.Count; k++)
        {
            double x = left + (k % 5) * 130, y = top + plotH + 24 + (k / 5) * 16;
            s.Append($"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"10\" height=\"10\" fill=\"{SvgCharts.Palette[k % SvgCharts.Palette.Length]}\"/>");
            s.Append($"<text x=\"{F(x + 14)}\" y=\"{F(y + 9)}\" font-size=\"10\" font-family=\"sans-serif\">{E(series[k].Series)}</text>");
        }
        return s.Append("</svg>").ToString();
    }
}
