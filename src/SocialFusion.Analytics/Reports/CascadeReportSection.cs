using System.Globalization;
using System.Net;
using System.Text;
using SocialFusion.Analytics.Cascades;
using SocialFusion.Analytics.Influence;

namespace SocialFusion.Analytics.Reports;

/// <summary>
/// The report's cascades section: the size CCDF on log-log axes, the metric distributions, the bad-input counts, the
/// doubling-task scores per k with the ablation and, when given, how PageRank agrees with follower counts. Aggregates
/// over cascades only: no user and no post is named.
/// </summary>
public sealed class CascadeReportSection(CascadeAnalysisResult cascades, InfluenceResult? influence = null) : IReportSection
{
    private static string F(double v, string format = "0.000") => double.IsNaN(v) ? "n/a" : v.ToString(format, CultureInfo.InvariantCulture);
    private static string E(string s) => WebUtility.HtmlEncode(s);

    /// <inheritdoc/>
    public string Title => "Cascades and influence";

    /// <inheritdoc/>
    public void AppendBody(StringBuilder s)
    {
        var c = cascades;
        s.Append($"<p>{c.Posts:N0} posts form {c.Cascades.Count + c.LonePosts:N0} cascades: {c.LonePosts:N0} posts without any reshare and ")
         .Append($"{c.Cascades.Count:N0} cascades with at least one (largest {(c.Cascades.Count == 0 ? 1 : c.Cascades.Max(x => x.Size)):N0} posts). ")
         .Append($"Bad input, kept: {c.MissingParents:N0} posts whose parent is not in the store (each roots its own partial cascade), ")
         .Append($"{c.CyclesBroken:N0} parent cycles cut at their earliest post, {c.TwoParents:N0} posts with both a repost and a reply parent (the repost used).</p>");
        s.Append("<div class=\"grid\">");
        s.Append(SvgLogCharts.LogLog([("all cascades", c.SizeCcdf.Select(p => ((double)p.Size, p.Share)).ToList())],
            "Cascade size distribution (CCDF, log-log)", "cascade size s (posts, root included)", "P(size >= s)"));
        s.Append("</div>");
        s.Append($"<p>Distributions over the {c.Measured:N0} cascades of at least {c.MinSize} posts:</p>");
        s.Append("<table><tr><th>metric</th><th>mean</th><th>median</th><th>90th pct</th><th>99th pct</th><th>max</th></tr>");
        foreach (var m in c.Summaries)
            s.Append($"<tr><td>{E(m.Metric)}</td><td>{F(m.Mean, "0.00")}</td><td>{F(m.Median, "0.00")}</td><td>{F(m.P90, "0.00")}</td><td>{F(m.P99, "0.00")}</td><td>{F(m.Max, "0.00")}</td></tr>");
        s.Append("</table><p class=\"note\">Structural virality: mean distance between all pairs of posts of a cascade (Goel et al. 2016); ")
         .Append("near 2 for a star around its root, higher for person-to-person chains. Time to peak: start of the hour with most reshares.</p>");

        foreach (var p in c.Predictions)
        {
            s.Append($"<h3>Will it double? k = {p.K}</h3><p>{p.Examples:N0} cascades with at least {p.K} reshares ({p.Train:N0} train, {p.Test:N0} test, split by root time); ")
             .Append($"base rate of reaching {2 * p.K}: {F(p.BaseRate)} (test {F(p.TestBaseRate)}). Cheng et al. (2014) report AUC 0.877 at k = 5 on Facebook.</p>");
            if (p.Skipped != null) { s.Append($"<p>No model: {E(p.Skipped)}.</p>"); continue; }
            s.Append("<table><tr><th>features</th><th>accuracy</th><th>AUC</th></tr>");
            foreach (var g in p.Scores) s.Append($"<tr><td>{E(g.Features)}</td><td>{F(g.Accuracy)}</td><td>{F(g.Auc)}</td></tr>");
            s.Append("</table>");
        }

        if (influence is { } i)
        {
            s.Append($"<h3>Influence</h3><p>PageRank (damping {F(i.Damping, "0.00")}) over {i.Users:N0} users: follow graph {i.FollowEdges:N0} edges ")
             .Append($"({i.Follow.Iterations} iterations), reshare graph {i.ReshareEdges:N0} weighted edges ({i.Reshare.Iterations} iterations).</p>");
            s.Append($"<table><tr><th>ranking</th><th>against</th><th>Spearman rho</th><th>top-{i.Top} overlap</th></tr>");
            foreach (var a in i.Agreement) s.Append($"<tr><td>{E(a.A)}</td><td>{E(a.B)}</td><td>{F(a.Spearman)}</td><td>{F(a.TopOverlap)}</td></tr>");
            s.Append("</table>");
        }
    }
}
