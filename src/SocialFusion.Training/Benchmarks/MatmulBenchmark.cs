using static TorchSharp.torch;

namespace SocialFusion.Training.Benchmarks;

/// <summary>
/// The machine's practical compute ceiling: fp32 n x n matmul GFLOP/s through libtorch. Every other figure
/// is reported as a fraction of this one, measured in the same run, because absolute speed drifts with load.
/// </summary>
public static class MatmulBenchmark
{
    /// <summary>Measures GFLOP/s of an n x n by n x n float32 matmul (2 n^3 FLOPs per product).</summary>
    public static BenchmarkFigure Run(int n = 1024, int warmup = 3, int runs = 7, int productsPerRun = 4)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        manual_seed(0);
        var a = randn(n, n);
        var b = randn(n, n);
        var (median, rates) = BenchmarkTimer.Measure(() =>
        {
            for (int i = 0; i < productsPerRun; i++) a.mm(b).Dispose();   // a 4 MB allocation is noise next to 2 GFLOP
        }, productsPerRun, warmup, runs);
        double flops = 2.0 * n * n * (double)n;
        return new BenchmarkFigure($"matmul fp32 {n}x{n}", "GFLOP/s", median * flops / 1e9,
            rates.Select(r => r * flops / 1e9).ToArray(), flops, 1.0);
    }
}
