using System.Globalization;
using System.Net;
using System.Text;

namespace SocialFusion.Analytics.Reports;

/// <summary>A band of time spans drawn under a series (e.g. one detector's bursts, or the planted windows).</summary>
/// <param name="Label">Legend text.</param>
/// <param name="Spans">Spans as point indices [start, end) of the series.</param>
/// <param name="Outline">Draw as a dashed outline over the plot (planted truth) instead of a filled strip.</param>
public sealed record SpanBand(string Label, IReadOnlyList<(int Start, int End)> Spans, bool Outline = false);

/// <summary>
/// Time charts for the report, inline SVG without script or external reference: a count series over time with
/// bands of spans marked (detected bursts as filled strips under the plot, planted windows as dashed outlines over it).
/// </summary>
public static class SvgTimeCharts
{
    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
    private static string E(string s) => WebUtility.HtmlEncode(s);

    /// <summary>
    /// One series (<paramref name="values"/> per point, point i starting at <paramref name="start"/> + i <paramref name="step"/>)
    /// as a line, with each band's spans marked.
    /// </summary>
    public static string SeriesWithSpans(string title, DateTime start, TimeSpan step, IReadOnlyList<double> values, IReadOnlyList<SpanBand> bands)
    {
        const int left = 40, top = 24, plotW = 480, plotH = 110, strip = 9;
        int n = Math.Max(1, values.Count);
        int filled = bands.Count(b => !b.Outline);
        int width = left + plotW + 16, height = top + plotH + 22 + filled * (strip + 3) + 18;
        ulong h = 14695981039346656037UL;
        foreach (char c in "series|" + title) { h ^= c; h *= 1099511628211UL; }
        var s = new StringBuilder($"<svg class=\"chart\" data-chart=\"series-spans\" data-id=\"{h:x16}\" role=\"img\" aria-label=\"{E(title)}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">");
        void Text(double x, double y, string text, string anchor = "start", int size = 10) =>
            s.Append($"<text x=\"{F(x)}\" y=\"{F(y)}\" font-size=\"{size}\" text-anchor=\"{anchor}\" font-family=\"sans-serif\">{E(text)}</text>");
        Text(left, 14, title, size: 12);
        double max = Math.Max(1, values.DefaultIfEmpty(0).Max());
        double X(double i) => left + i * plotW / n;
        double Y(double v) => top + plotH - v / max * plotH;
        s.Append($"<rect x=\"{left}\" y=\"{top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#ccc\"/>");
        Text(left - 4, top + 8, F(max), "end");
        Text(left - 4, top + plotH, "0", "end");
        // Month ticks.
        var end = start + n * step;
        for (var m = new DateTime(start.Year, start.Month, 1).AddMonths(1); m < end; m = m.AddMonths(1))
        {
            double x = X((m - start) / step);
            s.Append($"<line x1=\"{F(x)}\" y1=\"{top}\" x2=\"{F(x)}\" y2=\"{top + plotH}\" stroke=\"#eee\"/>");
            Text(x, top + plotH + 12, m.ToString("yyyy-MM", CultureInfo.InvariantCulture), "middle");
        }
        int row = 0;
        for (int b = 0; b < bands.Count; b++)
        {
            var band = bands[b];
            string colour = SvgCharts.Palette[b % SvgCharts.Palette.Length];
            if (band.Outline)
            {
                foreach (var (a, z) in band.Spans)
                    s.Append($"<rect class=\"span-outline\" x=\"{F(X(a))}\" y=\"{top}\" width=\"{F(Math.Max(1, X(z) - X(a)))}\" height=\"{plotH}\" fill=\"none\" stroke=\"#D55E00\" stroke-dasharray=\"4 2\"><title>{E(band.Label)}: {E(Label(start, step, a, z))}</title></rect>");
                continue;
            }
            double y = top + plotH + 18 + row++ * (strip + 3);
            Text(left - 4, y + strip - 1, band.Label, "end", 9);
            s.Append($"<rect x=\"{left}\" y=\"{F(y)}\" width=\"{plotW}\" height=\"{strip}\" fill=\"#f4f4f4\"/>");
            foreach (var (a, z) in band.Spans)
                s.Append($"<rect class=\"span\" x=\"{F(X(a))}\" y=\"{F(y)}\" width=\"{F(Math.Max(1.5, X(z) - X(a)))}\" height=\"{strip}\" fill=\"{colour}\"><title>{E(band.Label)}: {E(Label(start, step, a, z))}</title></rect>");
        }
        var path = new StringBuilder();
        for (int i = 0; i < values.Count; i++) path.Append(i == 0 ? "M" : " L").Append(F(X(i + 0.5))).Append(' ').Append(F(Y(values[i])));
        if (path.Length > 0) s.Append($"<path d=\"{path}\" fill=\"none\" stroke=\"{SvgCharts.Palette[0]}\" stroke-width=\"1.2\"/>");
        return s.Append("</svg>").ToString();
    }

    private static string Label(DateTime start, TimeSpan step, int a, int z) =>
        $"{(start + a * step).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} .. {(start + z * step).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}";
}
