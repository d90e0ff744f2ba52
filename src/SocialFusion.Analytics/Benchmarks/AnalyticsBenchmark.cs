using System.Diagnostics;
using SocialFusion.Analytics.Ingest;
using SocialFusion.Analytics.Store;

namespace SocialFusion.Analytics.Benchmarks;

/// <summary>One run's figures.</summary>
/// <param name="Posts">Posts ingested.</param>
/// <param name="Follows">Follow edges ingested.</param>
/// <param name="IngestSeconds">Wall time of the posts + follows ingest (reading, validation, Appender, merge, derived tables).</param>
/// <param name="ProfileSeconds">Wall time of the per-user profile aggregate over every user.</param>
/// <param name="ProfileRows">Rows the profile aggregate wrote (one per user and feature).</param>
/// <param name="ProfileSource">Which profile computation was timed.</param>
/// <param name="PeakMemoryBytes">Peak resident memory of this process (VmHWM), including DuckDB's native memory.</param>
public sealed record AnalyticsBenchmarkResult(long Posts, long Follows, double IngestSeconds, double ProfileSeconds, long ProfileRows,
    string ProfileSource, long PeakMemoryBytes, int Cores)
{
    /// <summary>Ingest throughput.</summary>
    public double PostsPerSecond => Posts / IngestSeconds;
}

/// <summary>
/// <c>socialfusion bench analytics</c>: ingests a posts file (and follows) into a fresh store, then computes a profile
/// for every user, timing both and reporting peak memory. A benchmark, not a test: figures depend on the machine and
/// its load. Profiles are timed through <see cref="ProfileAggregate"/> unless the caller passes its own computation.
/// </summary>
public static class AnalyticsBenchmark
{
    /// <summary>Runs the benchmark on <paramref name="posts"/>; the store is created at <paramref name="dbPath"/> (deleted first).</summary>
    public static AnalyticsBenchmarkResult Run(string posts, string? follows, string dbPath,
        Func<AnalyticsStore, (long Rows, string Source)>? profiles = null, IProgress<string>? progress = null)
    {
        foreach (var f in new[] { dbPath, dbPath + ".wal" }) if (File.Exists(f)) File.Delete(f);
        using var store = AnalyticsStore.Open(dbPath);
        progress?.Report("ingesting");
        var clock = Stopwatch.StartNew();
        var report = StoreIngest.Run(store, new IngestRequest(posts, follows));
        double ingest = clock.Elapsed.TotalSeconds;
        progress?.Report("profiles");
        clock.Restart();
        var (rows, source) = (profiles ?? ProfileAggregate.Run)(store);
        double profile = clock.Elapsed.TotalSeconds;
        return new AnalyticsBenchmarkResult(report.StorePosts, store.Count("follows"), ingest, profile, rows, source, PeakResidentBytes(), Environment.ProcessorCount);
    }

    /// <summary>VmHWM from /proc/self/status (peak resident set), or the managed peak working set elsewhere.</summary>
    public static long PeakResidentBytes()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
            foreach (var line in File.ReadLines(status))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return Process.GetCurrentProcess().PeakWorkingSet64;
    }
}

/// <summary>
/// A per-user behaviour profile computed entirely in SQL, written to <c>user_features</c> under one run: posts by
/// local hour x weekday (168 cells), location mix, text sentiment mix, engagement received, replies and reposts made and
/// received. The benchmark's own profile computation; the analyses' profile class may replace it.
/// </summary>
public static class ProfileAggregate
{
    /// <summary>Computes every user's profile; returns the feature rows written and a description.</summary>
    public static (long Rows, string Source) Run(AnalyticsStore store)
    {
        var run = "bench-" + Guid.NewGuid().ToString("N")[..8];
        using var tx = store.Connection.BeginTransaction();
        store.Execute($"INSERT INTO analysis_runs VALUES ('{run}', 'profile-aggregate', NULL, '{store.DataFingerprint()}', now()::TIMESTAMP)");
        long rows = store.Execute($"""
            INSERT INTO user_features
            WITH local AS (
                SELECT user_id, created_at + to_minutes(utc_offset_minutes) AS t, location, text_sentiment, likes FROM posts),
            hw AS (
                SELECT user_id, 'hour_weekday:' || isodow(t) || ':' || hour(t) AS feature, count(*)::DOUBLE AS value FROM local GROUP BY ALL),
            loc AS (
                SELECT user_id, 'location:' || location AS feature, count(*)::DOUBLE / sum(count(*)) OVER (PARTITION BY user_id) AS value
                FROM local WHERE location IS NOT NULL GROUP BY user_id, location),
            sen AS (
                SELECT user_id, 'text_sentiment:' || text_sentiment AS feature, count(*)::DOUBLE / sum(count(*)) OVER (PARTITION BY user_id) AS value
                FROM local WHERE text_sentiment IS NOT NULL GROUP BY user_id, text_sentiment),
            eng AS (
                SELECT user_id, 'likes_received_mean' AS feature, avg(coalesce(likes, 0))::DOUBLE AS value FROM local GROUP BY ALL),
            made AS (
                SELECT child_user_id AS user_id, kind || 's_made' AS feature, count(*)::DOUBLE AS value FROM post_edges GROUP BY ALL),
            got AS (
                SELECT parent_user_id AS user_id, kind || 's_received' AS feature, count(*)::DOUBLE AS value
                FROM post_edges WHERE parent_user_id IS NOT NULL GROUP BY ALL)
            SELECT '{run}', user_id, feature, value FROM (
                SELECT * FROM hw UNION ALL SELECT * FROM loc UNION ALL SELECT * FROM sen UNION ALL SELECT * FROM eng
                UNION ALL SELECT * FROM made UNION ALL SELECT * FROM got)
            """);
        tx.Commit();
        return (rows, "ProfileAggregate (SQL: hour x weekday, location, sentiment, engagement, reply/repost)");
    }
}
