using System.Diagnostics;
using SocialFusion.Analytics.Cascades;
using SocialFusion.Analytics.Store;

namespace SocialFusion.Analytics.Benchmarks;

/// <summary>One run's cascade figures.</summary>
/// <param name="Posts">Posts in the store.</param>
/// <param name="Cascades">Cascades with at least one reshare.</param>
/// <param name="LargestCascade">Posts in the largest cascade.</param>
/// <param name="LoadSeconds">Reading the parent arrays from DuckDB and resolving roots, depths and child lists.</param>
/// <param name="MetricSeconds">Size, depth, breadth, structural virality, time to peak and lifetime of every cascade.</param>
/// <param name="PeakMemoryBytes">Peak resident memory of the process after the step (VmHWM: the whole run so far).</param>
public sealed record CascadeBenchmarkResult(long Posts, int Cascades, int LargestCascade, double LoadSeconds, double MetricSeconds, long PeakMemoryBytes)
{
    /// <summary>Reconstruction and metrics together.</summary>
    public double TotalSeconds => LoadSeconds + MetricSeconds;
}

/// <summary>
/// The cascade step of <c>socialfusion bench analytics</c>: on the store the benchmark ingested, reconstruct every
/// cascade and compute its metrics (<see cref="CascadeAnalysis"/> without the prediction task, which is not a
/// scale-mode computation). A benchmark, not a test.
/// </summary>
public static class CascadeBenchmark
{
    /// <summary>Opens the store at <paramref name="dbPath"/> read-only and times the cascade metrics.</summary>
    public static CascadeBenchmarkResult Run(string dbPath)
    {
        using var store = AnalyticsStore.Open(dbPath, readOnly: true);
        var clock = Stopwatch.StartNew();
        var r = CascadeAnalysis.Run(store, CascadeAnalysisOptions.Reference with { PredictionK = [] });
        return new CascadeBenchmarkResult(r.Posts, r.Cascades.Count, r.Cascades.Count == 0 ? 1 : r.Cascades.Max(c => c.Size),
            r.LoadSeconds, r.MetricSeconds, AnalyticsBenchmark.PeakResidentBytes());
    }
}
