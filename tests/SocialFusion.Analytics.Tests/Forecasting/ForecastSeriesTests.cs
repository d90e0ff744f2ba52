using System.Text;
using SocialFusion.Analytics.Forecasting;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Store;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Analytics.Tests.Forecasting;

public class ForecastSeriesTests
{
    /// <summary>
    /// Three days, 2024-03-01 .. 03: #a by u1 and u2 on day 1 (one post with #a twice), nothing on day 2, #a by u3 on
    /// day 3; every post at home except one at the gym on day 3. The post at 23:30 UTC on day 1 is day 2 in local time
    /// (+02:00).
    /// </summary>
    private static AnalyticsStore Create(string path)
    {
        var store = AnalyticsStore.Open(path);
        store.Execute("""
            INSERT INTO posts (post_id, user_id, created_at, utc_offset_minutes, text, location, image_count, content_hash, ingested_at, updated_at) VALUES
            ('p1', 'u1', '2024-03-01 08:00:00', 0, 'hi #a #A', 'home', 0, 1, now(), now()),
            ('p2', 'u2', '2024-03-01 23:30:00', 120, 'yo #a', 'home', 0, 2, now(), now()),
            ('p3', 'u3', '2024-03-03 10:00:00', 0, 'hey #a #b', 'gym', 0, 3, now(), now()),
            ('p4', 'u1', '2024-03-03 11:00:00', 0, 'no tag', 'home', 0, 4, now(), now());
            """);
        return store;
    }

    [Fact]
    public void Daily_counts_fill_empty_days_and_count_a_post_once_per_tag()
    {
        using var dir = new TempDir();
        using var store = Create(dir.File("s.duckdb"));
        var config = ForecastSeriesConfig.Reference with { MinPosts = 1, MinUsers = 1 };
        var series = ForecastSeries.Read(store.Connection, config);
        Assert.Equal(["hashtag #a", "hashtag #b", "location home", "location gym"], series.Select(s => $"{s.Kind} {s.Name}"));
        var a = series[0];
        Assert.Equal(new DateTime(2024, 3, 1), a.Start);
        Assert.Equal([2.0, 0, 1], a.Counts);
        Assert.Equal([2L, 0, 1], a.Users);
        Assert.Equal([0.0, 0, 1], series[1].Counts);
        Assert.Equal([2.0, 0, 1], series[2].Counts);
        Assert.Equal(7, config.Period);
    }

    [Fact]
    public void Local_time_moves_a_late_post_to_the_next_day_and_min_users_drops_small_series()
    {
        using var dir = new TempDir();
        using var store = Create(dir.File("s.duckdb"));
        var local = ForecastSeries.Read(store.Connection, ForecastSeriesConfig.Reference with { MinPosts = 1, MinUsers = 1, Clock = SeriesClock.Local });
        Assert.Equal([1.0, 1, 1], local[0].Counts);
        // #a has 3 users, home 2, gym and #b 1: k = 3 keeps #a only.
        var k3 = ForecastSeries.Read(store.Connection, ForecastSeriesConfig.Reference with { MinPosts = 1, MinUsers = 3 });
        Assert.Equal(["#a"], k3.Select(s => s.Name));
    }

    [Fact]
    public void Hourly_series_have_period_24_and_one_bin_per_hour()
    {
        using var dir = new TempDir();
        using var store = Create(dir.File("s.duckdb"));
        var config = ForecastSeriesConfig.Reference with { Bin = SeriesBin.Hour, MinPosts = 1, MinUsers = 1 };
        var a = ForecastSeries.Read(store.Connection, config)[0];
        Assert.Equal(24, config.Period);
        Assert.Equal(2 * 24 + 11 - 8 + 1, a.Counts.Length); // 03-01 08h .. 03-03 11h
        Assert.Equal(3.0, a.Counts.Sum());
    }
}

public class ForecastBacktestTests
{
    private static CountSeries Series(string name, Func<int, double> y, int n) =>
        new("location", name, new DateTime(2024, 1, 1), [.. Enumerable.Range(0, n).Select(y)], [.. Enumerable.Repeat(10L, n)]);

    [Fact]
    public void Summary_counts_wins_ties_and_mase_below_one_by_hand()
    {
        static SeriesBacktest B(double naive, double other, double? mase) =>
            new([new MethodErrors("seasonal-naive", naive, 1.0, []), new MethodErrors("x", other, mase, [])], ["seasonal"]);
        var summary = ForecastBacktest.Summarise(["seasonal-naive", "x"], [B(2, 1, 0.5), B(1, 1, 1), B(1, 3, null)]);
        var x = summary[1];
        Assert.Equal(1, x.BeatsSeasonalNaive);
        Assert.Equal(1, x.TiesSeasonalNaive);
        Assert.Equal(1, x.MaseBelowOne);
        Assert.Equal(2, x.MaseSeries);
        Assert.Equal(0.75, x.MeanMase!.Value, 12);
        Assert.Equal(5 / 3.0, x.MeanMae, 12);
    }

    [Fact]
    public void Holt_winters_beats_seasonal_naive_on_a_trending_seasonal_series_and_a_short_series_is_skipped_with_its_reason()
    {
        var options = ForecastOptions.Reference with { Origins = 3, Rnn = ElmanConfig.Reference with { Steps = 50 } };
        var rng = new SocialFusion.Data.Demo.DemoRandom(5);
        var trending = Series("trend", t => 10 + 0.5 * t + 3 * Math.Sin(2 * Math.PI * t / 7) + rng.NextDouble(), 70);
        var result = ForecastBacktest.Run([trending, Series("short", t => t, 20)], options);
        Assert.Single(result.Series);
        Assert.Equal("location short", Assert.Single(result.Skipped).Series);
        var hw = result.Methods.Single(m => m.Method == "holt-winters");
        Assert.Equal(1, hw.BeatsSeasonalNaive);
        Assert.Equal(7, result.Horizon);
    }

    [Fact]
    public void The_report_section_has_the_table_and_a_forecast_chart_with_suppressed_bins_as_gaps()
    {
        var options = ForecastOptions.Reference with { Origins = 2, Rnn = ElmanConfig.Reference with { Steps = 20 } };
        var series = Series("home", t => 5 + (t % 7), 50);
        series.Users[^10] = 1; // one bin in the plotted window covers a single user
        var section = new ForecastReportSection(ForecastBacktest.Run([series], options), new KAnonymity(5));
        var html = new StringBuilder();
        section.AppendBody(html);
        string s = html.ToString();
        Assert.Equal("Forecasting", section.Title);
        Assert.Contains("data-chart=\"forecast\"", s);
        Assert.Contains("<td>holt-winters</td>", s);
        Assert.DoesNotContain("<script", s);
        Assert.DoesNotContain("href", s);
        // The observed line is broken in two around the suppressed bin.
        var path = s[..s.IndexOf("stroke=\"#888\"", StringComparison.Ordinal)];
        Assert.Equal(2, path[path.LastIndexOf("<path d=\"", StringComparison.Ordinal)..].Count(c => c == 'M'));
    }
}
