using System.Diagnostics;
using SocialFusion.Analytics.Influence;
using SocialFusion.Analytics.Store;

namespace SocialFusion.Analytics.Cascades;

/// <summary>What <see cref="CascadeAnalysis.Run"/> computes.</summary>
/// <param name="MinSize">Cascades smaller than this (posts, root included) are left out of the metric distributions; the size CCDF always covers every post.</param>
/// <param name="PredictionK">The k of each doubling task (none: no prediction).</param>
/// <param name="Metrics">Metric settings.</param>
/// <param name="Prediction">Model and split of the doubling task.</param>
public sealed record CascadeAnalysisOptions(int MinSize, IReadOnlyList<int> PredictionK, CascadeMetricsConfig Metrics, GrowthPredictionConfig Prediction)
{
    /// <summary>Cascades of at least 2 posts; k = 5 and 10 as in Cheng et al.</summary>
    public static CascadeAnalysisOptions Reference { get; } = new(2, [5, 10], CascadeMetricsConfig.Reference, GrowthPredictionConfig.Reference);
}

/// <summary>Quantiles of one metric over the cascades of the distributions.</summary>
public sealed record MetricSummary(string Metric, double Mean, double Median, double P90, double P99, double Max);

/// <summary>The cascade analysis of a store.</summary>
/// <param name="Posts">Posts in the store.</param>
/// <param name="LonePosts">Roots without any reshare (cascades of size 1).</param>
/// <param name="Cascades">Cascades with at least one reshare, in root time order.</param>
/// <param name="MissingParents">Posts whose parent is not in the store (each roots an orphan cascade).</param>
/// <param name="CyclesBroken">Parent cycles cut (at the cycle's earliest post).</param>
/// <param name="TwoParents">Posts with both repost_of and reply_to (the repost was used).</param>
/// <param name="MinSize">Smallest cascade in the distributions.</param>
/// <param name="SizeCcdf">(size s, share of all cascades, lone posts included, of size at least s), by s.</param>
/// <param name="Summaries">Metric quantiles over cascades of at least MinSize posts.</param>
/// <param name="Predictions">One doubling task per k.</param>
/// <param name="LoadSeconds">Time to read the forest from the store and resolve roots.</param>
/// <param name="MetricSeconds">Time to compute every cascade's metrics.</param>
public sealed record CascadeAnalysisResult(int Posts, int LonePosts, IReadOnlyList<CascadeMetric> Cascades, int MissingParents, int CyclesBroken,
    int TwoParents, int MinSize, IReadOnlyList<(int Size, double Share)> SizeCcdf, IReadOnlyList<MetricSummary> Summaries,
    IReadOnlyList<GrowthPrediction> Predictions, double LoadSeconds, double MetricSeconds)
{
    /// <summary>Cascades in the distributions.</summary>
    public int Measured => Cascades.Count(c => c.Size >= MinSize) + (MinSize <= 1 ? LonePosts : 0);
}

/// <summary>
/// Reconstructs every cascade of a store (<see cref="CascadeForest"/>), measures it (<see cref="CascadeMetrics"/>),
/// summarises the distributions and runs the doubling task of Cheng et al. (<see cref="CascadeGrowthPrediction"/>) for
/// each k. The entry point behind <c>socialfusion analyze cascades</c>, the report section and the benchmark.
/// </summary>
public static class CascadeAnalysis
{
    /// <summary>Runs the analysis (reads the store only).</summary>
    public static CascadeAnalysisResult Run(AnalyticsStore store, CascadeAnalysisOptions options)
    {
        if (options.MinSize < 1) throw new ArgumentException($"min size {options.MinSize}: a cascade has at least 1 post.");
        foreach (var k in options.PredictionK)
            if (k < 2) throw new ArgumentException($"k = {k}: the doubling task needs k >= 2 (two halves of the first k reshares).");
        var clock = Stopwatch.StartNew();
        var forest = CascadeForest.Load(store);
        double load = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var (cascades, lone) = CascadeMetrics.Compute(forest, options.Metrics);
        double metrics = clock.Elapsed.TotalSeconds;
        var predictions = new List<GrowthPrediction>();
        if (options.PredictionK.Count > 0)
        {
            var graph = UserGraph.Load(store);
            foreach (var k in options.PredictionK)
                predictions.Add(CascadeGrowthPrediction.Run(k, CascadeFeatures.Extract(store, forest, graph, cascades, k), options.Prediction));
        }
        return new CascadeAnalysisResult(forest.Count, lone, cascades, forest.MissingParents, forest.CyclesBroken, forest.TwoParents,
            options.MinSize, SizeCcdf(cascades, lone), Summaries(cascades, lone, options.MinSize), predictions, load, metrics);
    }

    /// <summary>The post ids of forest indices (numbered as <see cref="CascadeForest.Load"/> numbers them), for display.</summary>
    public static Dictionary<int, string> PostIds(AnalyticsStore store, IEnumerable<int> indices)
    {
        var wanted = indices.Distinct().ToList();
        var result = new Dictionary<int, string>();
        if (wanted.Count == 0) return result;
        using var c = store.Connection.CreateCommand();
        c.CommandText = $"""
            WITH n AS (SELECT post_id, row_number() OVER (ORDER BY created_at, post_id) - 1 AS i FROM posts)
            SELECT i, post_id FROM n WHERE i IN (SELECT unnest([{string.Join(',', wanted)}]))
            """;
        using var r = c.ExecuteReader();
        while (r.Read()) result[Convert.ToInt32(r.GetValue(0))] = r.GetString(1);
        return result;
    }

    /// <summary>P(size >= s) for each size s present, over every cascade (lone posts are size 1).</summary>
    public static List<(int Size, double Share)> SizeCcdf(IReadOnlyList<CascadeMetric> cascades, int lonePosts)
    {
        double total = cascades.Count + lonePosts;
        var counts = cascades.GroupBy(c => c.Size).ToDictionary(g => g.Key, g => g.Count());
        if (lonePosts > 0) counts[1] = lonePosts;
        var result = new List<(int, double)>();
        double atLeast = total;
        foreach (var (size, count) in counts.OrderBy(p => p.Key)) { result.Add((size, atLeast / total)); atLeast -= count; }
        return result;
    }

    private static List<MetricSummary> Summaries(IReadOnlyList<CascadeMetric> cascades, int lone, int minSize)
    {
        var kept = cascades.Where(c => c.Size >= minSize).ToList();
        // Lone posts enter only with min size 1: every metric of theirs is 0 (size 1).
        int zeros = minSize <= 1 ? lone : 0;
        MetricSummary S(string name, Func<CascadeMetric, double> get, double lonely)
        {
            var v = kept.Select(get).Concat(Enumerable.Repeat(lonely, zeros)).Order().ToArray();
            if (v.Length == 0) return new MetricSummary(name, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
            double Q(double q) => v[Math.Min(v.Length - 1, (int)Math.Floor(q * (v.Length - 1) + 0.5))];
            return new MetricSummary(name, v.Average(), Q(0.5), Q(0.9), Q(0.99), v[^1]);
        }
        return
        [
            S("size", c => c.Size, 1), S("depth", c => c.Depth, 0), S("max_breadth", c => c.MaxBreadth, 1),
            S("structural_virality", c => c.Virality, 0), S("time_to_peak_hours", c => c.TimeToPeakHours, 0),
            S("lifetime_hours", c => c.LifetimeHours, 0),
        ];
    }
}
