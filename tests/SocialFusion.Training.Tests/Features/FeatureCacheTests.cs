using Microsoft.Data.Sqlite;
using SocialFusion.Data.Posts;
using SocialFusion.Models.Features;
using SocialFusion.TestSupport;
using SocialFusion.Training.Features;
using Xunit;

namespace SocialFusion.Training.Tests.Features;

public class FeatureCacheTests
{
    /// <summary>Deterministic fake: values derived from the post id; counts the posts it extracted.</summary>
    private sealed class FakeExtractor(string fingerprint, FeatureSpec spec) : IFeatureExtractor
    {
        public int Extracted;
        public string Fingerprint => fingerprint;
        public FeatureSpec Spec => spec;
        public Action<SkippedImage>? ImageSkipped { get; set; }
        public IReadOnlyList<PostFeatures> Extract(IReadOnlyList<Post> posts, IProgress<int>? progress = null)
        {
            Extracted += posts.Count;
            return posts.Select(p =>
            {
                var rng = new Random(p.Id.GetHashCode() ^ fingerprint.Length);
                float[] R(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
                int len = p.HasText ? p.Text!.Length % 5 + 1 : 0;
                return new PostFeatures
                {
                    PostId = p.Id, TextLength = len, TextTokens = R(len * spec.TextDim),
                    Images = p.Images.Select(_ => R(spec.ImageTokens * spec.ImageDim)).ToArray(),
                    TextPooled = R(spec.PooledDim), ImagePooled = R(spec.PooledDim),
                };
            }).ToList();
        }
    }

    private static readonly FeatureSpec Spec = new(6, 4, 3, 5, true);

    private static List<Post> Posts(int n) => Enumerable.Range(0, n).Select(i => new Post($"p{i}", "u", DateTimeOffset.UnixEpoch,
        i % 3 == 0 ? null : new string('x', i), i % 2 == 0 ? new[] { "a.jpg", "b.jpg" }[..(i % 4 / 2 + 1)] : Array.Empty<string>(), new Dictionary<string, string>())).ToList();

    private static void AssertSame(PostFeatures a, PostFeatures b, float tolerance)
    {
        Assert.Equal(a.PostId, b.PostId);
        Assert.Equal(a.TextLength, b.TextLength);
        Assert.Equal(a.Images.Length, b.Images.Length);
        var x = a.TextTokens.Concat(a.Images.SelectMany(i => i)).Concat(a.TextPooled).Concat(a.ImagePooled).ToArray();
        var y = b.TextTokens.Concat(b.Images.SelectMany(i => i)).Concat(b.TextPooled).Concat(b.ImagePooled).ToArray();
        Assert.Equal(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++) Assert.True(Math.Abs(x[i] - y[i]) <= tolerance, $"value {i}: {x[i]} vs {y[i]}");
    }

    /// <summary>Wraps an extractor and writes <paramref name="value"/> into the first pooled image value of post <paramref name="postId"/>.</summary>
    private sealed class Tampering(IFeatureExtractor inner, string postId, float value) : IFeatureExtractor
    {
        public string Fingerprint => inner.Fingerprint;
        public FeatureSpec Spec => inner.Spec;
        public Action<SkippedImage>? ImageSkipped { get; set; }
        public IReadOnlyList<PostFeatures> Extract(IReadOnlyList<Post> posts, IProgress<int>? progress = null)
        {
            var features = inner.Extract(posts, progress);
            foreach (var f in features) if (f.PostId == postId) f.ImagePooled[0] = value;
            return features;
        }
    }

    [Fact]
    public void NonFiniteFeatures_AreRefusedNamingThePost_NeverStored_AndACachedNaNIsRefusedOnRead()
    {
        using var dir = new TempDir();
        var posts = Posts(6);
        var path = dir.File("cache.db");
        using (var cache = new FeatureCache(path))
        {
            var e = Assert.Throws<InvalidDataException>(() => cache.GetOrExtract(posts, new Tampering(new FakeExtractor("fp", Spec), "p4", float.NaN)));
            Assert.Contains("post 'p4'", e.Message);
            Assert.Equal(0L, cache.Count("fp"));   // the chunk holding it was not written
            cache.GetOrExtract(posts, new FakeExtractor("fp", Spec));
        }
        // A cached row damaged on disk: pooled image value 0 of p2 becomes NaN.
        using (var db = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            db.Open();
            using var read = db.CreateCommand();
            read.CommandText = "SELECT data FROM features WHERE post_id = 'p2'";
            var blob = (byte[])read.ExecuteScalar()!;
            BitConverter.GetBytes(float.NaN).CopyTo(blob, blob.Length - 4 * Spec.PooledDim);
            using var write = db.CreateCommand();
            write.CommandText = "UPDATE features SET data = $d WHERE post_id = 'p2'";
            write.Parameters.AddWithValue("$d", blob);
            Assert.Equal(1, write.ExecuteNonQuery());
        }
        using (var cache = new FeatureCache(path))
        {
            var e = Assert.Throws<InvalidDataException>(() => cache.GetOrExtract(posts, new FakeExtractor("fp", Spec)));
            Assert.Contains("post 'p2'", e.Message);
            Assert.Contains("pooled image", e.Message);
            Assert.Contains(path, e.Message);
        }
        // float16 would store 1e6 as Infinity: refused when written.
        using (var half = new FeatureCache(dir.File("half.db"), FeatureStorage.Float16))
            Assert.Contains("float16 range", Assert.Throws<InvalidDataException>(() =>
                half.GetOrExtract(posts, new Tampering(new FakeExtractor("fp", Spec), "p1", 1e6f))).Message);
    }

