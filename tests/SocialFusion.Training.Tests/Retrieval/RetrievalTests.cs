using SocialFusion.TestSupport;
using SocialFusion.Training.Features;
using SocialFusion.Training.Retrieval;
using Xunit;
using static TorchSharp.torch;

namespace SocialFusion.Training.Tests.Retrieval;

public class RetrievalTests
{
    private static readonly IndexMetadata Meta = new("builtin", "/enc", "fp", null, DateTimeOffset.UnixEpoch);

    /// <summary>
    /// Four posts in 3-D with known geometry: texts point along axes, images are rotated copies, so the right
    /// answer of every query is known by construction. p3 has no image, p4 no text.
    /// </summary>
    private static PostIndex Small()
    {
        PostFeatures F(string id, float[]? text, float[]? image) => new()
        {
            PostId = id, TextTokens = [], TextLength = text is null ? 0 : 1, Images = image is null ? [] : [[0f]],
            TextPooled = text ?? new float[3], ImagePooled = image ?? new float[3],
        };
        return PostIndex.Build([
            F("p0", [1, 0, 0], [0.9f, 0.1f, 0]),
            F("p1", [0, 1, 0], [0.1f, 0.9f, 0]),
            F("p2", [0, 0, 1], [0, 0.2f, 0.8f]),
            F("p3", [0.7f, 0.7f, 0], null),
            F("p4", null, [0, 0, -1]),
        ], 3, Meta);
    }

    [Fact]
    public void Search_FindsTheKnownAnswersWithCosineScores()
    {
        using var index = Small();
        var hits = index.ImagesForText([0, 1, 0], 3);
        Assert.Equal(["p1", "p2", "p0"], hits.Select(h => h.PostId));
        Assert.Equal(0.9f / MathF.Sqrt(0.82f), hits[0].Score, 4);
        // p3 has no image and is never returned for an image search; p4's image scores lowest and is cut at k.
        Assert.DoesNotContain(index.ImagesForText([0, 1, 0], 10), h => h.PostId == "p3");
        Assert.Equal(4, index.ImagesForText([0, 1, 0], 10).Count);

        var texts = index.TextsForImage([0, 0, 1], 2);
        Assert.Equal("p2", texts[0].PostId);
        Assert.Equal(1f, texts[0].Score, 5);
        Assert.DoesNotContain(index.TextsForImage([1, 0, 0], 10), h => h.PostId == "p4");
    }

    [Fact]
    public void Similar_ExcludesTheQueryPostAndRanksByJointEmbedding()
    {
        using var index = Small();
        var hits = index.Similar("p0", 4);
        Assert.DoesNotContain(hits, h => h.PostId == "p0");
        Assert.Equal("p3", hits[0].PostId);  // (0.7, 0.7, 0) is closest to p0's (1.9, 0.1, 0) direction
        Assert.Equal(4, hits.Count);
        Assert.True(hits.Zip(hits.Skip(1)).All(x => x.First.Score >= x.Second.Score));
        Assert.Throws<KeyNotFoundException>(() => index.Similar("nope", 3));
    }

    [Fact]
    public void BlockedSearch_AgreesWithBruteForceAcrossBlockBoundaries()
    {
        // More rows than one block, so the running top-k merge is exercised.
        int n = EmbeddingMatrix.BlockRows + 300, d = 8;
        var rng = new Random(3);
        var rows = Enumerable.Range(0, n).Select(i => i % 97 == 0 ? null : Enumerable.Range(0, d).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray()).ToList();
        using var m = EmbeddingMatrix.Create(rows, d);
        Assert.Equal(2, m.Blocks.Count);
        var q = Enumerable.Range(0, d).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var qn = q.Select(x => x / MathF.Sqrt(q.Sum(y => y * y))).ToArray();
        using var scope = NewDisposeScope();
        var hits = m.Search(tensor(qn).view(1, -1), 5)[0];
        var brute = rows.Select((r, i) => (i, s: r is null ? float.NegativeInfinity : Dot(r, qn) / MathF.Sqrt(Dot(r, r))))
            .OrderByDescending(x => x.s).Take(5).ToList();
        Assert.Equal(brute.Select(b => b.i), hits.Select(h => h.Row));
        for (int i = 0; i < 5; i++) Assert.Equal(brute[i].s, hits[i].Score, 4);
    }

    private static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();

