using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Store;
using SocialFusion.Analytics.Trends;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Analytics.Tests.Trends;

public class TrendSeriesQueryTests
{
    /// <summary>
    /// Four posts around midnight. p1: u1 at UTC+1, 03-04 23:30 UTC = 03-05 00:30 local, '#a'. p2: u2 at UTC+0,
    /// 03-05 01:10, '#A #b', no label (predicted home). p3: u3 at UTC-5, 03-05 02:00 UTC = 03-04 21:00 local, '#c'.
    /// p4: u1, 03-05 03:59 UTC = 04:59 local, '#b' and a Weibo topic, at the gym.
    /// </summary>
    private static AnalyticsStore Tiny(string path)
    {
        var store = AnalyticsStore.Open(path);
        store.Execute("""
            INSERT INTO posts (post_id, user_id, created_at, utc_offset_minutes, text, location, image_count, content_hash, ingested_at, updated_at) VALUES
            ('p1', 'u1', '2024-03-04 23:30:00', 60, 'late #a', NULL, 0, 1, now(), now()),
            ('p2', 'u2', '2024-03-05 01:10:00', 0, '#A and #b', NULL, 0, 2, now(), now()),
            ('p3', 'u3', '2024-03-05 02:00:00', -300, 'evening #c', 'park', 0, 3, now(), now()),
            ('p4', 'u1', '2024-03-05 03:59:59', 60, '#b 今天#高温预警#好热', 'gym', 0, 4, now(), now());
            INSERT INTO predictions VALUES ('p2', 'm1', 'location', 1, 'home', 0.7, NULL, NULL, NULL, now()),
                                           ('p2', 'm1', 'location', 2, 'gym', 0.2, NULL, NULL, NULL, now()),
                                           ('p1', 'm1', 'text_sentiment', 1, 'home', 0.9, NULL, NULL, NULL, now());
            """);
        return store;
    }

    private static TrendSeriesSet Query(AnalyticsStore store, BinWidth bin, TimeBasis time, int k = 1, DateTime? before = null) =>
        TrendSeriesQuery.Run(store, [HashtagSource.Instance, LocationSource.Reference], new SeriesRequest(bin, time, new KAnonymity(k), before));

    private static int[] Counts(TrendSeriesSet set, string kind, string key) => set.Series.Single(s => s.Kind == kind && s.Key == key).Counts;

    [Fact]
    public void Hourly_UTC_series_are_zero_filled_over_the_shared_axis()
    {
        using var dir = new TempDir();
        using var store = Tiny(dir.File("t.duckdb"));
        var set = Query(store, BinWidth.Hour, TimeBasis.Utc);
        // Bins 23:00, 00:00 (no post: zero-filled), 01:00, 02:00, 03:00.
        Assert.Equal(new TimeAxis(new DateTime(2024, 3, 4, 23, 0, 0), BinWidth.Hour, TimeBasis.Utc, 5), set.Axis);
        Assert.Equal([1, 0, 1, 1, 1], set.Totals);
        Assert.Equal([1, 0, 1, 0, 0], Counts(set, "hashtag", "#a"));
        Assert.Equal([0, 0, 1, 0, 1], Counts(set, "hashtag", "#b"));
        Assert.Equal([0, 0, 0, 0, 1], Counts(set, "hashtag", "#高温预警#"));
        Assert.Equal(["#a", "#b", "#c", "#高温预警#"], set.OfKind("hashtag").Select(s => s.Key));
        // Location: the label, else the rank-1 location prediction (p1 has none: no location).
        Assert.Equal(["gym", "home", "park"], set.OfKind("location").Select(s => s.Key));
        Assert.Equal([0, 0, 1, 0, 0], Counts(set, "location", "home"));
        // New users: u2 first uses #b at 01:00, u1 at 03:00; #b has 2 users in 2 posts.
        var b = set.Series.Single(s => s.Key == "#b");
        Assert.Equal([0, 0, 1, 0, 1], b.NewUsers);
        Assert.Equal((2L, 2L), (b.Users, b.Posts));
    }

    [Fact]
    public void Local_and_UTC_days_differ_across_midnight()
    {
        using var dir = new TempDir();
        using var store = Tiny(dir.File("t.duckdb"));
        var utc = Query(store, BinWidth.Day, TimeBasis.Utc);
        var local = Query(store, BinWidth.Day, TimeBasis.Local);
        Assert.Equal((new DateTime(2024, 3, 4), 2), (utc.Axis.Start, utc.Axis.Count));
        Assert.Equal((new DateTime(2024, 3, 4), 2), (local.Axis.Start, local.Axis.Count));
        // p1 is on 03-04 in UTC but 03-05 locally; p3 the other way round.
        Assert.Equal([1, 1], Counts(utc, "hashtag", "#a"));
        Assert.Equal([0, 2], Counts(local, "hashtag", "#a"));
        Assert.Equal([0, 1], Counts(utc, "hashtag", "#c"));
        Assert.Equal([1, 0], Counts(local, "hashtag", "#c"));
        Assert.Equal([1, 3], utc.Totals);
        Assert.Equal([1, 3], local.Totals);
        // Local hours: 21:00 (p3) to 04:00 (p4), eight bins with five empty ones.
        var hours = Query(store, BinWidth.Hour, TimeBasis.Local);
        Assert.Equal((new DateTime(2024, 3, 4, 21, 0, 0), 8), (hours.Axis.Start, hours.Axis.Count));
        Assert.Equal([1, 0, 0, 1, 1, 0, 0, 1], hours.Totals);
    }

    [Fact]
    public void Keys_used_by_fewer_than_k_users_are_suppressed_as_a_whole()
    {
        using var dir = new TempDir();
        using var store = Tiny(dir.File("t.duckdb"));
        var set = Query(store, BinWidth.Hour, TimeBasis.Utc, k: 2);
        Assert.Equal(["#a", "#b"], set.OfKind("hashtag").Select(s => s.Key));
        Assert.Equal(2, set.Suppressed["hashtag"]);  // #c, #高温预警#
        Assert.Equal(3, set.Suppressed["location"]); // one user each
        Assert.Empty(set.OfKind("location"));
    }

    [Fact]
    public void A_cut_keeps_whole_bins_before_it_and_an_empty_store_gives_an_empty_axis()
    {
        using var dir = new TempDir();
        using var store = Tiny(dir.File("t.duckdb"));
        var cut = Query(store, BinWidth.Hour, TimeBasis.Utc, before: new DateTime(2024, 3, 5, 2, 30, 0));
        Assert.Equal(3, cut.Axis.Count); // 23:00, 00:00, 01:00: the 02:00 bin is not complete at 02:30
        Assert.Equal([1, 0, 1], cut.Totals);
        Assert.DoesNotContain(cut.Series, s => s.Key == "#c");
        Assert.Throws<ArgumentException>(() => Query(store, BinWidth.Hour, TimeBasis.Local, before: new DateTime(2024, 3, 5)));

        using var empty = AnalyticsStore.Open(dir.File("e.duckdb"));
        var none = Query(empty, BinWidth.Hour, TimeBasis.Utc);
        Assert.Equal(0, none.Axis.Count);
        Assert.Empty(none.Series);
        Assert.Empty(TrendAnalysis.Run(empty, TrendOptions.Reference).Rising);
    }
}
