using SocialFusion.Analytics.Communities;
using SocialFusion.Data.Demo;

namespace SocialFusion.Analytics.Tests.Communities;

/// <summary>Small hand-made graphs and a connectivity check for the community tests.</summary>
internal static class CommunityTestGraphs
{
    public static CommunityGraph Undirected(int n, params (int U, int V)[] edges) =>
        CommunityGraph.FromEdges(n, edges.Select(e => e.U).ToArray(), edges.Select(e => e.V).ToArray(), edges.Select(_ => 1.0).ToArray(), EdgeDirection.Undirected);

    /// <summary>All pairs of <paramref name="nodes"/>.</summary>
    public static IEnumerable<(int, int)> Clique(params int[] nodes) =>
        from i in Enumerable.Range(0, nodes.Length) from j in Enumerable.Range(i + 1, nodes.Length - i - 1) select (nodes[i], nodes[j]);

    /// <summary><paramref name="count"/> cliques of <paramref name="size"/> nodes, clique c's last node joined to clique c+1's first.</summary>
    public static CommunityGraph RingOfCliques(int count, int size)
    {
        var edges = new List<(int, int)>();
        for (int c = 0; c < count; c++)
        {
            edges.AddRange(Clique([.. Enumerable.Range(c * size, size)]));
            edges.Add((c * size + size - 1, (c + 1) % count * size));
        }
        return Undirected(count * size, [.. edges]);
    }

    /// <summary>A planted-partition random graph: <paramref name="groups"/> groups, p_in inside and p_out across.</summary>
    public static CommunityGraph PlantedPartition(int n, int groups, double pIn, double pOut, ulong seed)
    {
        var rng = new DemoRandom(seed);
        var edges = new List<(int, int)>();
        for (int u = 0; u < n; u++)
            for (int v = u + 1; v < n; v++)
                if (rng.Chance(u % groups == v % groups ? pIn : pOut)) edges.Add((u, v));
        return Undirected(n, [.. edges]);
    }

    /// <summary>Communities whose members do not form one connected piece using only edges inside the community.</summary>
    public static int DisconnectedCommunities(CommunityGraph g, int[] membership)
    {
        var seen = new bool[g.NodeCount];
        var pieces = new Dictionary<int, int>();
        for (int s = 0; s < g.NodeCount; s++)
        {
            if (seen[s]) continue;
            int c = membership[s];
            pieces[c] = pieces.GetValueOrDefault(c) + 1;
            var stack = new Stack<int>([s]);
            seen[s] = true;
            while (stack.Count > 0)
            {
                int u = stack.Pop();
                for (int e = g.Offsets[u]; e < g.Offsets[u + 1]; e++)
                {
                    int v = g.Neighbours[e];
                    if (!seen[v] && membership[v] == c) { seen[v] = true; stack.Push(v); }
                }
            }
        }
        return pieces.Values.Count(p => p > 1);
    }
}
