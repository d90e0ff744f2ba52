using System.Text.Json;
using SocialFusion.Data.Demo;
using SocialFusion.Data.Images;
using SocialFusion.Data.Posts;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Data.Tests.Demo;

/// <summary>Generates a small collection once and checks its files, shares and planted structure.</summary>
public sealed class DemoDataFixture : IDisposable
{
    public static readonly DemoDataOptions Options = new() { Posts = 600, Users = 60, Seed = 7, SpanDays = 60, TrendBursts = 2, TrendIntensity = 0.5 };
    public TempDir Dir { get; } = new();
    public DemoDataSummary Summary { get; }
    public List<JsonElement> Posts { get; }

    public DemoDataFixture()
    {
        Summary = DemoDataGenerator.Generate(Options, Dir.Path);
        Posts = File.ReadAllLines(Summary.PostsPath).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    public void Dispose() => Dir.Dispose();
}

public sealed class DemoDataGeneratorTests(DemoDataFixture data) : IClassFixture<DemoDataFixture>
{
    [Fact]
    public void Same_seed_gives_identical_bytes_and_another_seed_differs()
    {
        var small = DemoDataFixture.Options with { Posts = 120, Users = 20 };
        using var a = new TempDir(); using var b = new TempDir(); using var c = new TempDir();
        DemoDataGenerator.Generate(small, a.Path);
        DemoDataGenerator.Generate(small, b.Path);
        DemoDataGenerator.Generate(small with { Seed = 8 }, c.Path);
        Assert.Equal(File.ReadAllBytes(a.File("posts.jsonl")), File.ReadAllBytes(b.File("posts.jsonl")));
        foreach (var f in new[] { "truth/follows.csv", "truth/users.jsonl", "truth/cascades.jsonl", "manifest.json" })
            Assert.Equal(File.ReadAllBytes(a.File(f)), File.ReadAllBytes(b.File(f)));
        var images = Directory.GetFiles(Path.Combine(a.Path, "images")).Order(StringComparer.Ordinal).Take(15).ToList();
        Assert.NotEmpty(images);
        foreach (var img in images)
            Assert.Equal(File.ReadAllBytes(img), File.ReadAllBytes(Path.Combine(b.Path, "images", Path.GetFileName(img))));
        Assert.NotEqual(File.ReadAllBytes(a.File("posts.jsonl")), File.ReadAllBytes(c.File("posts.jsonl")));
    }

    [Fact]
    public void Every_line_has_required_fields_and_every_image_decodes()
    {
        Assert.Equal(DemoDataFixture.Options.Posts, data.Posts.Count);
        var ids = new HashSet<string>();
        foreach (var p in data.Posts)
        {
            var id = p.GetProperty("id").GetString()!;
            Assert.True(ids.Add(id), $"duplicate id {id}");
            Assert.StartsWith("u", p.GetProperty("user_id").GetString());
            Assert.True(DateTimeOffset.TryParse(p.GetProperty("created_at").GetString(), out _), id);
            var labels = p.GetProperty("labels");
            Assert.Contains(labels.GetProperty("location").GetString(), DemoLocations.All);
            foreach (var s in new[] { "text_sentiment", "image_sentiment" })
                Assert.Contains(labels.GetProperty(s).GetString(), new[] { "negative", "neutral", "positive" });
            foreach (var e in new[] { "likes", "reposts", "replies" }) Assert.True(p.GetProperty("engagement").GetProperty(e).GetInt32() >= 0);
            foreach (var r in new[] { "reply_to", "repost_of" })
                if (p.GetProperty(r).ValueKind == JsonValueKind.String) Assert.Contains(p.GetProperty(r).GetString()!, ids); // earlier post
            var text = p.GetProperty("text");
            Assert.True(text.ValueKind == JsonValueKind.Null || text.GetString()!.Length > 0, id);
            Assert.True(text.ValueKind == JsonValueKind.String || p.GetProperty("images").GetArrayLength() > 0, $"{id} has neither text nor image");
        }
        foreach (var img in data.Posts.SelectMany(p => p.GetProperty("images").EnumerateArray()).Take(200))
        {
            var decoded = ImageDecoder.Decode(Path.Combine(data.Dir.Path, img.GetString()!));
            Assert.InRange(decoded.Width, DemoDataFixture.Options.MinImageSide, DemoDataFixture.Options.MaxImageSide);
            Assert.InRange(decoded.Height, DemoDataFixture.Options.MinImageSide, DemoDataFixture.Options.MaxImageSide);
        }
        foreach (var f in new[] { "truth/users.jsonl", "truth/cascades.jsonl", "truth/trends.jsonl", "truth/post_noise.jsonl" })
            foreach (var line in File.ReadAllLines(data.Dir.File(f))) JsonDocument.Parse(line).Dispose();
        JsonDocument.Parse(File.ReadAllText(data.Dir.File("manifest.json"))).Dispose();
        JsonDocument.Parse(File.ReadAllText(data.Dir.File("truth/communities.json"))).Dispose();
    }

