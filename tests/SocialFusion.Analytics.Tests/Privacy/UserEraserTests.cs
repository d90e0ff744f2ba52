using SocialFusion.Analytics.Ingest;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Store;
using SocialFusion.TestSupport;
using Xunit;
using static SocialFusion.Analytics.Tests.Ingest.StoreIngestTests;

namespace SocialFusion.Analytics.Tests.Privacy;

public class UserEraserTests
{
    [Fact]
    public void Forget_removes_posts_edges_predictions_and_derived_rows_of_the_user_only()
    {
        using var dir = new TempDir();
        using var store = AnalyticsStore.Open(dir.File("s.duckdb"));
        var follows = Write(dir, "follows.csv", "follower,followee\nu1,u2\nu2,u1\nu3,u1\nu3,u2\n");
        var preds = Write(dir, "m.jsonl", """
            {"post_id":"p2","top":[{"label":"home","probability":0.6},{"label":"gym","probability":0.3}]}
            {"post_id":"p1","top":[{"label":"gym","probability":0.9}]}
            """);
        StoreIngest.Run(store, new IngestRequest(Write(dir, "posts.jsonl", Posts), follows, preds));
        store.Execute("INSERT INTO user_segments VALUES ('r1', 'u2', 0), ('r1', 'u1', 1); INSERT INTO user_features VALUES ('r1', 'u2', 'x', 1)");

        var report = UserEraser.Forget(store, "u2");
        var removed = report.Removed.ToDictionary(r => r.Table, r => r.Rows);
        Assert.Equal(2, removed["posts"]);
        Assert.Equal(2, removed["predictions"]);
        Assert.Equal(3, removed["follows"]);
        Assert.Equal(2, removed["post_edges"]);
        Assert.Equal(1, removed["user_segments"]);
        Assert.Equal(1, removed["user_features"]);
        Assert.Equal(1, removed["users"]);

        foreach (var (table, columns) in AnalyticsSchema.UserTables)
            foreach (var c in columns)
                Assert.Equal(0L, store.Scalar($"SELECT count(*) FROM {table} WHERE {c} = 'u2'"));
        Assert.Equal(2, store.Count("posts"));
        Assert.Equal(1, store.Count("predictions"));
        Assert.Equal("u3->u1", store.Scalar("SELECT string_agg(src || '->' || dst, ',') FROM follows"));
        Assert.Equal(1L, store.Scalar("SELECT count(*) FROM user_segments WHERE user_id = 'u1'"));
        Assert.Equal(0, UserEraser.Forget(store, "u2").Total);
    }
}
