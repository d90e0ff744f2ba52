using System.Globalization;
using DuckDB.NET.Data;
using SocialFusion.Analytics.Users;

namespace SocialFusion.Analytics.Forecasting;

/// <summary>The bin width of a count series and its seasonal period.</summary>
public enum SeriesBin
{
    /// <summary>Hourly counts; seasonal period 24 (the day).</summary>
    Hour,
    /// <summary>Daily counts; seasonal period 7 (the week).</summary>
    Day,
}

/// <summary>Which clock the bins follow.</summary>
public enum SeriesClock
{
    /// <summary>UTC bins: one absolute time axis for every user.</summary>
    Utc,
    /// <summary>The author's local time (<c>created_at + utc_offset_minutes</c>): routines line up across time zones.</summary>
    Local,
}

/// <summary>
/// Which count series <see cref="ForecastSeries.Read"/> takes from the store. <see cref="Reference"/>: daily UTC bins,
/// the 20 most used hashtags and every labelled location that have at least 30 posts and 5 distinct users.
/// </summary>
/// <param name="Bin">Bin width (and so the seasonal period).</param>
/// <param name="Clock">UTC or local bins.</param>
/// <param name="MaxHashtags">At most this many hashtags (most posts first).</param>
/// <param name="MaxLocations">At most this many locations (most posts first).</param>
/// <param name="MinPosts">A series needs at least this many posts.</param>
/// <param name="MinUsers">A series needs at least this many distinct users (k-anonymity: a series of fewer is not reported).</param>
public sealed record ForecastSeriesConfig(
    SeriesBin Bin = SeriesBin.Day, SeriesClock Clock = SeriesClock.Utc, int MaxHashtags = 20, int MaxLocations = 20,
    int MinPosts = 30, int MinUsers = 5)
{
    /// <summary>The reference setting.</summary>
    public static ForecastSeriesConfig Reference { get; } = new();

    /// <summary>The seasonal period of <see cref="Bin"/>: 24 for hours, 7 for days.</summary>
    public int Period => Bin == SeriesBin.Hour ? 24 : 7;
}

/// <summary>One count series: posts per bin, and the distinct users behind each bin (for k-anonymous display).</summary>
/// <param name="Kind"><c>hashtag</c> or <c>location</c>.</param>
/// <param name="Name">The hashtag (lower-cased, with its #) or the location label.</param>
/// <param name="Start">The first bin's start (UTC or local, as configured).</param>
/// <param name="Counts">Posts per bin, every bin from the bin of the store's first post to that of its last (empty bins are 0).</param>
/// <param name="Users">Distinct users per bin.</param>
public sealed record CountSeries(string Kind, string Name, DateTime Start, double[] Counts, long[] Users);

/// <summary>
/// Count series per hashtag and per semantic location, aggregated in DuckDB over the whole store with empty bins filled.
/// </summary>
/// <remarks>
/// MERGE NOTE for the lead: a stand-alone helper so forecasting does not depend on the trends series library being
/// built in parallel (<c>SocialFusion.Analytics.Trends</c>); the two should become one.
/// </remarks>
public static class ForecastSeries
{
    /// <summary>Reads the selected series, hashtags first then locations, each group by descending post count.</summary>
    public static IReadOnlyList<CountSeries> Read(DuckDBConnection db, ForecastSeriesConfig config)
    {
        string unit = config.Bin == SeriesBin.Hour ? "hour" : "day";
        string time = config.Clock == SeriesClock.Local ? "(created_at + to_minutes(utc_offset_minutes))" : "created_at";
        string sql = $"""
            WITH items AS (
                SELECT date_trunc('{unit}', {time}) AS bin, user_id, 'hashtag' AS kind, unnest(list_distinct({UserProfiles.HashtagsSql})) AS name FROM posts
                UNION ALL
                SELECT date_trunc('{unit}', {time}), user_id, 'location', location FROM posts WHERE location IS NOT NULL),
            chosen AS (
                SELECT kind, name, n, row_number() OVER (PARTITION BY kind ORDER BY n DESC, name) AS r FROM (
                    SELECT kind, name, count(*) AS n FROM items GROUP BY kind, name
                    HAVING count(*) >= {config.MinPosts} AND count(DISTINCT user_id) >= {config.MinUsers})),
            axis AS (
                SELECT unnest(range(min(date_trunc('{unit}', {time})), max(date_trunc('{unit}', {time})) + INTERVAL 1 {unit}, INTERVAL 1 {unit})) AS bin FROM posts),
            counts AS (
                SELECT kind, name, bin, count(*) AS n, count(DISTINCT user_id) AS users FROM items GROUP BY ALL)
            SELECT c.kind, c.name, a.bin, coalesce(k.n, 0), coalesce(k.users, 0)
            FROM chosen c CROSS JOIN axis a LEFT JOIN counts k ON k.kind = c.kind AND k.name = c.name AND k.bin = a.bin
            WHERE (c.kind = 'hashtag' AND c.r <= {config.MaxHashtags}) OR (c.kind = 'location' AND c.r <= {config.MaxLocations})
            ORDER BY c.kind = 'location', c.n DESC, c.name, a.bin
            """;
        var result = new List<CountSeries>();
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        string? kind = null, name = null;
        DateTime start = default;
        List<double> counts = [];
        List<long> users = [];
        void Flush()
        {
            if (name != null) result.Add(new CountSeries(kind!, name, start, [.. counts], [.. users]));
            counts = []; users = [];
        }
        while (r.Read())
        {
            string k = r.GetString(0), n = r.GetString(1);
            if (k != kind || n != name) { Flush(); kind = k; name = n; start = r.GetDateTime(2); }
            counts.Add(Convert.ToDouble(r.GetValue(3), CultureInfo.InvariantCulture));
            users.Add(Convert.ToInt64(r.GetValue(4), CultureInfo.InvariantCulture));
        }
        Flush();
        return result;
    }
}
