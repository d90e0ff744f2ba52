using SocialFusion.Analytics.Store;

namespace SocialFusion.Analytics.Cascades;

/// <summary>
/// Every post of the store as a node of a forest of reshare trees: a post's parent is the post it reposts
/// (<c>repost_of</c>) or, failing that, the one it replies to (<c>reply_to</c>); a cascade is a root and everything
/// below it. Posts are numbered by (<c>created_at</c>, <c>post_id</c>), so index order is time order and the arrays
/// are plain ints (4 + 4 + 8 bytes a post plus the child lists; no post text is read).
/// </summary>
/// <remarks>
/// Bad input costs only the records concerned, never another cascade:
/// <list type="bullet">
/// <item>A parent that is not in the store (the store keeps such replies and reposts, <c>docs/analytics.md</c>):
/// the post roots a cascade of its own, marked <see cref="OrphanRoot"/> (its true root and author are unknown, so
/// growth prediction leaves it out) and counted in <see cref="MissingParents"/>.</item>
/// <item>A cycle (a post that is its own ancestor, a post that is its own parent included): the edge from the
/// earliest post of the cycle to its parent is cut, that post becomes a root, and the cycle is counted in
/// <see cref="CyclesBroken"/>. Every post of the cycle and below it stays in the one cascade it then forms.</item>
/// <item>A post with both <c>repost_of</c> and <c>reply_to</c>: the repost wins (it is the reshare), counted in
/// <see cref="TwoParents"/>.</item>
/// </list>
/// </remarks>
public sealed class CascadeForest
{
    /// <summary>Posts (nodes).</summary>
    public int Count => Parent.Length;
    /// <summary>Parent index of each post, -1 for a root (after cutting cycles and orphaning missing parents).</summary>
    public int[] Parent { get; }
    /// <summary>Unix seconds (UTC) of each post.</summary>
    public long[] Time { get; }
    /// <summary>Author of each post, an index into <see cref="UserIds"/>.</summary>
    public int[] User { get; }
    /// <summary>User ids by index (every user of the <c>users</c> table, ordered by id).</summary>
    public string[] UserIds { get; }
    /// <summary>Root of each post's cascade.</summary>
    public int[] Root { get; }
    /// <summary>Depth of each post below its root (root = 0).</summary>
    public int[] Depth { get; }
    /// <summary>Roots whose own parent is named but not in the store.</summary>
    public bool[] OrphanRoot { get; }
    /// <summary>Children of post i are <c>Children[ChildStart[i] .. ChildStart[i + 1])</c>, in time order.</summary>
    public int[] ChildStart { get; }
    /// <inheritdoc cref="ChildStart"/>
    public int[] Children { get; }
    /// <summary>Posts whose parent id is not in the store.</summary>
    public int MissingParents { get; }
    /// <summary>Cycles found and cut.</summary>
    public int CyclesBroken { get; }
    /// <summary>Posts with both a repost and a reply parent (the repost was used).</summary>
    public int TwoParents { get; }

    private CascadeForest(int[] parent, long[] time, int[] user, string[] userIds, bool[] orphan, int missing, int twoParents)
    {
        Parent = parent; Time = time; User = user; UserIds = userIds; OrphanRoot = orphan; MissingParents = missing; TwoParents = twoParents;
        (Root, Depth, CyclesBroken) = ResolveRoots(parent);
        (ChildStart, Children) = ChildLists(parent);
    }

