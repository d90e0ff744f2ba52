using System.Globalization;
using System.Net;
using System.Text;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Reports;

namespace SocialFusion.Analytics.Topics;

/// <summary>
/// The report's topic section: the topics with sizes, words and coherence, the agreement with the planted themes when
/// scored, each topic's share of the posts over time (inline SVG) and its words over time (the top words of each
/// topic in every period of about a tenth of the span). Cells covering fewer than k users are suppressed.
/// </summary>
public sealed class TopicReportSection(TopicResult result) : IReportSection
{
    private static string E(string s) => WebUtility.HtmlEncode(s);
    private static string F(double v, string format = "0.000") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    /// <inheritdoc/>
    public string Title => "Topics";

    /// <inheritdoc/>
    public void AppendBody(StringBuilder s)
    {
        var r = result;
        int minUsers = (r.Options.Privacy ?? KAnonymity.Default).MinUsers;
        s.Append($"<p>{r.Posts:N0} texted posts ({r.ChinesePosts:N0} segmented as Chinese with jieba.NET), TF-IDF over {r.Vocabulary:N0} words, ")
         .Append($"spherical k-means with k = {r.Options.K} (seed {(r.Options.Clustering ?? SphericalKMeansConfig.Reference).Seed}), words by class-based TF-IDF. ")
         .Append($"Mean NPMI coherence of the top words {F(r.MeanCoherence)}. Topics covering fewer than {minUsers} users are suppressed.</p>");
        if (r.Truth is { } truth)
        {
            s.Append("<table><tr><th>against the planted</th><th>posts</th><th>NMI</th><th>ARI</th><th>purity</th></tr>");
            foreach (var a in truth) s.Append($"<tr><td>{E(a.Truth)}</td><td>{a.Posts}</td><td>{F(a.Nmi)}</td><td>{F(a.Ari)}</td><td>{F(a.Purity)}</td></tr>");
            s.Append("</table>");
        }
        s.Append("<table><tr><th>topic</th><th>posts</th><th>users</th><th>NPMI</th><th>words</th></tr>");
        foreach (var t in r.Topics)
            s.Append($"<tr><td>topic {t.Index}</td><td>{E(t.Posts.Display(v => v.ToString("N0", CultureInfo.InvariantCulture)))}</td><td>{(t.Posts.Suppressed ? "-" : t.Posts.DistinctUsers.ToString(CultureInfo.InvariantCulture))}</td>")
             .Append($"<td>{F(t.Coherence)}</td><td style=\"text-align:left\">{E(t.Posts.Suppressed ? KAnonymity.SuppressedMark : string.Join(", ", t.Words.Select(w => w.Word)))}</td></tr>");
        s.Append("</table>");

        var tl = r.Timeline;
        string format = tl.Bin == TimeBin.Hour ? "MM-dd HH'h'" : "yyyy-MM-dd";
        var labels = tl.Starts.Select(d => d.ToString(format, CultureInfo.InvariantCulture)).ToList();
        var series = Enumerable.Range(0, tl.Counts.Length)
            .Select(t => ($"topic {t}", (IReadOnlyList<KCell<double>>)Enumerable.Range(0, tl.Starts.Count).Select(b => tl.Share(t, b)).ToList())).ToList();
        s.Append("<div class=\"grid\">")
         .Append(SvgTopicCharts.SharesOverTime(labels, series, $"Share of texted posts per topic, per {TopicsOverTime.Unit(tl.Bin)} (UTC)"))
         .Append("</div>");
        AppendWordsOverTime(s, tl);
    }

    /// <summary>Words per topic in about ten periods: the bins' term counts summed per period and weighed with the fit's idf.</summary>
    private void AppendWordsOverTime(StringBuilder s, TopicTimeline tl)
    {
        int periods = Math.Min(10, tl.Starts.Count), per = Math.Max(1, (tl.Starts.Count + periods - 1) / periods);
        var groups = Enumerable.Range(0, (tl.Starts.Count + per - 1) / per).Select(g => (From: g * per, To: Math.Min(tl.Starts.Count, (g + 1) * per))).ToList();
        s.Append("<p class=\"note\">Words over time: the most frequent of each topic's per-bin c-TF-IDF words within each period (suppressed bins left out).</p>");
        s.Append("<table><tr><th>topic</th>");
        foreach (var (from, _) in groups) s.Append($"<th>from {tl.Starts[from]:yyyy-MM-dd}</th>");
        s.Append("</tr>");
        for (int t = 0; t < tl.Counts.Length; t++)
        {
            s.Append($"<tr><td>topic {t}</td>");
            foreach (var (from, to) in groups)
            {
                var words = Enumerable.Range(from, to - from).SelectMany(b => tl.Words[t][b])
                    .GroupBy(w => w.Word).OrderByDescending(g => g.Sum(w => w.Weight)).ThenBy(g => g.Key, StringComparer.Ordinal).Take(3).Select(g => g.Key).ToList();
                s.Append($"<td style=\"text-align:left\">{E(words.Count == 0 ? "-" : string.Join(", ", words))}</td>");
            }
            s.Append("</tr>");
        }
        s.Append("</table>");
    }
}
