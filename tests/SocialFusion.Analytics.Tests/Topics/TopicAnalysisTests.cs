using SocialFusion.Analytics.Ingest;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Store;
using SocialFusion.Analytics.Topics;
using SocialFusion.Data.Demo;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Analytics.Tests.Topics;

/// <summary>The topic analysis end to end on small demo collections (English and Chinese) ingested into a store.</summary>
public class TopicAnalysisTests
{
    private static string Demo(TempDir dir, string language)
    {
        var data = dir.File("demo-" + language);
        DemoDataGenerator.Generate(new DemoDataOptions { Posts = 600, Users = 40, Seed = 9, Language = language, MinImageSide = 32, MaxImageSide = 40 }, data);
        return data;
    }

    private static AnalyticsStore Ingest(string posts, string db)
    {
        var store = AnalyticsStore.Open(db);
        StoreIngest.Run(store, new IngestRequest(posts));
        return store;
    }

    [Fact]
    public void Same_seed_gives_the_same_topics_when_the_posts_are_ingested_in_another_order()
    {
        using var dir = new TempDir();
        var data = Demo(dir, "en");
        var lines = File.ReadAllLines(Path.Combine(data, "posts.jsonl"));
        var rng = new DemoRandom(1234);
        var shuffled = Path.Combine(data, "shuffled.jsonl");
        File.WriteAllLines(shuffled, lines.OrderBy(_ => rng.NextULong()));
        var options = new TopicOptions(K: 6, Clustering: new SphericalKMeansConfig(Restarts: 2, Seed: 3), Privacy: new KAnonymity(1));
        using var a = Ingest(Path.Combine(data, "posts.jsonl"), dir.File("a.duckdb"));
        using var b = Ingest(shuffled, dir.File("b.duckdb"));
        var ra = TopicAnalysis.Run(a, options);
        var rb = TopicAnalysis.Run(b, options);
        Assert.Equal(ra.Topics.Select(t => string.Join(",", t.Words.Select(w => w.Word))), rb.Topics.Select(t => string.Join(",", t.Words.Select(w => w.Word))));
        const string q = "SELECT string_agg(post_id || ':' || topic, ',' ORDER BY post_id) FROM post_topics";
        Assert.Equal(a.Scalar(q), b.Scalar(q));
        Assert.Equal(ra.Timeline.Counts.SelectMany(c => c).Select(c => c.Value), rb.Timeline.Counts.SelectMany(c => c).Select(c => c.Value));
    }

    [Fact]
    public void English_demo_topics_follow_the_planted_places_and_are_stored_counted_and_suppressed()
    {
        using var dir = new TempDir();
        var data = Demo(dir, "en");
        using var store = Ingest(Path.Combine(data, "posts.jsonl"), dir.File("s.duckdb"));
        var r = TopicAnalysis.Run(store, new TopicOptions(K: 10, Bin: TimeBin.Week, TruthPostNoisePath: Path.Combine(data, "truth", "post_noise.jsonl")));
        long texted = Convert.ToInt64(store.Scalar("SELECT count(*) FROM posts WHERE text IS NOT NULL AND trim(text) <> ''"));
        Assert.Equal(texted, r.Posts);
        Assert.Equal(texted, Convert.ToInt64(store.Scalar($"SELECT count(*) FROM post_topics WHERE run_id = '{r.RunId}'")));
        Assert.Equal(0, r.ChinesePosts);
        // Counts per bin (SQL) add up to the topic sizes; every published topic covers at least k = 5 users.
        for (int t = 0; t < r.Topics.Count; t++)
            if (!r.Topics[t].Posts.Suppressed)
            {
                Assert.True(r.Topics[t].Posts.DistinctUsers >= 5);
                Assert.Equal(10, r.Topics[t].Words.Count);
            }
        Assert.Equal(r.Posts - r.WithoutWords, r.Timeline.Counts.Sum(row => row.Sum(c => c.Suppressed ? 0 : c.Value)) + SuppressedPosts(store, r));
        Assert.Equal(r.Posts, r.Timeline.PostsPerBin.Sum());
        var location = r.Truth![0];
        Assert.Equal("location (informative posts)", location.Truth);
        // Informative demo texts name their place: far above chance (NMI ~ 0 for random topics).
        Assert.True(location.Nmi > 1.5 * ShuffledNmi(store, r, data), $"NMI {location.Nmi} vs {ShuffledNmi(store, r, data)} for shuffled topics");
        var fine = TopicAnalysis.Run(store, new TopicOptions(K: 30, TruthPostNoisePath: Path.Combine(data, "truth", "post_noise.jsonl")));
        // More topics than places: phrase-level topics, each mostly one place (the full demo's figures are in docs/analytics.md).
        Assert.True(fine.Truth![0].Purity > 0.5, $"purity {fine.Truth[0].Purity}");
        Assert.True(fine.Truth[0].Nmi > 1.5 * ShuffledNmi(store, fine, data), $"NMI {fine.Truth[0].Nmi} vs {ShuffledNmi(store, fine, data)} for shuffled topics");
        Assert.True(r.MeanCoherence > -1 && r.MeanCoherence < 1);
        Assert.Equal(10, Convert.ToInt32(store.Scalar($"SELECT count(DISTINCT topic) FROM topic_words WHERE run_id = '{r.RunId}' AND bin_start IS NULL")));
    }

