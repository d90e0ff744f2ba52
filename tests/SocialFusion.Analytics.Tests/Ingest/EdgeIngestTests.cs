using SocialFusion.Analytics.Ingest;
using SocialFusion.Analytics.Store;
using SocialFusion.TestSupport;
using Xunit;
using static SocialFusion.Analytics.Tests.Ingest.StoreIngestTests;

namespace SocialFusion.Analytics.Tests.Ingest;

public class EdgeIngestTests
{
    [Fact]
    public void Follow_file_rejects_self_loops_duplicates_and_bad_cells_per_line()
    {
        using var dir = new TempDir();
        var follows = Write(dir, "follows.csv", """
            follower,followee,weight
            u1,u2,
            u2,u1,0.5
            u3,u3,
            u1,u2,1
            u4,,
            u5,u1,heavy
            u6,u1
            "u,7",u1,2
            """);
        using var store = AnalyticsStore.Open(dir.File("s.duckdb"));
        var report = StoreIngest.Run(store, new IngestRequest(Write(dir, "posts.jsonl", Posts), Follows: follows));
        Assert.Equal(new MergeCounts(3, 0, 0), report.Follows);
        var reasons = report.FollowsRead!.Rejected.ToDictionary(r => r.Line, r => r.Reason);
        Assert.Contains("self-loop", reasons[4]);
        Assert.Contains("duplicate edge u1 -> u2: first seen on line 2", reasons[5]);
        Assert.Contains("followee is empty", reasons[6]);
        Assert.Contains("weight 'heavy'", reasons[7]);
        Assert.Contains("2 fields, the header has 3", reasons[8]);
        Assert.Equal(5, reasons.Count);
        Assert.Equal(0.5, store.Scalar("SELECT weight FROM follows WHERE src = 'u2' AND dst = 'u1'"));
        Assert.Equal(2L, store.Scalar("SELECT followers FROM users WHERE user_id = 'u1'"));
        Assert.Equal(5, File.ReadAllLines(report.FollowsSideFile!).Length);

        Write(dir, "follows.csv", "follower,followee,weight\nu1,u2,\nu2,u1,0.75\n");
        var again = StoreIngest.Run(store, new IngestRequest(Write(dir, "posts.jsonl", Posts), Follows: follows));
        Assert.Equal(new MergeCounts(0, 1, 1), again.Follows);
    }

    [Fact]
    public void Follow_file_without_the_required_columns_rejects_every_line()
    {
        using var dir = new TempDir();
        var follows = Write(dir, "follows.csv", "a,b\nu1,u2\n");
        using var store = AnalyticsStore.Open(dir.File("s.duckdb"));
        var report = StoreIngest.Run(store, new IngestRequest(Write(dir, "posts.jsonl", Posts), Follows: follows));
        Assert.Equal(2, report.FollowsRead!.Rejected.Count);
        Assert.Equal(0, store.Count("follows"));
    }

    [Fact]
    public void Predictions_of_both_writers_are_stored_per_rank_and_replaced_when_they_change()
    {
        using var dir = new TempDir();
        var preds = Write(dir, "sgmft.jsonl", """
            {"post_id":"p1","top":[{"label":"gym","probability":0.8},{"label":"park","probability":0.15}],"similarity":0.4,"alpha":0.7}
            {"post_id":"p2","heads":[{"head":"location","top":[{"label":"home","probability":0.6}],"value":null},{"head":"likes","top":null,"value":3.5}],"attention":null}
            {"post_id":"p-unknown","top":[{"label":"home","probability":0.9}],"similarity":null,"alpha":null}
            {"post_id":"p1","top":[]}
            not json
            """);
        using var store = AnalyticsStore.Open(dir.File("s.duckdb"));
        var posts = Write(dir, "posts.jsonl", Posts);
        var report = StoreIngest.Run(store, new IngestRequest(posts, Predictions: preds));
        Assert.Equal(new MergeCounts(3, 0, 0), report.Predictions);
        Assert.Equal(1, report.PredictionsForUnknownPosts);
        Assert.Equal(2, report.PredictionsRead!.Rejected.Count);
        Assert.Contains("duplicate post_id 'p1'", report.PredictionsRead.Rejected[0].Reason);
        Assert.Equal(5, store.Count("predictions"));
        Assert.Equal(0.7, store.Scalar("SELECT alpha FROM predictions WHERE post_id = 'p1' AND rank = 1 AND model = 'sgmft'"));
        Assert.Equal(3.5, store.Scalar("SELECT value FROM predictions WHERE post_id = 'p2' AND head = 'likes'"));

        Write(dir, "sgmft.jsonl", """
            {"post_id":"p1","top":[{"label":"gym","probability":0.9}],"similarity":0.4,"alpha":0.7}
            {"post_id":"p2","heads":[{"head":"location","top":[{"label":"home","probability":0.6}],"value":null},{"head":"likes","top":null,"value":3.5}],"attention":null}
            """);
        var again = StoreIngest.Run(store, new IngestRequest(posts, Predictions: preds));
        Assert.Equal(new MergeCounts(0, 1, 1), again.Predictions);
        Assert.Equal(1L, store.Scalar("SELECT count(*) FROM predictions WHERE post_id = 'p1'"));
        Assert.Equal(4, store.Count("predictions"));
    }
}
