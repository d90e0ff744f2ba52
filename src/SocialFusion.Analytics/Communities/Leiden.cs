using SocialFusion.Data.Demo;

namespace SocialFusion.Analytics.Communities;

/// <summary>Leiden settings.</summary>
/// <param name="Resolution">gamma of <see cref="Modularity"/>.</param>
/// <param name="Randomness">theta of the refinement: how far merges deviate from the greedy choice (igraph's beta).</param>
/// <param name="Iterations">Runs of the whole algorithm, each starting from the previous partition (igraph's n_iterations).</param>
/// <param name="Seed">Seeds the node orders and the refinement draws; the same seed gives the same partition bit for bit.</param>
public sealed record LeidenConfig(double Resolution = 1.0, double Randomness = 0.01, int Iterations = 2, ulong Seed = 42)
{
    /// <summary>igraph's <c>community_leiden(objective_function="modularity")</c> defaults: gamma 1, beta 0.01, 2 iterations.</summary>
    public static LeidenConfig Reference { get; } = new();
}

/// <summary>
/// The Leiden algorithm: Traag, Waltman and van Eck, "From Louvain to Leiden: guaranteeing well-connected
/// communities", Sci. Rep. 9, 5233 (2019), for modularity. Each level (1) moves nodes quickly, visiting only those
/// whose neighbourhood changed (a queue), (2) refines every community: within it, starting from singletons, a
/// well-connected node that is still alone joins a well-connected sub-community drawn with probability
/// proportional to exp(gain / theta), gains >= 0 only, so every refined community is connected, (3) aggregates
/// the graph by the refined partition, the unrefined one giving the aggregate's starting partition. It stops when
/// moving leaves every aggregate node alone; communities are then unions of connected refined communities, hence
/// connected. When a refinement merges nothing (no node is well connected enough), the level aggregates by the
/// connected pieces of the unrefined communities; igraph aggregates by the unrefined communities themselves there,
/// which can keep a disconnected one.
/// </summary>
public static class Leiden
{
    /// <summary>
    /// Finds communities of <paramref name="graph"/>, starting from singletons or from <paramref name="initial"/>
    /// (a community label per node, igraph's initial_membership).
    /// </summary>
    public static CommunityPartition Run(CommunityGraph graph, LeidenConfig? config = null, IReadOnlyList<int>? initial = null)
    {
        config ??= LeidenConfig.Reference;
        if (config.Iterations < 1) throw new ArgumentOutOfRangeException(nameof(config), config.Iterations, "Iterations must be at least 1");
        if (!(config.Randomness > 0)) throw new ArgumentOutOfRangeException(nameof(config), config.Randomness, "Randomness (theta) must be positive");
        var rng = DemoRandom.Stream(config.Seed, "leiden");
        var membership = initial != null ? InitialPartition.Check(initial, graph.NodeCount) : Enumerable.Range(0, graph.NodeCount).ToArray();
        int levels = 0;
        for (int i = 0; i < config.Iterations; i++) levels += Iterate(graph, membership, config, rng);
        return CommunityPartition.Canonical(graph, membership, config.Resolution, levels);
    }

    /// <summary>One run of the algorithm from <paramref name="membership"/>, which it updates; returns the levels aggregated.</summary>
    private static int Iterate(CommunityGraph graph, int[] membership, LeidenConfig config, DemoRandom rng)
    {
        var level = graph;
        var partition = (int[])membership.Clone();
        var node = Enumerable.Range(0, graph.NodeCount).ToArray(); // original node -> node of the current level
        for (int levels = 0; ; levels++)
        {
            MoveNodesFast(level, partition, config.Resolution, rng);
            int count = CommunityPartition.Renumber(partition);
            if (count == level.NodeCount)
            {
                for (int u = 0; u < membership.Length; u++) membership[u] = partition[node[u]];
                return levels;
            }
            var refined = Refine(level, partition, count, config, rng, out int refinedCount);
            if (refinedCount == level.NodeCount)
            {
                // Nothing merged: take the connected pieces of each community instead (splitting a community
                // into pieces with no edge between them never lowers modularity); none larger than a node: done.
                refined = ConnectedPieces(level, partition, out refinedCount);
                if (refinedCount == level.NodeCount)
                {
                    for (int u = 0; u < membership.Length; u++) membership[u] = node[u];
                    return levels;
                }
            }
            level = level.Aggregate(refined, refinedCount);
            var start = new int[refinedCount];
            for (int v = 0; v < refined.Length; v++) start[refined[v]] = partition[v];
            for (int u = 0; u < node.Length; u++) node[u] = refined[node[u]];
            partition = start;
        }
    }

