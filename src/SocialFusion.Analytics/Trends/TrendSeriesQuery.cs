using System.Collections;
using System.Globalization;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Store;

namespace SocialFusion.Analytics.Trends;

/// <summary>One zero-filled count series on a <see cref="TimeAxis"/>.</summary>
/// <param name="Kind">The source's kind (<c>hashtag</c>, <c>location</c>, ...).</param>
/// <param name="Key">The series key within its kind (<c>#heatwave</c>, <c>gym</c>).</param>
/// <param name="Counts">Posts per bin carrying the key (a post counts once per key).</param>
/// <param name="NewUsers">Users whose first post with the key falls in the bin: the running sum is the distinct users so far.</param>
/// <param name="Users">Distinct users over the whole series.</param>
/// <param name="Posts">Posts over the whole series.</param>
public sealed record TrendSeries(string Kind, string Key, int[] Counts, int[] NewUsers, long Users, long Posts);

/// <summary>The series of one query: the shared axis, all posts per bin, the published series and how many were suppressed.</summary>
/// <param name="Axis">Bins every series shares.</param>
/// <param name="Totals">All posts per bin (the d_t of Kleinberg's batched model); internal, never published.</param>
/// <param name="Series">Series covering at least k distinct users, by kind then key.</param>
/// <param name="Suppressed">Per kind, the series left out because fewer than k distinct users are behind them.</param>
public sealed record TrendSeriesSet(TimeAxis Axis, int[] Totals, IReadOnlyList<TrendSeries> Series, IReadOnlyDictionary<string, int> Suppressed)
{
    /// <summary>The series of one kind.</summary>
    public IEnumerable<TrendSeries> OfKind(string kind) => Series.Where(s => s.Kind == kind);
}

/// <summary>What to bin and how.</summary>
/// <param name="Bin">Hourly or daily bins.</param>
/// <param name="Time">UTC or the posters' local clock.</param>
/// <param name="Privacy">k-anonymity: a series is published only when at least k distinct users are behind it.</param>
/// <param name="Before">
/// Only posts created before this UTC instant, truncated to its bin (so the last bin is complete); the axis then ends
/// with the bin before it, with zeros after the last post. UTC basis only (a local bin pools several instants). Null: all
/// posts, axis up to the last post's bin.
/// </param>
public sealed record SeriesRequest(BinWidth Bin, TimeBasis Time, KAnonymity Privacy, DateTime? Before = null)
{
    /// <summary>Hourly UTC bins, k = 5, all posts.</summary>
    public static SeriesRequest Reference { get; } = new(BinWidth.Hour, TimeBasis.Utc, KAnonymity.Default);
}

