using System.Text;
using System.Text.RegularExpressions;
using SocialFusion.Analytics.Ingest;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Store;
using SocialFusion.Analytics.Topics;
using SocialFusion.Data.Demo;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Analytics.Tests.Topics;

/// <summary>The report section and the JSON of a topic run.</summary>
public class TopicReportSectionTests
{
    private static TopicResult Run(TempDir dir, int minUsers)
    {
        var data = dir.File("demo");
        if (!Directory.Exists(data))
            DemoDataGenerator.Generate(new DemoDataOptions { Posts = 300, Users = 25, Seed = 4, MinImageSide = 32, MaxImageSide = 40 }, data);
        using var store = AnalyticsStore.Open(dir.File($"s{minUsers}.duckdb"));
        StoreIngest.Run(store, new IngestRequest(Path.Combine(data, "posts.jsonl")));
        return TopicAnalysis.Run(store, new TopicOptions(K: 4, Bin: TimeBin.Week, Privacy: new KAnonymity(minUsers),
            TruthPostNoisePath: Path.Combine(data, "truth", "post_noise.jsonl")));
    }

    [Fact]
    public void Section_shows_topic_words_the_scores_and_one_inline_chart_of_shares_over_time()
    {
        using var dir = new TempDir();
        var r = Run(dir, 1);
        var html = new StringBuilder();
        var section = new TopicReportSection(r);
        section.AppendBody(html);
        var s = html.ToString();
        Assert.Equal("Topics", section.Title);
        Assert.Single(Regex.Matches(s, "<svg class=\"chart\" data-chart=\"topic-shares\""));
        Assert.DoesNotMatch(@"\b(src|href)\s*=", s);
        foreach (var t in r.Topics) Assert.Contains(string.Join(", ", t.Words.Select(w => System.Net.WebUtility.HtmlEncode(w.Word))), s);
        Assert.Contains("location (informative posts)", s);
        // One path per topic; the chart's points are the shares of the timeline.
        Assert.Equal(r.Topics.Count, Regex.Matches(s, "<path d=\"M").Count);
    }

    [Fact]
    public void With_k_above_every_topic_nothing_but_suppression_marks_leave_the_store()
    {
        using var dir = new TempDir();
        var r = Run(dir, 1000);
        Assert.All(r.Topics, t => { Assert.True(t.Posts.Suppressed); Assert.Empty(t.Words); });
        Assert.All(r.Timeline.Words.SelectMany(w => w), Assert.Empty);
        var html = new StringBuilder();
        new TopicReportSection(r).AppendBody(html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(KAnonymity.SuppressedMark), html.ToString());
        using var buffer = new MemoryStream();
        TopicJson.Write(buffer, r);
        var json = Encoding.UTF8.GetString(buffer.ToArray());
        Assert.DoesNotContain("\"word\"", json);
        Assert.Contains("\"suppressed\": true", json);
    }
}
