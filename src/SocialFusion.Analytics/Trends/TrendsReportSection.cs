using System.Globalization;
using System.Net;
using System.Text;
using SocialFusion.Analytics.Reports;

namespace SocialFusion.Analytics.Trends;

/// <summary>
/// The report's trends section: for the hashtags with the strongest bursts, the daily count line with each detector's
/// bursts marked under it (and the planted windows outlined when truth was given), the burst scores and the
/// rising-now ranking. Aggregates only; suppressed series (fewer than k users) are counted, never drawn.
/// </summary>
/// <param name="Result">The trend analysis.</param>
/// <param name="Tags">How many hashtags get a chart.</param>
public sealed record TrendsReportSection(TrendAnalysisResult Result, int Tags = 8) : IReportSection
{
    private static string F(double v, string f = "0.000") => v.ToString(f, CultureInfo.InvariantCulture);
    private static string E(string s) => WebUtility.HtmlEncode(s);
    private static string T(DateTime t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public string Title => "Trends and bursts";

    /// <inheritdoc />
    public void AppendBody(StringBuilder html)
    {
        var r = Result;
        var axis = r.Series.Axis;
        if (axis.Count == 0) { html.Append("<p>The store has no posts.</p>"); return; }
        string clock = axis.Basis == TimeBasis.Utc ? "UTC" : "posters' local time";
        html.Append($"<p class=\"note\">{axis.Count} {(axis.Width == BinWidth.Hour ? "hourly" : "daily")} bins in {clock} from {T(axis.Start)}; a bin covers [start, start + width). ")
            .Append(string.Join("; ", r.Series.Suppressed.Select(p => $"{r.Series.OfKind(p.Key).Count()} {E(p.Key)} series, {p.Value} suppressed (fewer than {r.Options.Privacy.MinUsers} users)")))
            .Append(". Charts show posts per day; detected bursts are marked below each chart, planted windows dashed.</p>");

        var tags = r.Series.OfKind(HashtagSource.Instance.Kind).ToList();
        double Strength(TrendSeries s) => r.Detections.SelectMany(d => d.Series.Where(x => x.Kind == s.Kind && x.Key == s.Key))
            .SelectMany(x => x.Bursts.Where(b => b.Level == 1)).Select(b => b.Weight).DefaultIfEmpty(0).Max();
        var shown = tags.OrderByDescending(Strength).ThenByDescending(s => s.Posts).ThenBy(s => s.Key, StringComparer.Ordinal).Take(Tags).ToList();
        var planted = r.Detections.FirstOrDefault(d => d.Score is not null)?.Score!.Matches ?? [];
        int per = axis.Width == BinWidth.Hour ? 24 : 1;
        // Daily points start at the first whole day so that each point is one calendar day on the axis clock.
        int offset = axis.Width == BinWidth.Hour ? (24 - axis.Start.Hour) % 24 : 0;
        var dayStart = axis.BinStart(offset);
        int days = Math.Max(1, (int)Math.Ceiling((axis.Count - offset) / (double)per));
        int Day(int bin) => Math.Clamp((int)Math.Floor((bin - offset) / (double)per), 0, days);
        html.Append("<div class=\"grid\">");
        foreach (var s in shown)
        {
            var values = new double[days];
            for (int i = offset; i < axis.Count; i++) values[(i - offset) / per] += s.Counts[i];
            var bands = new List<SpanBand>();
            foreach (var d in r.Detections)
            {
                var bursts = d.Series.First(x => x.Kind == s.Kind && x.Key == s.Key).Bursts.Where(b => b.Level == 1);
                bands.Add(new SpanBand(d.Detector, bursts.Select(b => (Day(b.StartBin), Math.Max(Day(b.StartBin) + 1, (int)Math.Ceiling((b.EndBin - offset) / (double)per)))).ToList()));
            }
            var mine = planted.Where(p => p.Tag == s.Key.ToLowerInvariant()).ToList();
            if (mine.Count > 0)
                bands.Add(new SpanBand("planted", mine.Select(p => ((int)Math.Floor((p.PlantedStart - dayStart).TotalDays), (int)Math.Ceiling((p.PlantedEnd - dayStart).TotalDays))).ToList(), Outline: true));
            html.Append(SvgTimeCharts.SeriesWithSpans($"{s.Key}: posts per day ({s.Posts} posts, {s.Users} users)", dayStart, TimeSpan.FromDays(1), values, bands));
        }
        html.Append("</div>");

        var scored = r.Detections.Where(d => d.Score is not null).ToList();
        if (scored.Count > 0)
        {
            html.Append("<p>Against the planted bursts (a detected burst matches a planted one of its tag when their windows overlap; onset delay = detected start - planted start):</p>")
                .Append("<table><tr><th>detector</th><th>detected</th><th>matched</th><th>planted</th><th>recalled</th><th>precision</th><th>recall</th><th>F1</th><th>mean onset delay (h)</th></tr>");
            foreach (var d in scored)
            {
                var sc = d.Score!;
                html.Append($"<tr><td>{E(d.Detector)}</td><td>{sc.Detected}</td><td>{sc.MatchedDetections}</td><td>{sc.Planted}</td><td>{sc.Recalled}</td><td>{F(sc.Precision)}</td><td>{F(sc.Recall)}</td><td>{F(sc.F1)}</td><td>{(sc.MeanOnsetDelayHours is { } m ? F(m, "0.0") : "-")}</td></tr>");
            }
            html.Append("</table>");
        }
        html.Append($"<p>Rising now at {(r.RisingAt is { } at ? T(at) : "-")} UTC (last {F(r.Options.RisingNow.WindowHours, "0")} h against the seasonal expectation):</p>");
        if (r.Rising.Count == 0) html.Append("<p class=\"note\">No hashtag is rising at that time.</p>");
        else
        {
            html.Append("<table><tr><th>hashtag</th><th>posts in window</th><th>expected</th><th>z</th></tr>");
            foreach (var e in r.Rising) html.Append($"<tr><td>{E(e.Key)}</td><td>{e.WindowCount}</td><td>{F(e.Expected, "0.00")}</td><td>{F(e.Score, "0.0")}</td></tr>");
            html.Append("</table>");
        }
        if (r.RisingScore is { } rs)
            html.Append($"<p>Planted bursts in the rising-now top {rs.Top}: {rs.Hits.Count(h => h.FirstInTop is not null)} of {rs.Hits.Count}, ")
                .Append($"median {(rs.MedianDelayHours is { } md ? F(md, "0") : "-")} h after the planted start.</p>");
    }
}
