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
/// <param name="Time">When the run finished.</param>
/// <param name="Threads">libtorch intra-op threads.</param>
/// <param name="Matmul">The matmul ceiling of this run.</param>
/// <param name="Lines">Every other figure.</param>
/// <param name="OmpWaitPolicy">OMP_WAIT_POLICY in effect (null = libgomp's default, spinning).</param>
public sealed record BenchmarkReport(DateTimeOffset Time, int Threads, BenchmarkFigure Matmul, IReadOnlyList<BenchmarkLine> Lines, string? OmpWaitPolicy = null);

/// <summary>Runs the benchmarks in a fixed order and relates them to the same run's matmul figure.</summary>
public static class BenchmarkSuite
{
    /// <summary>Measured by the issue's authors with PyTorch 1.13 eager, 2 threads, matmul 140 GFLOP/s.</summary>
    public static readonly PyTorchReference SgmftTrainingPyTorch = new(47.8, 140), SgmftInferencePyTorch = new(125, 140);

    /// <summary>Benchmark groups <see cref="Run"/> can be limited to.</summary>
    public static readonly IReadOnlyList<string> Groups = ["sgmft", "clip"];

    /// <summary>
    /// Runs the benchmarks (all groups, or only <paramref name="only"/>: <c>sgmft</c> or <c>clip</c>); the matmul ceiling
    /// is always measured first. <paramref name="progress"/> receives the name of each benchmark as it starts.
    /// </summary>
    public static BenchmarkReport Run(Action<string>? progress = null, bool quick = false, string? only = null)
    {
        if (only is not null && !Groups.Contains(only))
            throw new ArgumentException($"unknown benchmark group '{only}' (expected {string.Join(" or ", Groups)})", nameof(only));
        int runs = quick ? 3 : 7;
        progress?.Invoke("matmul");
        var matmul = MatmulBenchmark.Run(runs: runs);
        var lines = new List<BenchmarkLine>();
        void Add(BenchmarkFigure f, PyTorchReference? r) =>
            lines.Add(new BenchmarkLine(f, r, r?.Ratio(f.Value, matmul.Value)));
        if (only is null or "sgmft")
        {
            progress?.Invoke("sgmft training");
            Add(SgmftBenchmark.Training(matmul.Value, runs: runs), SgmftTrainingPyTorch);
            progress?.Invoke("sgmft inference");
            Add(SgmftBenchmark.Inference(matmul.Value, runs: runs), SgmftInferencePyTorch);
        }
        if (only is null or "clip") RunClip(matmul.Value, quick ? 3 : 5, progress, Add);
        return new BenchmarkReport(DateTimeOffset.UtcNow, TorchSharp.torch.get_num_threads(), matmul, lines, Environment.GetEnvironmentVariable(Runtime.TorchThreading.Variable));
    }

    private static void RunClip(double matmul, int runs, Action<string>? progress, Action<BenchmarkFigure, PyTorchReference?> add)
    {
        using var model = ClipBenchmark.CreateModel();
        BenchmarkFigure? batch32 = null;
        foreach (var (batch, reference) in new[] { (1, ClipBenchmark.ImageBatch1PyTorch), (8, null), (32, ClipBenchmark.ImageBatch32PyTorch) })
        {
            progress?.Invoke($"clip image tower batch {batch}");
            var f = ClipBenchmark.Images(model, matmul, batch, runs: runs);
            add(f, reference);
            if (batch == 32) batch32 = f;
        }
        progress?.Invoke("clip text tower length 77");
        add(ClipBenchmark.Texts(model, matmul, 77, runs: runs), ClipBenchmark.Text77PyTorch);
        progress?.Invoke("clip text tower length 24");
        add(ClipBenchmark.Texts(model, matmul, 24, runs: runs), ClipBenchmark.Text24PyTorch);
        progress?.Invoke("chinese-clip text tower length 52");
        add(ChineseClipBenchmark.Texts(matmul, runs: runs), null);
        progress?.Invoke("clip embed end-to-end");
        add(ClipEmbedBenchmark.Run(model, matmul, batch32!.Value, runs: Math.Min(runs, 3)), null);
    }
}
