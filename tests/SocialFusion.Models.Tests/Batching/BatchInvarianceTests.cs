using SocialFusion.Models.Encoders;
using SocialFusion.Models.Features;
using SocialFusion.Models.MultiTask;
using SocialFusion.Models.Tests.MultiTask;
using SocialFusion.Models.Tests.Sgmft;
using Xunit;
using static TorchSharp.torch;

namespace SocialFusion.Models.Tests.Batching;

/// <summary>
/// A post's features and predictions must not depend on the other posts in its batch (issue 9, item 18): the same
/// post alone (padded to its own length and image count) and next to a post with a much longer text and more
/// images gives the same outputs within float tolerance, for every encoder and model.
/// </summary>
public class BatchInvarianceTests
{
    private const double Tol = 1e-5;

    private static void Close(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        double max = (expected - actual).abs().max().item<float>();
        Assert.True(max <= Tol, $"{what}: max abs diff {max} between the post alone and in a batch");
    }

    [Fact]
    public void TextEncoder_ShortTextAloneEqualsShortTextNextToALongOne()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var enc = new TextRnnEncoder(new TextRnnConfig(40, 8, 12, MeanPooling: 0.2));
        enc.eval();
        using var _ = no_grad();
        var shortIds = new long[] { 5, 6, 7 };
        var alone = enc.Encode(tensor(shortIds, new long[] { 1, 3 }), ones(1, 3, dtype: ScalarType.Bool));
        // Second row first so the short post is not row 0; the long text pads the short one to 12 tokens.
        var ids = tensor(new long[] { 9, 8, 7, 6, 5, 4, 3, 2, 1, 11, 12, 13, 5, 6, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, new long[] { 2, 12 });
        var batch = enc.Encode(ids, ids.ne(0));
        Close(alone.Tokens[0], batch.Tokens[1, ..3], "text tokens");
        Close(alone.Pooled[0], batch.Pooled[1], "pooled text");
        Close(alone.Weights[0], batch.Weights[1, ..3], "pooling weights");
        Assert.Equal(0f, batch.Tokens[1, 3..].abs().sum().item<float>());
    }

    [Fact]
    public void EncoderPair_TextAndImageEmbeddings_DoNotDependOnTheBatch()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var pair = new ContrastiveEncoderPair(new ContrastiveConfig(
            new ImageCnnConfig(ImageSize: 32, Grid: 2, Width: 16, Channels: [8]), new TextRnnConfig(30, 8, 16), PooledDim: 8));
        pair.eval();
        using var _ = no_grad();
        var (aloneText, alonePooled) = pair.EncodeTexts(tensor(new long[] { 3, 4 }, new long[] { 1, 2 }), ones(1, 2, dtype: ScalarType.Bool));
        var ids = tensor(new long[] { 3, 4, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8 }, new long[] { 2, 8 });
        var (batchText, batchPooled) = pair.EncodeTexts(ids, ids.ne(0));
        Close(aloneText.Tokens[0], batchText.Tokens[0, ..2], "text tokens");
        Close(alonePooled[0], batchPooled[0], "aligned text embedding");

        var images = rand(3, 3, 32, 32);
        var (aloneTokens, aloneImage) = pair.EncodeImages(images[..1]);
        var (batchTokens, batchImage) = pair.EncodeImages(images);
        Close(aloneTokens[0], batchTokens[0], "image tokens");
        Close(aloneImage[0], batchImage[0], "aligned image embedding");
    }

    /// <summary>Row <paramref name="row"/> of <paramref name="batch"/> as a batch of one, trimmed to its own text length and image count.</summary>
    internal static FeatureBatch Alone(FeatureBatch batch, int row)
    {
        long lt = Math.Max(1, batch.TextMask[row].sum().item<long>());
        long m = Math.Max(1, batch.ImageMask[row].sum().item<long>());
        return new FeatureBatch
        {
            TextTokens = batch.TextTokens[row..(row + 1), ..(int)lt].clone(),
            TextMask = batch.TextMask[row..(row + 1), ..(int)lt].clone(),
            ImageTokens = batch.ImageTokens[row..(row + 1), ..(int)m].clone(),
            ImageMask = batch.ImageMask[row..(row + 1), ..(int)m].clone(),
            TextPooled = batch.TextPooled[row..(row + 1)].clone(),
            ImagePooled = batch.ImagePooled[row..(row + 1)].clone(),
            PooledAligned = batch.PooledAligned,
        };
    }

    // Posts: a short text with one image, no text with one image, a short text and no image, then a long text with
    // every image slot filled that pads the others.
    private static FeatureBatch Padded(bool aligned) =>
        TinyModels.Batch([2, 0, 1, TinyModels.Lt], [1, 1, 0, TinyModels.M], aligned, seed: 7);

    public static TheoryData<string, bool> PresetsAndFeatures()
    {
        var data = new TheoryData<string, bool>();
        foreach (var p in TinyModels.Presets)
        {
            data.Add(p, true);
            if (p != "linear-probe") data.Add(p, false);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PresetsAndFeatures))]
    public void LocationModel_PostAloneEqualsPostInAPaddedBatch(string preset, bool aligned)
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var model = LocationModels.Create(TinyModels.Config(preset), TinyModels.Spec(aligned), 4);
        model.eval();
        using var _ = no_grad();
        using var batch = Padded(aligned);
        var all = model.forward(batch);
        for (int row = 0; row < 3; row++)
        {
            using var alone = Alone(batch, row);
            var one = model.forward(alone);
            Close(softmax(one.Logits, 1)[0], softmax(all.Logits, 1)[row], $"{preset} probabilities of post {row}");
            if (one.Similarity is not null) Close(one.Similarity[0], all.Similarity![row], $"{preset} s of post {row}");
            if (one.Alpha is not null) Close(one.Alpha[0], all.Alpha![row], $"{preset} alpha of post {row}");
        }
    }

    [Theory]
    [InlineData(TrunkKind.AttentionPooling)]
    [InlineData(TrunkKind.Sgmft)]
    public void MultiTaskModel_PostAloneEqualsPostInAPaddedBatch(TrunkKind trunk)
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        using var model = new MultiTaskModel(MultiTaskModelTests.Config(trunk), TinyModels.Spec(), MultiTaskModelTests.Schema());
        model.eval();
        using var _ = no_grad();
        using var batch = Padded(false);
        var all = model.forward(batch);
        for (int row = 0; row < 3; row++)
        {
            using var alone = Alone(batch, row);
            var one = model.forward(alone);
            for (int h = 0; h < all.Heads.Count; h++) Close(one.Heads[h][0], all.Heads[h][row], $"head {h} of post {row}");
            Close(one.Shared[0], all.Shared[row], $"shared features of post {row}");
            if (one.TextWeights is not null)
                Close(one.TextWeights[0], all.TextWeights![row, ..(int)one.TextWeights.shape[^1]], $"text weights of post {row}");
        }
    }
}