    [Fact]
    public void SaveLoad_RoundTripsExactly_AndRejectsBadFiles()
    {
        using var dir = new TempDir();
        using var index = Small();
        index.Save(dir.File("i.sfx"));
        using var back = PostIndex.Load(dir.File("i.sfx"));
        Assert.Equal(index.Ids, back.Ids);
        Assert.Equal(index.Metadata, back.Metadata);
        Assert.Equal(index.Text.Valid, back.Text.Valid);
        Assert.Equal(index.Image.Valid, back.Image.Valid);
        for (int i = 0; i < index.Count; i++)
        {
            Assert.Equal(index.Text.Row(i), back.Text.Row(i));
            Assert.Equal(index.Image.Row(i), back.Image.Row(i));
        }
        Assert.Equal(index.Similar("p1", 3), back.Similar("p1", 3));

        var bytes = File.ReadAllBytes(dir.File("i.sfx"));
        File.WriteAllBytes(dir.File("cut.sfx"), bytes[..^7]);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => PostIndex.Load(dir.File("cut.sfx"))).Message);
        File.WriteAllText(dir.File("foreign.sfx"), "hello world, not an index");
        Assert.Contains("not a SocialFusion index", Assert.Throws<InvalidDataException>(() => PostIndex.Load(dir.File("foreign.sfx"))).Message);
    }

    [Fact]
    public void Index_cut_anywhere_names_the_file()
    {
        using var dir = new TempDir();
        using var index = Small();
        index.Save(dir.File("i.sfx"));
        var bytes = File.ReadAllBytes(dir.File("i.sfx"));
        var cut = dir.File("cut.sfx");
        for (int length = 0; length < bytes.Length; length++)
        {
            File.WriteAllBytes(cut, bytes[..length]);
            var e = Assert.Throws<InvalidDataException>(() => PostIndex.Load(cut));
            Assert.StartsWith(cut + ": ", e.Message);
        }
    }

    [Fact]
    public void Metrics_HandComputed()
    {
        var m = RetrievalMetrics.FromRanks([1, 3, 12, 2]);
        Assert.Equal(4, m.Queries);
        Assert.Equal(0.25, m.RecallAt1);
        Assert.Equal(0.75, m.RecallAt5);
        Assert.Equal(0.75, m.RecallAt10);
        Assert.Equal((1 + 1 / 3.0 + 1 / 12.0 + 0.5) / 4, m.Mrr, 12);
        Assert.Equal(2.5, m.MedianRank);
        var r = RetrievalMetrics.Random(4);
        Assert.Equal(0.25, r.RecallAt1);
        Assert.Equal(1.0, r.RecallAt5);
        Assert.Equal((1 + 0.5 + 1 / 3.0 + 0.25) / 4, r.Mrr, 12);
        Assert.Throws<ArgumentException>(() => RetrievalMetrics.FromRanks([0]));
    }

    [Fact]
    public void Evaluate_PairedRanksBothDirections()
    {
        // Texts: e0, e1, e2. Post 0's image lies closer to post 1's text than to its own.
        float[][] text = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
        float[][] image = [[0.6f, 0.8f, 0], [0, 1, 0], [0, 0, 1]];
        var e = RetrievalEvaluator.Evaluate(text, image);
        // Text->image: t0 scores images (0.6, 0, 0): rank 1; t1 scores (0.8, 1, 0): rank 1; t2 rank 1.
        Assert.Equal(1.0, e.TextToImage.RecallAt1);
        // Image->text: v0 scores texts (0.6, 0.8, 0): its own text is second -> rank 2; v1, v2 rank 1.
        Assert.Equal(2 / 3.0, e.ImageToText.RecallAt1, 12);
        Assert.Equal((0.5 + 1 + 1) / 3, e.ImageToText.Mrr, 12);
        Assert.Equal(1 / 3.0, e.Random.RecallAt1, 12);
        Assert.Null(e.LabelPrecision);
    }

    [Fact]
    public void LabelPrecision_HandComputed()
    {
        // Posts 0 and 1 are "x", post 2 is "y". With k = 10 > N every candidate is in the top list: precision is the label share.
        float[][] text = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
        float[][] image = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
        var e = RetrievalEvaluator.Evaluate(text, image, ["x", "x", "y"]);
        Assert.Equal((2 / 3.0 + 2 / 3.0 + 1 / 3.0) / 3, e.LabelPrecision!.Value.TextToImage, 9);
        Assert.Equal((2 * (2 / 3.0) + 1 / 3.0) / 3, e.LabelPrecision.Value.Random, 9);
        // k = 1: each query finds its own pair, which always has its label.
        using var scope = TorchSharp.torch.NewDisposeScope();
        var t = TorchSharp.torch.tensor(text.SelectMany(r => r).ToArray()).view(3, 3);
        Assert.Equal(1.0, RetrievalEvaluator.LabelPrecision(t, t, ["x", "x", "y"], k: 1), 9);
        // k = 2, candidates labelled x, y, x: q0 gets c0, c1 (x, y) -> 1/2; q1 (label y) gets c1 plus an x -> 1/2;
        // q2 gets c2, c0 (x, x) -> 1.
        var skew = TorchSharp.torch.tensor(new float[] { 1, 0, 0.05f, 0.9f, 0.1f, 0, 0.8f, 0, 0.2f }).view(3, 3);
        Assert.Equal((0.5 + 0.5 + 1.0) / 3, RetrievalEvaluator.LabelPrecision(t, skew, ["x", "y", "x"], k: 2), 9);
    }
}
