using System.Text.Json;
using DuckDB.NET.Data;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Data.Posts;

namespace SocialFusion.Analytics.Ingest;

/// <summary>
/// Streams posts into the scratch table <c>stage_posts</c> through DuckDB's Appender (bulk, columnar; never one INSERT
/// per row). The set-based merge into <c>posts</c> is <see cref="StoreMerge"/>'s.
/// </summary>
internal sealed class PostStaging : IDisposable
{
    public const string Table = "stage_posts";

    // Same columns as posts minus content_hash and the ingest timestamps, which the merge computes in SQL.
    public const string Columns = "post_id, user_id, created_at, utc_offset_minutes, text, location, text_sentiment, image_sentiment, " +
                                  "other_labels, reply_to, repost_of, likes, reposts, replies, other_engagement, image_count";

    private static readonly HashSet<string> LabelColumns = [Post.LabelNames.Location, Post.LabelNames.TextSentiment, Post.LabelNames.ImageSentiment];
    private static readonly HashSet<string> EngagementColumns = ["likes", "reposts", "replies"];

    private readonly DuckDBAppender _appender;
    private readonly ScrubCounts? _scrub;

    public PostStaging(DuckDBConnection connection, ScrubCounts? scrub)
    {
        _scrub = scrub;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                DROP TABLE IF EXISTS {Table};
                CREATE TABLE {Table} AS SELECT {Columns} FROM posts LIMIT 0;
                """;
            command.ExecuteNonQuery();
        }
        _appender = connection.CreateAppender(Table);
    }

    public long Rows { get; private set; }

    public void Add(Post post)
    {
        var text = _scrub is null ? post.Text : TextScrubber.Scrub(post.Text, _scrub);
        long? Count(string name) => post.Engagement is { } e && e.TryGetValue(name, out var n) ? n : null;
        _appender.CreateRow()
            .AppendValue(post.Id)
            .AppendValue(post.UserId)
            .AppendValue(post.CreatedAt.UtcDateTime)
            .AppendValue((short)post.CreatedAt.Offset.TotalMinutes)
            .AppendValue(text)
            .AppendValue(post.Label(Post.LabelNames.Location))
            .AppendValue(post.Label(Post.LabelNames.TextSentiment))
            .AppendValue(post.Label(Post.LabelNames.ImageSentiment))
            .AppendValue(Others(post.Labels, LabelColumns))
            .AppendValue(post.ReplyTo)
            .AppendValue(post.RepostOf)
            .AppendValue(Count("likes"))
            .AppendValue(Count("reposts"))
            .AppendValue(Count("replies"))
            .AppendValue(post.Engagement is null ? null : Others(post.Engagement, EngagementColumns))
            .AppendValue((short)post.Images.Count)
            .EndRow();
        Rows++;
    }

    /// <summary>Entries not stored in a column of their own, as a JSON object in name order; null when none.</summary>
    private static string? Others<T>(IReadOnlyDictionary<string, T> values, HashSet<string> columns)
    {
        if (values.Count == 0 || values.Keys.All(columns.Contains)) return null;
        return JsonSerializer.Serialize(values.Where(kv => !columns.Contains(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(kv => kv.Key, kv => kv.Value));
    }

    /// <summary>Flushes the appender: the staged rows become visible to SQL.</summary>
    public void Complete() => _appender.Close();

    public void Dispose() => _appender.Dispose();
}
