using SocialFusion.Models.Features;
using SocialFusion.Models.MultiTask;
using SocialFusion.Models.Tests.Sgmft;
using Xunit;
using static TorchSharp.torch;

namespace SocialFusion.Models.Tests.MultiTask;

public class MultiTaskModelTests
{
    internal static TaskSchema Schema() => new([
        new TaskHead("a", TaskKind.Classification, ["a0", "a1", "a2", "a3"]),
        new TaskHead("b", TaskKind.Classification, ["b0", "b1"]),
        new TaskHead("r", TaskKind.Regression, [], 0, 1),
    ]);

    internal static MultiTaskConfig Config(TrunkKind trunk = TrunkKind.AttentionPooling) => new()
    {
        Trunk = trunk, D = 16, Dropout = 0, ModalityDropout = 0, MaxImages = TinyModels.M, MaxTextTokens = TinyModels.Lt,
        Sgmft = TinyModels.Config("sgmft", 0.0),
    };

    [Theory]
    [InlineData(TrunkKind.AttentionPooling)]
    [InlineData(TrunkKind.Sgmft)]
    public void Forward_ShapesPerHead(TrunkKind trunk)
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var batch = TinyModels.Mixed();
        using var model = new MultiTaskModel(Config(trunk), TinyModels.Spec(), Schema());
        model.eval();
        var o = model.forward(batch);
        Assert.Equal(new long[] { 10, 4 }, o.Heads[0].shape);
        Assert.Equal(new long[] { 10, 2 }, o.Heads[1].shape);
        Assert.Equal(new long[] { 10 }, o.Heads[2].shape);
        Assert.Equal(model.SharedDim, (int)o.Shared.shape[^1]);
        if (trunk == TrunkKind.AttentionPooling)
        {
            Assert.Equal(new long[] { 10, TinyModels.Lt }, o.TextWeights!.shape);
            Assert.Equal(new long[] { 10, TinyModels.M, TinyModels.Lv - 1 }, o.ImageWeights!.shape);
            // Weights sum to 1 over real tokens / present grid cells, 0 for a post without that modality.
            var ts = o.TextWeights.sum(1).data<float>().ToArray();
            Assert.Equal(0f, ts[8]);
            Assert.All(ts.Where((_, i) => i != 8), v => Assert.Equal(1f, v, 4));
            var iw = o.ImageWeights.sum(new long[] { 1, 2 }).data<float>().ToArray();
            Assert.Equal(0f, iw[9]);
            Assert.Equal(1f, iw[0], 4);
            // No weight on empty image slots: post 0 has one image.
            Assert.Equal(0f, o.ImageWeights[0, 1..].abs().sum().item<float>());
        }
        else Assert.Null(o.TextWeights);
        Assert.DoesNotContain(o.Heads, h => h.isnan().any().item<bool>());
    }

    [Fact]
    public void ModalityMasking_HidesOnlyTheChosenRows()
    {
        using var scope = NewDisposeScope();
        using var batch = TinyModels.Mixed();
        var dropText = zeros(10, dtype: ScalarType.Bool); dropText[0] = true;
        var dropImage = zeros(10, dtype: ScalarType.Bool); dropImage[1] = true;
        var masked = ModalityMasking.Drop(batch, dropText, dropImage);
        var ht = masked.HasText.data<bool>().ToArray();
        var hi = masked.HasImage.data<bool>().ToArray();
        Assert.False(ht[0]); Assert.True(hi[0]);
        Assert.True(ht[1]); Assert.False(hi[1]);
        Assert.True(ht[2] && hi[2]);
        Assert.Equal(0f, masked.TextPooled[0].abs().sum().item<float>());
        Assert.Equal(0f, masked.ImagePooled[1].abs().sum().item<float>());
        Assert.True(batch.HasText[0].item<bool>()); // the original batch is untouched
    }

    [Fact]
    public void PredictionWithoutImage_DoesNotDependOnImageTokens()
    {
        // A masked image must not leak: changing the hidden image's features changes nothing.
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var model = new MultiTaskModel(Config(), TinyModels.Spec(), Schema());
        model.eval();
        using var a = TinyModels.Mixed(seed: 1);
        var other = a.ImageTokens + 5;
        var dropAll = ones(10, dtype: ScalarType.Bool);
        var fa = model.forward(ModalityMasking.Drop(a, null, dropAll)).Heads[0];
        var b = new FeatureBatch { TextTokens = a.TextTokens, TextMask = a.TextMask, ImageTokens = other, ImageMask = a.ImageMask, TextPooled = a.TextPooled, ImagePooled = a.ImagePooled, PooledAligned = false };
        var fb = model.forward(ModalityMasking.Drop(b, null, dropAll)).Heads[0];
        Assert.True(allclose(fa, fb));
    }

    [Fact]
    public void TaskPooling_EachHeadHasItsOwnAttention_SharedWeightsAreTheirMean()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        using var batch = TinyModels.Mixed();
        using var model = new MultiTaskModel(Config() with { TaskPooling = true }, TinyModels.Spec(), Schema());
        model.eval();
        var o = model.forward(batch);
        Assert.Equal(new long[] { 10, 3, model.SharedDim }, o.Shared.shape);
        Assert.Equal(new long[] { 10, 3, TinyModels.Lt }, o.HeadTextWeights!.shape);
        Assert.Equal(new long[] { 10, 3, TinyModels.M, TinyModels.Lv - 1 }, o.HeadImageWeights!.shape);
        // Every head's weights are a distribution over the real tokens; the reported ones are their mean.
        var ts = o.HeadTextWeights.sum(2).data<float>().ToArray();
        for (int r = 0; r < 10; r++) for (int k = 0; k < 3; k++) Assert.Equal(r == 8 ? 0f : 1f, ts[r * 3 + k], 4);
        Assert.True(allclose(o.TextWeights!, o.HeadTextWeights.mean([1]), 1e-5, 1e-6));
        // The heads do attend differently (separate queries), and changing one head's query changes only that head.
        Assert.False(allclose(o.HeadTextWeights[.., 0], o.HeadTextWeights[.., 1], 1e-4, 1e-5));
        var score = model.named_parameters().First(p => p.name == "text_pool.score.weight").parameter;
        Assert.Equal(new long[] { 3, 16 }, score.shape);
        using (no_grad()) score[1].add_(1.0);
        var o2 = model.forward(batch);
        Assert.True(allclose(o.Heads[0], o2.Heads[0]));
        Assert.True(allclose(o.Heads[2], o2.Heads[2]));
        Assert.False(allclose(o.Heads[1], o2.Heads[1]));

        // A one-head model has the same parameters either way.
        var one = new TaskSchema([Schema().Tasks[0]]);
        using var a = new MultiTaskModel(Config() with { TaskPooling = true }, TinyModels.Spec(), one);
        using var b = new MultiTaskModel(Config() with { TaskPooling = false }, TinyModels.Spec(), one);
        Assert.Equal(b.named_parameters().Select(p => (p.name, string.Join(",", p.parameter.shape))),
            a.named_parameters().Select(p => (p.name, string.Join(",", p.parameter.shape))));
    }
}
