using System.Text.Json;
using SocialFusion.Data.Demo;
using SocialFusion.Data.Posts;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Data.Tests.Demo;

/// <summary>A reduced scale-mode collection (20,000 posts by 2,000 users), generated once.</summary>
public sealed class ScaleDemoFixture : IDisposable
{
    public static readonly ScaleDemoOptions Options = new(new DemoDataOptions { Posts = 20_000, Users = 2_000, Communities = 20, Seed = 7 });
    public TempDir Dir { get; } = new();
    public CascadeTruthReader Truth { get; }

    public ScaleDemoFixture()
    {
        ScaleDemoGenerator.Generate(Options, Dir.Path);
        Truth = new CascadeTruthReader(Dir.Path);
    }

    public void Dispose() => Dir.Dispose();
}

public class ScaleDemoGeneratorTests(ScaleDemoFixture data) : IClassFixture<ScaleDemoFixture>
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

    [Fact]
    public void Same_options_give_the_same_truth_files()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        ScaleDemoGenerator.Generate(Small, a.Path);
        ScaleDemoGenerator.Generate(Small, b.Path);
        foreach (var f in new[] { "truth/users.jsonl", "truth/communities.json", "truth/cascades.jsonl", "truth/trends.jsonl", "manifest.json" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(a.Path, f)), File.ReadAllBytes(Path.Combine(b.Path, f)));
    }

    [Fact]
    public void Graph_has_ten_edges_per_user_and_uneven_communities_with_the_requested_mixing()
    {
        var t = data.Truth;
        Assert.Equal(2_000, t.Community.Count);
        Assert.True(t.Follows.Count >= 10 * t.Community.Count, $"{t.Follows.Count} edges for {t.Community.Count} users");
        double leaving = t.Follows.Count(e => t.Community[e.Follower] != t.Community[e.Followee]) / (double)t.Follows.Count;
        Assert.InRange(leaving, ScaleDemoFixture.Options.Mixing - 0.02, ScaleDemoFixture.Options.Mixing + 0.02);

        using var doc = JsonDocument.Parse(File.ReadAllText(data.Dir.File("truth/communities.json")));
        var communities = doc.RootElement.GetProperty("communities").EnumerateArray().ToList();
        Assert.Equal(20, communities.Count);
        var sizes = communities.Select(c => c.GetProperty("size").GetInt32()).ToList();
        Assert.Equal(2_000, sizes.Sum());
        Assert.True(sizes.Max() >= 5 * sizes.Min(), $"community sizes {string.Join(", ", sizes.Order())}");
        foreach (var c in communities)
        {
            var members = c.GetProperty("members").EnumerateArray().Select(m => m.GetString()!).ToList();
            Assert.Equal(c.GetProperty("size").GetInt32(), members.Count);
            Assert.All(members, m => Assert.Equal(c.GetProperty("id").GetInt32(), t.Community[m]));
        }
    }

    [Fact]
    public void Reshares_follow_the_parent_author_and_match_the_truth()
    {
        var t = data.Truth;
        var reshares = t.Reshares.ToList();
        Assert.InRange(reshares.Count / 20_000.0, 0.12, 0.2);
        double follows = reshares.Count(t.FollowsParentAuthor) / (double)reshares.Count;
        Assert.InRange(follows, 0.75, 0.99);
        var parents = t.Cascades.SelectMany(c => c.GetProperty("members").EnumerateArray()
            .Select(m => (Id: m.GetProperty("id").GetString()!, Parent: m.GetProperty("parent").GetString()!, Root: c.GetProperty("root").GetString()!))).ToList();
        Assert.Equal(reshares.Count, parents.Count);
        Assert.All(parents, m => Assert.Equal(t.Posts[m.Id].Parent, m.Parent));
        Assert.All(parents, m => Assert.Equal(t.RootOf(m.Id), m.Root));
    }

    [Fact]
    public void Cascade_sizes_are_heavy_tailed()
    {
        var sizes = data.Truth.Sizes();
        int median = sizes[sizes.Count / 2], max = sizes[^1];
        Assert.True(median <= 2, $"median size {median}");
        Assert.True(max >= 10 * median, $"largest cascade {max} vs median {median}");
        // Sizes fall off like a power law, not a geometric: cascades of 10 or more are rare but not absent.
        int big = sizes.Count(s => s >= 10);
        Assert.InRange(big, 5, sizes.Count / 20);
    }

    [Fact]
    public void Reshares_arrive_fast_after_the_root_then_decay()
    {
        var delays = data.Truth.DelaysHours();
        Assert.All(delays, d => Assert.True(d >= 0));
        // Reshares per hour after the root, over the first 6 hours, the rest of day one, day two and day three
        // (periods of a day or more so the daily activity curve does not blur the decay).
        double[] edges = [0, 6, 24, 48, 72];
        var rates = Enumerable.Range(0, 4).Select(b => delays.Count(d => d >= edges[b] && d < edges[b + 1]) / (edges[b + 1] - edges[b])).ToList();
        Assert.True(rates[0] > 2 * rates[1] && rates[1] > rates[2] && rates[2] > rates[3], $"reshares per hour: {string.Join(", ", rates.Select(r => r.ToString("F1")))}");
    }

    [Fact]
    public void Trend_tags_burst_inside_their_windows()
    {
        var lines = File.ReadAllLines(data.Dir.File("truth/trends.jsonl"));
        Assert.Equal(ScaleDemoFixture.Options.Demo.TrendBursts, lines.Length);
        var posts = File.ReadLines(data.Dir.File("posts.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        foreach (var line in lines)
        {
            var trend = JsonDocument.Parse(line).RootElement;
            string tag = trend.GetProperty("tag").GetString()!;
            var start = DateOnly.Parse(trend.GetProperty("start").GetString()!); var end = DateOnly.Parse(trend.GetProperty("end").GetString()!);
            int inside = 0, outside = 0;
            foreach (var p in posts.Where(p => p.GetProperty("text").GetString()!.Contains(tag)))
            {
                var d = DateOnly.FromDateTime(DateTimeOffset.Parse(p.GetProperty("created_at").GetString()!).DateTime);
                if (d >= start && d < end) inside++; else outside++;
            }
            Assert.True(inside >= 50 && inside > 5 * outside, $"{tag}: {inside} inside vs {outside} outside the burst");
        }
    }

    [Fact]
    public void Invalid_mixing_names_the_field()
    {
        var e = Assert.Throws<ArgumentException>(() => ScaleDemoGenerator.Generate(Small with { Mixing = 1.5 }, "unused"));
        Assert.Contains(nameof(ScaleDemoOptions.Mixing), e.Message);
    }
}
