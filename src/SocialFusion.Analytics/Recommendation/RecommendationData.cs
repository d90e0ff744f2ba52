using DuckDB.NET.Data;

namespace SocialFusion.Analytics.Recommendation;

/// <summary>What is recommended: places (a post's location label) or topics (its hashtags).</summary>
public enum ItemKind { Place, Topic }

/// <summary>One held-out post to recommend for: who, when (UTC and local time context), the user's segment and the items it had.</summary>
public sealed record RecommendationQuery(string PostId, string UserId, DateTime CreatedAt, string Context, int Segment, IReadOnlySet<string> Relevant);

/// <summary>
/// Item counts over the training posts, aggregated in SQL (never the posts themselves): global, per user, per
/// segment and per segment x time context; plus, per topic query, the hashtags of the posts visible in the window
/// before it (<see cref="ContextConfig.TopicWindowDays"/>), with the posts of people the user follows marked.
/// </summary>
public sealed class RecommendationData
{
    public required ItemKind Kind { get; init; }
    public required Dictionary<string, double> Global { get; init; }
    public required Dictionary<string, Dictionary<string, double>> ByUser { get; init; }
    public required Dictionary<int, Dictionary<string, double>> BySegment { get; init; }
    public required Dictionary<(int Segment, string Context), Dictionary<string, double>> BySegmentContext { get; init; }
    /// <summary>Per query post: (all visible window counts, followees' window counts) by item. Topics only.</summary>
    public required Dictionary<string, (Dictionary<string, double> All, Dictionary<string, double> Followees)> Window { get; init; }
    public required List<RecommendationQuery> Queries { get; init; }

    /// <summary>Loads the counts for <paramref name="kind"/> from <c>rec_posts</c> (see <see cref="HoldOutSplit"/>) and the run's segments.</summary>
    public static RecommendationData Load(DuckDBConnection db, ItemKind kind, string segmentRun, ContextConfig config)
    {
        // One row per (post, item): the location, or each distinct hashtag.
        string items = kind == ItemKind.Place
            ? "SELECT post_id, user_id, created_at, context, split, location AS item FROM rec_posts WHERE location IS NOT NULL"
            : "SELECT post_id, user_id, created_at, context, split, unnest(tags) AS item FROM rec_posts";
        Exec(db, $"""
            CREATE OR REPLACE TEMP TABLE rec_items AS
            SELECT i.*, coalesce(s.segment, -1) AS segment FROM ({items}) i
            LEFT JOIN user_segments s ON s.user_id = i.user_id AND s.run_id = {Users.UserProfiles.Literal(segmentRun)}
            """);
        var data = new RecommendationData
        {
            Kind = kind,
            Global = [], ByUser = [], BySegment = [], BySegmentContext = [], Window = [], Queries = [],
        };
        Read(db, "SELECT item, count(*) FROM rec_items WHERE split = 'train' GROUP BY item", r => data.Global[r.GetString(0)] = r.GetInt64(1));
        Read(db, "SELECT user_id, item, count(*) FROM rec_items WHERE split = 'train' GROUP BY ALL",
            r => Cell(data.ByUser, r.GetString(0))[r.GetString(1)] = r.GetInt64(2));
        Read(db, "SELECT segment, item, count(*) FROM rec_items WHERE split = 'train' GROUP BY ALL",
            r => Cell(data.BySegment, r.GetInt32(0))[r.GetString(1)] = r.GetInt64(2));
        Read(db, "SELECT segment, context, item, count(*) FROM rec_items WHERE split = 'train' GROUP BY ALL",
            r => Cell(data.BySegmentContext, (r.GetInt32(0), r.GetString(1)))[r.GetString(2)] = r.GetInt64(3));
        var queries = new Dictionary<string, (string User, DateTime At, string Context, int Segment, HashSet<string> Items)>();
        Read(db, "SELECT post_id, user_id, created_at, context, segment, item FROM rec_items WHERE split = 'test' ORDER BY post_id, item", r =>
        {
            var id = r.GetString(0);
            if (!queries.TryGetValue(id, out var q))
                queries[id] = q = (r.GetString(1), r.GetDateTime(2), r.GetString(3), r.GetInt32(4), new HashSet<string>(StringComparer.Ordinal));
            q.Items.Add(r.GetString(5));
        });
        data.Queries.AddRange(queries.Select(p => new RecommendationQuery(p.Key, p.Value.User, p.Value.At, p.Value.Context, p.Value.Segment, p.Value.Items)));
        if (kind == ItemKind.Topic)
        {
            // Visible before a query: every training post, and other users' test posts (the hold-out hides only the
            // user's own latest posts). Window [t - days, t).
            Read(db, $"""
                SELECT q.post_id, v.item, count(*), count(f.src)
                FROM (SELECT DISTINCT post_id, user_id, created_at FROM rec_items WHERE split = 'test') q
                JOIN rec_items v ON v.created_at < q.created_at AND v.created_at >= q.created_at - to_days({config.TopicWindowDays})
                                 AND (v.split = 'train' OR v.user_id <> q.user_id)
                LEFT JOIN (SELECT DISTINCT src, dst FROM follows) f ON f.src = q.user_id AND f.dst = v.user_id
                GROUP BY ALL
                """, r =>
            {
                var id = r.GetString(0);
                if (!data.Window.TryGetValue(id, out var w)) data.Window[id] = w = ([], []);
                w.All[r.GetString(1)] = r.GetInt64(2);
                w.Followees[r.GetString(1)] = r.GetInt64(3);
            });
        }
        return data;
    }

    private static Dictionary<string, double> Cell<TKey>(Dictionary<TKey, Dictionary<string, double>> d, TKey key) where TKey : notnull =>
        d.TryGetValue(key, out var v) ? v : d[key] = new Dictionary<string, double>(StringComparer.Ordinal);

    private static void Exec(DuckDBConnection db, string sql)
    {
        using var cmd = db.CreateCommand(); cmd.CommandText = sql; cmd.ExecuteNonQuery();
    }

    private static void Read(DuckDBConnection db, string sql, Action<DuckDBDataReader> row)
    {
        using var cmd = db.CreateCommand(); cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        while (r.Read()) row(r);
    }
}
