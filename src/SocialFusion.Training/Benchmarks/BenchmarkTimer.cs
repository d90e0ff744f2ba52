using System.Diagnostics;

namespace SocialFusion.Training.Benchmarks;

/// <summary>One measured figure: the median of several timed runs after warm-up.</summary>
/// <param name="Name">What was measured.</param>
/// <param name="Unit">Unit of <see cref="Value"/> (e.g. "samples/s").</param>
/// <param name="Value">Median throughput over the runs.</param>
/// <param name="Runs">Throughput of every timed run, in order.</param>
/// <param name="FlopsPerItem">Analytic floating-point operations per item (0 when not applicable).</param>
/// <param name="MatmulFraction">Achieved GFLOP/s divided by the same run's matmul GFLOP/s (0 when not applicable).</param>
public sealed record BenchmarkFigure(string Name, string Unit, double Value, IReadOnlyList<double> Runs,
    double FlopsPerItem = 0, double MatmulFraction = 0)
{
    /// <summary>Achieved GFLOP/s: Value * FlopsPerItem / 1e9, or Value itself when it is already in GFLOP/s (matmul).</summary>
    public double Gflops => Unit == "GFLOP/s" ? Value : Value * FlopsPerItem / 1e9;
}

/// <summary>Warm-up then median-of-runs timing, the way every benchmark figure here is taken.</summary>
public static class BenchmarkTimer
{
    /// <summary>
    /// Runs <paramref name="action"/> <paramref name="warmup"/> times untimed, then <paramref name="runs"/> times timed;
    /// each call processes <paramref name="itemsPerCall"/> items. Returns per-run throughput (items/s) and its median.
    /// </summary>
    public static (double Median, double[] Runs) Measure(Action action, int itemsPerCall, int warmup, int runs)
    {
        for (int i = 0; i < warmup; i++) action();
        var rates = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            rates[i] = itemsPerCall / sw.Elapsed.TotalSeconds;
        }
        return (Median(rates), rates);
    }

    /// <summary>Median of a sample (mean of the middle two for even counts).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        var s = values.OrderBy(v => v).ToArray();
        return s.Length == 0 ? double.NaN : s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
