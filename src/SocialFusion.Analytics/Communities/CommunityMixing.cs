namespace SocialFusion.Analytics.Communities;

/// <summary>
/// How the largest communities connect: <c>Weight[i][j]</c> is the edge weight S between community i and j
/// (diagonal: inside, counting each edge from both ends, as modularity does), the last index gathering every
/// smaller community. Row shares (<see cref="Share"/>) say where a community's edge ends land.
/// </summary>
/// <param name="Sizes">Users in each row's community (the last: all smaller communities together).</param>
/// <param name="Weight">Edge weight between rows.</param>
/// <param name="Others">Communities gathered in the last row (0 when every community has its own row).</param>
public sealed record CommunityMixing(int[] Sizes, double[][] Weight, int Others)
{
    /// <summary>Communities shown on their own.</summary>
    public const int Top = 10;

    /// <summary>Share of row i's edge weight that goes to row j (0 for a row without edges).</summary>
    public double Share(int i, int j)
    {
        double total = Weight[i].Sum();
        return total == 0 ? 0 : Weight[i][j] / total;
    }

    /// <summary>The mixing of <paramref name="partition"/> on <paramref name="graph"/>.</summary>
    public static CommunityMixing Of(CommunityGraph graph, CommunityPartition partition)
    {
        int own = Math.Min(Top, partition.Count), others = partition.Count - own, rows = own + (others > 0 ? 1 : 0);
        int Row(int c) => Math.Min(c, own); // labels are by size, so the first `own` are the largest
        var sizes = new int[rows];
        var weight = Enumerable.Range(0, rows).Select(_ => new double[rows]).ToArray();
        for (int u = 0; u < graph.NodeCount; u++)
        {
            int r = Row(partition.Membership[u]);
            sizes[r]++;
            weight[r][r] += graph.SelfWeight[u];
            for (int e = graph.Offsets[u]; e < graph.Offsets[u + 1]; e++)
                weight[r][Row(partition.Membership[graph.Neighbours[e]])] += graph.Weights[e];
        }
        return new CommunityMixing(sizes, weight, others);
    }
}
