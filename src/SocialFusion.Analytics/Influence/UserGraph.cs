using SocialFusion.Analytics.Store;

namespace SocialFusion.Analytics.Influence;

/// <summary>A directed graph over user indices in compressed sparse rows: out-edges of u are <c>Targets[Offsets[u] .. Offsets[u + 1])</c>, sorted.</summary>
/// <param name="Offsets">Row starts, length nodes + 1.</param>
/// <param name="Targets">Edge targets.</param>
/// <param name="Weights">Edge weights (null: every edge weighs 1).</param>
public sealed record CsrGraph(int[] Offsets, int[] Targets, double[]? Weights)
{
    /// <summary>Nodes.</summary>
    public int Nodes => Offsets.Length - 1;
    /// <summary>Edges.</summary>
    public int Edges => Targets.Length;
}

/// <summary>
/// The store's users (the <c>users</c> table, indexed in user id order, as <see cref="Cascades.CascadeForest"/> does)
/// with their follow graph (follower -> followee) and reshare graph (resharer -> author of the post reshared, one
/// edge per pair weighted by the number of replies and reposts; resharing oneself is not an edge, and reshares of a
/// post missing from the store have no author and no edge). Built in SQL, read as int arrays.
/// </summary>
public sealed class UserGraph
{
    /// <summary>User ids by index.</summary>
    public string[] UserIds { get; }
    /// <summary>Follower count of each user (in-degree of the follow graph).</summary>
    public long[] Followers { get; }
    /// <summary>follower -> followee.</summary>
    public CsrGraph Follow { get; }
    /// <summary>resharer -> original author, weighted by reshare count.</summary>
    public CsrGraph Reshare { get; }

    private UserGraph(string[] ids, long[] followers, CsrGraph follow, CsrGraph reshare) { UserIds = ids; Followers = followers; Follow = follow; Reshare = reshare; }

    /// <summary>Users followed by <paramref name="u"/>.</summary>
    public int Following(int u) => Follow.Offsets[u + 1] - Follow.Offsets[u];

    /// <summary>Whether <paramref name="src"/> follows <paramref name="dst"/> (binary search of the sorted row).</summary>
    public bool Follows(int src, int dst) =>
        Array.BinarySearch(Follow.Targets, Follow.Offsets[src], Follow.Offsets[src + 1] - Follow.Offsets[src], dst) >= 0;

    /// <summary>Reads users, follows and reshare edges from the store.</summary>
    public static UserGraph Load(AnalyticsStore store)
    {
        var ids = new List<string>(); var followers = new List<long>();
        using (var c = store.Connection.CreateCommand())
        {
            c.CommandText = "SELECT user_id, followers FROM users ORDER BY user_id";
            using var r = c.ExecuteReader();
            while (r.Read()) { ids.Add(r.GetString(0)); followers.Add(r.GetInt64(1)); }
        }
        const string users = "u AS (SELECT user_id, row_number() OVER (ORDER BY user_id) - 1 AS ui FROM users)";
        var follow = ReadCsr(store, ids.Count, $"""
            WITH {users}
            SELECT a.ui, b.ui, 1.0 FROM follows f JOIN u a ON a.user_id = f.src JOIN u b ON b.user_id = f.dst ORDER BY 1, 2
            """, weighted: false);
        var reshare = ReadCsr(store, ids.Count, $"""
            WITH {users}
            SELECT a.ui, b.ui, count(*)::DOUBLE FROM post_edges e JOIN u a ON a.user_id = e.child_user_id JOIN u b ON b.user_id = e.parent_user_id
            WHERE e.child_user_id <> e.parent_user_id GROUP BY 1, 2 ORDER BY 1, 2
            """, weighted: true);
        return new UserGraph([.. ids], [.. followers], follow, reshare);
    }

    private static CsrGraph ReadCsr(AnalyticsStore store, int nodes, string sql, bool weighted)
    {
        var src = new List<int>(); var dst = new List<int>(); var w = new List<double>();
        using (var c = store.Connection.CreateCommand())
        {
            c.CommandText = sql;
            using var r = c.ExecuteReader();
            while (r.Read()) { src.Add(Convert.ToInt32(r.GetValue(0))); dst.Add(Convert.ToInt32(r.GetValue(1))); w.Add(Convert.ToDouble(r.GetValue(2))); }
        }
        return FromSortedEdges(nodes, src, dst, weighted ? w : null);
    }

    /// <summary>CSR from edges sorted by (source, target).</summary>
    public static CsrGraph FromSortedEdges(int nodes, IReadOnlyList<int> src, IReadOnlyList<int> dst, IReadOnlyList<double>? weights)
    {
        var offsets = new int[nodes + 1];
        foreach (var s in src) offsets[s + 1]++;
        for (int i = 0; i < nodes; i++) offsets[i + 1] += offsets[i];
        return new CsrGraph(offsets, [.. dst], weights is null ? null : [.. weights]);
    }
}
