using SocialFusion.Data.Images;
using SocialFusion.Data.Posts;
using SocialFusion.TestSupport;
using SocialFusion.Training.Features;
using Xunit;

namespace SocialFusion.Training.Tests.Features;

public class BuiltinEncoderTrainerTests
{
    private static readonly BuiltinEncoderOptions Tiny = new(ImageSize: 32, Grid: 2, ImageWidth: 16, TextWidth: 16, EmbeddingDim: 8,
        PooledDim: 8, VocabSize: 60, MinFrequency: 1, MaxTextTokens: 6, Epochs: 2, BatchSize: 8, ExtractBatchSize: 5);

    private static List<Post> MakePosts(TempDir dir)
    {
        var words = new[] { "red sky", "green park", "blue sea", "yellow sand" };
        var colours = new (byte, byte, byte)[] { (220, 30, 30), (30, 200, 40), (20, 40, 220), (230, 220, 30) };
        var posts = new List<Post>();
        for (int i = 0; i < 16; i++)
        {
            var (r, g, b) = colours[i % 4];
            var px = new byte[40 * 30 * 3];
            for (int k = 0; k < px.Length; k += 3) { px[k] = r; px[k + 1] = g; px[k + 2] = b; }
            var path = dir.File($"img{i}.png");
            ImageEncoder.SavePng(new RgbImage(40, 30, px), path);
            string? text = i == 3 ? null : $"{words[i % 4]} #day{i % 2} @friend";
            IReadOnlyList<string> images = i == 5 ? [] : i == 6 ? [path, dir.File("broken.jpg")] : [path];
            posts.Add(new Post($"p{i}", "u", DateTimeOffset.UnixEpoch, text, images, new Dictionary<string, string>()));
        }
        File.WriteAllText(dir.File("broken.jpg"), "not an image");
        return posts;
    }

