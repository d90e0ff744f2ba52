using SocialFusion.Analytics.Store;

namespace SocialFusion.Analytics.Communities;

/// <summary>Which store edges make the graph.</summary>
public enum GraphEdges
{
    /// <summary><c>follows</c>: one unit per (src, dst) follow.</summary>
    Follows,
    /// <summary><c>follows</c> plus one unit per reply or repost from its author to the parent's author (<c>post_edges</c>).</summary>
    FollowsRepliesReposts,
}

/// <summary>What graph to detect communities on.</summary>
/// <param name="Edges">Edge source.</param>
/// <param name="Direction">Undirected (Newman-Girvan) or directed (Leicht-Newman) modularity.</param>
public sealed record CommunityGraphSpec(GraphEdges Edges, EdgeDirection Direction)
{
    /// <summary>The follow graph, undirected (a mutual follow weighs 2): what igraph compares with.</summary>
    public static CommunityGraphSpec Reference { get; } = new(GraphEdges.Follows, EdgeDirection.Undirected);

    /// <summary>Named presets of the CLI's <c>--graph</c>.</summary>
    public static IReadOnlyDictionary<string, CommunityGraphSpec> Presets { get; } = new Dictionary<string, CommunityGraphSpec>
    {
        ["follows"] = Reference,
        ["follows-directed"] = new(GraphEdges.Follows, EdgeDirection.Directed),
        ["interactions"] = new(GraphEdges.FollowsRepliesReposts, EdgeDirection.Undirected),
        ["interactions-directed"] = new(GraphEdges.FollowsRepliesReposts, EdgeDirection.Directed),
    };
}

/// <summary>
/// Builds a <see cref="CommunityGraph"/> from the store in SQL: every row of <c>users</c> becomes a dense node id
/// (users ordered by id, so the numbering does not depend on ingest order; users without edges stay as isolated
/// nodes), edges are grouped per (src, dst) in DuckDB (a repeated interaction adds weight), and only the merged rows
/// reach C#. The <c>follows.weight</c> column is not used: a follow weighs 1. A reply to one's own post is a self-loop
/// (ingest refuses self-follows).
/// </summary>
public static class StoreGraph
{
    /// <summary>The graph and the user id of each node.</summary>
    public static (CommunityGraph Graph, string[] UserIds) Load(AnalyticsStore store, CommunityGraphSpec spec)
    {
        const string nodes = "nodes AS (SELECT user_id, (row_number() OVER (ORDER BY user_id) - 1)::INTEGER AS id FROM users)";
        var ids = new List<string>();
        using (var cmd = store.Connection.CreateCommand())
        {
            cmd.CommandText = $"WITH {nodes} SELECT user_id FROM nodes ORDER BY id";
            using var r = cmd.ExecuteReader();
            while (r.Read()) ids.Add(r.GetString(0));
        }
        string edges = spec.Edges == GraphEdges.Follows
            ? "SELECT src AS s, dst AS d FROM follows"
            : "SELECT src AS s, dst AS d FROM follows UNION ALL SELECT child_user_id, parent_user_id FROM post_edges WHERE parent_user_id IS NOT NULL";
        var src = new List<int>(); var dst = new List<int>(); var weight = new List<double>();
        using (var cmd = store.Connection.CreateCommand())
        {
            cmd.CommandText = $"""
                WITH {nodes}, e AS ({edges})
                SELECT a.id, b.id, count(*)::DOUBLE FROM e JOIN nodes a ON a.user_id = e.s JOIN nodes b ON b.user_id = e.d
                GROUP BY a.id, b.id ORDER BY a.id, b.id
                """;
            using var r = cmd.ExecuteReader();
            while (r.Read()) { src.Add(r.GetInt32(0)); dst.Add(r.GetInt32(1)); weight.Add(r.GetDouble(2)); }
        }
        var graph = CommunityGraph.FromEdges(ids.Count, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(src),
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(dst), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(weight), spec.Direction);
        return (graph, [.. ids]);
    }
}
