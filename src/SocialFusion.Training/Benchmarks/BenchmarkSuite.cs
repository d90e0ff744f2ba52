namespace SocialFusion.Training.Benchmarks;

/// <summary>A figure measured by PyTorch 1.13 eager (Python, CPU, 2 threads) on the project's machine.</summary>
/// <param name="Value">PyTorch's throughput.</param>
/// <param name="MatmulGflops">PyTorch's fp32 1024x1024 matmul GFLOP/s in the same run.</param>
public sealed record PyTorchReference(double Value, double MatmulGflops)
{
    /// <summary>
    /// Our throughput relative to PyTorch's, each first divided by its own run's matmul figure, so that
    /// machine load cancels out: above 1 means faster than PyTorch on equal hardware.
    /// </summary>
    public double Ratio(double ours, double ourMatmulGflops) => ours / ourMatmulGflops / (Value / MatmulGflops);
}

/// <summary>One benchmark line: the figure and, where one exists, PyTorch's figure on the same shapes.</summary>
public sealed record BenchmarkLine(BenchmarkFigure Figure, PyTorchReference? PyTorch, double? RatioToPyTorch);

/// <summary>All figures of one <c>socialfusion bench</c> run, with the matmul ceiling of that same run.</summary>
public sealed record BenchmarkReport(DateTimeOffset Time, int Threads, BenchmarkFigure Matmul, IReadOnlyList<BenchmarkLine> Lines);

/// <summary>Runs the benchmarks in a fixed order and relates them to the same run's matmul figure.</summary>
public static class BenchmarkSuite
{
    /// <summary>Measured by the authors with PyTorch 1.13 eager, 2 threads, matmul 140 GFLOP/s.</summary>
    public static readonly PyTorchReference SgmftTrainingPyTorch = new(47.8, 140), SgmftInferencePyTorch = new(125, 140);

    /// <summary>Runs every benchmark; <paramref name="progress"/> receives the name of each as it starts.</summary>
    public static BenchmarkReport Run(Action<string>? progress = null, bool quick = false)
    {
        int runs = quick ? 3 : 7;
        progress?.Invoke("matmul");
        var matmul = MatmulBenchmark.Run(runs: runs);
        var lines = new List<BenchmarkLine>();
        void Add(BenchmarkFigure f, PyTorchReference? r) =>
            lines.Add(new BenchmarkLine(f, r, r?.Ratio(f.Value, matmul.Value)));
        progress?.Invoke("sgmft training");
        Add(SgmftBenchmark.Training(matmul.Value, runs: runs), SgmftTrainingPyTorch);
        progress?.Invoke("sgmft inference");
        Add(SgmftBenchmark.Inference(matmul.Value, runs: runs), SgmftInferencePyTorch);
        return new BenchmarkReport(DateTimeOffset.UtcNow, TorchSharp.torch.get_num_threads(), matmul, lines);
    }
}
