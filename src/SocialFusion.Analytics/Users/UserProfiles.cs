using System.Globalization;
using DuckDB.NET.Data;

namespace SocialFusion.Analytics.Users;

/// <summary>
/// How profiles are computed. Reference setting: location from the label where the post has one, else from the
/// location predictions of <see cref="PredictionModel"/> (null: the model with the most location predictions);
/// time-context location shares shrunk towards the population's with a pseudo-count of 2 posts; 10 top hashtags.
/// </summary>
/// <param name="PredictionModel">Model whose predictions fill unlabelled posts; null picks the model with the most.</param>
/// <param name="ContextPseudoCount">m in (n_cl + m p_cl) / (n_c + m): a user with few posts in a time context looks like the population there.</param>
/// <param name="TopHashtags">Hashtags kept per user.</param>
public sealed record ProfileConfig(string? PredictionModel = null, double ContextPseudoCount = 2, int TopHashtags = 10)
{
    /// <summary>The reference setting.</summary>
    public static ProfileConfig Reference { get; } = new();
}

/// <summary>
/// Per-user profiles, computed entirely in DuckDB and written in long format (user, feature, value) to
/// <c>user_features</c> under one run id. Nothing here reads posts into C#.
/// </summary>
/// <remarks>
/// Features (every share is in [0, 1], so profile vectors need no further scaling):
/// <list type="bullet">
/// <item><c>posts</c>: post count. <c>how.D.HH</c>: posts at local weekday D (0 = Monday) and hour HH (the heatmap).
/// <c>hour4.B</c>: share of posts in local hours [4B, 4B + 4). <c>weekend</c>: share on Saturday or Sunday.</item>
/// <item><c>loc.L</c>: share of location L; <c>loc_src.labelled</c> / <c>loc_src.predicted</c>: how many posts
/// (predicted: summed probability mass) each source contributed. Predicted top-k probabilities are renormalised per post.</item>
/// <item><c>ctx.C.L</c>: share of location L among the user's posts in time context C (<see cref="TimeContexts"/>),
/// shrunk towards the population: (n_CL + m p_CL) / (n_C + m).</item>
/// <item><c>sent.S</c>: share of text sentiment S (label, else predicted <c>text_sentiment</c>); <c>sent_month.YYYY-MM.S</c>: counts per local month.</item>
/// <item><c>tag.#x</c>: count of the user's top hashtags (lower-cased).</item>
/// <item><c>eng.*</c>: likes, reposts and replies received (the posts' engagement counts), replies and reposts
/// given (the user's own reply/repost posts), distinct users replied to or reposted; <c>engp.*</c> the same as
/// percentile ranks among users. <c>reply.share</c>, <c>repost.share</c>, <c>reply.to_followee</c> (share of the user's
/// replies and reposts whose parent author the user follows), <c>reply.unknown_parent</c> (count).</item>
/// </list>
/// </remarks>
public static class UserProfiles
{
    /// <summary>Location labels are read from these time contexts (local time); nights are one context all week.</summary>
    public static IReadOnlyList<string> TimeContexts { get; } = ["night", "weekday_morning", "weekday_afternoon", "weekday_evening", "weekend_day"];

    /// <summary>SQL for a post's local time context, over a relation with a <c>local_time</c> column.</summary>
    public const string ContextSql =
        """
        CASE WHEN hour(local_time) < 7 OR hour(local_time) >= 22 THEN 'night'
             WHEN isodow(local_time) >= 6 THEN 'weekend_day'
             WHEN hour(local_time) < 12 THEN 'weekday_morning'
             WHEN hour(local_time) < 17 THEN 'weekday_afternoon'
             ELSE 'weekday_evening' END
        """;

    /// <summary>SQL for the lower-cased hashtags of a <c>text</c> column (a list).</summary>
    public const string HashtagsSql = @"regexp_extract_all(lower(coalesce(text, '')), '#[\pL\pN_]+')";