    private static long SuppressedPosts(AnalyticsStore store, TopicResult r) => Convert.ToInt64(store.Scalar($"""
        SELECT coalesce(sum(n), 0)::BIGINT FROM (SELECT count(*) AS n, count(DISTINCT t.user_id) AS u FROM post_topics t JOIN posts p USING (post_id)
        WHERE run_id = '{r.RunId}' AND topic >= 0 GROUP BY topic, date_trunc('week', p.created_at)) WHERE u < 5
        """));

    [Fact]
    public void Chinese_demo_topics_are_labelled_with_multi_character_words()
    {
        using var dir = new TempDir();
        var data = Demo(dir, "zh");
        using var store = Ingest(Path.Combine(data, "posts.jsonl"), dir.File("z.duckdb"));
        var r = TopicAnalysis.Run(store, new TopicOptions(K: 10, TruthPostNoisePath: Path.Combine(data, "truth", "post_noise.jsonl"), Privacy: new KAnonymity(1)));
        Assert.True(r.ChinesePosts > 0.95 * r.Posts, $"{r.ChinesePosts} of {r.Posts} segmented as Chinese");
        var words = r.Topics.SelectMany(t => t.Words).Select(w => w.Word).ToList();
        Assert.NotEmpty(words);
        Assert.All(words, w => Assert.True(w.Length >= 2, w));
        Assert.Contains(words, w => w.All(c => c >= 0x4E00 && c <= 0x9FFF) && w.Length >= 2);
        // Above what the same topic sizes score when dealt out at random (the small demo's Chinese topics are weak: see docs).
        double chance = ShuffledNmi(store, r, data);
        Assert.True(r.Truth![0].Nmi > 1.5 * chance, $"NMI {r.Truth[0].Nmi} vs {chance} for shuffled topics");
    }

    private static double ShuffledNmi(AnalyticsStore store, TopicResult r, string data)
    {
        var ids = new List<string>(); var topics = new List<int>(); var locations = new Dictionary<string, string>();
        using (var cmd = store.Connection.CreateCommand())
        {
            cmd.CommandText = $"SELECT t.post_id, t.topic, p.location FROM post_topics t JOIN posts p USING (post_id) WHERE run_id = '{r.RunId}' ORDER BY t.post_id";
            using var rd = cmd.ExecuteReader();
            while (rd.Read()) { ids.Add(rd.GetString(0)); topics.Add(rd.GetInt32(1)); if (!rd.IsDBNull(2)) locations[rd.GetString(0)] = rd.GetString(2); }
        }
        var rng = new DemoRandom(77);
        var dealt = topics.OrderBy(_ => rng.NextULong()).ToList();
        var shuffled = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => dealt[p.i]);
        return TopicTruth.Score(shuffled, TopicTruth.ReadNoise(Path.Combine(data, "truth", "post_noise.jsonl")), locations)[0].Nmi;
    }

    [Fact]
    public void Forget_removes_the_users_topic_rows_and_an_empty_store_is_a_clear_error()
    {
        using var dir = new TempDir();
        using var empty = AnalyticsStore.Open(dir.File("e.duckdb"));
        Assert.Contains("no posts with text", Assert.Throws<InvalidOperationException>(() => TopicAnalysis.Run(empty)).Message);
        var data = Demo(dir, "en");
        using var store = Ingest(Path.Combine(data, "posts.jsonl"), dir.File("f.duckdb"));
        TopicAnalysis.Run(store, new TopicOptions(K: 3));
        var user = (string)store.Scalar("SELECT min(user_id) FROM post_topics")!;
        UserEraser.Forget(store, user);
        Assert.Equal(0L, Convert.ToInt64(store.Scalar($"SELECT count(*) FROM post_topics WHERE user_id = '{user}'")));
    }
}
