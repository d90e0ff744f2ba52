using SocialFusion.Models;
using SocialFusion.Models.Config;
using SocialFusion.Models.Features;
using SocialFusion.Training.Training;
using static TorchSharp.torch;

namespace SocialFusion.Training.Benchmarks;

/// <summary>
/// SG-MFT (preset sgmft, D 256, 4 heads) throughput on cached features of fixed shapes: text tokens 32 x 512
/// with random lengths 8..32, image tokens 50 x 768 (one image), pooled embeddings 512, 8 classes. These are
/// the shapes the PyTorch reference was measured on.
/// </summary>
public static class SgmftBenchmark
{
    public const int TextTokens = 32, TextDim = 512, ImageTokens = 50, ImageDim = 768, PooledDim = 512, Classes = 8;

    /// <summary>Training samples/s at <paramref name="batch"/> (AdamW step, clipping and all).</summary>
    public static BenchmarkFigure Training(double matmulGflops, int batch = 64, int warmup = 3, int runs = 7, int stepsPerRun = 3)
    {
        var (model, spec) = Build();
        using var _ = model;
        using var optimizer = WeightDecay.AdamW(model, 3e-4, 0.01);
        using var data = RandomBatch(batch, seed: 1);
        var labels = randint(0, Classes, batch, dtype: ScalarType.Int64).MoveToOuterDisposeScope();
        model.train();
        var (median, rates) = BenchmarkTimer.Measure(() =>
        {
            for (int s = 0; s < stepsPerRun; s++)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var output = model.forward(data);
                var loss = nn.functional.cross_entropy(output.Logits, labels);
                if (output.AuxiliaryLoss is not null) loss = loss + output.AuxiliaryLoss;
                loss.backward();
                nn.utils.clip_grad_norm_(model.parameters(), 1.0);
                optimizer.step();
            }
        }, batch * stepsPerRun, warmup, runs);
        double flops = 3 * FlopsPerItem();
        return new BenchmarkFigure($"sgmft training (batch {batch})", "samples/s", median, rates, flops, median * flops / 1e9 / matmulGflops);
    }

    /// <summary>Inference posts/s at <paramref name="batch"/> (eval mode, no autograd).</summary>
    public static BenchmarkFigure Inference(double matmulGflops, int batch = 256, int warmup = 2, int runs = 7)
    {
        var (model, spec) = Build();
        using var _ = model;
        using var data = RandomBatch(batch, seed: 2);
        model.eval();
        var (median, rates) = BenchmarkTimer.Measure(() =>
        {
            using var scope = NewDisposeScope();
            using var noGrad = inference_mode();
            model.forward(data);
        }, batch, warmup, runs);
        double flops = FlopsPerItem();
        return new BenchmarkFigure($"sgmft inference (batch {batch})", "posts/s", median, rates, flops, median * flops / 1e9 / matmulGflops);
    }

    /// <summary>Analytic forward FLOPs per item at these shapes (text computed at its padded length 32).</summary>
    public static double FlopsPerItem()
    {
        var c = Config();
        return SgmftFlops.Forward(TextTokens, ImageTokens, TextDim, ImageDim, c.D, c.SimLayers, c.SfmLayers, 4, Classes);
    }

    private static SgmftConfig Config() => ModelPresets.Load("sgmft") with { D = 256, Heads = 4, MaxImages = 1 };

    private static (LocationModel, FeatureSpec) Build()
    {
        manual_seed(0);
        var spec = new FeatureSpec(TextDim, ImageDim, PooledDim, ImageTokens, PooledAligned: true);
        return (LocationModels.Create(Config(), spec, Classes), spec);
    }

    private static FeatureBatch RandomBatch(int b, int seed)
    {
        manual_seed(seed);
        var rng = new Random(seed);
        var mask = new bool[b * TextTokens];
        for (int i = 0; i < b; i++)
        {
            int len = rng.Next(8, TextTokens + 1);
            for (int t = 0; t < len; t++) mask[i * TextTokens + t] = true;
        }
        return new FeatureBatch
        {
            TextTokens = randn(b, TextTokens, TextDim),
            TextMask = tensor(mask, new long[] { b, TextTokens }),
            ImageTokens = randn(b, 1, ImageTokens, ImageDim),
            ImageMask = ones(b, 1, dtype: ScalarType.Bool),
            TextPooled = randn(b, PooledDim),
            ImagePooled = randn(b, PooledDim),
            PooledAligned = true,
        };
    }
}