    /// <summary>The model whose location predictions fill unlabelled posts, or null when there are none.</summary>
    public static string? ResolveModel(DuckDBConnection db, ProfileConfig config)
    {
        if (config.PredictionModel != null) return config.PredictionModel;
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT model FROM predictions WHERE head = 'location' GROUP BY model ORDER BY count(*) DESC, model LIMIT 1";
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>Computes every user's profile into <c>user_features</c> under <paramref name="runId"/>; returns the users profiled.</summary>
    public static long Compute(DuckDBConnection db, string runId, ProfileConfig? config = null) => Compute(db, runId, config, "posts");

    /// <summary>Profiles over the posts of <paramref name="postsRelation"/> (a table or view shaped like <c>posts</c>), e.g. a training split.</summary>
    internal static long Compute(DuckDBConnection db, string runId, ProfileConfig? config, string postsRelation)
    {
        config ??= ProfileConfig.Reference;
        var model = ResolveModel(db, config);
        Exec(db, config, "DELETE FROM user_features WHERE run_id = $run", runId);
        // Views scoped to this computation: local time once, location and sentiment with their source once.
        Exec(db, config, $"""
            CREATE OR REPLACE TEMP VIEW pf_posts AS
            SELECT post_id, user_id, text, likes, reposts, replies, reply_to, repost_of, location, text_sentiment,
                   created_at + to_minutes(utc_offset_minutes) AS local_time
            FROM {postsRelation};
            CREATE OR REPLACE TEMP VIEW pf_edges AS SELECT * FROM post_edges WHERE child_id IN (SELECT post_id FROM {postsRelation});
            CREATE OR REPLACE TEMP VIEW pf_posts_ctx AS SELECT *, {ContextSql} AS context FROM pf_posts;
            CREATE OR REPLACE TEMP VIEW pf_location AS
            SELECT post_id, user_id, context, location AS label, 1.0 AS weight, 'labelled' AS source FROM pf_posts_ctx WHERE location IS NOT NULL
            UNION ALL
            SELECT p.post_id, p.user_id, p.context, pr.label, pr.probability / sum(pr.probability) OVER (PARTITION BY pr.post_id), 'predicted'
            FROM pf_posts_ctx p JOIN predictions pr ON pr.post_id = p.post_id AND pr.head = 'location' AND pr.model = {Literal(model)}
            WHERE p.location IS NULL AND pr.label IS NOT NULL AND pr.probability > 0;
            CREATE OR REPLACE TEMP VIEW pf_sentiment AS
            SELECT post_id, user_id, local_time, text_sentiment AS label, 1.0 AS weight FROM pf_posts WHERE text_sentiment IS NOT NULL
            UNION ALL
            SELECT p.post_id, p.user_id, p.local_time, pr.label, pr.probability / sum(pr.probability) OVER (PARTITION BY pr.post_id)
            FROM pf_posts p JOIN predictions pr ON pr.post_id = p.post_id AND pr.head = 'text_sentiment' AND pr.model = {Literal(model)}
            WHERE p.text_sentiment IS NULL AND pr.label IS NOT NULL AND pr.probability > 0;
            """, runId);
        const string Insert = "INSERT INTO user_features SELECT $run, user_id, feature, value FROM ";
        string[] groups =
        [
            // Activity: counts per weekday x hour, shares per 4-hour bin and weekend.
            """
            (SELECT user_id, 'posts' AS feature, count(*)::DOUBLE AS value FROM pf_posts GROUP BY user_id
             UNION ALL
             SELECT user_id, printf('how.%d.%02d', isodow(local_time) - 1, hour(local_time)), count(*) FROM pf_posts GROUP BY ALL
             UNION ALL
             SELECT user_id, 'hour4.' || b, n / sum(n) OVER (PARTITION BY user_id)
             FROM (SELECT user_id, hour(local_time) // 4 AS b, count(*)::DOUBLE AS n FROM pf_posts GROUP BY ALL)
             UNION ALL
             SELECT user_id, 'weekend', avg(CASE WHEN isodow(local_time) >= 6 THEN 1.0 ELSE 0.0 END) FROM pf_posts GROUP BY user_id)
            """,
            // Locations with their source, overall and per time context (shrunk towards the population).
            """
            (SELECT user_id, 'loc.' || label AS feature, sum(weight) / sum(sum(weight)) OVER (PARTITION BY user_id) AS value
             FROM pf_location GROUP BY user_id, label
             UNION ALL
             SELECT user_id, 'loc_src.' || source, sum(weight) FROM pf_location GROUP BY user_id, source
             UNION ALL
             SELECT u.user_id, 'ctx.' || pc.context || '.' || pc.label,
                    (coalesce(uc.n, 0) + $pseudo * pc.p) / (coalesce(ut.n, 0) + $pseudo)
             FROM (SELECT DISTINCT user_id FROM pf_location) u
             CROSS JOIN (SELECT context, label, sum(weight) / sum(sum(weight)) OVER (PARTITION BY context) AS p
                         FROM pf_location GROUP BY context, label) pc
             LEFT JOIN (SELECT user_id, context, label, sum(weight) AS n FROM pf_location GROUP BY ALL) uc
                    ON uc.user_id = u.user_id AND uc.context = pc.context AND uc.label = pc.label
             LEFT JOIN (SELECT user_id, context, sum(weight) AS n FROM pf_location GROUP BY ALL) ut
                    ON ut.user_id = u.user_id AND ut.context = pc.context)
            """,
            // Sentiment overall and per local month.
            """
            (SELECT user_id, 'sent.' || label AS feature, sum(weight) / sum(sum(weight)) OVER (PARTITION BY user_id) AS value
             FROM pf_sentiment GROUP BY user_id, label
             UNION ALL
             SELECT user_id, 'sent_month.' || strftime(local_time, '%Y-%m') || '.' || label, sum(weight) FROM pf_sentiment GROUP BY ALL)
            """,
            // Top hashtags.
            $"""
            (SELECT user_id, 'tag.' || tag AS feature, n AS value FROM (
                SELECT user_id, tag, count(*)::DOUBLE AS n, row_number() OVER (PARTITION BY user_id ORDER BY count(*) DESC, tag) AS r
                FROM (SELECT user_id, unnest({HashtagsSql}) AS tag FROM pf_posts) GROUP BY user_id, tag)
             WHERE r <= $top)
            """,
            // Engagement received and given, reply/repost behaviour.
            """
            (WITH e AS (
                SELECT p.user_id,
                       coalesce(sum(p.likes), 0)::DOUBLE AS likes_received, coalesce(sum(p.reposts), 0)::DOUBLE AS reposts_received,
                       coalesce(sum(p.replies), 0)::DOUBLE AS replies_received,
                       count(p.reply_to)::DOUBLE AS replies_given, count(p.repost_of)::DOUBLE AS reposts_given,
                       count(*)::DOUBLE AS posts
                FROM pf_posts p GROUP BY p.user_id),
             g AS (
                SELECT pe.child_user_id AS user_id, count(DISTINCT pe.parent_user_id)::DOUBLE AS partners,
                       avg(CASE WHEN f.src IS NOT NULL THEN 1.0 ELSE 0.0 END) FILTER (WHERE pe.parent_user_id IS NOT NULL) AS to_followee,
                       count(*) FILTER (WHERE pe.parent_user_id IS NULL)::DOUBLE AS unknown_parent
                FROM pf_edges pe LEFT JOIN (SELECT DISTINCT src, dst FROM follows) f ON f.src = pe.child_user_id AND f.dst = pe.parent_user_id
                GROUP BY pe.child_user_id),
             w AS (SELECT e.*, coalesce(g.partners, 0) AS partners, coalesce(g.to_followee, 0) AS to_followee,
                          coalesce(g.unknown_parent, 0) AS unknown_parent
                   FROM e LEFT JOIN g USING (user_id))
             SELECT user_id, feature, value FROM (
                SELECT user_id, likes_received, reposts_received, replies_received, replies_given, reposts_given, partners,
                       replies_given / posts AS "reply.share", reposts_given / posts AS "repost.share",
                       to_followee AS "reply.to_followee", unknown_parent AS "reply.unknown_parent",
                       percent_rank() OVER (ORDER BY likes_received) AS p_likes, percent_rank() OVER (ORDER BY reposts_received) AS p_reposts,
                       percent_rank() OVER (ORDER BY replies_received) AS p_replies, percent_rank() OVER (ORDER BY partners) AS p_partners
                FROM w)
             UNPIVOT (value FOR feature IN (
                likes_received AS 'eng.likes_received', reposts_received AS 'eng.reposts_received', replies_received AS 'eng.replies_received',
                replies_given AS 'eng.replies_given', reposts_given AS 'eng.reposts_given', partners AS 'eng.partners',
                "reply.share" AS 'reply.share', "repost.share" AS 'repost.share', "reply.to_followee" AS 'reply.to_followee',
                "reply.unknown_parent" AS 'reply.unknown_parent',
                p_likes AS 'engp.likes_received', p_reposts AS 'engp.reposts_received', p_replies AS 'engp.replies_received',
                p_partners AS 'engp.partners')))
            """,
        ];
        foreach (var sql in groups) Exec(db, config, Insert + sql, runId);
        using var count = db.CreateCommand();
        count.CommandText = "SELECT count(DISTINCT user_id) FROM user_features WHERE run_id = $run";
        count.Parameters.Add(new DuckDBParameter("run", runId));
        return Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>A SQL string literal (views cannot take parameters); null matches nothing.</summary>
    internal static string Literal(string? s) => s == null ? "NULL" : "'" + s.Replace("'", "''") + "'";

    private static void Exec(DuckDBConnection db, ProfileConfig config, string sql, string runId)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        if (sql.Contains("$run")) cmd.Parameters.Add(new DuckDBParameter("run", runId));
        if (sql.Contains("$pseudo")) cmd.Parameters.Add(new DuckDBParameter("pseudo", config.ContextPseudoCount));
        if (sql.Contains("$top")) cmd.Parameters.Add(new DuckDBParameter("top", config.TopHashtags));
        cmd.ExecuteNonQuery();
    }
}
