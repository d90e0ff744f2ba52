using SocialFusion.Data.Posts;
using SocialFusion.Models.Features;
using SocialFusion.TestSupport;
using SocialFusion.Training.Data;
using SocialFusion.Training.Features;
using SocialFusion.Training.MultiTask;
using Xunit;

namespace SocialFusion.Training.Tests.Features;

/// <summary>Reuse is keyed on content: cached features, encoder fingerprints and split records follow text, image bytes and labels, not ids.</summary>
public class ContentKeyTests
{
    /// <summary>Features derived from the post's text length and image file sizes, so stale features are visible; counts extractions.</summary>
    private sealed class ContentExtractor : IFeatureExtractor
    {
        public int Extracted;
        public string Fingerprint => "content-fake";
        public FeatureSpec Spec { get; } = new(2, 2, 2, 1, true);
        public Action<SkippedImage>? ImageSkipped { get; set; }
        public IReadOnlyList<PostFeatures> Extract(IReadOnlyList<Post> posts, IProgress<int>? progress = null)
        {
            Extracted += posts.Count;
            return posts.Select(p => new PostFeatures
            {
                PostId = p.Id, TextLength = 1, TextTokens = [p.Text?.Length ?? 0, 0],
                Images = p.Images.Select(i => new float[] { File.Exists(i) ? new FileInfo(i).Length : -1, 0 }).ToArray(),
                TextPooled = [0, 0], ImagePooled = [0, 0],
            }).ToList();
        }
    }

    private static List<Post> Posts(string dir, int n) => Enumerable.Range(0, n).Select(i =>
    {
        var image = Path.Combine(dir, $"img{i}.png");
        if (!File.Exists(image)) File.WriteAllBytes(image, new byte[10 + i]);
        return new Post($"p{i}", $"u{i % 5}", DateTimeOffset.UnixEpoch, $"text {i}", [image],
            new Dictionary<string, string> { ["location"] = i % 2 == 0 ? "gym" : "home", ["text_sentiment"] = "positive" });
    }).ToList();

    [Fact]
    public void FeatureCache_EditedText_IsExtractedAgain_UnchangedPostsStayCached()
    {
        using var dir = new TempDir();
        var posts = Posts(dir.Path, 8);
        var ex = new ContentExtractor();
        using var cache = new FeatureCache(dir.File("c.db"));
        cache.GetOrExtract(posts, ex);
        Assert.Equal(8, ex.Extracted);
        var edited = posts.Select(p => p.Id == "p3" ? p with { Text = "a much longer edited text" } : p with { }).ToList();
        var back = cache.GetOrExtract(edited, ex);
        Assert.Equal(9, ex.Extracted); // only the edited post
        Assert.Equal("a much longer edited text".Length, back[3].TextTokens[0]);
        Assert.Equal("text 2".Length, back[2].TextTokens[0]);
        cache.GetOrExtract(edited.Select(p => p with { }).ToList(), ex);
        Assert.Equal(9, ex.Extracted); // the new content is cached in turn
    }

    [Fact]
    public void FeatureCache_ImageFileReplacedUnderTheSameName_IsExtractedAgain()
    {
        using var dir = new TempDir();
        var posts = Posts(dir.Path, 4);
        var ex = new ContentExtractor();
        using var cache = new FeatureCache(dir.File("c.db"));
        cache.GetOrExtract(posts, ex);
        File.WriteAllBytes(posts[1].Images[0], new byte[500]); // same path, other bytes
        var back = cache.GetOrExtract(posts.Select(p => p with { }).ToList(), ex); // read again: new post objects
        Assert.Equal(5, ex.Extracted);
        Assert.Equal(500, back[1].Images[0][0]);
    }

