using System.Globalization;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Recommendation;
using SocialFusion.Analytics.Users;
using Spectre.Console;

namespace SocialFusion.Cli.Rendering;

/// <summary>Spectre tables for <c>analyze users</c> and the demo's analytics step.</summary>
public static class UsersView
{
    private static string F(double v, string format = "0.000") => v.ToString(format, CultureInfo.InvariantCulture);
    private static readonly string[] Days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    /// <summary>Segments, then one user's full profile or a summary row per user (the 20 most active; --json has all).</summary>
    public static void Render(UserAnalysisResult r, IReadOnlyList<UserProfileView> profiles, Func<string, string> name, bool single)
    {
        Segments(r);
        if (single) { foreach (var p in profiles) Profile(p, name(p.UserId), r.PredictionModel); return; }
        var table = new Table().Title($"users ({profiles.Count}; the 20 with most posts, --json for all)")
            .AddColumns("user", "posts", "segment", "top location", "location source", "top hashtag", "positive", "replies", "reposts", "likes received");
        foreach (var p in profiles.OrderByDescending(p => p.Posts).ThenBy(p => p.UserId, StringComparer.Ordinal).Take(20))
        {
            var top = p.Locations.OrderByDescending(l => l.Value).FirstOrDefault();
            table.AddRow(Markup.Escape(name(p.UserId)), p.Posts.ToString(CultureInfo.InvariantCulture), p.Segment?.ToString(CultureInfo.InvariantCulture) ?? "-",
                top.Key == null ? "-" : $"{top.Key} {F(top.Value, "0%")}", Markup.Escape(p.LocationSource(r.PredictionModel)),
                Markup.Escape(p.Hashtags.Keys.FirstOrDefault() ?? "-"), F(p.Sentiment.GetValueOrDefault("positive"), "0%"),
                F(p.ReplyShare, "0%"), F(p.RepostShare, "0%"), F(p.Engagement.GetValueOrDefault("likes_received"), "0"));
        }
        AnsiConsole.Write(table);
    }

    /// <summary>The segment table: size and distinguishing features (suppressed below k users), k choice, ARI/NMI when scored.</summary>
    public static void Segments(UserAnalysisResult r)
    {
        var seg = r.Segments;
        string choice = seg.SilhouetteByK.Count > 0
            ? "k by silhouette: " + string.Join(", ", seg.SilhouetteByK.Select(p => $"{p.Key}: {F(p.Value)}"))
            : $"k = {seg.K} given";
        var table = new Table().Title($"segments (k = {seg.K}, silhouette {F(seg.Silhouette)}; {choice}; cells under {r.Aggregates.MinUsers} users suppressed)")
            .AddColumns("segment", "users", "what sets it apart (segment vs population mean, SDs)");
        foreach (var s in seg.Segments)
        {
            var size = r.Aggregates.SegmentSizes[s.Index];
            table.AddRow(s.Index.ToString(CultureInfo.InvariantCulture), Markup.Escape(size.Display(v => v.ToString(CultureInfo.InvariantCulture))),
                Markup.Escape(size.Suppressed ? KAnonymity.SuppressedMark : string.Join("; ", s.Distinguishing.Select(d =>
                    $"{d.Feature} {F(d.SegmentMean, "0.00")} vs {F(d.PopulationMean, "0.00")} ({d.StandardizedDifference.ToString("+0.0;-0.0", CultureInfo.InvariantCulture)})"))));
        }
        AnsiConsole.Write(table);
        if (r.Truth is { } t)
            Console.WriteLine($"segments vs planted user types: ARI {F(t.Ari)}, NMI {F(t.Nmi)} over {t.Users} users" +
                (t.TruthOnly + t.StoreOnly > 0 ? $" ({t.TruthOnly} truth users without posts, {t.StoreOnly} store users not in the truth file: not scored)" : ""));
    }

    /// <summary>One user's profile: activity grid, locations with source, hashtags, sentiment by month, engagement.</summary>
    public static void Profile(UserProfileView p, string user, string? model)
    {
        Output.Facts($"user {user}", [
            ("posts", p.Posts.ToString(CultureInfo.InvariantCulture)), ("segment", p.Segment?.ToString(CultureInfo.InvariantCulture) ?? "-"),
            ("locations (" + p.LocationSource(model) + ")", string.Join(", ", p.Locations.OrderByDescending(l => l.Value).Select(l => $"{l.Key} {F(l.Value, "0%")}"))),
            ("top hashtags", string.Join(", ", p.Hashtags.Select(h => $"{h.Key} {h.Value}"))),
            ("sentiment", string.Join(", ", p.Sentiment.Select(s => $"{s.Key} {F(s.Value, "0%")}"))),
            ("engagement", string.Join(", ", p.Engagement.Select(e => $"{e.Key} {e.Value}"))),
            ("replies / reposts", $"{F(p.ReplyShare, "0%")} / {F(p.RepostShare, "0%")} of posts; {F(p.RepliesToFollowees, "0%")} to people followed; {p.UnknownParents} to unknown parents"),
        ]);
        var grid = new Table().Title("posts by local weekday x hour").AddColumn("");
        for (int h = 0; h < 24; h++) grid.AddColumn(h.ToString("00", CultureInfo.InvariantCulture));
        for (int d = 0; d < 7; d++) grid.AddRow([Days[d], .. p.HourByWeekday[d].Select(v => v == 0 ? "." : F(v, "0"))]);
        AnsiConsole.Write(grid);
        var months = new Table().Title("sentiment per local month (posts)").AddColumns("month", "negative", "neutral", "positive");
        foreach (var (m, s) in p.SentimentByMonth)
            months.AddRow(m, F(s.GetValueOrDefault("negative"), "0.#"), F(s.GetValueOrDefault("neutral"), "0.#"), F(s.GetValueOrDefault("positive"), "0.#"));
        AnsiConsole.Write(months);
    }

    /// <summary>hit@1/5/10 and NDCG@10 per item kind and method.</summary>
    public static void Recommendation(RecommendationResult rec)
    {
        var table = new Table().Title($"recommendation on the latest 20% of each user's posts ({rec.TestPosts} held out, {rec.TrainPosts} train; segments k = {rec.Segments} on train)")
            .AddColumns("items", "method", "queries", "hit@1", "hit@5", "hit@10", "NDCG@10");
        foreach (var s in rec.Scores)
            table.AddRow(s.Kind.ToString().ToLowerInvariant(), s.Method, s.Queries.ToString(CultureInfo.InvariantCulture), F(s.HitAt1), F(s.HitAt5), F(s.HitAt10), F(s.NdcgAt10));
        AnsiConsole.Write(table);
    }
}