    [Fact]
    public void OverflowingLearningRate_StopsContrastiveTrainingAtTheStepWhoseLossIsNotFinite()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<SocialFusion.Training.Training.NonFiniteLossException>(() =>
            BuiltinEncoderTrainer.Train(MakePosts(dir), Tiny with { LearningRate = 1e30, WarmupSteps = 0, Epochs = 3, BatchSize = 4 }));
        Assert.Equal("built-in encoders", e.Trainer);
        Assert.Equal("contrastive (InfoNCE)", e.Loss);
        Assert.Equal(1, e.Epoch);
        Assert.InRange(e.Step, 2, 4);
    }

    [Fact]
    public void TrainExtractSaveLoad_ShapesSkipsAndReproduces()
    {
        using var dir = new TempDir();
        var posts = MakePosts(dir);
        var skippedInTraining = new List<SkippedImage>();
        using var ex = BuiltinEncoderTrainer.Train(posts, Tiny, null, skippedInTraining.Add);
        Assert.True(ex.Spec.PooledAligned);
        Assert.Equal(5, ex.Spec.ImageTokens);
        var skipped = new List<SkippedImage>();
        ex.ImageSkipped = skipped.Add;
        var f = ex.Extract(posts);
        Assert.Equal(posts.Select(p => p.Id), f.Select(x => x.PostId));
        Assert.Equal(0, f[3].TextLength);
        Assert.Empty(f[3].TextTokens);
        Assert.All(f[3].TextPooled, v => Assert.Equal(0f, v));
        Assert.Empty(f[5].Images);
        Assert.Single(f[6].Images);                               // broken second image skipped, not the post
        Assert.Contains(skipped, s => s.PostId == "p6" && s.Path.EndsWith("broken.jpg"));
        Assert.Equal(f[0].TextLength * 16, f[0].TextTokens.Length);
        Assert.Equal(5 * 16, f[0].Images[0].Length);
        Assert.Equal(1.0, Math.Sqrt(f[0].ImagePooled.Sum(v => v * v)), 3);

        ex.Save(dir.File("enc"));
        using var loaded = BuiltinFeatureExtractor.Load(dir.File("enc"));
        Assert.Equal(ex.Fingerprint, loaded.Fingerprint);
        Assert.Equal(ex.Spec, loaded.Spec);
        var g = loaded.Extract(posts);
        for (int i = 0; i < posts.Count; i++)
        {
            Assert.Equal(f[i].TextTokens, g[i].TextTokens);
            Assert.Equal(f[i].ImagePooled, g[i].ImagePooled);
        }
    }

    /// <summary>
    /// Label-free training on 48 posts (four colour scenes, each described by its own words among filler words) must
    /// align held-out texts with images of their kind: each held-out image's nearest held-out text is of the same kind
    /// far more often than the 1/4 of chance.
    /// </summary>
    [Fact]
    public void Train_AlignsHeldOutTextsAndImagesOfTheSameKind()
    {
        TorchSharp.torch.set_num_threads(1);
        using var dir = new TempDir();
        var rng = new Random(11);
        var kinds = new[] { ("red", "sky"), ("green", "park"), ("blue", "sea"), ("yellow", "sand") };
        var colours = new (int, int, int)[] { (220, 40, 40), (40, 200, 60), (30, 60, 220), (230, 210, 40) };
        var filler = new[] { "so", "today", "lol", "again", "nice", "ok", "wow", "hmm" };
        Post Make(int i)
        {
            int k = i % 4;
            var (r, g, b) = colours[k];
            var px = new byte[24 * 24 * 3];
            for (int q = 0; q < px.Length; q += 3)
            {
                int n = rng.Next(-40, 41);
                px[q] = (byte)Math.Clamp(r + n, 0, 255); px[q + 1] = (byte)Math.Clamp(g + n, 0, 255); px[q + 2] = (byte)Math.Clamp(b + n, 0, 255);
            }
            var path = dir.File($"k{i}.png");
            ImageEncoder.SavePng(new RgbImage(24, 24, px), path);
            var words = Enumerable.Range(0, 3).Select(_ => filler[rng.Next(filler.Length)]).Append(kinds[k].Item1).Append(kinds[k].Item2).OrderBy(_ => rng.Next());
            return new Post($"q{i}", "u", DateTimeOffset.UnixEpoch, string.Join(' ', words), [path], new Dictionary<string, string>());
        }
        var posts = Enumerable.Range(0, 64).Select(Make).ToList();
        var options = Tiny with { Epochs = 20, BatchSize = 16, LearningRate = 3e-3, MaxTextTokens = 8, WarmupSteps = 5 };
        using var ex = BuiltinEncoderTrainer.Train(posts[..48], options);
        var test = ex.Extract(posts[48..]);
        int hits = 0;
        for (int i = 0; i < test.Count; i++)
        {
            int best = Enumerable.Range(0, test.Count).MaxBy(j => test[i].ImagePooled.Zip(test[j].TextPooled, (a, b) => a * b).Sum());
            if (best % 4 == i % 4) hits++;
        }
        Assert.True(hits >= 12, $"{hits}/16 held-out images found a text of their kind (chance 4)");
    }

    [Fact]
    public void Augment_NoCropNoJitter_IsIdentityOrMirror()
    {
        using var images = TorchSharp.torch.rand(6, 3, 16, 16);
        using var x = BuiltinEncoderTrainer.Augment(images, 16, 1.0, 0.0, new Random(1));
        Assert.Equal(new long[] { 6, 3, 16, 16 }, x.shape);
        // Without cropping only the mild brightness jitter and flips remain: every image is an affine map of itself or its mirror.
        for (int i = 0; i < 6; i++)
        {
            var y = x[i].flatten().data<float>().ToArray();
            bool Fits(TorchSharp.torch.Tensor src)
            {
                var s = src.flatten().data<float>().ToArray();
                // Fit y = a * s + b on the values the clamp did not touch.
                var free = Enumerable.Range(0, s.Length).Where(k => y[k] > 1e-3 && y[k] < 1 - 1e-3).ToArray();
                double ms = free.Average(k => s[k]), my = free.Average(k => y[k]), cov = 0, vs = 0;
                foreach (var k in free) { cov += (s[k] - ms) * (y[k] - my); vs += (s[k] - ms) * (s[k] - ms); }
                double a = cov / vs, b = my - a * ms;
                return s.Select((v, k) => Math.Abs(Math.Clamp(a * v + b, 0, 1) - y[k])).Max() < 1e-4;
            }
            Assert.True(Fits(images[i]) || Fits(images[i].flip(2)), $"image {i} is not a brightness-jittered copy or mirror");
        }
    }

    [Fact]
    public void Augment_CropsAndJitter_ResizeAndStayInRange()
    {
        using var images = TorchSharp.torch.rand(5, 3, 32, 32);
        using var x = BuiltinEncoderTrainer.Augment(images, 20, 0.3, 1.0, new Random(2));
        Assert.Equal(new long[] { 5, 3, 20, 20 }, x.shape);
        Assert.True(x.min().item<float>() >= 0f && x.max().item<float>() <= 1f);
        using var again = BuiltinEncoderTrainer.Augment(images, 20, 0.3, 1.0, new Random(2));
        Assert.Equal(0f, (x - again).abs().max().item<float>());  // same seed, same augmentation
    }

    [Fact]
    public void DropTokens_KeepsOrderAndAtLeastOneToken()
    {
        var ids = Enumerable.Range(1, 200).ToArray();
        var kept = BuiltinEncoderTrainer.DropTokens(ids, 0.25, new Random(3));
        Assert.InRange(kept.Length, 120, 180);
        Assert.Equal(kept.Order(), kept);                   // a subsequence, order kept
        Assert.Same(ids, BuiltinEncoderTrainer.DropTokens(ids, 0, new Random(3)));
        for (int seed = 0; seed < 50; seed++) Assert.Single(BuiltinEncoderTrainer.DropTokens([7, 8], 0.99, new Random(seed)).Where(t => t is 7 or 8));
    }

    [Fact]
    public void SoftTargets_SpreadShareOverSimilarTextsOnly()
    {
        // Texts 0 and 1 share the rare token 5; text 2 shares nothing; token 9 is in every text (idf 0).
        var tfidf = BuiltinEncoderTrainer.TfIdf([[5, 9, 1], [5, 9, 2], [9, 3, 4], [1, 2, 9]]);
        Assert.DoesNotContain(9, tfidf[0].Keys);
        Assert.Equal(1.0, Math.Sqrt(tfidf[0].Values.Sum(v => v * v)), 5);
        using var t = BuiltinEncoderTrainer.SoftTargets(tfidf.Take(3).ToList(), 0.4, 0.05);
        var a = t.data<float>().ToArray();
        Assert.Equal(new long[] { 3, 3 }, t.shape);
        Assert.Equal(0.6f, a[0], 5); Assert.Equal(0.4f, a[1], 5); Assert.Equal(0f, a[2]);
        Assert.Equal(0.4f, a[3], 5); Assert.Equal(0.6f, a[4], 5);
        Assert.Equal(new[] { 0f, 0f, 1f }, a[6..9]);                 // no similar text: plain identity target
        for (int i = 0; i < 3; i++) Assert.Equal(1f, a[(i * 3)..(i * 3 + 3)].Sum(), 5);
    }

    [Fact]
    public void LearningRateFactor_WarmsUpThenDecaysToTenPercent()
    {
        Assert.Equal(0.1, BuiltinEncoderTrainer.LearningRateFactor(0, 100, 10), 6);
        Assert.Equal(1.0, BuiltinEncoderTrainer.LearningRateFactor(9, 100, 10), 6);
        Assert.Equal(1.0, BuiltinEncoderTrainer.LearningRateFactor(10, 100, 10), 6);
        Assert.Equal(0.55, BuiltinEncoderTrainer.LearningRateFactor(55, 100, 10), 6);
        Assert.Equal(0.1, BuiltinEncoderTrainer.LearningRateFactor(100, 100, 10), 6);
        Assert.Equal(1.0, BuiltinEncoderTrainer.LearningRateFactor(0, 100, 0), 6);
    }

    [Fact]
    public void Fingerprint_DependsOnOptionsAndTrainingPosts()
    {
        static SocialFusion.Data.Posts.Post P(string id) => new(id, "u", DateTimeOffset.UnixEpoch, "text " + id, [], new Dictionary<string, string>());
        var ids = new[] { P("a"), P("b") };
        Assert.Equal(Tiny.Fingerprint(ids), Tiny.Fingerprint(ids.Reverse()));
        Assert.NotEqual(Tiny.Fingerprint(ids), Tiny.Fingerprint([ids[0]]));
        Assert.NotEqual(Tiny.Fingerprint(ids), (Tiny with { Seed = 2 }).Fingerprint(ids));
    }

    [Fact]
    public void Load_MissingFile_NamesIt()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<FileNotFoundException>(() => BuiltinFeatureExtractor.Load(dir.Path));
        Assert.Contains("encoders.bin", e.Message);
    }

    [Fact]
    public void Options_Invalid_NameTheField()
    {
        var e = Assert.Throws<ArgumentException>(() => (Tiny with { TextWidth = 15 }).Validate());
        Assert.Contains("TextWidth", e.Message);
    }
}