    [Fact]
    public void Post_reader_accepts_every_line_without_rejection()
    {
        var result = PostReader.Read(data.Summary.PostsPath);
        Assert.Empty(result.Rejected);
        Assert.Equal(data.Posts.Count, result.Posts.Count);
        for (int i = 0; i < result.Posts.Count; i++)
        {
            var post = result.Posts[i];
            Assert.Equal(data.Posts[i].GetProperty("id").GetString(), post.Id);
            Assert.Equal(data.Posts[i].GetProperty("labels").GetProperty("location").GetString(), post.Label(Post.LabelNames.Location));
            Assert.All(post.Images, img => Assert.True(File.Exists(img), $"{post.Id}: {img} missing"));
        }
    }

    [Fact]
    public void Locations_are_all_present_and_imbalanced_with_home_most_frequent()
    {
        var counts = data.Summary.LocationCounts;
        Assert.All(DemoLocations.All, l => Assert.True(counts[l] > 0, $"{l} never generated"));
        Assert.Equal(DemoLocations.Home, counts.MaxBy(kv => kv.Value).Key);
        Assert.True(counts[DemoLocations.Home] > 3 * counts[DemoLocations.Transit], $"home {counts[DemoLocations.Home]} vs transit {counts[DemoLocations.Transit]}");
    }

    [Fact]
    public void Noise_shares_match_the_knobs()
    {
        var o = DemoDataFixture.Options;
        int n = data.Posts.Count;
        var noise = data.Summary.NoiseCounts;
        int withImage = n - noise["missing_image"];
        int withText = n - noise["textless"];
        // Binomial tolerance: ~4 standard deviations at n = 600.
        static void Near(double expected, int count, int total, string what) =>
            Assert.True(Math.Abs(count / (double)total - expected) < 4 * Math.Sqrt(expected * (1 - expected) / total) + 0.01, $"{what}: {count}/{total} vs {expected}");
        Near(o.MissingImageShare, noise["missing_image"], n, "missing image");
        Near(o.TextlessShare, noise["textless"], n, "textless");
        Near(o.UnrelatedImageShare, noise["unrelated_image"], withImage, "unrelated image");
        Near(o.MultiImageShare, noise["multi_image"], withImage, "multi image");
        Near(o.UninformativeTextShare, noise["uninformative_text"], withText, "uninformative text");
        Near(o.MisleadingTextShare, noise["misleading_text"], withText, "misleading text");
        int missingFromFile = data.Posts.Count(p => p.GetProperty("images").GetArrayLength() == 0);
        int multiFromFile = data.Posts.Count(p => p.GetProperty("images").GetArrayLength() >= 2);
        Assert.Equal(noise["missing_image"], missingFromFile);
        Assert.Equal(noise["multi_image"], multiFromFile);
        Assert.Equal(noise["textless"], data.Posts.Count(p => p.GetProperty("text").ValueKind == JsonValueKind.Null));
    }