    /// <summary>
    /// Fast local moving: nodes wait in a queue (first in a seeded random order); a node moves to the community, or
    /// an empty one, of largest gain, and its neighbours outside the new community rejoin the queue.
    /// </summary>
    internal static void MoveNodesFast(CommunityGraph g, int[] community, double gamma, DemoRandom rng)
    {
        int n = g.NodeCount;
        double scale = gamma / (2 * g.TotalWeight);
        var ca = new double[n]; var cb = new double[n]; var size = new int[n];
        for (int u = 0; u < n; u++) { ca[community[u]] += g.OutWeight[u]; cb[community[u]] += g.InWeight[u]; size[community[u]]++; }
        var empty = new Stack<int>();
        for (int c = n - 1; c >= 0; c--) if (size[c] == 0) empty.Push(c);
        var queue = Enumerable.Range(0, n).ToArray();
        CommunityPartition.Shuffle(queue, rng);
        var queued = new bool[n];
        Array.Fill(queued, true);
        int head = 0, pending = n;
        var toCommunity = new double[n]; var stamp = new int[n]; var candidates = new int[n];
        int visit = 0;
        while (pending > 0)
        {
            int u = queue[head];
            head = (head + 1) % n; pending--; queued[u] = false;
            visit++;
            int found = 0;
            for (int e = g.Offsets[u]; e < g.Offsets[u + 1]; e++)
            {
                int d = community[g.Neighbours[e]];
                if (stamp[d] != visit) { stamp[d] = visit; toCommunity[d] = 0; candidates[found++] = d; }
                toCommunity[d] += g.Weights[e];
            }
            int c = community[u];
            double au = g.OutWeight[u], bu = g.InWeight[u];
            ca[c] -= au; cb[c] -= bu; size[c]--;
            double stay = (stamp[c] == visit ? toCommunity[c] : 0) - scale * (au * cb[c] + bu * ca[c]);
            int best = c;
            double bestGain = stay;
            for (int k = 0; k < found; k++)
            {
                int d = candidates[k];
                if (d == c) continue;
                double gain = toCommunity[d] - scale * (au * cb[d] + bu * ca[d]);
                if (gain > bestGain) { best = d; bestGain = gain; }
            }
            // An empty community gains 0; when u was alone, its own community is that empty one.
            if (size[c] > 0 && 0 > bestGain) { best = empty.Peek(); bestGain = 0; }
            if (bestGain - stay <= 1e-12 * (1 + Math.Abs(stay))) best = c;
            ca[best] += au; cb[best] += bu; size[best]++;
            if (best == c) continue;
            if (size[best] == 1) empty.Pop();
            if (size[c] == 0) empty.Push(c);
            community[u] = best;
            for (int e = g.Offsets[u]; e < g.Offsets[u + 1]; e++)
            {
                int v = g.Neighbours[e];
                if (queued[v] || community[v] == best) continue;
                queue[(head + pending) % n] = v; pending++; queued[v] = true;
            }
        }
    }

