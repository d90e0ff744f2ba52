using SocialFusion.Analytics.Ingest;
using SocialFusion.Analytics.Store;

namespace SocialFusion.Analytics.Tests.Cascades;

/// <summary>Hand-made stores of posts with parents, written with SQL as ingest would leave them.</summary>
internal static class CascadeStore
{
    /// <summary>A post: id, author, minutes after 2024-03-01 00:00 UTC, reply parent, repost parent.</summary>
    public sealed record P(string Id, string User, int Minute, string? ReplyTo = null, string? RepostOf = null, string? Text = null, int Images = 0);

    public static AnalyticsStore Create(string path, IEnumerable<P> posts, IEnumerable<(string Src, string Dst)>? follows = null)
    {
        var store = AnalyticsStore.Open(path);
        var rows = posts.Select((p, i) =>
            $"('{p.Id}', '{p.User}', TIMESTAMP '2024-03-01 00:00:00' + INTERVAL {p.Minute} MINUTE, 0, {Q(p.Text)}, {Q(p.ReplyTo)}, {Q(p.RepostOf)}, {p.Images}, {i}, now(), now())");
        store.Execute($"""
            INSERT INTO posts (post_id, user_id, created_at, utc_offset_minutes, text, reply_to, repost_of, image_count, content_hash, ingested_at, updated_at)
            VALUES {string.Join(",\n", rows)}
            """);
        foreach (var (s, d) in follows ?? []) store.Execute($"INSERT INTO follows VALUES ('{s}', '{d}', NULL, NULL, now())");
        StoreMerge.RefreshDerived(store);
        return store;
    }

    private static string Q(string? s) => s is null ? "NULL" : $"'{s.Replace("'", "''")}'";
}
