using SocialFusion.Models.Clip;
using static TorchSharp.torch;

namespace SocialFusion.Training.Benchmarks;

/// <summary>
/// CLIP ViT-B/32 towers with random weights (<see cref="ClipShapes.VitB32"/>: 224 px, patch 32, width 768 x 12 layers,
/// 12 heads; text width 512 x 12 layers, 8 heads; projection 512) in inference mode: images/s and texts/s with
/// analytic FLOPs (<see cref="ClipShapes.ImageFlops"/>, <see cref="ClipShapes.TextFlops"/>).
/// </summary>
public static class ClipBenchmark
{
    /// <summary>PyTorch 1.13 eager, 2 threads, matmul 140 GFLOP/s (from the issue).</summary>
    public static readonly PyTorchReference ImageBatch1PyTorch = new(6.1, 140), ImageBatch32PyTorch = new(11.8, 140),
        Text77PyTorch = new(16.4, 140), Text24PyTorch = new(65.7, 140);

    /// <summary>A ViT-B/32-shaped model with seeded random weights in eval mode.</summary>
    public static ClipModel CreateModel()
    {
        manual_seed(0);
        var model = new ClipModel(ClipShapes.VitB32());
        model.eval();
        return model;
    }

    /// <summary>Image tower images/s at <paramref name="batch"/> (224 px random pixels, pooled + projected).</summary>
    public static BenchmarkFigure Images(ClipModel model, double matmulGflops, int batch, int warmup = 2, int runs = 7)
    {
        var c = model.Config.Vision;
        using var scope = NewDisposeScope();
        manual_seed(1);
        var pixels = randn(batch, 3, c.ImageSize, c.ImageSize); // [B, 3, 224, 224]
        int calls = Math.Max(1, 8 / batch);                    // small batches: several calls per timed run
        var (median, rates) = BenchmarkTimer.Measure(() =>
        {
            for (int i = 0; i < calls; i++)
            {
                using var s = NewDisposeScope();
                using var mode = inference_mode();
                model.EncodeImage(pixels);
            }
        }, batch * calls, warmup, runs);
        double flops = ClipShapes.ImageFlops(model.Config);
        return new BenchmarkFigure($"clip ViT-B/32 image tower (batch {batch})", "images/s", median, rates, flops, median * flops / 1e9 / matmulGflops);
    }

    /// <summary>Text tower texts/s at <paramref name="batch"/> texts of exactly <paramref name="length"/> tokens (EOT last).</summary>
    public static BenchmarkFigure Texts(ClipModel model, double matmulGflops, int length, int batch = 32, int warmup = 2, int runs = 7)
    {
        using var scope = NewDisposeScope();
        var ids = RandomIds(batch, length, seed: length); // [B, L]
        var (median, rates) = BenchmarkTimer.Measure(() =>
        {
            using var s = NewDisposeScope();
            using var mode = inference_mode();
            model.EncodeText(ids);
        }, batch, warmup, runs);
        double flops = ClipShapes.TextFlops(model.Config, length);
        string what = length == model.Config.Text.MaxPositionEmbeddings ? $"fixed length {length}" : $"trimmed length {length}";
        return new BenchmarkFigure($"clip text tower (batch {batch}, {what})", "texts/s", median, rates, flops, median * flops / 1e9 / matmulGflops);
    }

    /// <summary>[B, L] int64 ids: start token, random BPE ids, end token last (so pooling picks the last position).</summary>
    public static Tensor RandomIds(int batch, int length, int seed)
    {
        var rng = new Random(seed);
        var ids = new long[batch * length];
        for (int b = 0; b < batch; b++)
        {
            ids[b * length] = 49406;
            for (int t = 1; t < length - 1; t++) ids[b * length + t] = rng.Next(256, 49406);
            ids[b * length + length - 1] = 49407;
        }
        return tensor(ids, new long[] { batch, length });
    }
}