    /// <summary>
    /// The refinement (the paper's MergeNodesSubset for every community S of <paramref name="partition"/>): node v
    /// is well connected when E(v, S - v) >= gamma (a_v (b_S - b_v) + b_v (a_S - a_v)) / (2M), which for undirected
    /// modularity is the paper's gamma k_v (K_S - k_v) / 2m; a sub-community likewise.
    /// </summary>
    private static int[] Refine(CommunityGraph g, int[] partition, int count, LeidenConfig config, DemoRandom rng, out int refinedCount)
    {
        int n = g.NodeCount;
        double scale = config.Resolution / (2 * g.TotalWeight), theta = config.Randomness;
        var sa = new double[count]; var sb = new double[count];
        for (int u = 0; u < n; u++) { sa[partition[u]] += g.OutWeight[u]; sb[partition[u]] += g.InWeight[u]; }
        var refined = Enumerable.Range(0, n).ToArray();
        var ra = (double[])g.OutWeight.Clone(); var rb = (double[])g.InWeight.Clone();
        var size = new int[n]; Array.Fill(size, 1);
        var external = new double[n]; // E(R, S - R) for refined community R inside its community S
        for (int u = 0; u < n; u++)
            for (int e = g.Offsets[u]; e < g.Offsets[u + 1]; e++)
                if (partition[g.Neighbours[e]] == partition[u]) external[u] += g.Weights[e];
        var order = Enumerable.Range(0, n).ToArray();
        CommunityPartition.Shuffle(order, rng);
        var toRefined = new double[n]; var stamp = new int[n]; var candidates = new int[n]; var weight = new double[n + 1];
        int visit = 0;
        foreach (var v in order)
        {
            int own = refined[v], s = partition[v];
            double av = g.OutWeight[v], bv = g.InWeight[v];
            if (size[own] != 1 || external[own] < scale * (av * (sb[s] - bv) + bv * (sa[s] - av))) continue;
            visit++;
            int found = 0;
            for (int e = g.Offsets[v]; e < g.Offsets[v + 1]; e++)
            {
                int u = g.Neighbours[e];
                if (partition[u] != s) continue;
                int r = refined[u];
                if (stamp[r] != visit) { stamp[r] = visit; toRefined[r] = 0; candidates[found++] = r; }
                toRefined[r] += g.Weights[e];
            }
            // Candidates: well-connected sub-communities with gain >= 0; staying alone (gain 0) is one of them.
            int kept = 0;
            double max = 0;
            for (int k = 0; k < found; k++)
            {
                int r = candidates[k];
                if (external[r] < scale * (ra[r] * (sb[s] - rb[r]) + rb[r] * (sa[s] - ra[r]))) continue;
                double gain = toRefined[r] - scale * (av * rb[r] + bv * ra[r]);
                if (gain < 0) continue;
                candidates[kept] = r; weight[kept++] = gain;
                max = Math.Max(max, gain);
            }
            if (kept == 0) continue;
            double total = Math.Exp(-max / theta);
            for (int k = 0; k < kept; k++) total += weight[k] = Math.Exp((weight[k] - max) / theta);
            double draw = rng.NextDouble() * total - Math.Exp(-max / theta);
            if (draw < 0) continue;
            int chosen = candidates[kept - 1];
            for (int k = 0; k < kept; k++) { if ((draw -= weight[k]) < 0) { chosen = candidates[k]; break; } }
            refined[v] = chosen; size[chosen]++; size[own] = 0;
            external[chosen] += external[own] - 2 * toRefined[chosen];
            ra[chosen] += av; rb[chosen] += bv;
        }
        refinedCount = CommunityPartition.Renumber(refined);
        return refined;
    }

    /// <summary>Connected pieces of each community (edges inside the community only), labelled in node order.</summary>
    private static int[] ConnectedPieces(CommunityGraph g, int[] partition, out int count)
    {
        var piece = new int[g.NodeCount];
        Array.Fill(piece, -1);
        var stack = new Stack<int>();
        count = 0;
        for (int s = 0; s < g.NodeCount; s++)
        {
            if (piece[s] >= 0) continue;
            piece[s] = count;
            stack.Push(s);
            while (stack.Count > 0)
            {
                int u = stack.Pop();
                for (int e = g.Offsets[u]; e < g.Offsets[u + 1]; e++)
                {
                    int v = g.Neighbours[e];
                    if (piece[v] < 0 && partition[v] == partition[u]) { piece[v] = count; stack.Push(v); }
                }
            }
            count++;
        }
        return piece;
    }
}
