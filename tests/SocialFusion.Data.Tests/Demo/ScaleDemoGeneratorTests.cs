using SocialFusion.Data.Demo;
using SocialFusion.Data.Posts;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Data.Tests.Demo;

public class ScaleDemoGeneratorTests
{
    private static readonly ScaleDemoOptions Small = new(new DemoDataOptions { Posts = 4000, Users = 200, Communities = 5, Seed = 7 }, MeanFollows: 8);

    [Fact]
    public void Writes_valid_text_only_posts_in_time_order_with_replies_to_earlier_posts_of_others()
    {
        using var dir = new TempDir();
        var summary = ScaleDemoGenerator.Generate(Small, dir.Path);
        var read = PostReader.Read(summary.PostsPath);
        Assert.Empty(read.Rejected);
        Assert.Equal(4000, read.Posts.Count);
        Assert.All(read.Posts, p => Assert.False(p.HasImage));
        Assert.All(read.Posts, p => Assert.True(p.HasText));
        var byId = read.Posts.Select((p, i) => (p, i)).ToDictionary(t => t.p.Id, t => t);
        for (int i = 1; i < read.Posts.Count; i++) Assert.True(read.Posts[i - 1].CreatedAt <= read.Posts[i].CreatedAt);
        var linked = read.Posts.Where(p => p.ReplyTo != null || p.RepostOf != null).ToList();
        Assert.InRange(linked.Count / 4000.0, 0.10, 0.22);
        foreach (var p in linked)
        {
            var parent = byId[p.ReplyTo ?? p.RepostOf!];
            Assert.True(parent.i < byId[p.Id].i);
            Assert.NotEqual(parent.p.UserId, p.UserId);
        }
        Assert.True(read.Posts.Select(p => p.Label("location")).Distinct().Count() >= 5);
    }

    [Fact]
    public void Follow_file_has_no_self_loops_or_duplicates_and_the_requested_mean_degree()
    {
        using var dir = new TempDir();
        ScaleDemoGenerator.Generate(Small, dir.Path);
        var lines = File.ReadAllLines(Path.Combine(dir.Path, "truth", "follows.csv"));
        Assert.Equal("follower,followee", lines[0]);
        var edges = lines.Skip(1).Select(l => l.Split(',')).Select(c => (c[0], c[1])).ToList();
        Assert.DoesNotContain(edges, e => e.Item1 == e.Item2);
        Assert.Equal(edges.Count, edges.Distinct().Count());
        Assert.InRange(edges.Count / 200.0, 5, 11);
        Assert.Equal(200, File.ReadAllLines(Path.Combine(dir.Path, "truth", "users.jsonl")).Length);
    }

    [Fact]
    public void Same_options_give_the_same_bytes()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        ScaleDemoGenerator.Generate(Small, a.Path);
        ScaleDemoGenerator.Generate(Small, b.Path);
        Assert.Equal(File.ReadAllBytes(Path.Combine(a.Path, "posts.jsonl")), File.ReadAllBytes(Path.Combine(b.Path, "posts.jsonl")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(a.Path, "truth/follows.csv")), File.ReadAllBytes(Path.Combine(b.Path, "truth/follows.csv")));
    }
}
