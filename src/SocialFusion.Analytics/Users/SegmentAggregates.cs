using DuckDB.NET.Data;
using SocialFusion.Analytics.Privacy;

namespace SocialFusion.Analytics.Users;

/// <summary>
/// Aggregates over many users for reports and aggregate output, each cell carrying its distinct-user count and
/// suppressed under k-anonymity (<see cref="KAnonymity"/>): segment sizes, hour x weekday heatmaps (everyone and per segment),
/// location mix per segment, and the population's sentiment per month. Computed in SQL over the profile run's views.
/// </summary>
public sealed record SegmentAggregates(
    IReadOnlyList<KCell<long>> SegmentSizes,
    KCell<long>[][] PopulationHeatmap,
    IReadOnlyList<KCell<long>[][]> Heatmaps,
    IReadOnlyList<IReadOnlyDictionary<string, KCell<double>>> LocationMix,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, KCell<double>>> SentimentByMonth,
    IReadOnlyList<string> Locations, int MinUsers)
{
    /// <summary>
    /// Computes the aggregates for the segments of <paramref name="segmentRun"/>. Needs the views of the last
    /// <see cref="UserProfiles.Compute(DuckDBConnection, string, ProfileConfig?)"/> on this connection.
    /// </summary>
    public static SegmentAggregates Compute(DuckDBConnection db, string segmentRun, int segments, KAnonymity k)
    {
        string run = UserProfiles.Literal(segmentRun);
        var sizes = new KCell<long>[segments];
        Read(db, $"SELECT segment, count(*) FROM user_segments WHERE run_id = {run} GROUP BY segment", r =>
        {
            long n = r.GetInt64(1);
            sizes[r.GetInt32(0)] = k.Cell(n, n);
        });
        var heat = Enumerable.Range(0, segments).Select(_ => Enumerable.Range(0, 7).Select(_ => Enumerable.Repeat(k.Cell(0L, 0), 24).ToArray()).ToArray()).ToArray();
        Read(db, $"""
            SELECT s.segment, isodow(p.local_time) - 1, hour(p.local_time), count(*), count(DISTINCT p.user_id)
            FROM pf_posts p JOIN user_segments s ON s.user_id = p.user_id AND s.run_id = {run} GROUP BY ALL
            """, r => heat[r.GetInt32(0)][r.GetInt32(1)][r.GetInt32(2)] = k.Cell(r.GetInt64(3), r.GetInt64(4)));
        var population = Enumerable.Range(0, 7).Select(_ => Enumerable.Repeat(k.Cell(0L, 0), 24).ToArray()).ToArray();
        Read(db, "SELECT isodow(local_time) - 1, hour(local_time), count(*), count(DISTINCT user_id) FROM pf_posts GROUP BY ALL",
            r => population[r.GetInt32(0)][r.GetInt32(1)] = k.Cell(r.GetInt64(2), r.GetInt64(3)));
        var locations = new SortedSet<string>(StringComparer.Ordinal);
        var mix = Enumerable.Range(0, segments).Select(_ => new SortedDictionary<string, KCell<double>>(StringComparer.Ordinal)).ToArray();
        Read(db, $"""
            SELECT s.segment, l.label, sum(l.weight) / sum(sum(l.weight)) OVER (PARTITION BY s.segment), count(DISTINCT l.user_id)
            FROM pf_location l JOIN user_segments s ON s.user_id = l.user_id AND s.run_id = {run} GROUP BY s.segment, l.label
            """, r => { locations.Add(r.GetString(1)); mix[r.GetInt32(0)][r.GetString(1)] = k.Cell(r.GetDouble(2), r.GetInt64(3)); });
        var months = new SortedDictionary<string, IReadOnlyDictionary<string, KCell<double>>>(StringComparer.Ordinal);
        Read(db, """
            SELECT strftime(local_time, '%Y-%m') AS month, label, sum(weight) / sum(sum(weight)) OVER (PARTITION BY month), count(DISTINCT user_id)
            FROM pf_sentiment GROUP BY month, label
            """, r =>
        {
            if (!months.TryGetValue(r.GetString(0), out var m)) months[r.GetString(0)] = m = new SortedDictionary<string, KCell<double>>(StringComparer.Ordinal);
            ((SortedDictionary<string, KCell<double>>)m)[r.GetString(1)] = k.Cell(r.GetDouble(2), r.GetInt64(3));
        });
        return new SegmentAggregates(sizes, population, heat, mix, months, [.. locations], k.MinUsers);
    }

    private static void Read(DuckDBConnection db, string sql, Action<DuckDBDataReader> row)
    {
        using var cmd = db.CreateCommand(); cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        while (r.Read()) row(r);
    }
}
