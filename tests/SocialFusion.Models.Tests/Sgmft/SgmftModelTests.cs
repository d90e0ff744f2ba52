using SocialFusion.Models.Config;
using SocialFusion.Models.Features;
using SocialFusion.Models.Sgmft;
using Xunit;
using static TorchSharp.torch;

namespace SocialFusion.Models.Tests.Sgmft;

public class SgmftModelTests
{
    public static TheoryData<string> AllPresets() => new(TinyModels.Presets);

    public static TheoryData<string> SgmftPresets() => new(TinyModels.Presets.Where(p =>
        ModelPresets.Load(p).Architecture == Architecture.Sgmft));

    [Theory]
    [MemberData(nameof(AllPresets))]
    public void LogitsAreFiniteForMissingTextMissingImageAndSeveralImages(string preset)
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        using var model = LocationModels.Create(TinyModels.Config(preset), TinyModels.Spec(), 5);
        using var batch = TinyModels.Mixed();
        var outp = model.forward(batch);
        Assert.Equal(new long[] { 10, 5 }, outp.Logits.shape);
        Assert.True(outp.Logits.isfinite().all().item<bool>(), "logits not finite");
        if (outp.Similarity is not null)
        {
            Assert.Equal(new long[] { 10 }, outp.Similarity.shape);
            Assert.Equal(0f, outp.Similarity[8].item<float>()); // no text
            Assert.Equal(0f, outp.Similarity[9].item<float>()); // no image
        }
        if (outp.Alpha is not null) Assert.True(outp.Alpha.isfinite().all().item<bool>());
    }

    [Theory]
    [MemberData(nameof(SgmftPresets))]
    public void PaddedTextAndEmptyImageSlotsDoNotChangeOutputs(string preset)
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var model = LocationModels.Create(TinyModels.Config(preset), TinyModels.Spec(), 4);
        model.eval();
        using var batch = TinyModels.Mixed();
        var before = model.forward(batch).Logits;
        var noisy = new FeatureBatch
        {
            TextTokens = batch.TextTokens + randn_like(batch.TextTokens) * batch.TextMask.logical_not().unsqueeze(2),
            TextMask = batch.TextMask,
            ImageTokens = batch.ImageTokens + randn_like(batch.ImageTokens) * batch.ImageMask.logical_not().view(10, TinyModels.M, 1, 1),
            ImageMask = batch.ImageMask,
            TextPooled = batch.TextPooled, ImagePooled = batch.ImagePooled, PooledAligned = false,
        };
        Assert.True(allclose(before, model.forward(noisy).Logits, 1e-4, 1e-5));
    }

    [Theory]
    [MemberData(nameof(AllPresets))]
    public void EveryParameterReceivesAGradient(string preset)
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var model = LocationModels.Create(TinyModels.Config(preset), TinyModels.Spec(), 4);
        model.train();
        using var batch = TinyModels.Mixed();
        var outp = model.forward(batch);
        var loss = nn.functional.cross_entropy(outp.Logits, tensor(new long[] { 0, 1, 2, 3, 0, 1, 2, 3, 0, 1 }));
        if (outp.AuxiliaryLoss is not null) loss = loss + outp.AuxiliaryLoss;
        loss.backward();
        foreach (var (name, p) in model.named_parameters())
        {
            if (!p.requires_grad) continue;
            // A unimodal model's ignored side is one absent token; attention whose only key is that token
            // does not depend on its query, so that query projection is structurally gradient-free.
            if ((preset == "image-only" && (name.Contains("self_attn_t.q_proj") || name.Contains("cross_attn_v.q_proj"))) ||
                (preset == "text-only" && (name.Contains("self_attn_v.q_proj") || name.Contains("cross_attn_t.q_proj")))) continue;
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"{preset}: parameter '{name}' got no gradient");
        }
    }

    [Fact]
    public void ReferenceModelLearnsAlignmentWhenFeaturesAreNotAligned()
    {
        using var scope = NewDisposeScope();
        using var model = LocationModels.Create(TinyModels.Config("sgmft"), TinyModels.Spec(aligned: false), 4);
        using var batch = TinyModels.Mixed();
        model.train();
        var outp = model.forward(batch);
        Assert.NotNull(outp.AuxiliaryLoss);
        Assert.True(outp.AuxiliaryLoss!.item<float>() > 0);
    }

    [Fact]
    public void AlignedFeaturesGiveCosineOfPooledEmbeddingsAndNoAuxiliaryLoss()
    {
        using var scope = NewDisposeScope();
        using var model = LocationModels.Create(TinyModels.Config("sgmft"), TinyModels.Spec(aligned: true), 4);
        using var batch = TinyModels.Mixed(aligned: true);
        var outp = model.forward(batch);
        Assert.Null(outp.AuxiliaryLoss);
        var expected = nn.functional.cosine_similarity(batch.TextPooled, batch.ImagePooled, 1)[..8];
        Assert.True(allclose(outp.Similarity![..8], expected, 1e-5, 1e-6));
        Assert.True(allclose(outp.Alpha!, sigmoid(4 * outp.Similarity!), 1e-5, 1e-6));
    }

    [Fact]
    public void NoCoarse_ChangesOnlyAlpha_SameSimilarityGateInputAndAlignmentLoss()
    {
        using var scope = NewDisposeScope();
        var spec = TinyModels.Spec();
        using var batch = TinyModels.Mixed();
        manual_seed(11);
        using var reference = (SgmftModel)LocationModels.Create(TinyModels.Config("sgmft", 0.0), spec, 4);
        using var noCoarse = (SgmftModel)LocationModels.Create(TinyModels.Config("sgmft-no-coarse", 0.0), spec, 4);
        // The ablation has every weight of the reference except a and b; give it the reference's.
        var weights = reference.state_dict().Where(kv => !kv.Key.Contains("alpha_")).ToDictionary(kv => kv.Key, kv => kv.Value);
        noCoarse.load_state_dict(weights);
        reference.train();
        noCoarse.train();
        var r = reference.forward(batch);
        var n = noCoarse.forward(batch);
        Assert.True(allclose(r.Similarity!, n.Similarity!, 1e-6, 1e-7), "s differs between sgmft and sgmft-no-coarse");
        Assert.NotNull(n.AuxiliaryLoss);
        Assert.Equal(r.AuxiliaryLoss!.item<float>(), n.AuxiliaryLoss!.item<float>(), 6);
        Assert.True(n.Alpha!.eq(0.5).all().item<bool>());
        Assert.False(allclose(r.Alpha!, n.Alpha!), "alpha should be the one thing that changes");
    }

    [Fact]
    public void AblationsDifferAsTheTableSays()
    {
        using var scope = NewDisposeScope();
        var spec = TinyModels.Spec();
        using var batch = TinyModels.Mixed();
        using var noCoarse = (SgmftModel)LocationModels.Create(TinyModels.Config("sgmft-no-coarse"), spec, 4);
        var outp = noCoarse.forward(batch);
        Assert.True(outp.Alpha!.eq(0.5).all().item<bool>());
        // Only the coarse guidance goes: s is still computed for the SFM gate (and its alignment loss).
        Assert.NotNull(outp.Similarity);
        Assert.Contains(noCoarse.named_modules(), m => m.module is ModalitySimilarity);
        Assert.DoesNotContain(noCoarse.named_parameters(), p => p.name.Contains("alpha_"));

        using var reference = (SgmftModel)LocationModels.Create(TinyModels.Config("sgmft"), spec, 4);
        Assert.All(reference.Interaction!.FineSteps, f => Assert.IsType<SimilarityFeedForward>(f));
        using var noFine = (SgmftModel)LocationModels.Create(TinyModels.Config("sgmft-no-fine"), spec, 4);
        Assert.DoesNotContain(noFine.named_modules(), m => m.module is SimilarityFeedForward);
        Assert.Equal(2, noFine.Interaction!.Layers);

        using var noSim = (SgmftModel)LocationModels.Create(TinyModels.Config("sgmft-no-sim"), spec, 4);
        Assert.Null(noSim.Interaction);
        Assert.DoesNotContain(noSim.named_modules(), m => m.module is SimilarityInterpolationAttention);

        using var noSfm = (SgmftModel)LocationModels.Create(TinyModels.Config("sgmft-no-sfm"), spec, 4);
        Assert.DoesNotContain(noSfm.named_modules(), m => m.module is SimilarityAwareFusion.SfmBlock);

        using var coAttention = (SgmftModel)LocationModels.Create(TinyModels.Config("co-attention"), spec, 4);
        Assert.DoesNotContain(coAttention.named_modules(), m => m.module is ModalitySimilarity or SimilarityFeedForward);
        Assert.Contains(coAttention.named_modules(), m => m.module is SimilarityAwareFusion.SfmBlock);
        Assert.True(coAttention.forward(batch).Alpha!.eq(0.5).all().item<bool>());

        using var textOnly = LocationModels.Create(TinyModels.Config("text-only"), spec, 4);
        Assert.DoesNotContain(textOnly.named_parameters(), p => p.name.Contains("image_proj"));
        using var imageOnly = LocationModels.Create(TinyModels.Config("image-only"), spec, 4);
        Assert.DoesNotContain(imageOnly.named_parameters(), p => p.name.Contains("text_proj"));
    }

    [Fact]
    public void ManualSeedMakesModelsDeterministic()
    {
        using var scope = NewDisposeScope();
        using var batch = TinyModels.Mixed();
        Tensor Run()
        {
            manual_seed(42);
            using var model = LocationModels.Create(TinyModels.Config("sgmft"), TinyModels.Spec(), 4);
            model.train(); // dropout draws from the seeded generator too
            return model.forward(batch).Logits;
        }
        Assert.True(Run().eq(Run()).all().item<bool>());
    }

    [Fact]
    public void TooManyImageSlotsIsAClearError()
    {
        using var scope = NewDisposeScope();
        var config = TinyModels.Config("sgmft") with { MaxImages = 2 };
        using var model = LocationModels.Create(config, TinyModels.Spec(), 4);
        using var batch = TinyModels.Mixed();
        var e = Assert.Throws<ArgumentException>(() => model.forward(batch));
        Assert.Contains("max_images", e.Message);
    }
}
