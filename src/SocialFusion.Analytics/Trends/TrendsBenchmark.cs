using System.Diagnostics;
using SocialFusion.Analytics.Store;

namespace SocialFusion.Analytics.Trends;

/// <summary>Figures of one full trends computation.</summary>
/// <param name="Posts">Posts in the store.</param>
/// <param name="Bins">Bins of the axis.</param>
/// <param name="Series">Published series (all kinds).</param>
/// <param name="Suppressed">Series suppressed by k-anonymity.</param>
/// <param name="Bursts">Level-1 bursts per detector.</param>
/// <param name="SeriesSeconds">Wall time of the SQL series (every source, binned, zero-filled).</param>
/// <param name="DetectSeconds">Wall time of every detector on every series.</param>
public sealed record TrendsBenchmarkResult(long Posts, int Bins, int Series, int Suppressed, IReadOnlyDictionary<string, int> Bursts,
    double SeriesSeconds, double DetectSeconds)
{
    /// <summary>Series plus detection.</summary>
    public double TotalSeconds => SeriesSeconds + DetectSeconds;
}

/// <summary>
/// Times a full trends computation on a store: the series of every source of <paramref name="options"/> (default
/// <see cref="TrendOptions.Reference"/>: hashtags and locations, hourly UTC bins) and every detector on every series.
/// A benchmark hook for <c>bench analytics</c>, not a test: the figures depend on the machine and its load.
/// </summary>
public static class TrendsBenchmark
{
    /// <summary>Runs the computation once and reports its times.</summary>
    public static TrendsBenchmarkResult Run(AnalyticsStore store, TrendOptions? options = null)
    {
        options ??= TrendOptions.Reference;
        var clock = Stopwatch.StartNew();
        var set = TrendSeriesQuery.Run(store, options.Sources, new SeriesRequest(options.Bin, options.Time, options.Privacy));
        double series = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var bursts = new Dictionary<string, int>();
        foreach (var d in options.Detectors)
            bursts[d.Name] = TrendAnalysis.DetectAll(set, d).Sum(s => s.Bursts.Count(b => b.Level == 1));
        double detect = clock.Elapsed.TotalSeconds;
        return new TrendsBenchmarkResult(store.Count("posts"), set.Axis.Count, set.Series.Count, set.Suppressed.Values.Sum(), bursts, series, detect);
    }
}