/// <summary>Built-in features of a post must not depend on the other posts of its extraction batch (issue 9, item 18).</summary>
public class BuiltinFeatureBatchingTests
{
    [Fact]
    public void ShortTextAlone_EqualsShortTextBatchedWithAMuchLongerOne()
    {
        var options = new BuiltinEncoderOptions(ImageSize: 32, Grid: 2, ImageWidth: 16, TextWidth: 16, EmbeddingDim: 8,
            PooledDim: 8, VocabSize: 60, MinFrequency: 1, MaxTextTokens: 40, Epochs: 1, BatchSize: 4, ExtractBatchSize: 8);
        Post P(string id, string text) => new(id, "u", DateTimeOffset.UnixEpoch, text, [], new Dictionary<string, string>());
        var shortPost = P("short", "red sky");
        var longPost = P("long", string.Join(" ", Enumerable.Repeat("green park blue sea yellow sand", 5)));
        using var ex = BuiltinEncoderTrainer.Train([shortPost, longPost, P("a", "blue sky"), P("b", "red sea")], options);
        var alone = ex.Extract([shortPost])[0];
        var batched = ex.Extract([longPost, shortPost])[1];
        Assert.True(batched.TextLength < ex.Extract([longPost])[0].TextLength);
        Assert.Equal(alone.TextLength, batched.TextLength);
        double Max(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
        Assert.True(Max(alone.TextTokens, batched.TextTokens) <= 1e-5, $"text tokens differ by {Max(alone.TextTokens, batched.TextTokens)}");
        Assert.True(Max(alone.TextPooled, batched.TextPooled) <= 1e-5, $"text embeddings differ by {Max(alone.TextPooled, batched.TextPooled)}");
    }
}