    [Theory]
    [InlineData(FeatureStorage.Float32, 0f)]
    [InlineData(FeatureStorage.Float16, 2e-3f)]
    public void RoundTrip_ExactOrWithinHalfPrecision(FeatureStorage storage, float tolerance)
    {
        using var dir = new TempDir();
        var posts = Posts(20);
        var ex = new FakeExtractor("fp", Spec);
        var direct = ex.Extract(posts);
        using (var cache = new FeatureCache(dir.File("c.db"), storage)) cache.GetOrExtract(posts, ex);
        using var reopened = new FeatureCache(dir.File("c.db"), storage);
        var back = reopened.GetOrExtract(posts, new FakeExtractor("fp", Spec));
        for (int i = 0; i < posts.Count; i++) AssertSame(direct[i], back[i], tolerance);
    }

    [Fact]
    public void ExtractsOnlyMissingPosts_InOrder()
    {
        using var dir = new TempDir();
        using var cache = new FeatureCache(dir.File("c.db")) { ChunkSize = 4 };
        var ex = new FakeExtractor("fp", Spec);
        var posts = Posts(30);
        cache.GetOrExtract(posts.Take(10).ToList(), ex);
        Assert.Equal(10, ex.Extracted);
        var all = cache.GetOrExtract(posts, ex);
        Assert.Equal(30, ex.Extracted);
        Assert.Equal(posts.Select(p => p.Id), all.Select(f => f.PostId));
        cache.GetOrExtract(posts, ex);
        Assert.Equal(30, ex.Extracted);
        Assert.Equal(30, cache.Count("fp"));
    }

    [Fact]
    public void DifferentFingerprints_AreSeparateEntries()
    {
        using var dir = new TempDir();
        using var cache = new FeatureCache(dir.File("c.db"));
        var posts = Posts(5);
        var a = new FakeExtractor("a", Spec);
        var b = new FakeExtractor("bb", Spec);
        var fa = cache.GetOrExtract(posts, a);
        var fb = cache.GetOrExtract(posts, b);
        Assert.Equal(5, a.Extracted);
        Assert.Equal(5, b.Extracted);
        Assert.NotEqual(fa[1].TextPooled, fb[1].TextPooled);
        Assert.Equal(5, cache.Count("a"));
        Assert.Equal(5, cache.Count("bb"));
    }

    [Fact]
    public void MismatchedSpec_IsRejectedNamingThePost()
    {
        using var dir = new TempDir();
        using var cache = new FeatureCache(dir.File("c.db"));
        var posts = Posts(3);
        cache.GetOrExtract(posts, new FakeExtractor("fp", Spec));
        var e = Assert.Throws<InvalidDataException>(() => cache.GetOrExtract(posts, new FakeExtractor("fp", Spec with { TextDim = 7 })));
        Assert.Contains("'p0'", e.Message);
        Assert.Contains("spec", e.Message);
    }

    [Fact]
    public void CorruptBlob_IsRejectedNamingThePost()
    {
        using var dir = new TempDir();
        var posts = Posts(3);
        using (var cache = new FeatureCache(dir.File("c.db"))) cache.GetOrExtract(posts, new FakeExtractor("fp", Spec));
        using (var db = new SqliteConnection($"Data Source={dir.File("c.db")};Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "UPDATE features SET data = substr(data, 1, 10) WHERE post_id = 'p1'";
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }
        using var reopened = new FeatureCache(dir.File("c.db"));
        var e = Assert.Throws<InvalidDataException>(() => reopened.GetOrExtract(posts, new FakeExtractor("fp", Spec)));
        Assert.Contains("'p1'", e.Message);
        Assert.Contains("corrupt", e.Message);
    }

    [Fact]
    public void NotADatabase_FailsWithClearError()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("c.db"), "this is not sqlite, just some text that is long enough to be a header.................");
        var e = Assert.Throws<InvalidDataException>(() => new FeatureCache(dir.File("c.db")));
        Assert.Contains("c.db", e.Message);
    }
}
