using System.Globalization;
using System.Net;
using System.Text;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Recommendation;
using SocialFusion.Analytics.Users;

namespace SocialFusion.Analytics.Reports;

/// <summary>
/// The analytics report: one self-contained HTML file (inline CSS and SVG, no script, no external URL) with the
/// hour x weekday heatmaps, segment sizes and descriptions, location mix per segment, sentiment over time, the
/// agreement with planted types when known and the recommendation scores. It shows aggregates only (no user is
/// named), each cell k-anonymous (<see cref="SegmentAggregates"/>).
/// </summary>
public static class UserReport
{
    private static string E(string s) => WebUtility.HtmlEncode(s);
    private static string F(double v, string format = "0.000") => v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Writes the report for <paramref name="result"/> to <paramref name="path"/> (a new file or a replaced report, never an input).</summary>
    public static void Write(string path, UserAnalysisResult result, string storePath, IReadOnlyList<IReportSection>? sections = null)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        File.WriteAllText(path, Build(result, storePath, sections), new UTF8Encoding(false));
    }

    /// <summary>The report as an HTML string; <paramref name="sections"/> follow the user analysis in the order given.</summary>
    public static string Build(UserAnalysisResult r, string storePath, IReadOnlyList<IReportSection>? sections = null)
    {
        var a = r.Aggregates;
        var s = new StringBuilder();
        s.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>SocialFusion user analytics</title><style>")
         .Append("body{font-family:sans-serif;margin:24px;max-width:1100px;color:#222}h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}")
         .Append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}")
         .Append(".grid{display:flex;flex-wrap:wrap;gap:12px}.note{color:#666;font-size:12px}</style></head><body>");
        s.Append("<h1>SocialFusion user analytics</h1>");
        s.Append($"<p class=\"note\">Store {E(Path.GetFileName(storePath))}, run {E(r.RunId)}, data fingerprint {E(r.DataFingerprint)}. ")
         .Append($"{r.UsersProfiled} users profiled; location source: labels, else predictions of {E(r.PredictionModel ?? "no model (none stored)")}. ")
         .Append($"Every cell covering fewer than k = {a.MinUsers} distinct users is suppressed (hatched). No user is named in this report.</p>");

        var seg = r.Segments;
        s.Append($"<h2>Segments</h2><p>k = {seg.K}");
        if (seg.SilhouetteByK.Count > 0)
            s.Append(" chosen by mean silhouette over k = ").Append(string.Join(", ", seg.SilhouetteByK.Select(p => $"{p.Key}: {F(p.Value)}")));
        s.Append($"; silhouette of the final segmentation {F(seg.Silhouette)}; features: {E(string.Join(", ", seg.FeaturePrefixes()))}.</p>");
        if (r.Truth is { } t)
            s.Append($"<p>Against the planted user types: <b>ARI {F(t.Ari)}</b>, <b>NMI {F(t.Nmi)}</b> over {t.Users} users.</p>");
        var names = Enumerable.Range(0, seg.K).Select(i => $"segment {i}").ToList();
        s.Append("<div class=\"grid\">");
        s.Append(SvgCharts.Bars(names, [("users", a.SegmentSizes.Select(c => new KCell<double>(c.Value, c.DistinctUsers, c.Suppressed)).ToList())],
            Math.Max(1, a.SegmentSizes.Where(c => !c.Suppressed).Select(c => (double)c.Value).DefaultIfEmpty(1).Max()), "Segment sizes (users)", "0"));
        s.Append("</div><table><tr><th>segment</th><th>users</th><th>what sets it apart (segment mean vs population, in population SDs)</th></tr>");
        foreach (var g in seg.Segments)
        {
            var size = a.SegmentSizes[g.Index];
            string what = size.Suppressed ? KAnonymity.SuppressedMark
                : string.Join("; ", g.Distinguishing.Select(d => $"{d.Feature} {F(d.SegmentMean, "0.00")} vs {F(d.PopulationMean, "0.00")} ({d.StandardizedDifference.ToString("+0.0;-0.0", CultureInfo.InvariantCulture)})"));
            s.Append($"<tr><td>segment {g.Index}</td><td>{size.Display(v => v.ToString(CultureInfo.InvariantCulture))}</td><td style=\"text-align:left\">{E(what)}</td></tr>");
        }
        s.Append("</table>");

        s.Append("<h2>Activity by local hour and weekday</h2><div class=\"grid\">");
        s.Append(SvgCharts.Heatmap(a.PopulationHeatmap, "All users: posts per weekday x hour"));
        for (int i = 0; i < seg.K; i++) s.Append(SvgCharts.Heatmap(a.Heatmaps[i], $"Segment {i}: posts per weekday x hour"));
        s.Append("</div>");

        s.Append("<h2>Location mix per segment</h2><div class=\"grid\">");
        s.Append(SvgCharts.StackedShares(Enumerable.Range(0, seg.K).Select(i => ($"segment {i}", a.LocationMix[i])).ToList(), a.Locations, "Share of posts by semantic location"));
        s.Append("</div>");

        s.Append("<h2>Sentiment over time</h2><div class=\"grid\">");
        var months = a.SentimentByMonth.Keys.ToList();
        var labels = a.SentimentByMonth.Values.SelectMany(m => m.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        s.Append(SvgCharts.Lines(months, labels.Select(l => (l, (IReadOnlyList<KCell<double>>)months
            .Select(m => a.SentimentByMonth[m].TryGetValue(l, out var c) ? c : new KCell<double>(0, 0, false)).ToList())).ToList(),
            "Share of posts by text sentiment, per local month"));
        s.Append("</div>");

        if (r.Recommendation is { } rec)
        {
            s.Append($"<h2>Recommendation</h2><p>Per-user temporal hold-out: the latest 20% of each user's posts ({rec.TestPosts} posts; {rec.TrainPosts} train). ")
             .Append($"Profiles and segments (k = {rec.Segments}) recomputed on the training posts. Places: held-out posts with a location label; topics: with at least one hashtag.</p>");
            s.Append("<table><tr><th>items</th><th>method</th><th>queries</th><th>hit@1</th><th>hit@5</th><th>hit@10</th><th>NDCG@10</th></tr>");
            foreach (var sc in rec.Scores)
                s.Append($"<tr><td>{sc.Kind.ToString().ToLowerInvariant()}</td><td>{E(sc.Method)}</td><td>{sc.Queries}</td><td>{F(sc.HitAt1)}</td><td>{F(sc.HitAt5)}</td><td>{F(sc.HitAt10)}</td><td>{F(sc.NdcgAt10)}</td></tr>");
            s.Append("</table><div class=\"grid\">");
            foreach (var kind in new[] { ItemKind.Place, ItemKind.Topic })
            {
                var scores = rec.Scores.Where(x => x.Kind == kind).ToList();
                s.Append(SvgCharts.Bars(["hit@1", "hit@5", "hit@10", "NDCG@10"],
                    scores.Select(x => (x.Method, (IReadOnlyList<KCell<double>>)new[] { x.HitAt1, x.HitAt5, x.HitAt10, x.NdcgAt10 }
                        .Select(v => new KCell<double>(v, 0, false)).ToList())).ToList(), 1, $"{kind.ToString().ToLowerInvariant()} recommendation"));
            }
            s.Append("</div>");
        }
        foreach (var section in sections ?? [])
        {
            s.Append("<h2>").Append(E(section.Title)).Append("</h2>");
            section.AppendBody(s);
        }
        s.Append("</body></html>\n");
        return s.ToString();
    }
}
