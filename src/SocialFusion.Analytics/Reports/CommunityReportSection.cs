using System.Globalization;
using System.Net;
using System.Text;
using SocialFusion.Analytics.Communities;
using SocialFusion.Analytics.Privacy;

namespace SocialFusion.Analytics.Reports;

/// <summary>
/// The report's communities section: what was run and its scores, the sizes of the largest communities (bars) and
/// their mixing matrix (where each community's edge ends land, shaded by share). No user is named; a community of
/// fewer than k users is neither drawn nor given a row (k-anonymity), only counted.
/// </summary>
public sealed class CommunityReportSection(CommunityAnalysisResult result, KAnonymity privacy) : IReportSection
{
    /// <inheritdoc/>
    public string Title => "Communities";

    /// <inheritdoc/>
    public void AppendBody(StringBuilder html)
    {
        var r = result;
        var sizes = r.Partition.Sizes();
        static string F(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);
        html.Append("<p>").Append(WebUtility.HtmlEncode($"{r.Options.Method} on the {r.Options.Graph.Direction.ToString().ToLowerInvariant()} " +
            $"{(r.Options.Graph.Edges == GraphEdges.Follows ? "follow" : "follow + reply/repost")} graph (gamma {F(r.Options.Resolution, "0.##")}, seed {r.Options.Seed}): " +
            $"{r.UserIds.Length:N0} users, {r.Pairs:N0} linked pairs, {r.Partition.Count:N0} communities, modularity {F(r.Partition.Modularity, "0.0000")}."));
        if (r.Truth is { } t)
            html.Append(WebUtility.HtmlEncode($" Against the {t.Planted} planted communities: NMI {F(t.Nmi, "0.000")}, ARI {F(t.Ari, "0.000")} over {t.Scored:N0} users."));
        html.Append("</p>\n");
        int shown = Enumerable.Range(0, Math.Min(CommunityMixing.Top, r.Partition.Count)).Count(c => privacy.Allows(sizes[c]));
        int hidden = sizes.Count(s => !privacy.Allows(s));
        if (shown > 0)
        {
            var labels = Enumerable.Range(0, shown).Select(c => $"C{c}").ToList();
            var values = Enumerable.Range(0, shown).Select(c => new KCell<double>(sizes[c], sizes[c], false)).ToList();
            html.Append(SvgCharts.Bars(labels, [("users", values)], sizes[0], "Users in the largest communities", "0")).Append('\n');
            html.Append("<table class=\"mixing\"><caption>Mixing: share of each community's edge ends in each community (row sums to 100% with 'others')</caption><tr><th></th>");
            int cols = r.Mixing.Sizes.Length;
            for (int j = 0; j < shown; j++) html.Append($"<th>C{j}</th>");
            if (cols > shown) html.Append("<th>others</th>");
            html.Append("</tr>\n");
            for (int i = 0; i < shown; i++)
            {
                html.Append($"<tr><th>C{i} ({sizes[i]:N0})</th>");
                double rest = 0;
                for (int j = 0; j < cols; j++)
                {
                    double share = r.Mixing.Share(i, j);
                    if (j >= shown) { rest += share; continue; }
                    html.Append(Cell(share));
                }
                if (cols > shown) html.Append(Cell(rest));
                html.Append("</tr>\n");
            }
            html.Append("</table>\n");
        }
        if (hidden > 0)
            html.Append("<p>").Append(WebUtility.HtmlEncode($"{hidden:N0} communities of fewer than {privacy.MinUsers} users ({sizes.Where(s => !privacy.Allows(s)).Sum():N0} users together, singletons included) are not shown one by one.")).Append("</p>\n");
    }

    private static string Cell(double share)
    {
        int shade = (int)(255 - Math.Clamp(share, 0, 1) * 180);
        return $"<td style=\"background:rgb({shade},{shade + (255 - shade) / 3},255)\">{share.ToString("P0", CultureInfo.InvariantCulture)}</td>";
    }
}
