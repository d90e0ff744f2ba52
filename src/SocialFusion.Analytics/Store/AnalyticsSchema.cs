namespace SocialFusion.Analytics.Store;

/// <summary>
/// The store's tables, versioned. <see cref="Migrations"/>[i] takes a database from version i to i + 1; a fresh
/// database runs them all. Documented table by table in <c>docs/analytics.md</c>: change both together, and only ever
/// append a migration (a shipped one is never edited, databases in the field already ran it).
/// </summary>
/// <remarks>
/// No PRIMARY KEY / UNIQUE constraints: DuckDB maintains them with an ART index that slows bulk loads and is kept in
/// memory; uniqueness of the keys named in each comment is maintained by ingest (set-based MERGE from a staging table
/// that the reader already deduplicated) and checked by tests.
/// </remarks>
public static class AnalyticsSchema
{
    /// <summary>The schema version this build writes.</summary>
    public static int CurrentVersion => Migrations.Count;

    /// <summary>Migration i brings a database from version i to version i + 1.</summary>
    public static IReadOnlyList<string> Migrations { get; } =
    [
        // 0 -> 1: the initial schema.
        """
        -- key: name. Facts about the store itself (e.g. the check value of the pseudonym key in use).
        CREATE TABLE store_meta (
            name  VARCHAR NOT NULL,
            value VARCHAR NOT NULL
        );
        -- key: post_id. created_at is UTC; utc_offset_minutes is the author's local offset as written in the file.
        CREATE TABLE posts (
            post_id            VARCHAR   NOT NULL,
            user_id            VARCHAR   NOT NULL,
            created_at         TIMESTAMP NOT NULL,
            utc_offset_minutes SMALLINT  NOT NULL,
            text               VARCHAR,
            location           VARCHAR,
            text_sentiment     VARCHAR,
            image_sentiment    VARCHAR,
            other_labels       VARCHAR,
            reply_to           VARCHAR,
            repost_of          VARCHAR,
            likes              BIGINT,
            reposts            BIGINT,
            replies            BIGINT,
            other_engagement   VARCHAR,
            image_count        SMALLINT  NOT NULL,
            content_hash       UBIGINT   NOT NULL,
            ingested_at        TIMESTAMP NOT NULL,
            updated_at         TIMESTAMP NOT NULL
        );
        -- key: user_id. Rebuilt from posts and follows after every ingest and forget.
        CREATE TABLE users (
            user_id       VARCHAR NOT NULL,
            posts         BIGINT  NOT NULL,
            first_post_at TIMESTAMP,
            last_post_at  TIMESTAMP,
            following     BIGINT  NOT NULL,
            followers     BIGINT  NOT NULL
        );
        -- key: (src, dst): src follows dst.
        CREATE TABLE follows (
            src        VARCHAR NOT NULL,
            dst        VARCHAR NOT NULL,
            weight     DOUBLE,
            created_at TIMESTAMP,
            ingested_at TIMESTAMP NOT NULL
        );
        -- key: (child_id, kind). Rebuilt from posts after every ingest and forget; parent_user_id is null while the
        -- parent post is not in the store (the edge is kept and counted as unknown-parent).
        CREATE TABLE post_edges (
            child_id       VARCHAR NOT NULL,
            child_user_id  VARCHAR NOT NULL,
            parent_id      VARCHAR NOT NULL,
            parent_user_id VARCHAR,
            kind           VARCHAR NOT NULL,
            created_at     TIMESTAMP NOT NULL
        );
        -- key: (post_id, model, head, rank). One row per label of a prediction's top-k (rank 1 = best); a regression
        -- head has one row with label null and value set. s and alpha are SG-MFT's similarity and interpolation weight.
        CREATE TABLE predictions (
            post_id     VARCHAR  NOT NULL,
            model       VARCHAR  NOT NULL,
            head        VARCHAR  NOT NULL,
            rank        SMALLINT NOT NULL,
            label       VARCHAR,
            probability DOUBLE,
            value       DOUBLE,
            s           DOUBLE,
            alpha       DOUBLE,
            created_at  TIMESTAMP NOT NULL
        );
        -- One row per analysis run. data_fingerprint is AnalyticsStore.DataFingerprint() when it ran: a result whose
        -- fingerprint differs from the store's current one was computed from other data and must not be reused.
        CREATE TABLE analysis_runs (
            run_id           VARCHAR   NOT NULL,
            analysis         VARCHAR   NOT NULL,
            parameters       VARCHAR,
            data_fingerprint VARCHAR   NOT NULL,
            created_at       TIMESTAMP NOT NULL
        );
        -- key: (run_id, user_id, feature). Per-user profile features of a run (long format: one row per feature).
        CREATE TABLE user_features (
            run_id  VARCHAR NOT NULL,
            user_id VARCHAR NOT NULL,
            feature VARCHAR NOT NULL,
            value   DOUBLE  NOT NULL
        );
        -- key: (run_id, user_id). The segment a run put each user in.
        CREATE TABLE user_segments (
            run_id  VARCHAR NOT NULL,
            user_id VARCHAR NOT NULL,
            segment INTEGER NOT NULL
        );
        -- key: (run_id, user_id, kind, rank). Items (places, topics) recommended to a user by a run's method.
        CREATE TABLE recommendations (
            run_id  VARCHAR  NOT NULL,
            user_id VARCHAR  NOT NULL,
            method  VARCHAR  NOT NULL,
            kind    VARCHAR  NOT NULL,
            rank    SMALLINT NOT NULL,
            item    VARCHAR  NOT NULL,
            score   DOUBLE
        );
        -- key: (run_id, name). Scalar results of a run (scores such as ARI or hit@10, timings).
        CREATE TABLE analysis_metrics (
            run_id VARCHAR NOT NULL,
            name   VARCHAR NOT NULL,
            value  DOUBLE  NOT NULL
        );
        """,
        // 1 -> 2: topic runs (SocialFusion.Analytics.Topics).
        """
        -- key: (run_id, post_id). The topic a topic run gave each texted post (0 = its largest topic; -1 = no
        -- vocabulary word) and the cosine of the post's TF-IDF vector to its topic's concept vector. user_id is the
        -- post's author, so that forget removes the row and counts per topic can be k-anonymous.
        CREATE TABLE post_topics (
            run_id     VARCHAR NOT NULL,
            post_id    VARCHAR NOT NULL,
            user_id    VARCHAR NOT NULL,
            topic      INTEGER NOT NULL,
            similarity DOUBLE
        );
        -- key: (run_id, topic, bin_start, rank). A topic's class-based TF-IDF words (rank 1 = heaviest): bin_start
        -- null for the whole run, else the words of the topic's posts in the time bin starting then (UTC).
        CREATE TABLE topic_words (
            run_id    VARCHAR   NOT NULL,
            topic     INTEGER   NOT NULL,
            bin_start TIMESTAMP,
            rank      SMALLINT  NOT NULL,
            word      VARCHAR   NOT NULL,
            weight    DOUBLE    NOT NULL
        );
        """,
    ];

    /// <summary>Tables holding rows about a user, with the column(s) naming the user: what <c>forget</c> erases.</summary>
    public static IReadOnlyList<(string Table, string[] UserColumns)> UserTables { get; } =
    [
        ("posts", ["user_id"]),
        ("follows", ["src", "dst"]),
        ("post_edges", ["child_user_id"]),
        ("user_features", ["user_id"]),
        ("user_segments", ["user_id"]),
        ("recommendations", ["user_id"]),
        ("post_topics", ["user_id"]),
        ("users", ["user_id"]),
    ];

    /// <summary>Every table of the current schema (export/import accept exactly these).</summary>
    public static IReadOnlyList<string> Tables { get; } =
        ["posts", "users", "follows", "post_edges", "predictions", "analysis_runs", "user_features", "user_segments",
         "recommendations", "analysis_metrics", "post_topics", "topic_words"];
}
