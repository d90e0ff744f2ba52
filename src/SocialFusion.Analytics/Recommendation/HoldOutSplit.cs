using DuckDB.NET.Data;
using SocialFusion.Analytics.Users;

namespace SocialFusion.Analytics.Recommendation;

/// <summary>
/// The per-user temporal hold-out: each user's latest floor(20%) posts by time (ties by post id) are the test posts,
/// the rest train. Users with fewer than 5 posts hold out nothing. Built in SQL as the temp table <c>rec_posts</c>
/// (post_id, user_id, created_at, context, location, tags, split) plus the view <c>rec_train</c> shaped like
/// <c>posts</c> (profiles and segments for the evaluation are computed on it, so they never see a test post).
/// </summary>
public static class HoldOutSplit
{
    /// <summary>Share of each user's posts held out.</summary>
    public const double TestShare = 0.2;

    /// <summary>Creates <c>rec_posts</c> and <c>rec_train</c> on <paramref name="db"/>; returns (train, test) post counts.</summary>
    public static (long Train, long Test) Create(DuckDBConnection db)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"""
            CREATE OR REPLACE TEMP TABLE rec_posts AS
            SELECT post_id, user_id, created_at, {UserProfiles.ContextSql} AS context, location,
                   list_distinct({UserProfiles.HashtagsSql}) AS tags,
                   CASE WHEN rn > n - floor({TestShare} * n) THEN 'test' ELSE 'train' END AS split
            FROM (SELECT post_id, user_id, created_at, location, text,
                         created_at + to_minutes(utc_offset_minutes) AS local_time,
                         row_number() OVER (PARTITION BY user_id ORDER BY created_at, post_id) AS rn,
                         count(*) OVER (PARTITION BY user_id) AS n
                  FROM posts);
            CREATE OR REPLACE TEMP VIEW rec_train AS
            SELECT * FROM posts WHERE post_id IN (SELECT post_id FROM rec_posts WHERE split = 'train');
            SELECT count(*) FILTER (WHERE split = 'train'), count(*) FILTER (WHERE split = 'test') FROM rec_posts;
            """;
        using var r = cmd.ExecuteReader();
        r.Read();
        return (r.GetInt64(0), r.GetInt64(1));
    }
}