/// <summary>
/// Count series per key of one or more <see cref="ISeriesSource"/>s, computed in DuckDB: bin every post
/// (<c>date_trunc</c> of its UTC or local time), join the sources' (post, key) rows, count per (key, bin), zero-fill
/// over the shared axis (<c>generate_series</c> from the first post's bin to the last) and aggregate each series to
/// one list row, which is all that reaches C#: one row per series, never one per post.
/// </summary>
/// <remarks>
/// k-anonymity for per-key counts: a series whose key is used by fewer than k distinct users is suppressed as a whole
/// (reported in <see cref="TrendSeriesSet.Suppressed"/>). Points of a published series are not suppressed one by one:
/// every point counts posts of the same group of at least k users, and a per-bin rule would blank almost every hourly
/// bin (which is what burst detection needs to see).
/// </remarks>
public static class TrendSeriesQuery
{
    /// <summary>Runs the query for <paramref name="sources"/> (kinds must differ).</summary>
    /// <exception cref="ArgumentException">Two sources of one kind, or <see cref="SeriesRequest.Before"/> with local time.</exception>
    public static TrendSeriesSet Run(AnalyticsStore store, IReadOnlyList<ISeriesSource> sources, SeriesRequest request)
    {
        if (sources.Select(s => s.Kind).Distinct().Count() != sources.Count)
            throw new ArgumentException("series sources: two sources share a kind; kinds identify series and must differ");
        if (request.Before is not null && request.Time != TimeBasis.Utc)
            throw new ArgumentException("a series cut at an instant (Before) needs UTC bins: a local-time bin pools several instants");
        string unit = request.Bin == BinWidth.Hour ? "hour" : "day";
        string time = request.Time == TimeBasis.Utc ? "created_at" : "created_at + to_minutes(utc_offset_minutes)";
        string? cut = request.Before is { } before
            ? $"date_trunc('{unit}', TIMESTAMP '{before.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}')" : null;
        string head = $"""
            WITH sp AS (SELECT * FROM posts {(cut is null ? "" : $"WHERE created_at < {cut}")}),
            b AS (SELECT post_id, user_id, date_trunc('{unit}', {time}) AS bin FROM sp),
            ax AS (SELECT min(bin) AS lo, {(cut is null ? "max(bin)" : $"{cut} - INTERVAL 1 {unit}")} AS hi FROM b),
            bins AS (SELECT unnest(generate_series(lo, hi, INTERVAL 1 {unit})) AS bin FROM ax)
            """;

        // Totals and the axis start (no source involved: cheap).
        int[] totals;
        DateTime? start;
        using (var cmd = store.Connection.CreateCommand())
        {
            cmd.CommandText = head + """
                , tot AS (SELECT bin, count(*) AS c FROM b GROUP BY bin)
                SELECT (SELECT lo FROM ax), list(coalesce(tot.c, 0)::INTEGER ORDER BY bins.bin) FROM bins LEFT JOIN tot USING (bin)
                """;
            using var r = cmd.ExecuteReader();
            r.Read();
            start = r.IsDBNull(0) ? null : r.GetDateTime(0);
            totals = r.IsDBNull(1) ? [] : Ints(r.GetValue(1));
        }
        var axis = new TimeAxis(start ?? default, request.Bin, request.Time, start is null ? 0 : totals.Length);
        var series = new List<TrendSeries>();
        var suppressed = sources.ToDictionary(s => s.Kind, _ => 0);
        if (axis.Count == 0 || sources.Count == 0) return new TrendSeriesSet(axis, totals, series, suppressed);

        var keys = string.Join("\n    UNION ALL ", sources.Select(s =>
            $"SELECT '{s.Kind.Replace("'", "''")}' AS kind, post_id, key FROM ({s.KeysSql("sp", store)})"));
        using (var cmd = store.Connection.CreateCommand())
        {
            cmd.CommandText = head + $"""
                ,
                k AS (SELECT DISTINCT kind, post_id, key FROM ({keys}) WHERE key IS NOT NULL),
                kb AS (SELECT k.kind, k.key, b.bin, b.user_id FROM k JOIN b USING (post_id)),
                keyset AS (SELECT kind, key, count(DISTINCT user_id) AS users, count(*) AS posts FROM kb GROUP BY kind, key),
                cnt AS (SELECT kind, key, bin, count(*) AS c FROM kb GROUP BY kind, key, bin),
                nu AS (SELECT kind, key, bin, count(*) AS u FROM
                       (SELECT kind, key, user_id, min(bin) AS bin FROM kb GROUP BY kind, key, user_id) GROUP BY kind, key, bin),
                grid AS (
                    SELECT a.kind, a.key, list(coalesce(cnt.c, 0)::INTEGER ORDER BY bins.bin) AS counts,
                           list(coalesce(nu.u, 0)::INTEGER ORDER BY bins.bin) AS new_users
                    FROM (SELECT kind, key FROM keyset WHERE {request.Privacy.MinUsers} <= users) a CROSS JOIN bins
                    LEFT JOIN cnt ON cnt.kind = a.kind AND cnt.key = a.key AND cnt.bin = bins.bin
                    LEFT JOIN nu ON nu.kind = a.kind AND nu.key = a.key AND nu.bin = bins.bin
                    GROUP BY a.kind, a.key)
                SELECT keyset.kind, keyset.key, users, posts, counts, new_users
                FROM keyset LEFT JOIN grid ON grid.kind = keyset.kind AND grid.key = keyset.key
                ORDER BY keyset.kind, keyset.key
                """;
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var kind = r.GetString(0);
                if (r.IsDBNull(4)) { suppressed[kind]++; continue; }
                series.Add(new TrendSeries(kind, r.GetString(1), Ints(r.GetValue(4)), Ints(r.GetValue(5)), Convert.ToInt64(r.GetValue(2)), Convert.ToInt64(r.GetValue(3))));
            }
        }
        return new TrendSeriesSet(axis, totals, series, suppressed);
    }

    private static int[] Ints(object list)
    {
        var items = (IList)list;
        var result = new int[items.Count];
        for (int i = 0; i < result.Length; i++) result[i] = Convert.ToInt32(items[i], CultureInfo.InvariantCulture);
        return result;
    }
}
