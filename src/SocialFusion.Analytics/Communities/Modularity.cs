namespace SocialFusion.Analytics.Communities;

/// <summary>
/// Modularity of a partition with resolution gamma: Newman and Girvan, "Finding and evaluating community structure in
/// networks", Phys. Rev. E 69, 026113 (2004), with Reichardt and Bornholdt's resolution parameter (Phys. Rev. E 74,
/// 016110, 2006); directed graphs as Leicht and Newman (2008). In the form of <see cref="CommunityGraph"/>:
/// <c>Q = (1/M) [sum_uv S_uv d(c_u, c_v) - gamma sum_C a_C b_C / M]</c>; undirected with gamma = 1 this is igraph's
/// <c>modularity()</c>. Sums run in node order, so the value is bit-for-bit the same for the same partition.
/// </summary>
public static class Modularity
{
    /// <summary>Q of <paramref name="membership"/> (community label per node, any non-negative ints).</summary>
    public static double Of(CommunityGraph graph, ReadOnlySpan<int> membership, double resolution = 1.0)
    {
        if (membership.Length != graph.NodeCount)
            throw new ArgumentException($"The membership has {membership.Length} entries for a graph of {graph.NodeCount} nodes.");
        if (graph.TotalWeight == 0) return 0; // no edges: every partition explains nothing
        int labels = 0;
        foreach (var c in membership)
        {
            if (c < 0) throw new ArgumentOutOfRangeException(nameof(membership), c, "community labels must be non-negative");
            labels = Math.Max(labels, c + 1);
        }
        var a = new double[labels];
        var b = new double[labels];
        double inside = 0;
        for (int u = 0; u < graph.NodeCount; u++)
        {
            int c = membership[u];
            a[c] += graph.OutWeight[u];
            b[c] += graph.InWeight[u];
            inside += graph.SelfWeight[u];
            for (int e = graph.Offsets[u]; e < graph.Offsets[u + 1]; e++)
                if (membership[graph.Neighbours[e]] == c) inside += graph.Weights[e];
        }
        double expected = 0;
        for (int c = 0; c < labels; c++) expected += a[c] * b[c];
        double m = graph.TotalWeight;
        return (inside - resolution * expected / m) / m;
    }
}
