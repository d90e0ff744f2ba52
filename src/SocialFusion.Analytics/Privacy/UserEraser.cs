using SocialFusion.Analytics.Ingest;
using SocialFusion.Analytics.Store;

namespace SocialFusion.Analytics.Privacy;

/// <summary>What <see cref="UserEraser.Forget"/> removed: rows per table.</summary>
public sealed record ForgetReport(string UserId, IReadOnlyList<(string Table, long Rows)> Removed)
{
    /// <summary>All rows removed.</summary>
    public long Total => Removed.Sum(r => r.Rows);
}

/// <summary>
/// <c>socialfusion forget --user ID</c>: erases a user from the store in one transaction: their posts, the
/// predictions for those posts, follow edges in either direction, their reply/repost edges, and every derived row
/// about them (profile features, segments, recommendations, the users row). Other users' replies to the erased posts
/// stay, with the parent now unknown. Aggregate results computed before carry the old data fingerprint and so are
/// never reused. The file is checkpointed afterwards so the rows do not linger in the write-ahead log.
/// </summary>
public static class UserEraser
{
    /// <summary>Erases <paramref name="userId"/>; an id the store does not know removes nothing (and says so).</summary>
    public static ForgetReport Forget(AnalyticsStore store, string userId)
    {
        if (string.IsNullOrWhiteSpace(userId)) throw new ArgumentException("--user must name a user id");
        var id = userId.Replace("'", "''");
        var removed = new List<(string, long)>();
        using (var tx = store.Connection.BeginTransaction())
        {
            removed.Add(("predictions", store.Execute($"DELETE FROM predictions WHERE post_id IN (SELECT post_id FROM posts WHERE user_id = '{id}')")));
            foreach (var (table, columns) in AnalyticsSchema.UserTables)
                removed.Add((table, store.Execute($"DELETE FROM {table} WHERE " + string.Join(" OR ", columns.Select(c => $"{c} = '{id}'")))));
            StoreMerge.RefreshDerived(store);
            tx.Commit();
        }
        store.Execute("CHECKPOINT");
        return new ForgetReport(userId, removed);
    }
}
