using SocialFusion.Analytics.Ingest;
using SocialFusion.Analytics.Store;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Analytics.Tests.Ingest;

public class StoreIngestTests
{
    internal const string Posts = """
        {"id":"p1","user_id":"u1","created_at":"2024-03-05T08:15:00+01:00","text":"leg day #gym","labels":{"location":"gym","text_sentiment":"positive","mood":"7"},"engagement":{"likes":3,"shares":2}}
        {"id":"p2","user_id":"u2","created_at":"2024-03-05T09:00:00Z","text":"@u1 nice","reply_to":"p1"}
        {"id":"p3","user_id":"u2","created_at":"2024-03-05T09:30:00Z","text":"orphan","reply_to":"p-missing"}
        {"id":"p4","user_id":"u3","created_at":"2024-03-05T10:00:00-05:30","images":["a.jpg","b.jpg"],"repost_of":"p1"}
        """;

    internal static string Write(TempDir dir, string name, string text)
    {
        var path = dir.File(name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        return path;
    }

    [Fact]
    public void The_same_file_twice_adds_nothing_and_a_changed_post_is_updated()
    {
        using var dir = new TempDir();
        var posts = Write(dir, "posts.jsonl", Posts);
        using var store = AnalyticsStore.Open(dir.File("s.duckdb"));
        var first = StoreIngest.Run(store, new IngestRequest(posts));
        Assert.Equal(new MergeCounts(4, 0, 0), first.Posts);
        var second = StoreIngest.Run(store, new IngestRequest(posts));
        Assert.Equal(new MergeCounts(0, 0, 4), second.Posts);
        Assert.Equal(4, store.Count("posts"));

        Write(dir, "posts.jsonl", Posts.Replace("orphan", "orphan, edited") + "\n" +
            """{"id":"p5","user_id":"u4","created_at":"2024-03-06T10:00:00Z","text":"new"}""");
        var third = StoreIngest.Run(store, new IngestRequest(posts));
        Assert.Equal(new MergeCounts(1, 1, 3), third.Posts);
        Assert.Equal("orphan, edited", store.Scalar("SELECT text FROM posts WHERE post_id = 'p3'"));
        Assert.Equal(5, store.Count("posts"));
    }

    [Fact]
    public void Stored_columns_hold_utc_time_local_offset_labels_and_engagement()
    {
        using var dir = new TempDir();
        using var store = AnalyticsStore.Open(dir.File("s.duckdb"));
        StoreIngest.Run(store, new IngestRequest(Write(dir, "posts.jsonl", Posts)));
        Assert.Equal(new DateTime(2024, 3, 5, 7, 15, 0), store.Scalar("SELECT created_at FROM posts WHERE post_id = 'p1'"));
        Assert.Equal((short)60, store.Scalar("SELECT utc_offset_minutes FROM posts WHERE post_id = 'p1'"));
        Assert.Equal((short)-330, store.Scalar("SELECT utc_offset_minutes FROM posts WHERE post_id = 'p4'"));
        Assert.Equal("gym", store.Scalar("SELECT location FROM posts WHERE post_id = 'p1'"));
        Assert.Equal("{\"mood\":\"7\"}", store.Scalar("SELECT other_labels FROM posts WHERE post_id = 'p1'"));
        Assert.Equal(3L, store.Scalar("SELECT likes FROM posts WHERE post_id = 'p1'"));
        Assert.Equal("{\"shares\":2}", store.Scalar("SELECT other_engagement FROM posts WHERE post_id = 'p1'"));
        Assert.Equal((short)2, store.Scalar("SELECT image_count FROM posts WHERE post_id = 'p4'"));
        Assert.Equal(3, store.Count("users"));
    }

    [Fact]
    public void Replies_to_unknown_parents_are_kept_and_counted_and_resolve_when_the_parent_arrives()
    {
        using var dir = new TempDir();
        using var store = AnalyticsStore.Open(dir.File("s.duckdb"));
        var report = StoreIngest.Run(store, new IngestRequest(Write(dir, "posts.jsonl", Posts)));
        Assert.Equal(1, report.UnknownParentsInFile);
        Assert.Equal(3, store.Count("post_edges"));
        Assert.Equal("u1", store.Scalar("SELECT parent_user_id FROM post_edges WHERE child_id = 'p2' AND kind = 'reply'"));
        Assert.Equal("u1", store.Scalar("SELECT parent_user_id FROM post_edges WHERE child_id = 'p4' AND kind = 'repost'"));
        Assert.Null(store.Scalar("SELECT parent_user_id FROM post_edges WHERE child_id = 'p3'"));

        var later = StoreIngest.Run(store, new IngestRequest(Write(dir, "more.jsonl",
            """{"id":"p-missing","user_id":"u9","created_at":"2024-03-01T10:00:00Z","text":"here I am"}""")));
        Assert.Equal(0, later.UnknownParentsInStore);
        Assert.Equal("u9", store.Scalar("SELECT parent_user_id FROM post_edges WHERE child_id = 'p3'"));
    }

    [Fact]
    public void Malformed_lines_and_duplicate_ids_cost_their_line_only_and_go_to_the_side_file()
    {
        using var dir = new TempDir();
        var posts = Write(dir, "posts.jsonl", Posts + "\n{\"id\":\"p9\",\n" +
            """{"id":"p1","user_id":"u7","created_at":"2024-03-05T08:15:00Z","text":"same id again"}""");
        using var store = AnalyticsStore.Open(dir.File("s.duckdb"));
        var report = StoreIngest.Run(store, new IngestRequest(posts));
        Assert.Equal(4, report.Posts.New);
        Assert.Equal(2, report.PostsRead.Rejected.Count);
        Assert.Equal(5, report.PostsRead.Rejected[0].Line);
        Assert.Contains("duplicate id 'p1': first seen on line 1", report.PostsRead.Rejected[1].Reason);
        var side = File.ReadAllLines(report.PostsSideFile);
        Assert.Contains(side, l => l.Contains("\"line\":5") && l.Contains("malformed JSON"));
        Assert.Contains(side, l => l.Contains("\"line\":6") && l.Contains("duplicate id"));
        Assert.Equal("leg day #gym", store.Scalar("SELECT text FROM posts WHERE post_id = 'p1'"));
    }

    [Fact]
    public void Csv_posts_ingest_like_jsonl()
    {
        using var dir = new TempDir();
        var csv = Write(dir, "posts.csv", """
            id,user_id,created_at,text,reply_to,label.location,engagement.likes
            p1,u1,2024-03-05T08:15:00+01:00,"hello, world",,gym,3
            p2,u2,2024-03-05T09:00:00Z,reply,p1,,
            """);
        using var store = AnalyticsStore.Open(dir.File("s.duckdb"));
        var report = StoreIngest.Run(store, new IngestRequest(csv));
        Assert.Equal(new MergeCounts(2, 0, 0), report.Posts);
        Assert.Equal("hello, world", store.Scalar("SELECT text FROM posts WHERE post_id = 'p1'"));
        Assert.Equal(0, report.UnknownParentsInFile);
    }

    [Fact]
    public void A_failed_merge_leaves_the_store_as_it_was()
    {
        using var dir = new TempDir();
        var posts = Write(dir, "posts.jsonl", Posts);
        using var store = AnalyticsStore.Open(dir.File("s.duckdb"));
        StoreIngest.Run(store, new IngestRequest(posts));
        // A predictions file that is not a file: reading it fails after the posts were staged.
        Directory.CreateDirectory(dir.File("pred.jsonl"));
        Write(dir, "posts.jsonl", Posts.Replace("orphan", "changed"));
        Assert.ThrowsAny<Exception>(() => StoreIngest.Run(store, new IngestRequest(posts, Predictions: dir.File("pred.jsonl"))));
        Assert.Equal("orphan", store.Scalar("SELECT text FROM posts WHERE post_id = 'p3'"));
        Assert.Equal(4, store.Count("posts"));
    }
}
