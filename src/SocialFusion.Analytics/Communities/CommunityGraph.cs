namespace SocialFusion.Analytics.Communities;

/// <summary>Whether edge direction counts in the quality function.</summary>
public enum EdgeDirection
{
    /// <summary>Newman-Girvan modularity on the symmetrised graph: w_uv = A_uv + A_vu (a mutual follow weighs 2).</summary>
    Undirected,
    /// <summary>Leicht and Newman's directed modularity (PRL 100, 118703, 2008): null model k_u^out k_v^in / m.</summary>
    Directed,
}

/// <summary>
/// A weighted graph in compressed sparse rows, the one input of <see cref="Modularity"/>, <see cref="Louvain"/> and
/// <see cref="Leiden"/>. Both variants are held in one form: a symmetric weight S (S_uv = A_uv + A_vu, a self-loop
/// of weight w giving S_uu = 2w, as igraph counts it) and two node weights a_u and b_u with sum M, so that
/// <c>Q = (1/M) [sum_uv S_uv d(c_u, c_v) - gamma sum_C a_C b_C / M]</c>.
/// Undirected: a_u = b_u = strength k_u (self-loop twice), M = 2m: Newman-Girvan modularity.
/// Directed: a_u = 2 k_u^out, b_u = 2 k_u^in, M = 2m: Leicht-Newman's (1/m) [sum A_uv d - gamma sum_C K_C^out K_C^in / m].
/// Aggregating a partition keeps this form (community weights are sums), so every level of Louvain and Leiden runs the
/// same code. Isolated nodes (a = b = 0) stay in the graph and end as singleton communities.
/// </summary>
public sealed class CommunityGraph
{
    /// <summary>Row starts: the neighbours of u are <c>Neighbours[Offsets[u]..Offsets[u+1]]</c> (no self entry).</summary>
    public int[] Offsets { get; }
    /// <summary>Neighbour ids, ascending within each row.</summary>
    public int[] Neighbours { get; }
    /// <summary>S_uv for each neighbour entry.</summary>
    public double[] Weights { get; }
    /// <summary>S_uu: twice the self-loop weight.</summary>
    public double[] SelfWeight { get; }
    /// <summary>a_u (out-side node weight).</summary>
    public double[] OutWeight { get; }
    /// <summary>b_u (in-side node weight; the same array as <see cref="OutWeight"/> when undirected).</summary>
    public double[] InWeight { get; }
    /// <summary>M = sum_u a_u = sum_u b_u = sum_uv S_uv.</summary>
    public double TotalWeight { get; }
    /// <summary>Which modularity the node weights encode.</summary>
    public EdgeDirection Direction { get; }

    /// <summary>Node count.</summary>
    public int NodeCount => Offsets.Length - 1;
    /// <summary>Distinct unordered non-loop pairs with an edge.</summary>
    public long PairCount => Neighbours.Length / 2;

    /// <summary>Wraps already-built arrays (used by aggregation); see the class summary for their meaning.</summary>
    public CommunityGraph(int[] offsets, int[] neighbours, double[] weights, double[] selfWeight, double[] outWeight, double[] inWeight, EdgeDirection direction)
    {
        (Offsets, Neighbours, Weights, SelfWeight, OutWeight, InWeight, Direction) = (offsets, neighbours, weights, selfWeight, outWeight, inWeight, direction);
        double total = 0;
        foreach (var a in outWeight) total += a;
        TotalWeight = total;
    }

