using SocialFusion.Analytics.Store;

namespace SocialFusion.Analytics.Ingest;

/// <summary>
/// The set-based half of ingest: merges the scratch tables into the store with one MERGE per table (no row-by-row
/// statements), and rebuilds the derived tables (users, post_edges). Called inside the ingest transaction.
/// </summary>
internal static class StoreMerge
{
    private static readonly string[] PostColumns = PostStaging.Columns.Split(", ");

    // Every stored field: a post whose hash changed is updated, one whose hash is the same is unchanged.
    private static string PostHash(string alias) =>
        "hash(" + string.Join(", ", PostColumns.Skip(1).Select(c => $"{alias}.{c}")) + ")";

    private const string Hashed = PostStaging.Table + "_hashed";

    public static MergeCounts Posts(AnalyticsStore store)
    {
        // One parallel pass that writes the hashed copy (an ALTER + UPDATE of the staged rows costs several times more).
        store.Execute($"CREATE OR REPLACE TABLE {Hashed} AS SELECT s.*, {PostHash("s")} AS content_hash FROM {PostStaging.Table} s");
        var counts = Count(store, Hashed, "posts", "t.post_id = s.post_id", "t.post_id", "t.content_hash = s.content_hash");
        var set = string.Join(", ", PostColumns.Skip(1).Append("content_hash").Select(c => $"{c} = s.{c}"));
        var all = string.Join(", ", PostColumns.Append("content_hash"));
        store.Execute($"""
            MERGE INTO posts t USING {Hashed} s ON t.post_id = s.post_id
            WHEN MATCHED AND t.content_hash <> s.content_hash THEN UPDATE SET {set}, updated_at = now()::TIMESTAMP
            WHEN NOT MATCHED THEN INSERT ({all}, ingested_at, updated_at)
                VALUES ({string.Join(", ", PostColumns.Append("content_hash").Select(c => "s." + c))}, now()::TIMESTAMP, now()::TIMESTAMP);
            DROP TABLE {Hashed};
            """);
        return counts;
    }

    public static MergeCounts Follows(AnalyticsStore store)
    {
        const string same = "t.weight IS NOT DISTINCT FROM s.weight AND t.created_at IS NOT DISTINCT FROM s.created_at";
        var counts = Count(store, FollowStaging.Table, "follows", "t.src = s.src AND t.dst = s.dst", "t.src", same);
        store.Execute($"""
            MERGE INTO follows t USING {FollowStaging.Table} s ON t.src = s.src AND t.dst = s.dst
            WHEN MATCHED AND NOT ({same}) THEN UPDATE SET weight = s.weight, created_at = s.created_at
            WHEN NOT MATCHED THEN INSERT (src, dst, weight, created_at, ingested_at) VALUES (s.src, s.dst, s.weight, s.created_at, now()::TIMESTAMP)
            """);
        return counts;
    }

    /// <summary>
    /// Predictions are merged per (post, model): a post's new top-k replaces its old one whole (k may differ between
    /// runs), so counts are of posts, not rows.
    /// </summary>
    public static MergeCounts Predictions(AnalyticsStore store)
    {
        const string digest = "bit_xor(hash(head, rank, label, probability, value, s, alpha))";
        store.Execute($"""
            CREATE OR REPLACE TEMP TABLE prediction_digests AS
            SELECT s.post_id, s.model, s.h AS new_h, t.h AS old_h
            FROM (SELECT post_id, model, {digest} AS h FROM {PredictionStaging.Table} GROUP BY ALL) s
            LEFT JOIN (SELECT post_id, model, {digest} AS h FROM predictions WHERE model IN (SELECT DISTINCT model FROM {PredictionStaging.Table}) GROUP BY ALL) t
                USING (post_id, model)
            """);
        var counts = Read(store, """
            SELECT count(*) FILTER (WHERE old_h IS NULL), count(*) FILTER (WHERE old_h <> new_h), count(*) FILTER (WHERE old_h = new_h)
            FROM prediction_digests
            """);
        store.Execute($"""
            DELETE FROM predictions t USING prediction_digests d
                WHERE t.post_id = d.post_id AND t.model = d.model AND d.old_h <> d.new_h;
            INSERT INTO predictions
                SELECT s.post_id, s.model, s.head, s.rank, s.label, s.probability, s.value, s.s, s.alpha, now()::TIMESTAMP
                FROM {PredictionStaging.Table} s JOIN prediction_digests d USING (post_id, model)
                WHERE d.old_h IS NULL OR d.old_h <> d.new_h;
            DROP TABLE prediction_digests;
            """);
        return counts;
    }

    /// <summary>Rebuilds <c>post_edges</c> and <c>users</c> from posts and follows (after ingest, import and forget).</summary>
    public static void RefreshDerived(AnalyticsStore store) => store.Execute("""
        DELETE FROM post_edges;
        INSERT INTO post_edges
            SELECT c.post_id, c.user_id, c.reply_to, p.user_id, 'reply', c.created_at
            FROM posts c LEFT JOIN posts p ON p.post_id = c.reply_to WHERE c.reply_to IS NOT NULL
            UNION ALL
            SELECT c.post_id, c.user_id, c.repost_of, p.user_id, 'repost', c.created_at
            FROM posts c LEFT JOIN posts p ON p.post_id = c.repost_of WHERE c.repost_of IS NOT NULL;
        DELETE FROM users;
        INSERT INTO users
            WITH ids AS (SELECT user_id FROM posts UNION SELECT src FROM follows UNION SELECT dst FROM follows),
                 p AS (SELECT user_id, count(*) AS n, min(created_at) AS first_at, max(created_at) AS last_at FROM posts GROUP BY user_id),
                 o AS (SELECT src AS user_id, count(*) AS n FROM follows GROUP BY src),
                 i AS (SELECT dst AS user_id, count(*) AS n FROM follows GROUP BY dst)
            SELECT ids.user_id, coalesce(p.n, 0), p.first_at, p.last_at, coalesce(o.n, 0), coalesce(i.n, 0)
            FROM ids LEFT JOIN p USING (user_id) LEFT JOIN o USING (user_id) LEFT JOIN i USING (user_id);
        """);

    private static MergeCounts Count(AnalyticsStore store, string stage, string target, string on, string targetKey, string same) =>
        Read(store, $"""
            SELECT count(*) FILTER (WHERE {targetKey} IS NULL),
                   count(*) FILTER (WHERE {targetKey} IS NOT NULL AND NOT ({same})),
                   count(*) FILTER (WHERE {targetKey} IS NOT NULL AND ({same}))
            FROM {stage} s LEFT JOIN {target} t ON {on}
            """);

    private static MergeCounts Read(AnalyticsStore store, string sql)
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        reader.Read();
        return new MergeCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
