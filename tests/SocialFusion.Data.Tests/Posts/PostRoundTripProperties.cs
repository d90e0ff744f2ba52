using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SocialFusion.Data.Posts;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Data.Tests.Posts;

/// <summary>Property tests: Write-then-Read is the identity; any line has exactly one outcome.</summary>
public sealed class PostRoundTripProperties
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(60);

    // Atoms are whole strings so surrogate pairs (emoji) are never split.
    private static readonly string[] Atoms =
        ["a", "Z", "0", " ", "\n", "\r\n", "\t", "\"", "'", ",", "|", "\\", "{", "}", "é", "ß", "日本", "😀", "👍🏽", "\u200b", "null", "#tag", "@u"];

    private static Gen<string> Text(int minAtoms) =>
        Gen.Choose(minAtoms, 12).SelectMany(n => Gen.Elements(Atoms).ListOf(n)).Select(l => string.Concat(l));

    private static Gen<string> NonBlank => Text(1).Select(s => "x" + s);

    // Ids never have surrounding whitespace or control characters (the reader rejects them).
    private static readonly string[] IdAtoms = Atoms.Where(a => !a.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))).ToArray();
    private static Gen<string> Id => Gen.Choose(0, 8).SelectMany(n => Gen.Elements(IdAtoms).ListOf(n)).Select(l => "x" + string.Concat(l));

    private static Gen<DateTimeOffset> Timestamp =>
        from ticks in Gen.Choose(0, int.MaxValue)
        from frac in Gen.Choose(0, 9_999_999)
        from quarter in Gen.Choose(-14 * 4, 14 * 4)
        select new DateTimeOffset(new DateTime(2000, 1, 1).AddSeconds(ticks).AddTicks(frac), TimeSpan.FromMinutes(quarter * 15));

    /// <summary>A random valid post with id p{index}: any text (quotes, commas, newlines), images, labels, counts.</summary>
    internal static Gen<Post> PostGen(string folder, int index) =>
        from user in Id
        from created in Timestamp
        from text in Gen.OneOf(Gen.Constant<string?>(null), NonBlank.Select(s => (string?)s))
        from images in Gen.Elements("img/a.jpg", "img/b c😀.png", "../outside.jpg", "/abs/x.webp", "d/e/f.gif").ListOf().Select(l => l.Take(4).ToList())
        from labelNames in Gen.SubListOf(["location", "text_sentiment", "image sentiment", "émoji😀"])
        from labelValues in NonBlank.Select(v => Post.NormalizeLabel(v)!).ListOf(labelNames.Count)
        from reply in Gen.OneOf(Gen.Constant<string?>(null), Id.Select(s => (string?)s))
        from repost in Gen.OneOf(Gen.Constant<string?>(null), Id.Select(s => (string?)s))
        from engagementNames in Gen.SubListOf(["likes", "reposts", "replies"])
        from counts in Gen.Choose(0, int.MaxValue).ListOf(engagementNames.Count)
        select new Post($"p{index}", user, created, text,
            images.Select(i => Path.GetFullPath(i, folder)).ToList(),
            labelNames.Zip(labelValues).ToDictionary(kv => kv.First, kv => kv.Second),
            reply, repost,
            engagementNames.Count == 0 ? null : engagementNames.Zip(counts).ToDictionary(kv => kv.First, kv => (long)kv.Second * 3));

    private static Gen<List<Post>> Posts(string folder) =>
        Gen.Choose(0, 8).SelectMany(n => Gen.CollectToList(Enumerable.Range(0, n).Select(i => PostGen(folder, i))).Select(l => l.ToList()));

    private static void AssertSame(IReadOnlyList<Post> expected, IReadOnlyList<Post> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.Equal((e.Id, e.UserId, e.Text, e.ReplyTo, e.RepostOf), (a.Id, a.UserId, a.Text, a.ReplyTo, a.RepostOf));
            Assert.Equal(e.CreatedAt, a.CreatedAt);
            Assert.Equal(e.CreatedAt.Offset, a.CreatedAt.Offset);
            Assert.Equal(e.Images, a.Images);
            Assert.Equal(e.Labels.OrderBy(kv => kv.Key, StringComparer.Ordinal), a.Labels.OrderBy(kv => kv.Key, StringComparer.Ordinal));
            Assert.Equal(e.Engagement?.OrderBy(kv => kv.Key, StringComparer.Ordinal), a.Engagement?.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        }
    }

    [Theory]
    [InlineData("posts.jsonl")]
    [InlineData("posts.csv")]
    public void Write_then_read_gives_the_same_posts(string fileName)
    {
        using var dir = new TempDir();
        var path = dir.File(fileName);
        var options = new PostReadOptions { RequireImageFiles = false };
        Check.One(Quick, Prop.ForAll(Posts(dir.Path).ToArbitrary(), posts =>
        {
            if (fileName.EndsWith(".csv")) PostWriter.WriteCsv(posts, path); else PostWriter.WriteJsonl(posts, path);
            var result = PostReader.Read(path, options);
            Assert.Empty(result.Rejected);
            Assert.Empty(result.Warnings);
            AssertSame(posts, result.Posts);
        }));
    }

    [Fact]
    public void Writer_makes_paths_inside_the_folder_relative()
    {
        using var dir = new TempDir();
        var post = new Post("p1", "u1", DateTimeOffset.UnixEpoch, null, [dir.File("img/a.jpg"), "/elsewhere/b.jpg"], new Dictionary<string, string>());
        PostWriter.WriteJsonl([post], dir.File("p.jsonl"));
        Assert.Contains("\"images\":[\"img/a.jpg\",\"/elsewhere/b.jpg\"]", File.ReadAllText(dir.File("p.jsonl")));
        PostWriter.WriteCsv([post], dir.File("p.csv"));
        Assert.Contains(",img/a.jpg|/elsewhere/b.jpg,", File.ReadAllText(dir.File("p.csv")));
    }

    private static readonly string[] JsonAtoms =
    [
        "{", "}", "[", "]", ":", ",", "\"id\"", "\"user_id\"", "\"created_at\"", "\"text\"", "\"images\"", "\"labels\"",
        "\"engagement\"", "\"p1\"", "\"u\"", "\"2024-01-01T00:00:00Z\"", "\"2024-01-01T00:00:00\"", "\"x\"", "null", "1", "-1",
        "true", " ", "\\", "\"", "\u00ff", "😀",
    ];

    private static Gen<byte[]> RandomLine =>
        Gen.OneOf(
            Gen.Choose(0, 255).Select(b => (byte)b).Where(b => b != (byte)'\n').ArrayOf(),
            Gen.Elements(JsonAtoms).ListOf().Select(l => Encoding.UTF8.GetBytes(string.Concat(l))),
            Gen.Elements(JsonAtoms).ListOf().Select(l =>
                Encoding.UTF8.GetBytes("{\"id\":" + string.Concat(l) + ",\"user_id\":\"u\",\"created_at\":\"2024-01-01T00:00:00Z\"}")),
            Gen.Constant(Array.Empty<byte>()));

    [Fact]
    public void Every_random_line_is_a_post_a_rejection_or_skipped()
    {
        using var dir = new TempDir();
        var path = dir.File("random.jsonl");
        var strict = new UTF8Encoding(false, true);
        Check.One(Quick, Prop.ForAll(RandomLine.ListOf().ToArbitrary(), lines =>
        {
            // A fixed first line keeps random bytes from forming a BOM, which would change the encoding.
            var all = lines.Prepend(Encoding.UTF8.GetBytes("""{"id":"first","user_id":"u","created_at":"2024-01-01T00:00:00Z"}""")).ToList();
            File.WriteAllBytes(path, all.SelectMany(l => l.Append((byte)'\n')).ToArray());
            var result = PostReader.Read(path, new PostReadOptions { RequireImageFiles = false });
            int empty = all.Count(l =>
            {
                try { return string.IsNullOrWhiteSpace(strict.GetString(l)); }
                catch (DecoderFallbackException) { return false; }
            });
            Assert.Equal(all.Count, result.Posts.Count + result.Rejected.Count + empty);
            Assert.Equal(result.Rejected.Count, result.Rejected.Select(r => r.Line).Distinct().Count());
            Assert.All(result.Rejected, r => Assert.InRange(r.Line, 2, all.Count));
            Assert.Equal(all.Count, result.LinesRead);
        }));
    }
}