    /// <summary>
    /// Builds the graph of <paramref name="nodeCount"/> nodes from directed weighted edges (src, dst, w): repeated
    /// (src, dst) edges are merged by adding their weights, a self-loop counts as described on the class, and nodes
    /// with no edge remain as isolated nodes. The result does not depend on the order of the edges beyond floating-point
    /// summation of repeated edges, which is done in input order.
    /// </summary>
    public static CommunityGraph FromEdges(int nodeCount, ReadOnlySpan<int> src, ReadOnlySpan<int> dst, ReadOnlySpan<double> weight, EdgeDirection direction)
    {
        if (src.Length != dst.Length || src.Length != weight.Length) throw new ArgumentException("src, dst and weight must have the same length.");
        var outW = new double[nodeCount];
        var inW = new double[nodeCount];
        var self = new double[nodeCount];
        var degree = new int[nodeCount + 1];
        for (int e = 0; e < src.Length; e++)
        {
            int u = src[e], v = dst[e];
            double w = weight[e];
            if ((uint)u >= (uint)nodeCount || (uint)v >= (uint)nodeCount)
                throw new ArgumentOutOfRangeException(nameof(src), $"edge {e} ({u} -> {v}) names a node outside 0..{nodeCount - 1}");
            if (!(w > 0) || double.IsInfinity(w)) throw new ArgumentOutOfRangeException(nameof(weight), $"edge {e} ({u} -> {v}) has weight {w}; weights must be positive and finite");
            outW[u] += w; inW[v] += w;
            if (u == v) self[u] += 2 * w;
            else { degree[u + 1]++; degree[v + 1]++; }
        }
        // Both directions of every edge go into rows, then each row is sorted and its repeats merged.
        var offsets = new int[nodeCount + 1];
        for (int u = 0; u < nodeCount; u++) degree[u + 1] += degree[u];
        var fill = (int[])degree.Clone();
        var nb = new int[degree[nodeCount]];
        var wt = new double[degree[nodeCount]];
        for (int e = 0; e < src.Length; e++)
        {
            int u = src[e], v = dst[e];
            if (u == v) continue;
            nb[fill[u]] = v; wt[fill[u]++] = weight[e];
            nb[fill[v]] = u; wt[fill[v]++] = weight[e];
        }
        int write = 0;
        for (int u = 0; u < nodeCount; u++)
        {
            int start = degree[u], end = degree[u + 1];
            Array.Sort(nb, wt, start, end - start);
            int rowStart = write;
            for (int i = start; i < end; i++)
            {
                if (write > rowStart && nb[write - 1] == nb[i]) wt[write - 1] += wt[i];
                else { nb[write] = nb[i]; wt[write] = wt[i]; write++; }
            }
            offsets[u + 1] = write;
        }
        Array.Resize(ref nb, write);
        Array.Resize(ref wt, write);
        if (direction == EdgeDirection.Undirected)
        {
            for (int u = 0; u < nodeCount; u++) outW[u] += inW[u];
            return new CommunityGraph(offsets, nb, wt, self, outW, outW, direction);
        }
        for (int u = 0; u < nodeCount; u++) { outW[u] *= 2; inW[u] *= 2; }
        return new CommunityGraph(offsets, nb, wt, self, outW, inW, direction);
    }

    /// <summary>
    /// The graph of communities: node c of the result is community c of <paramref name="membership"/> (labels
    /// 0..<paramref name="count"/>-1, all used), S between communities summed, weight inside a community becoming its
    /// self weight. The modularity of a partition of the result equals that of the induced partition here.
    /// </summary>
    public CommunityGraph Aggregate(int[] membership, int count)
    {
        var outW = new double[count];
        var inW = InWeight == OutWeight ? outW : new double[count];
        var self = new double[count];
        var members = CommunityMembers(membership, count, out var start);
        var offsets = new int[count + 1];
        var nb = new List<int>(); var wt = new List<double>();
        var acc = new double[count];
        var seen = new int[count];
        Array.Fill(seen, -1);
        var touched = new List<int>();
        for (int c = 0; c < count; c++)
        {
            touched.Clear();
            for (int k = start[c]; k < start[c + 1]; k++)
            {
                int u = members[k];
                outW[c] += OutWeight[u];
                if (inW != outW) inW[c] += InWeight[u];
                self[c] += SelfWeight[u];
                for (int e = Offsets[u]; e < Offsets[u + 1]; e++)
                {
                    int d = membership[Neighbours[e]];
                    if (d == c) { self[c] += Weights[e]; continue; }
                    if (seen[d] != c) { seen[d] = c; acc[d] = 0; touched.Add(d); }
                    acc[d] += Weights[e];
                }
            }
            touched.Sort();
            foreach (var d in touched) { nb.Add(d); wt.Add(acc[d]); }
            offsets[c + 1] = nb.Count;
        }
        return new CommunityGraph(offsets, [.. nb], [.. wt], self, outW, inW, Direction);
    }

    /// <summary>Members of each community in ascending node order: <c>members[start[c]..start[c+1]]</c>.</summary>
    internal static int[] CommunityMembers(int[] membership, int count, out int[] start)
    {
        start = new int[count + 1];
        foreach (var c in membership) start[c + 1]++;
        for (int c = 0; c < count; c++) start[c + 1] += start[c];
        var fill = (int[])start.Clone();
        var members = new int[membership.Length];
        for (int u = 0; u < membership.Length; u++) members[fill[membership[u]]++] = u;
        return members;
    }
}
