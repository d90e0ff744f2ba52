using System.Text.Json;
using SocialFusion.Data.Clip;
using SocialFusion.Data.Posts;
using SocialFusion.Models.IO;
using SocialFusion.TestSupport;
using SocialFusion.Training.Features;
using Xunit;
using static TorchSharp.torch;

namespace SocialFusion.Training.Tests.Features;

/// <summary>CLIP feature extraction on the tiny reference CLIP (skipped where ../shared is absent).</summary>
public class ClipFeatureExtractorTests
{
    internal static string Tiny() => SharedData.RequireDirectory("clip-reference/tiny-clip");
    internal static string Images() => SharedData.RequireDirectory("clip-reference/images");

    /// <summary>The reference texts (index order of reference.safetensors).</summary>
    internal static string[] ReferenceTexts(string tiny) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(tiny, "reference.json"))).RootElement.GetProperty("texts")
            .EnumerateArray().Select(t => t.GetProperty("text").GetString()!).ToArray();

    private static Post P(string id, string? text, params string[] images) =>
        new(id, "u", DateTimeOffset.UnixEpoch, text, images, new Dictionary<string, string>());

    private static float[] Slice(Tensor t) => t.contiguous().data<float>().ToArray();

    private static void Close(float[] expected, float[] actual, double tol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double max = expected.Zip(actual, (a, b) => Math.Abs(a - b)).DefaultIfEmpty(0).Max();
        Assert.True(max <= tol, $"{what}: max abs diff {max} > {tol}");
    }

    [Fact]
    public void Spec_TokensMasksAndPooled_HaveTheDocumentedShapes()
    {
        string tiny = Tiny(), img = Images();
        using var ex = ClipFeatureExtractor.FromPretrained(tiny);
        Assert.Equal(new Models.Features.FeatureSpec(48, 64, 32, 17, true), ex.Spec);
        var skipped = new List<SkippedImage>();
        ex.ImageSkipped = skipped.Add;
        using var dir = new TempDir();
        var bad = dir.File("bad.jpg");
        File.WriteAllText(bad, "not an image");
        var posts = new[]
        {
            P("both", "a photo of a cat", Path.Combine(img, "chelsea.png")),
            P("text", "I'm so tired... can't wait for the weekend!!!"),
            P("two-images", null, Path.Combine(img, "gradient_50x37.png"), bad, Path.Combine(img, "noise_200x260.png")),
            P("nothing", "   "),
            P("missing", "x", dir.File("missing.png")),
        };
        var f = ex.Extract(posts);
        Assert.Equal(posts.Select(p => p.Id), f.Select(x => x.PostId));
        // Lengths are SOT + BPE ids + EOT, not 77.
        Assert.Equal(new[] { 7, ex.TokenIds(posts[1].Text!).Length, 0, 0, 3 }, f.Select(x => x.TextLength));
        // Explanations name each token position: one name per position, in feature order.
        var names = SocialFusion.Training.MultiTask.MultiTaskPredictor.ClipTokens(ex);
        Assert.Equal(["<|startoftext|>", "a", "photo", "of", "a", "cat", "<|endoftext|>"], names(posts[0]));
        Assert.Equal(f.Select(x => x.TextLength), posts.Select(p => names(p).Count));
        foreach (var x in f)
        {
            Assert.Equal(x.TextLength * 48, x.TextTokens.Length);
            Assert.All(x.Images, i => Assert.Equal(17 * 64, i.Length));
            Assert.Equal(32, x.TextPooled.Length);
            Assert.Equal(32, x.ImagePooled.Length);
        }
        Assert.Equal(new[] { 1, 0, 2, 0, 0 }, f.Select(x => x.Images.Length));
        double Norm(float[] v) => Math.Sqrt(v.Sum(a => (double)a * a));
        Assert.Equal(1.0, Norm(f[0].TextPooled), 4);
        Assert.Equal(1.0, Norm(f[0].ImagePooled), 4);
        Assert.True(Norm(f[2].ImagePooled) < 1.0 + 1e-4); // mean of two unit vectors
        Assert.Equal(0.0, Norm(f[2].TextPooled));
        Assert.Equal(0.0, Norm(f[1].ImagePooled));
        Assert.Equal(0.0, Norm(f[3].TextPooled));
        Assert.Equal(new[] { "two-images", "missing" }, skipped.Select(s => s.PostId));
        Assert.All(skipped, s => Assert.False(string.IsNullOrWhiteSpace(s.Reason)));
    }

    [Fact]
    public void TrimmedTextStates_EqualPadded77States_AndTheReference_OnRealTokens()
    {
        string tiny = Tiny();
        using var ex = ClipFeatureExtractor.FromPretrained(tiny, new ClipExtractorOptions(BatchSize: 4));
        using var reference = SafeTensors.Open(Path.Combine(tiny, "reference.safetensors"));
        var texts = ReferenceTexts(tiny);
        var rows = Enumerable.Range(0, texts.Length).Where(j => texts[j].Trim().Length > 0).ToArray();
        var f = ex.Extract(rows.Select(j => P($"t{j}", texts[j])).ToList());
        using var scope = NewDisposeScope();
        var refLast = reference.Load("text_last_hidden_state");        // [6, 77, 48]
        var refEmb = nn.functional.normalize(reference.Load("text_embeds"), dim: -1); // [6, 32]
        var ids77 = reference.Load("input_ids");                        // [6, 77]
        var padded = ex.Model.EncodeText(ids77).LastHiddenState;        // [6, 77, 48]
        var eot = reference.Load("eot_index").data<long>().ToArray();
        for (int r = 0; r < rows.Length; r++)
        {
            int j = rows[r], len = (int)eot[j] + 1;
            Assert.Equal(len, f[r].TextLength);
            Close(Slice(padded[j].narrow(0, 0, len)), f[r].TextTokens, 1e-5, $"text {j} trimmed vs padded-77");
            Close(Slice(refLast[j].narrow(0, 0, len)), f[r].TextTokens, 1e-4, $"text {j} vs reference");
            Close(Slice(refEmb[j]), f[r].TextPooled, 1e-5, $"text {j} pooled");
        }
        Assert.Contains(f, x => x.TextLength == 77); // the truncated hiking post keeps EOT at 76
    }

    [Fact]
    public void ImageTokens_MatchTheReference_AndDoNotDependOnBatching()
    {
        string tiny = Tiny(), img = Images();
        // PNG inputs only: JPEG decoders may differ from PIL's libjpeg-turbo by a few levels.
        var files = new[] { (0, "gradient_50x37.png"), (1, "noise_200x260.png"), (3, "chelsea.png") };
        var posts = files.Select(x => P($"i{x.Item1}", null, Path.Combine(img, x.Item2))).ToList();
        posts.Add(P("all", "three", files.Select(x => Path.Combine(img, x.Item2)).ToArray()));
        using var one = ClipFeatureExtractor.FromPretrained(tiny, new ClipExtractorOptions(BatchSize: 1, PrefetchBatches: 1));
        using var many = ClipFeatureExtractor.FromPretrained(tiny, new ClipExtractorOptions(BatchSize: 32, DecodeThreads: 2));
        Assert.Equal(one.Fingerprint, many.Fingerprint); // batching is not part of the fingerprint
        var a = one.Extract(posts);
        var b = many.Extract(posts);
        using var reference = SafeTensors.Open(Path.Combine(tiny, "reference.safetensors"));
        using var scope = NewDisposeScope();
        var last = reference.Load("vision_last_hidden_state");   // [4, 17, 64]
        var emb = reference.Load("image_embeds_normalized");     // [4, 32]
        for (int k = 0; k < files.Length; k++)
        {
            int i = files[k].Item1;
            Close(Slice(last[i]), a[k].Images[0], 1e-4, $"image {i} tokens vs reference");
            Close(Slice(emb[i]), a[k].ImagePooled, 1e-4, $"image {i} pooled vs reference");
            Close(a[3].Images[k], a[k].Images[0], 1e-5, $"image {i} alone vs with the post's other images");
        }
        for (int p = 0; p < posts.Count; p++)
        {
            Assert.Equal(a[p].Images.Length, b[p].Images.Length);
            for (int k = 0; k < a[p].Images.Length; k++) Close(a[p].Images[k], b[p].Images[k], 1e-5, $"post {p} image {k} batch 1 vs 32");
            Close(a[p].ImagePooled, b[p].ImagePooled, 1e-5, $"post {p} pooled batch 1 vs 32");
        }
    }

    private sealed class Counting(IFeatureExtractor inner) : IFeatureExtractor
    {
        public int Extracted;
        public string Fingerprint => inner.Fingerprint;
        public Models.Features.FeatureSpec Spec => inner.Spec;
        public Action<SkippedImage>? ImageSkipped { get => inner.ImageSkipped; set => inner.ImageSkipped = value; }
        public IReadOnlyList<PostFeatures> Extract(IReadOnlyList<Post> posts, IProgress<int>? progress = null)
        {
            Extracted += posts.Count;
            return inner.Extract(posts, progress);
        }
    }

    [Fact]
    public void Cache_SecondRunExtractsNothing_AndReadsTheSameFeatures()
    {
        string tiny = Tiny(), img = Images();
        using var dir = new TempDir();
        using var ex = ClipFeatureExtractor.FromPretrained(tiny);
        var posts = Enumerable.Range(0, 7).Select(i => P($"p{i}", i % 3 == 0 ? null : $"post number {i} #cache",
            i % 2 == 0 ? [Path.Combine(img, "chelsea.png")] : [])).ToList();
        var counting = new Counting(ex);
        IReadOnlyList<PostFeatures> first, second;
        using (var cache = new FeatureCache(dir.File("f.sfcache")) { ChunkSize = 3 })
            first = cache.GetOrExtract(posts.Take(4).ToList(), counting);
        using (var cache = new FeatureCache(dir.File("f.sfcache")) { ChunkSize = 3 })
        {
            first = cache.GetOrExtract(posts, counting); // resumes: only the 3 new posts
            Assert.Equal(7, counting.Extracted);
            second = cache.GetOrExtract(posts, counting);
            Assert.Equal(7, counting.Extracted);
            Assert.Equal(7, cache.Count(ex.Fingerprint));
        }
        for (int i = 0; i < posts.Count; i++)
        {
            Assert.Equal(first[i].TextLength, second[i].TextLength);
            Close(first[i].TextTokens, second[i].TextTokens, 0, "text");
            Close(first[i].ImagePooled, second[i].ImagePooled, 0, "pooled");
        }
    }

    [Fact]
    public void Fingerprint_CoversPreprocessing_AndMissingFilesAreNamed()
    {
        string tiny = Tiny();
        var pre = ClipImagePreprocessor.FromPreprocessorConfig(Path.Combine(tiny, "preprocessor_config.json"));
        string a = ClipFingerprint.Compute(tiny, pre, 77);
        Assert.Equal(a, ClipFingerprint.Compute(tiny, pre, 77));
        Assert.NotEqual(a, ClipFingerprint.Compute(tiny, new ClipImagePreprocessor(32, mean: [0.5f, 0.5f, 0.5f]), 77));
        Assert.NotEqual(a, ClipFingerprint.Compute(tiny, pre, 64));
        using var dir = new TempDir();
        File.Copy(Path.Combine(tiny, "config.json"), dir.File("config.json"));
        var e = Assert.Throws<FileNotFoundException>(() => ClipFeatureExtractor.FromPretrained(dir.Path));
        Assert.Contains("model.safetensors", e.Message);
    }
}