    [Fact]
    public void FeatureCache_WrittenBeforeContentHashes_IsUpgradedAndRecomputedOnce()
    {
        using var dir = new TempDir();
        var posts = Posts(dir.Path, 3);
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={dir.File("old.db")};Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE features (fingerprint TEXT NOT NULL, post_id TEXT NOT NULL, spec TEXT NOT NULL,
                    element_bytes INTEGER NOT NULL, text_length INTEGER NOT NULL, image_count INTEGER NOT NULL,
                    data BLOB NOT NULL, PRIMARY KEY (fingerprint, post_id)) WITHOUT ROWID;
                """;
            cmd.ExecuteNonQuery();
        }
        var ex = new ContentExtractor();
        using var cache = new FeatureCache(dir.File("old.db"));
        cache.GetOrExtract(posts, ex);
        cache.GetOrExtract(posts, ex);
        Assert.Equal(3, ex.Extracted);
    }

    [Fact]
    public void EncoderFingerprint_FollowsTrainingTextsAndImageBytes_NotLabelsOrObjects()
    {
        using var dir = new TempDir();
        var posts = Posts(dir.Path, 6);
        var o = new BuiltinEncoderOptions();
        string before = o.Fingerprint(posts);
        Assert.Equal(before, o.Fingerprint(posts.Select(p => p with { Labels = new Dictionary<string, string>() }).Reverse()));
        Assert.NotEqual(before, o.Fingerprint(posts.Select(p => p.Id == "p0" ? p with { Text = "edited" } : p)));
        File.WriteAllBytes(posts[5].Images[0], [1, 2, 3]);
        Assert.NotEqual(before, o.Fingerprint(posts.Select(p => p with { })));
    }

    [Fact]
    public void SplitRecord_Fingerprint_ChangesWithContentLabelsAndSplitSettings_Only()
    {
        using var dir = new TempDir();
        var posts = Posts(dir.Path, 40);
        string Fp(IReadOnlyList<Post> ps, string label = "location", bool group = true)
        {
            var options = new SplitOptions(GroupByUser: group);
            return SplitRecord.Create(DataSplitter.Split(ps, label, options), label, options, [label]).DataFingerprint;
        }
        string before = Fp(posts);
        Assert.Equal(before, Fp(posts.Select(p => p with { }).ToList()));
        // A label the run does not learn from changes nothing.
        Assert.Equal(before, Fp(posts.Select(p => p with { Labels = new Dictionary<string, string>(p.Labels) { ["text_sentiment"] = "negative" } }).ToList()));
        Assert.NotEqual(before, Fp(posts.Select(p => p.Id == "p7" ? p with { Labels = new Dictionary<string, string>(p.Labels) { ["location"] = "park" } } : p).ToList()));
        Assert.NotEqual(before, Fp(posts.Select(p => p.Id == "p7" ? p with { Text = "edited" } : p).ToList()));
        Assert.NotEqual(before, Fp(posts, group: false));
        Assert.NotEqual(before, Fp(posts, label: "text_sentiment"));
    }

    [Fact]
    public void SplitRecord_SavesAndLoadsTheIds()
    {
        using var dir = new TempDir();
        var posts = Posts(dir.Path, 20);
        var options = new SplitOptions(GroupByUser: true);
        var split = DataSplitter.Split(posts, "location", options);
        var record = SplitRecord.Create(split, "location", options, ["location"]);
        record.Save(dir.Path);
        var back = SplitRecord.TryLoad(dir.Path)!;
        Assert.Equal(record.DataFingerprint, back.DataFingerprint);
        Assert.Equal(split.Test.Select(p => p.Id).Order(StringComparer.Ordinal), back.Test);
        Assert.Equal(split.Train.Count, back.Select(posts, "train").Count);
        Assert.Equal(options, back.Options);
    }

    [Fact]
    public void MultiTaskSplit_PartlyLabelledPosts_FollowTheirUser_NoUserInTwoParts()
    {
        // 30 users x 6 posts; every other post lacks the split label (location) but has a sentiment label.
        var posts = Enumerable.Range(0, 180).Select(i => new Post($"p{i:D3}", $"u{i % 30}", DateTimeOffset.UnixEpoch, "t", [],
            i / 30 % 2 == 0 ? new Dictionary<string, string> { ["location"] = i % 2 == 0 ? "gym" : "home", ["text_sentiment"] = "positive" }
                       : new Dictionary<string, string> { ["text_sentiment"] = "negative" })).ToList();
        var split = MultiTaskExperiment.Split(posts, new MultiTaskExperimentOptions());
        Assert.Equal(180, split.Train.Count + split.Dev.Count + split.Test.Count);
        var users = new[] { split.Train, split.Dev, split.Test }.Select(part => part.Select(p => p.UserId).ToHashSet()).ToArray();
        Assert.NotEmpty(users[2]);
        Assert.Empty(users[0].Intersect(users[2]));
        Assert.Empty(users[0].Intersect(users[1]));
        Assert.Empty(users[1].Intersect(users[2]));
        Assert.Contains(split.Test, p => p.Label("location") is null); // a test user's unlabelled posts are tested, not trained on
    }
}
