using SocialFusion.Analytics.Store;

namespace SocialFusion.Analytics.Trends;

/// <summary>
/// What a family of series counts: the keys each post belongs to. A series is identified by (<see cref="Kind"/>, key):
/// (<c>hashtag</c>, <c>#heatwave</c>), (<c>location</c>, <c>gym</c>); a topic model adds (<c>topic</c>, its id) by
/// implementing this interface over its own table. Binning, zero fill, user counts and k-anonymity are done once
/// for every source by <see cref="TrendSeriesQuery"/>.
/// </summary>
public interface ISeriesSource
{
    /// <summary>The series kind, e.g. <c>hashtag</c>.</summary>
    string Kind { get; }

    /// <summary>
    /// SQL returning one row <c>(post_id VARCHAR, key VARCHAR)</c> per post and key it counts for (a post counts once
    /// per key: duplicates are removed by the caller), reading posts only from the relation named
    /// <paramref name="posts"/> (the store's <c>posts</c> columns, already cut at the query's time limit). Other store
    /// tables may be joined.
    /// </summary>
    string KeysSql(string posts, AnalyticsStore store);
}

/// <summary>
/// Hashtags of the post text, lower-cased, in both styles of <see cref="SocialFusion.Data.Text.Hashtags"/>: Weibo's
/// closed <c>#话题#</c> (no whitespace inside, at least one Han character) and <c>#word</c> (letters, digits,
/// underscore). Unlike <c>Hashtags.Extract</c> the SQL does not NFKC-normalise and does not skip a '#' glued to a
/// preceding letter (<c>c#sharp</c> counts <c>#sharp</c>).
/// </summary>
public sealed class HashtagSource : ISeriesSource
{
    /// <summary>The one instance.</summary>
    public static HashtagSource Instance { get; } = new();

    /// <summary>SQL for the hashtags of a text column, as a list.</summary>
    public const string TagsSql = @"regexp_extract_all(lower(coalesce(text, '')), '#[^#\s]*\p{Han}[^#\s]*#|#[\pL\pN_]+')";

    /// <inheritdoc />
    public string Kind => "hashtag";

    /// <inheritdoc />
    public string KeysSql(string posts, AnalyticsStore store) =>
        $"SELECT post_id, unnest({TagsSql}) AS key FROM {posts} WHERE text LIKE '%#%'";
}

/// <summary>
/// The semantic location of a post: its label, else the rank-1 location prediction of <see cref="Model"/> (null: the
/// model with the most location predictions in the store). Posts with neither count for no location series.
/// </summary>
/// <param name="Model">Model whose predictions fill unlabelled posts; null picks the model with the most.</param>
public sealed record LocationSource(string? Model = null) : ISeriesSource
{
    /// <summary>Labels, else the predictions of the model with the most location predictions.</summary>
    public static LocationSource Reference { get; } = new();

    /// <inheritdoc />
    public string Kind => "location";

    /// <inheritdoc />
    public string KeysSql(string posts, AnalyticsStore store)
    {
        var model = Model ?? store.Scalar(
            "SELECT model FROM predictions WHERE head = 'location' GROUP BY model ORDER BY count(*) DESC, model LIMIT 1") as string;
        if (model is null) return $"SELECT post_id, location AS key FROM {posts} WHERE location IS NOT NULL";
        return $"""
            SELECT p.post_id, coalesce(p.location, pr.label) AS key FROM {posts} p
            LEFT JOIN predictions pr ON pr.post_id = p.post_id AND pr.head = 'location' AND pr.rank = 1 AND pr.model = '{model.Replace("'", "''")}'
            WHERE coalesce(p.location, pr.label) IS NOT NULL
            """;
    }
}
