using SocialFusion.Data.Posts;
using SocialFusion.Models.Features;
using SocialFusion.Training.Features;
using SocialFusion.Training.Retrieval;
using Xunit;

namespace SocialFusion.Training.Tests.Retrieval;

public class QueryEmbedderTests
{
    /// <summary>An aligned extractor with hand-made embeddings: the words red/green/blue and image files named after colours.</summary>
    private sealed class ColourExtractor(bool aligned = true) : IFeatureExtractor
    {
        public string Fingerprint => "colours";
        public FeatureSpec Spec => new(1, 1, 3, 1, aligned);
        public Action<SkippedImage>? ImageSkipped { get; set; }

        private static float[]? Vec(string s) =>
            s.Contains("red") ? [1, 0.1f, 0] : s.Contains("green") ? [0, 1, 0.1f] : s.Contains("blue") ? [0.1f, 0, 1] : null;

        public IReadOnlyList<PostFeatures> Extract(IReadOnlyList<Post> posts, IProgress<int>? progress = null) => posts.Select(p =>
        {
            var t = p.Text is null ? null : Vec(p.Text);
            var images = new List<float[]>();
            float[]? iv = null;
            foreach (var path in p.Images)
            {
                var v = Vec(Path.GetFileName(path));
                if (v is null) { ImageSkipped?.Invoke(new SkippedImage(p.Id, path, "not a colour")); continue; }
                iv ??= v; images.Add([0f]);
            }
            return new PostFeatures { PostId = p.Id, TextTokens = t is null ? [] : [0f], TextLength = t is null ? 0 : 1, Images = images.ToArray(), TextPooled = t ?? new float[3], ImagePooled = iv ?? new float[3] };
        }).ToList();
    }

    private static Post P(string id, string? text, params string[] images) => new(id, "u", DateTimeOffset.UnixEpoch, text, images, new Dictionary<string, string>());

    [Fact]
    public void TextImageAndLikeQueries_FindTheKnownPosts()
    {
        var extractor = new ColourExtractor();
        var posts = new[] { P("a", "a red car", "/x/blue.jpg"), P("b", "green grass", "/x/red.jpg"), P("c", "blue sea", "/x/green.jpg"), P("d", "red again"), P("e", "red red", "/x/red.jpg") };
        using var index = PostIndex.Build(extractor.Extract(posts), 3, new IndexMetadata("test", "", extractor.Fingerprint, null, DateTimeOffset.UnixEpoch));
        var q = new QueryEmbedder(extractor);
        // Text "red" finds the post whose IMAGE is red (b), not the posts whose text says red.
        Assert.Equal(["b", "e"], index.ImagesForText(q.Text("something red"), 2).Select(h => h.PostId).Order());
        // A blue image finds the post whose TEXT is about blue (c).
        Assert.Equal("c", index.TextsForImage(q.Image("/q/blue.png"), 1)[0].PostId);
        // Like "d" (red text only): e is red in both modalities; a and b are half red.
        var like = index.Similar("d", 3);
        Assert.Equal("e", like[0].PostId);
        Assert.Equal(1f, like[0].Score, 4);
        Assert.Equal(["a", "b"], like.Skip(1).Select(h => h.PostId).Order());
        Assert.Equal(3, like.Count);
        Assert.All(index.ImagesForText(q.Text("red"), 3), h => Assert.InRange(h.Score, -1.0001f, 1.0001f));
    }

    [Fact]
    public void BadQueries_AreRefusedClearly()
    {
        var q = new QueryEmbedder(new ColourExtractor());
        Assert.Contains("no tokens", Assert.Throws<ArgumentException>(() => q.Text("nothing known")).Message);
        Assert.Contains("not a colour", Assert.Throws<ArgumentException>(() => q.Image("/q/cat.png")).Message);
        Assert.Contains("aligned", Assert.Throws<ArgumentException>(() => new QueryEmbedder(new ColourExtractor(aligned: false))).Message);
    }
}
