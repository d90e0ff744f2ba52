using SocialFusion.Models;
using SocialFusion.Models.Config;
using SocialFusion.Models.Encoders;
using SocialFusion.Models.Features;
using SocialFusion.Models.MultiTask;
using SocialFusion.Training.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SocialFusion.Training.Tests.Training;

/// <summary>The one weight-decay rule (issue 9, item 13): weight matrices and kernels only.</summary>
public sealed class WeightDecayTests
{
    private static readonly FeatureSpec Spec = new(12, 10, 8, 5, false);

    private static HashSet<string> Decayed(nn.Module m) => WeightDecay.Split(m).Decay.Select(p => p.Name).ToHashSet();
    private static HashSet<string> NotDecayed(nn.Module m) => WeightDecay.Split(m).NoDecay.Select(p => p.Name).ToHashSet();

    [Fact]
    public void Sgmft_DecaysMatricesOnly_NotNormsBiasesScalarsOrEmbeddings()
    {
        using var model = LocationModels.Create(ModelPresets.Load("sgmft") with { D = 16, Heads = 2 }, Spec, 4);
        var decayed = Decayed(model);
        var kept = NotDecayed(model);
        Assert.Equal(model.parameters().Count(), decayed.Count + kept.Count);
        Assert.Contains("input_projection.text_proj.weight", decayed);
        Assert.Contains("sfm.gate.weight", decayed);
        Assert.Contains("similarity.text_align.weight", decayed);
        foreach (var name in new[]
        {
            "input_projection.text_proj.bias", "input_projection.text_norm.weight", "input_projection.text_norm.bias",
            "input_projection.type_embedding", "input_projection.absent_token", "input_projection.image_slot_embedding",
            "similarity.alpha_a", "similarity.alpha_b", "similarity.log_inv_temperature", "sfm.gate.bias",
        })
            Assert.Contains(name, kept);
        Assert.All(decayed, n => Assert.EndsWith(".weight", n));
        Assert.DoesNotContain(decayed, n => n.Contains("norm"));
    }

    [Fact]
    public void EncoderPair_DecaysConvLinearAndGruMatrices_NotEmbeddingsPositionsOrTemperature()
    {
        using var pair = new ContrastiveEncoderPair(new ContrastiveConfig(
            new ImageCnnConfig(ImageSize: 32, Grid: 2, Width: 16, Channels: [8]), new TextRnnConfig(30, 8, 16), PooledDim: 8));
        var decayed = Decayed(pair);
        var kept = NotDecayed(pair);
        Assert.Contains(decayed, n => n.EndsWith("conv0.weight"));
        Assert.Contains(decayed, n => n.EndsWith("gru.weight_ih_l0"));
        Assert.Contains(decayed, n => n.EndsWith("gru.weight_hh_l0_reverse"));
        Assert.Contains(kept, n => n.EndsWith("embedding.weight"));
        Assert.Contains(kept, n => n.EndsWith("grid_pos"));
        Assert.Contains(kept, n => n.EndsWith("logit_scale"));
        Assert.Contains(kept, n => n.EndsWith("gru.bias_ih_l0"));
        Assert.Contains(kept, n => n.EndsWith("norm0.weight"));
    }

    [Fact]
    public void MultiTaskModel_SameRule()
    {
        var schema = new TaskSchema([new TaskHead("a", TaskKind.Classification, ["x", "y"])]);
        using var model = new MultiTaskModel(new MultiTaskConfig { D = 16 }, Spec, schema);
        Assert.All(Decayed(model), n => Assert.EndsWith(".weight", n));
        Assert.DoesNotContain(Decayed(model), n => n.Contains("norm") || n.Contains("absent"));
        Assert.NotEmpty(Decayed(model));
    }

    /// <summary>Linear head after a LayerNorm: AdamW's decoupled decay shows directly on the norm gain and the bias.</summary>
    private sealed class NormedLinear : LocationModel
    {
        public readonly TorchSharp.Modules.LayerNorm norm;
        public readonly TorchSharp.Modules.Linear head;
        public NormedLinear() : base("normed_linear")
        {
            norm = nn.LayerNorm(16);
            head = nn.Linear(16, 3);
            RegisterComponents();
        }
        public override int NumClasses => 3;
        public override ModelOutput forward(FeatureBatch batch) =>
            new(head.forward(norm.forward(cat(new[] { batch.TextPooled, batch.ImagePooled }, 1)))); // [B, 16] -> [B, C]
    }

    [Fact]
    public void LocationTrainer_UsesTheRule_HugeDecayShrinksTheMatrixButNotTheNormOrTheBias()
    {
        NormedLinear? model = null;
        float[]? bias0 = null;
        float weightNorm0 = 0;
        // lr 1e-6 makes Adam's own steps negligible, lr * decay = 0.1 makes decay shrink a decayed tensor ~10% a step.
        var config = new TrainingConfig { LearningRate = 1e-6, WeightDecay = 1e5, BatchSize = 16, MaxEpochs = 1, Patience = 0, WarmupFraction = 0, Seed = 3 };
        LocationTrainer.Train(() =>
        {
            model = new NormedLinear();
            bias0 = model.head.bias!.data<float>().ToArray();
            weightNorm0 = model.head.weight!.norm().item<float>();
            return model;
        }, LocationTrainerTests.Spec, 1, 4, LocationTrainerTests.Synthetic(96, 1), LocationTrainerTests.Synthetic(30, 2),
            LocationTrainerTests.Labels, config);
        Assert.True(model!.head.weight!.norm().item<float>() < 0.8 * weightNorm0, "the weight matrix should decay");
        var bias = model.head.bias!.data<float>().ToArray();
        for (int i = 0; i < bias.Length; i++) Assert.Equal(bias0![i], bias[i], 3);
        Assert.All(model.norm.weight!.data<float>().ToArray(), g => Assert.Equal(1f, g, 3));
    }
}