    [Fact]
    public void Follow_graph_is_denser_within_communities()
    {
        var community = File.ReadAllLines(data.Dir.File("truth/users.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(u => u.GetProperty("user_id").GetString()!, u => u.GetProperty("community").GetInt32());
        var edges = File.ReadAllLines(data.Dir.File("truth/follows.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        int intra = edges.Count(e => community[e[0]] == community[e[1]]), inter = edges.Count - intra;
        int users = community.Count, size = users / DemoDataFixture.Options.Communities;
        double intraPairs = users * (size - 1.0), interPairs = users * (users - size);
        Assert.True(intra / intraPairs > 3 * (inter / interPairs), $"intra density {intra / intraPairs:F3} vs inter {inter / interPairs:F3}");
    }

    [Fact]
    public void Trend_tags_burst_inside_their_windows()
    {
        foreach (var line in File.ReadAllLines(data.Dir.File("truth/trends.jsonl")))
        {
            var t = JsonDocument.Parse(line).RootElement;
            string tag = t.GetProperty("tag").GetString()!;
            var start = DateOnly.Parse(t.GetProperty("start").GetString()!); var end = DateOnly.Parse(t.GetProperty("end").GetString()!);
            int inside = 0, outside = 0;
            foreach (var p in data.Posts.Where(p => p.GetProperty("text").ValueKind == JsonValueKind.String && p.GetProperty("text").GetString()!.Contains(tag)))
            {
                var d = DateOnly.FromDateTime(DateTimeOffset.Parse(p.GetProperty("created_at").GetString()!).DateTime);
                if (d >= start && d < end) inside++; else outside++;
            }
            Assert.True(inside >= 5 && inside > 5 * outside, $"{tag}: {inside} inside vs {outside} outside the burst");
        }
    }

    [Fact]
    public void Cascades_stay_mostly_within_communities_and_the_truth_matches_the_posts()
    {
        var c = new CascadeTruthReader(data.Dir.Path);
        Assert.NotEmpty(c.Cascades);
        var listed = new HashSet<string>();
        double shares = 0;
        foreach (var cascade in c.Cascades)
        {
            var root = cascade.GetProperty("root").GetString()!;
            var members = cascade.GetProperty("members").EnumerateArray().ToList();
            Assert.Equal(members.Count + 1, cascade.GetProperty("size").GetInt32());
            int rootCommunity = c.Community[c.Posts[root].User];
            Assert.Equal(rootCommunity, cascade.GetProperty("community").GetInt32());
            foreach (var m in members)
            {
                var post = c.Posts[m.GetProperty("id").GetString()!];
                Assert.True(listed.Add(post.Id), $"{post.Id} listed twice");
                // The truth's parent and kind are the post's own reply_to / repost_of, and its root is the chain's first post.
                Assert.Equal(post.Parent, m.GetProperty("parent").GetString());
                Assert.Equal(post.ReplyTo != null ? "reply" : "repost", m.GetProperty("kind").GetString());
                Assert.Equal(root, c.RootOf(post.Id));
            }
            double same = members.Count(m => c.Community[c.Posts[m.GetProperty("id").GetString()!].User] == rootCommunity) / (double)members.Count;
            Assert.Equal(Math.Round(same, 4), cascade.GetProperty("same_community_share").GetDouble(), 4);
            shares += same;
        }
        Assert.Equal(c.Reshares.Select(p => p.Id).Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.True(shares / c.Cascades.Count > 0.5, $"mean same-community share {shares / c.Cascades.Count:F2}");
    }

    [Fact]
    public void Most_reshares_follow_the_author_of_their_parent()
    {
        var c = new CascadeTruthReader(data.Dir.Path);
        var reshares = c.Reshares.ToList();
        double share = reshares.Count(c.FollowsParentAuthor) / (double)reshares.Count;
        Assert.True(share > 0.8, $"{share:P0} of {reshares.Count} reshares follow the parent's author");
        // Some reshares come from outside the graph, as real ones do (search, trending lists).
        Assert.True(share < 1, "no out-of-graph reshare at all");
        var flags = c.Cascades.SelectMany(x => x.GetProperty("members").EnumerateArray())
            .ToDictionary(m => m.GetProperty("id").GetString()!, m => m.GetProperty("follows_parent_author").GetBoolean());
        Assert.All(reshares, r => Assert.Equal(c.FollowsParentAuthor(r), flags[r.Id]));
        // Reshares never target the resharer's own post and always an earlier one.
        Assert.All(reshares, r => Assert.NotEqual(r.User, c.Posts[r.Parent!].User));
        Assert.All(reshares, r => Assert.True(c.Posts[r.Parent!].Time <= r.Time, r.Id));
    }

    [Fact]
    public void Invalid_options_name_the_field()
    {
        var ex = Assert.Throws<ArgumentException>(() => DemoDataGenerator.Generate(new DemoDataOptions { MissingImageShare = 1.5 }, "unused"));
        Assert.Contains(nameof(DemoDataOptions.MissingImageShare), ex.Message);
    }
}