    /// <summary>Reads the forest from the store's posts (one streamed query; the parent join runs in DuckDB).</summary>
    public static CascadeForest Load(AnalyticsStore store)
    {
        var userIds = new List<string>();
        using (var c = store.Connection.CreateCommand())
        {
            c.CommandText = "SELECT user_id FROM users ORDER BY user_id";
            using var r = c.ExecuteReader();
            while (r.Read()) userIds.Add(r.GetString(0));
        }
        int n = Convert.ToInt32(store.Scalar("SELECT count(*) FROM posts"));
        var parent = new int[n]; var time = new long[n]; var user = new int[n]; var orphan = new bool[n];
        int missing = 0, two = 0;
        using (var c = store.Connection.CreateCommand())
        {
            c.CommandText = """
                WITH n AS (
                    SELECT post_id, user_id, epoch(created_at)::BIGINT AS t, coalesce(repost_of, reply_to) AS parent_id,
                           (repost_of IS NOT NULL AND reply_to IS NOT NULL) AS two,
                           row_number() OVER (ORDER BY created_at, post_id) - 1 AS i
                    FROM posts),
                u AS (SELECT user_id, row_number() OVER (ORDER BY user_id) - 1 AS ui FROM users)
                SELECT n.i, coalesce(p.i, -1), n.parent_id IS NOT NULL, n.t, u.ui, n.two
                FROM n LEFT JOIN n p ON p.post_id = n.parent_id JOIN u ON u.user_id = n.user_id
                ORDER BY n.i
                """;
            using var r = c.ExecuteReader();
            while (r.Read())
            {
                int i = Convert.ToInt32(r.GetValue(0));
                parent[i] = Convert.ToInt32(r.GetValue(1));
                if (parent[i] < 0 && r.GetBoolean(2)) { orphan[i] = true; missing++; }
                time[i] = r.GetInt64(3);
                user[i] = Convert.ToInt32(r.GetValue(4));
                if (r.GetBoolean(5)) two++;
            }
        }
        return new CascadeForest(parent, time, user, [.. userIds], orphan, missing, two);
    }

    /// <summary>Builds a forest from arrays (tests, other sources); <paramref name="orphan"/> marks posts whose parent is unknown.</summary>
    public static CascadeForest FromArrays(int[] parent, long[] time, int[] user, string[] userIds, bool[]? orphan = null) =>
        new((int[])parent.Clone(), time, user, userIds, orphan ?? new bool[parent.Length], orphan?.Count(o => o) ?? 0, 0);

    /// <summary>
    /// Walks each post up to a post already resolved or a root; a walk that meets its own path has found a cycle,
    /// which is cut at its earliest post and walked again. Iterative (a deep chain must not overflow the stack). Cuts <paramref name="parent"/>.
    /// </summary>
    private static (int[] Root, int[] Depth, int Cycles) ResolveRoots(int[] parent)
    {
        int n = parent.Length, cycles = 0;
        var root = new int[n]; var depth = new int[n];
        var state = new byte[n]; // 0 unseen, 1 on the current path, 2 resolved
        var path = new List<int>();
        for (int s = 0; s < n; s++)
        {
            if (state[s] == 2) continue;
            int v;
            while (true)
            {
                path.Clear();
                v = s;
                while (v >= 0 && state[v] == 0) { state[v] = 1; path.Add(v); v = parent[v]; }
                if (v < 0 || state[v] == 2) break;
                // v is on this path: path[from..] is a cycle. Cut it at its earliest post and walk again.
                int earliest = v;
                for (int j = path.IndexOf(v); j < path.Count; j++) earliest = Math.Min(earliest, path[j]);
                parent[earliest] = -1;
                cycles++;
                foreach (var u in path) state[u] = 0;
            }
            // From the top of the path down: each node's parent is a root or already resolved.
            for (int j = path.Count - 1; j >= 0; j--)
            {
                int u = path[j], p = parent[u];
                if (p < 0) { root[u] = u; depth[u] = 0; }
                else { root[u] = root[p]; depth[u] = depth[p] + 1; }
                state[u] = 2;
            }
        }
        return (root, depth, cycles);
    }

    private static (int[] Start, int[] Children) ChildLists(int[] parent)
    {
        int n = parent.Length;
        var start = new int[n + 1];
        foreach (var p in parent) if (p >= 0) start[p + 1]++;
        for (int i = 0; i < n; i++) start[i + 1] += start[i];
        var fill = (int[])start.Clone();
        var children = new int[start[n]];
        for (int i = 0; i < n; i++) if (parent[i] >= 0) children[fill[parent[i]]++] = i;
        return (start, children);
    }
}
