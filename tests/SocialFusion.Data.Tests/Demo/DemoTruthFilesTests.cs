using System.Text.Json;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Data.Tests.Demo;

/// <summary>
/// The demo's truth files hold what the posts file and the manifest say they hold: one row per user and per post,
/// one trend per burst, every reply and repost in a cascade, the noise counts of the manifest. An empty or truncated
/// truth file fails here (a check that only parses each line passes on an empty file).
/// </summary>
public sealed class DemoTruthFilesTests(DemoDataFixture data) : IClassFixture<DemoDataFixture>
{
    private static readonly string[] TruthFiles =
        ["truth/users.jsonl", "truth/post_noise.jsonl", "truth/trends.jsonl", "truth/cascades.jsonl", "truth/follows.csv", "truth/communities.json"];

    [Fact]
    public void Truth_files_agree_with_the_posts_and_the_manifest() => Check(data.Dir.Path);

    [Theory]
    [InlineData("empty")]
    [InlineData("last line dropped")]
    public void Every_truth_file_that_is_empty_or_truncated_fails_the_check(string damage)
    {
        foreach (var file in TruthFiles)
        {
            // Nothing records the number of follow edges, so one dropped edge cannot be detected; an empty file can.
            if (file.EndsWith("follows.csv", StringComparison.Ordinal) && damage != "empty") continue;
            using var copy = new TempDir();
            CopyCollection(data.Dir.Path, copy.Path);
            var path = copy.File(file);
            var lines = File.ReadAllLines(path);
            File.WriteAllLines(path, damage == "empty" ? [] : lines[..^(file.EndsWith(".json", StringComparison.Ordinal) ? 2 : 1)]);
            Assert.ThrowsAny<Exception>(() => Check(copy.Path));
        }
    }

    /// <summary>Throws when a truth file disagrees with posts.jsonl or manifest.json.</summary>
    private static void Check(string dir)
    {
        string F(string name) => Path.Combine(dir, name);
        static List<JsonElement> Rows(string path) => File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        var manifest = JsonDocument.Parse(File.ReadAllText(F("manifest.json"))).RootElement;
        var options = manifest.GetProperty("options");
        var posts = Rows(F("posts.jsonl"));
        Assert.Equal(manifest.GetProperty("posts").GetInt32(), posts.Count);

        // users.jsonl: every user once, with type, community and rate; every post's author is one of them.
        var users = Rows(F("truth/users.jsonl"));
        Assert.Equal(options.GetProperty("users").GetInt32(), users.Count);
        int communities = options.GetProperty("communities").GetInt32();
        var communityOf = users.ToDictionary(u => u.GetProperty("user_id").GetString()!, u => u.GetProperty("community").GetInt32());
        Assert.All(users, u =>
        {
            Assert.False(string.IsNullOrEmpty(u.GetProperty("type").GetString()));
            Assert.InRange(u.GetProperty("community").GetInt32(), 0, communities - 1);
            Assert.True(u.GetProperty("rate").GetDouble() > 0);
        });
        Assert.All(posts, p => Assert.Contains(p.GetProperty("user_id").GetString()!, communityOf.Keys));

        // communities.json: the users' communities, each member listed once.
        var listed = JsonDocument.Parse(File.ReadAllText(F("truth/communities.json"))).RootElement.GetProperty("communities").EnumerateArray().ToList();
        Assert.Equal(communities, listed.Count);
        var members = listed.SelectMany(c => c.GetProperty("members").EnumerateArray().Select(m => (Id: m.GetString()!, Community: c.GetProperty("id").GetInt32()))).ToList();
        Assert.Equal(communityOf.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)),
            members.OrderBy(m => m.Id, StringComparer.Ordinal).Select(m => (m.Id, m.Community)));

        // post_noise.jsonl: one row per post in order, whose flags add up to the manifest's noise counts.
        var noise = Rows(F("truth/post_noise.jsonl"));
        Assert.Equal(posts.Select(p => p.GetProperty("id").GetString()), noise.Select(n => n.GetProperty("id").GetString()));
        foreach (var kind in manifest.GetProperty("noise_counts").EnumerateObject())
            Assert.Equal(kind.Value.GetInt32(), noise.Count(n => n.GetProperty(kind.Name).GetBoolean()));

        // trends.jsonl: one row per planted burst.
        var trends = Rows(F("truth/trends.jsonl"));
        Assert.Equal(options.GetProperty("trend_bursts").GetInt32(), trends.Count);
        Assert.All(trends, t => Assert.StartsWith("#", t.GetProperty("tag").GetString()));

        // cascades.jsonl: every reply and repost of posts.jsonl is a member of exactly one cascade, under an existing root.
        var ids = posts.Select(p => p.GetProperty("id").GetString()!).ToHashSet();
        var cascades = Rows(F("truth/cascades.jsonl"));
        var inCascades = cascades.SelectMany(c => c.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!)).ToList();
        var respondents = posts.Where(p => p.GetProperty("reply_to").ValueKind == JsonValueKind.String || p.GetProperty("repost_of").ValueKind == JsonValueKind.String)
            .Select(p => p.GetProperty("id").GetString()!).ToList();
        Assert.NotEmpty(respondents);
        Assert.Equal(respondents.Order(StringComparer.Ordinal), inCascades.Order(StringComparer.Ordinal));
        Assert.All(cascades, c => Assert.Contains(c.GetProperty("root").GetString()!, ids));

        // follows.csv: the header and at least one edge per user on average, between known users.
        var follows = File.ReadAllLines(F("truth/follows.csv"));
        Assert.Equal("follower,followee", follows[0]);
        Assert.True(follows.Length - 1 >= users.Count, $"{follows.Length - 1} follow edges for {users.Count} users");
        Assert.All(follows.Skip(1), l => Assert.All(l.Split(','), id => Assert.Contains(id, communityOf.Keys)));
    }

    private static void CopyCollection(string from, string to)
    {
        Directory.CreateDirectory(Path.Combine(to, "truth"));
        foreach (var f in new[] { "posts.jsonl", "manifest.json" }.Concat(TruthFiles)) File.Copy(Path.Combine(from, f), Path.Combine(to, f));
    }
}