/// <summary>CLIP features of a post must not depend on its batch, and truncation keeps EOT (issue 9, items 15 and 18).</summary>
public class ClipFeatureBatchingTests
{
    private static Post P(string id, string text) => new(id, "u", DateTimeOffset.UnixEpoch, text, [], new Dictionary<string, string>());

    private static void Close(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double max = expected.Zip(actual, (a, b) => Math.Abs(a - b)).DefaultIfEmpty(0).Max();
        Assert.True(max <= 1e-5, $"{what}: max abs diff {max}");
    }

    [Fact]
    public void ShortTextAlone_EqualsShortTextBatchedWithAMuchLongerOne()
    {
        using var ex = ClipFeatureExtractor.FromPretrained(ClipFeatureExtractorTests.Tiny());
        var shortPost = P("short", "a photo of a cat");
        var longPost = P("long", string.Join(" ", Enumerable.Repeat("the longest caption in this batch", 6)));
        var alone = ex.Extract([shortPost])[0];
        var batched = ex.Extract([longPost, shortPost])[1];
        Assert.Equal(alone.TextLength, batched.TextLength);
        Close(alone.TextTokens, batched.TextTokens, "text tokens");
        Close(alone.TextPooled, batched.TextPooled, "text embedding");
    }

    [Fact]
    public void TooLongText_EndsWithEot_AndTheCollatorKeepsItsState()
    {
        using var ex = ClipFeatureExtractor.FromPretrained(ClipFeatureExtractorTests.Tiny());
        var text = string.Join(" ", Enumerable.Repeat("word", 120));
        var ids = ex.TokenIds(text);
        Assert.Equal(77, ids.Length);
        var clip = Assert.IsType<ClipTokenizer>(ex.Tokenizer);
        Assert.Equal(clip.StartOfText, ids[0]);
        Assert.Equal(clip.EndOfText, ids[^1]);
        var f = ex.Extract([P("long", text)])[0];
        Assert.Equal(77, f.TextLength);
        int dt = ex.Spec.TextDim;
        using var batch = FeatureCollator.Collate([f], ex.Spec, maxImages: 1, maxTextTokens: 16);
        var kept = batch.TextTokens[0, 15].data<float>().ToArray();
        Close(f.TextTokens[(76 * dt)..], kept, "last kept token = EOT state");
    }
}
