using System.Text;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Store;
using SocialFusion.Analytics.Trends;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Analytics.Tests.Trends;

public class RisingNowTests
{
    /// <summary>
    /// Three weeks from Monday 2024-03-04, ten users at UTC+0 posting every hour (minute = user number): even users
    /// write '#daily', users 0-5 write '#x' in hours 400..430 (2024-03-20 16:00 to 03-21 22:00), users 6-9 write
    /// '#late' in hours 390..420 (four users: below k = 5).
    /// </summary>
    internal static AnalyticsStore Synthetic(string path)
    {
        var store = AnalyticsStore.Open(path);
        store.Execute("""
            INSERT INTO posts (post_id, user_id, created_at, utc_offset_minutes, text, location, image_count, content_hash, ingested_at, updated_at)
            SELECT 'p' || h || '_' || u, 'u' || u, TIMESTAMP '2024-03-04' + to_hours(h) + to_minutes(u), 0,
                   CASE WHEN h BETWEEN 400 AND 430 AND u < 6 THEN 'go #x'
                        WHEN h BETWEEN 390 AND 420 AND u >= 6 THEN 'wow #late'
                        WHEN u % 2 = 0 THEN 'hi #daily' ELSE 'hello' END,
                   CASE WHEN u % 3 = 0 THEN 'home' ELSE 'cafe' END, 0, hash(h, u), now(), now()
            FROM range(504) t(h), range(10) s(u)
            """);
        return store;
    }

    private static readonly DateTime T = new(2024, 3, 20, 20, 30, 0); // hour 404.5

    [Fact]
    public void The_ranking_at_t_is_hand_checkable()
    {
        using var dir = new TempDir();
        using var store = Synthetic(dir.File("s.duckdb"));
        var ranking = RisingNow.At(store, T, BinWidth.Hour, RisingNowConfig.Reference, KAnonymity.Default);
        // Bins before 20:00 (hour 404): #x has 4 hours x 6 users = 24 posts in the last 24 h and no history, so
        // E = 24 bins x 0.1 (the floor) = 2.4 and z = (24 - 2.4) / sqrt(2.4). '#late' (4 users) is suppressed.
        Assert.Equal("#x", ranking[0].Key);
        Assert.Equal(24, ranking[0].WindowCount);
        Assert.Equal(2.4, ranking[0].Expected, 9);
        Assert.Equal((24 - 2.4) / Math.Sqrt(2.4), ranking[0].Score, 9);
        Assert.DoesNotContain(ranking, e => e.Key == "#late");
        Assert.Contains(ranking, e => e.Key == "#daily");
        Assert.Contains(RisingNow.At(store, T, BinWidth.Hour, RisingNowConfig.Reference, new KAnonymity(4)), e => e.Key == "#late");
    }

    [Fact]
    public void Appending_future_posts_does_not_change_the_ranking_at_t()
    {
        using var dir = new TempDir();
        using var store = Synthetic(dir.File("s.duckdb"));
        var before = RisingNow.At(store, T, BinWidth.Hour, RisingNowConfig.Reference, KAnonymity.Default);
        Assert.NotEmpty(before);
        // After t: in the same (incomplete) hour, later that day and next week; a new tag, '#late' gaining a fifth
        // user (k would now let it through), and a flood of '#daily' that changes its seasonal history after t.
        store.Execute("""
            INSERT INTO posts (post_id, user_id, created_at, utc_offset_minutes, text, location, image_count, content_hash, ingested_at, updated_at)
            SELECT 'f' || i, 'v' || (i % 20), TIMESTAMP '2024-03-20 20:40:00' + to_minutes(i * 7), 0,
                   CASE i % 3 WHEN 0 THEN '#future' WHEN 1 THEN '#late' ELSE '#daily #daily' END, 'home', 0, hash(i), now(), now()
            FROM range(3000) t(i)
            """);
        var after = RisingNow.At(store, T, BinWidth.Hour, RisingNowConfig.Reference, KAnonymity.Default);
        Assert.Equal(before, after);

        // The replay over the whole store's series (what the scoring uses) agrees with the online ranking.
        var all = TrendSeriesQuery.Run(store, [HashtagSource.Instance], SeriesRequest.Reference);
        var replay = RisingNow.Rank(all.OfKind("hashtag"), all.Axis, all.Axis.IndexOf(new DateTime(2024, 3, 20, 20, 0, 0)), RisingNowConfig.Reference, KAnonymity.Default);
        Assert.Equal(before, replay);
    }

    [Fact]
    public void The_analysis_scores_the_planted_burst_and_the_report_marks_it()
    {
        using var dir = new TempDir();
        using var store = Synthetic(dir.File("s.duckdb"));
        var truth = dir.File("trends.jsonl");
        File.WriteAllText(truth, """{"tag":"#x","start":"2024-03-20","end":"2024-03-22","intensity":0.6}""" + "\n");
        var r = TrendAnalysis.Run(store, TrendOptions.Reference, truth);
        foreach (var d in r.Detections)
        {
            Assert.Equal(1, d.Score!.Recalled);
            Assert.Equal(1.0, d.Score.Precision);
        }
        // Kleinberg enters the burst at its first hour, 03-20 16:00: 16 h after the planted date's midnight.
        Assert.Equal(16, r.Detections[0].Score!.Matches[0].OnsetDelayHours);
        // Rising now: #x is in the top 5 at 17:00, after its first complete hour.
        Assert.Equal(17, r.RisingScore!.Hits.Single().DelayHours);
        Assert.Equal(1.0, r.RisingScore.ShareReached);

        var html = new StringBuilder();
        new TrendsReportSection(r).AppendBody(html);
        var body = html.ToString();
        Assert.Contains("data-chart=\"series-spans\"", body);
        Assert.Contains("class=\"span\"", body);
        Assert.Contains("class=\"span-outline\"", body);
        Assert.Contains("#x: posts per day", body);
        Assert.DoesNotContain("#late", body);
        Assert.DoesNotContain("<script", body);
        using var json = new MemoryStream();
        TrendAnalysisJson.Write(json, r);
        using var doc = System.Text.Json.JsonDocument.Parse(json.ToArray());
        Assert.Equal(3, doc.RootElement.GetProperty("detectors").GetArrayLength());
        Assert.DoesNotContain("\"u1\"", Encoding.UTF8.GetString(json.ToArray()));
    }
}
