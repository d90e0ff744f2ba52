using System.Globalization;
using System.Net;
using System.Text;
using SocialFusion.Analytics.Privacy;

namespace SocialFusion.Analytics.Reports;

/// <summary>
/// Inline SVG charts for the HTML report, written directly (no plotting library, no external reference): an
/// hour x weekday heatmap, horizontal stacked shares, lines over time and grouped bars. Suppressed cells
/// (k-anonymity) are drawn hatched grey and titled as suppressed, never as zero.
/// </summary>
public static class SvgCharts
{
    /// <summary>A colour-blind-safe categorical palette (Okabe and Ito).</summary>
    public static readonly string[] Palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999", "#882255", "#44AA99", "#117733"];

    private static readonly string[] Days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
    private static string E(string s) => WebUtility.HtmlEncode(s);

    // The hatch pattern's id must be unique in the page: derived from the chart's kind and title (FNV-1a, stable).
    [ThreadStatic] private static string? _hatch;

    private static StringBuilder Open(int width, int height, string label, string kind)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in kind + "|" + label) { h ^= c; h *= 1099511628211UL; }
        _hatch = $"hatch-{h:x16}";
        return new StringBuilder($"<svg class=\"chart\" data-chart=\"{kind}\" role=\"img\" aria-label=\"{E(label)}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">")
            .Append($"<defs><pattern id=\"{_hatch}\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">")
            .Append("<rect width=\"4\" height=\"4\" fill=\"#ddd\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"4\" stroke=\"#aaa\" stroke-width=\"2\"/></pattern></defs>");
    }

    private static string Hatch => $"url(#{_hatch})";

    private static void Text(StringBuilder s, double x, double y, string text, string anchor = "start", int size = 11) =>
        s.Append($"<text x=\"{F(x)}\" y=\"{F(y)}\" font-size=\"{size}\" text-anchor=\"{anchor}\" font-family=\"sans-serif\">{E(text)}</text>");

    /// <summary>Posts per local weekday (rows) and hour (columns), white to dark blue by count; suppressed cells hatched.</summary>
    public static string Heatmap(KCell<long>[][] cells, string title)
    {
        const int cw = 16, ch = 16, left = 36, top = 26;
        int width = left + 24 * cw + 10, height = top + 7 * ch + 24;
        var s = Open(width, height, title, "heatmap");
        Text(s, left, 14, title, size: 12);
        long max = Math.Max(1, cells.SelectMany(r => r).Where(c => !c.Suppressed).Select(c => c.Value).DefaultIfEmpty(1).Max());
        for (int d = 0; d < 7; d++)
        {
            Text(s, left - 4, top + d * ch + 12, Days[d], "end", 10);
            for (int h = 0; h < 24; h++)
            {
                var c = cells[d][h];
                double t = c.Suppressed ? 0 : c.Value / (double)max;
                string fill = c.Suppressed ? Hatch : Blue(t);
                string tip = c.Suppressed ? $"{Days[d]} {h:00}h: suppressed (fewer than k users)" : $"{Days[d]} {h:00}h: {c.Value} posts, {c.DistinctUsers} users";
                s.Append($"<rect x=\"{left + h * cw}\" y=\"{top + d * ch}\" width=\"{cw - 1}\" height=\"{ch - 1}\" fill=\"{fill}\"><title>{E(tip)}</title></rect>");
            }
        }
        for (int h = 0; h < 24; h += 3) Text(s, left + h * cw + cw / 2.0, top + 7 * ch + 14, $"{h:00}", "middle", 10);
        return s.Append("</svg>").ToString();
    }

    private static string Blue(double t)
    {
        t = Math.Clamp(t, 0, 1);
        int r = (int)(247 - t * (247 - 8)), g = (int)(251 - t * (251 - 48)), b = (int)(255 - t * (255 - 107));
        return $"#{r:X2}{g:X2}{b:X2}";
    }

    /// <summary>One horizontal bar per row, split into coloured shares of <paramref name="parts"/>; suppressed parts hatched.</summary>
    public static string StackedShares(IReadOnlyList<(string Row, IReadOnlyDictionary<string, KCell<double>> Shares)> rows, IReadOnlyList<string> parts, string title)
    {
        const int left = 90, barW = 420, barH = 22, top = 26;
        int legendRows = (parts.Count + 4) / 5;
        int width = left + barW + 20, height = top + rows.Count * (barH + 6) + 16 + legendRows * 16;
        var s = Open(width, height, title, "stacked");
        Text(s, left, 14, title, size: 12);
        for (int i = 0; i < rows.Count; i++)
        {
            double x = left, y = top + i * (barH + 6);
            Text(s, left - 6, y + 15, rows[i].Row, "end");
            for (int p = 0; p < parts.Count; p++)
            {
                if (!rows[i].Shares.TryGetValue(parts[p], out var c)) continue;
                // A suppressed share has no value; it is shown as a small hatched mark so its existence is visible.
                double w = c.Suppressed ? 6 : c.Value * barW;
                string tip = c.Suppressed ? $"{rows[i].Row} {parts[p]}: suppressed (fewer than k users)" : $"{rows[i].Row} {parts[p]}: {c.Value:P1} ({c.DistinctUsers} users)";
                s.Append($"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(w)}\" height=\"{barH}\" fill=\"{(c.Suppressed ? Hatch : Palette[p % Palette.Length])}\"><title>{E(tip)}</title></rect>");
                x += w;
            }
        }
        Legend(s, parts, left, top + rows.Count * (barH + 6) + 8);
        return s.Append("</svg>").ToString();
    }

    private static void Legend(StringBuilder s, IReadOnlyList<string> names, double left, double top)
    {
        for (int p = 0; p < names.Count; p++)
        {
            double x = left + (p % 5) * 88, y = top + (p / 5) * 16;
            s.Append($"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"10\" height=\"10\" fill=\"{Palette[p % Palette.Length]}\"/>");
            Text(s, x + 14, y + 9, names[p], size: 10);
        }
    }

    /// <summary>One line per series over the ordered x labels (values in [0, 1]); suppressed points leave a gap.</summary>
    public static string Lines(IReadOnlyList<string> x, IReadOnlyList<(string Series, IReadOnlyList<KCell<double>> Points)> series, string title)
    {
        const int left = 44, top = 26, plotW = 420, plotH = 160;
        int width = left + plotW + 20, height = top + plotH + 44;
        var s = Open(width, height, title, "lines");
        Text(s, left, 14, title, size: 12);
        s.Append($"<rect x=\"{left}\" y=\"{top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#ccc\"/>");
        for (int t = 0; t <= 4; t++)
        {
            double y = top + plotH - t / 4.0 * plotH;
            Text(s, left - 4, y + 4, $"{t * 25}%", "end", 10);
        }
        double X(int i) => left + (x.Count == 1 ? plotW / 2.0 : i * plotW / (double)(x.Count - 1));
        for (int i = 0; i < x.Count; i++) Text(s, X(i), top + plotH + 14, x[i], "middle", 10);
        for (int k = 0; k < series.Count; k++)
        {
            var path = new StringBuilder();
            bool pen = false;
            for (int i = 0; i < x.Count; i++)
            {
                var c = series[k].Points[i];
                if (c.Suppressed) { pen = false; continue; }
                path.Append(pen ? " L" : " M").Append(F(X(i))).Append(' ').Append(F(top + plotH - c.Value * plotH));
                s.Append($"<circle cx=\"{F(X(i))}\" cy=\"{F(top + plotH - c.Value * plotH)}\" r=\"3\" fill=\"{Palette[k % Palette.Length]}\"><title>{E($"{series[k].Series} {x[i]}: {c.Value:P1}")}</title></circle>");
                pen = true;
            }
            if (path.Length > 0) s.Append($"<path d=\"{path.ToString().Trim()}\" fill=\"none\" stroke=\"{Palette[k % Palette.Length]}\" stroke-width=\"2\"/>");
        }
        Legend(s, series.Select(p => p.Series).ToList(), left, top + plotH + 24);
        return s.Append("</svg>").ToString();
    }

    /// <summary>Grouped vertical bars: one group per category, one bar per series; <paramref name="max"/> is the top of the axis.</summary>
    public static string Bars(IReadOnlyList<string> categories, IReadOnlyList<(string Series, IReadOnlyList<KCell<double>> Values)> series, double max, string title, string format = "0.###")
    {
        const int left = 44, top = 26, plotH = 150;
        int groupW = Math.Max(64, series.Count * 18 + 14), plotW = categories.Count * groupW;
        int width = left + plotW + 20, height = top + plotH + 44 + ((series.Count + 4) / 5) * 16;
        var s = Open(width, height, title, "bars");
        Text(s, left, 14, title, size: 12);
        s.Append($"<line x1=\"{left}\" y1=\"{top + plotH}\" x2=\"{left + plotW}\" y2=\"{top + plotH}\" stroke=\"#333\"/>");
        Text(s, left - 4, top + 8, max.ToString(format, CultureInfo.InvariantCulture), "end", 10);
        Text(s, left - 4, top + plotH, "0", "end", 10);
        double bw = (groupW - 14) / (double)Math.Max(1, series.Count);
        for (int c = 0; c < categories.Count; c++)
        {
            Text(s, left + c * groupW + groupW / 2.0, top + plotH + 14, categories[c], "middle", 10);
            for (int k = 0; k < series.Count; k++)
            {
                var v = series[k].Values[c];
                double h = v.Suppressed ? plotH : Math.Max(0, v.Value) / max * plotH;
                double x = left + c * groupW + 7 + k * bw;
                string tip = v.Suppressed ? $"{series[k].Series} {categories[c]}: suppressed (fewer than k users)" : $"{series[k].Series} {categories[c]}: {v.Value.ToString(format, CultureInfo.InvariantCulture)}";
                s.Append($"<rect x=\"{F(x)}\" y=\"{F(top + plotH - h)}\" width=\"{F(bw - 2)}\" height=\"{F(h)}\" fill=\"{(v.Suppressed ? Hatch : Palette[k % Palette.Length])}\"><title>{E(tip)}</title></rect>");
            }
        }
        if (series.Count > 1) Legend(s, series.Select(p => p.Series).ToList(), left, top + plotH + 24);
        return s.Append("</svg>").ToString();
    }
}
