using SocialFusion.Models.Clip;
using static TorchSharp.torch;

namespace SocialFusion.Training.Benchmarks;

/// <summary>
/// Chinese-CLIP's BERT-base text tower with random weights (<see cref="ChineseClipConfig.VitB16"/>'s text config: vocab
/// 21128, width 768 x 12 layers, 12 heads, intermediate 3072) in inference mode, at the published context length 52,
/// with the [CLS] projection to 512.
/// </summary>
public static class ChineseClipBenchmark
{
    /// <summary>The line's stable name.</summary>
    public const string TextTowerName = "chinese-clip text tower (BERT-base, batch 32, length 52)";

    /// <summary>Texts/s of the text tower + projection over <paramref name="batch"/> texts of exactly <paramref name="length"/> tokens.</summary>
    public static BenchmarkFigure Texts(double matmulGflops, int batch = 32, int length = 52, int warmup = 2, int runs = 7)
    {
        var config = ChineseClipConfig.VitB16();
        var c = config.Text;
        manual_seed(0);
        using var tower = new ChineseClipTextModel(c);
        using var projection = nn.Linear(c.HiddenSize, config.ProjectionDim, hasBias: false);
        tower.eval();
        using var scope = NewDisposeScope();
        var rng = new Random(length);
        var flat = new long[batch * length];
        for (int i = 0; i < flat.Length; i++) flat[i] = rng.Next(104, c.VocabSize); // past the special tokens of bert-base-chinese
        var ids = tensor(flat, new long[] { batch, length });  // [B, L]
        var mask = ones_like(ids);                             // [B, L], all tokens
        var (median, rates) = BenchmarkTimer.Measure(() =>
        {
            using var s = NewDisposeScope();
            using var mode = inference_mode();
            projection.forward(tower.forward(ids, mask));
        }, batch, warmup, runs);
        double flops = Flops(c, length, config.ProjectionDim);
        return new BenchmarkFigure(length == 52 && batch == 32 ? TextTowerName : $"chinese-clip text tower (BERT-base, batch {batch}, length {length})",
            "texts/s", median, rates, flops, median * flops / 1e9 / matmulGflops);
    }

    /// <summary>FLOPs (2 per multiply-add) of one text: q, k, v, out, attention and feed-forward per layer, plus the projection.</summary>
    public static double Flops(BertConfig c, int length, int projectionDim)
    {
        double d = c.HiddenSize, n = length;
        double layer = 2 * n * d * d * 4 + 2 * n * n * d * 2 + 2 * n * d * c.IntermediateSize * 2;
        return c.NumHiddenLayers * layer + 2.0 * d * projectionDim;
    }
}
