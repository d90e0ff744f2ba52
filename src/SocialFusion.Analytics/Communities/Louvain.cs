using SocialFusion.Data.Demo;

namespace SocialFusion.Analytics.Communities;

/// <summary>Louvain settings.</summary>
/// <param name="Resolution">gamma of <see cref="Modularity"/>: larger gives more, smaller communities.</param>
/// <param name="Seed">Seeds the node order of every pass; the same seed gives the same partition bit for bit.</param>
public sealed record LouvainConfig(double Resolution = 1.0, ulong Seed = 42)
{
    /// <summary>gamma = 1 (plain modularity), seed 42.</summary>
    public static LouvainConfig Reference { get; } = new();
}

/// <summary>
/// The Louvain method: Blondel, Guillaume, Lambiotte and Lefebvre, "Fast unfolding of communities in large
/// networks", J. Stat. Mech. (2008) P10008. Phase one moves single nodes to the neighbouring community with the largest
/// modularity gain until no move helps; phase two builds the graph of those communities; both repeat until a level moves
/// nothing. Nodes are visited in a fresh seeded random order each pass (the paper's order is arbitrary), and everything
/// runs on one thread in a fixed order, so results are reproducible bit for bit. Louvain may leave a community
/// internally disconnected (a node that held it together moves away); <see cref="Leiden"/> fixes that.
/// </summary>
public static class Louvain
{
    /// <summary>
    /// Finds communities of <paramref name="graph"/>, starting from singletons or from <paramref name="initial"/>
    /// (a community label per node, e.g. yesterday's partition).
    /// </summary>
    public static CommunityPartition Run(CommunityGraph graph, LouvainConfig? config = null, IReadOnlyList<int>? initial = null)
    {
        config ??= LouvainConfig.Reference;
        var rng = DemoRandom.Stream(config.Seed, "louvain");
        var membership = Enumerable.Range(0, graph.NodeCount).ToArray();
        var level = graph;
        int levels = 0;
        for (bool first = true; ; first = false)
        {
            bool started = first && initial != null;
            var local = started ? InitialPartition.Check(initial!, graph.NodeCount) : Enumerable.Range(0, level.NodeCount).ToArray();
            // A given start partition counts even when no node leaves it.
            if (!MoveNodes(level, local, config.Resolution, rng) && !started) break;
            levels++;
            int count = CommunityPartition.Renumber(local);
            for (int u = 0; u < membership.Length; u++) membership[u] = local[membership[u]];
            if (count == level.NodeCount) break;
            level = level.Aggregate(local, count);
        }
        return CommunityPartition.Canonical(graph, membership, config.Resolution, levels);
    }

    /// <summary>
    /// Phase one: repeated passes over all nodes, each moved to the community of largest gain (staying wins ties and
    /// near-ties, so the pass count is finite); returns whether any node moved.
    /// The gain of joining C, after leaving one's own community, is <c>S_uC - gamma (a_u b_C + b_u a_C) / (2M)</c>.
    /// </summary>
    internal static bool MoveNodes(CommunityGraph g, int[] community, double gamma, DemoRandom rng)
    {
        int n = g.NodeCount;
        double scale = gamma / (2 * g.TotalWeight);
        var ca = new double[n];
        bool shared = g.InWeight == g.OutWeight;
        var cb = shared ? ca : new double[n];
        for (int u = 0; u < n; u++) { ca[community[u]] += g.OutWeight[u]; if (!shared) cb[community[u]] += g.InWeight[u]; }
        var toCommunity = new double[n];
        var stamp = new int[n];
        var candidates = new int[n];
        int visit = 0;
        var order = Enumerable.Range(0, n).ToArray();
        bool movedAny = false;
        int moves;
        do
        {
            moves = 0;
            CommunityPartition.Shuffle(order, rng);
            foreach (var u in order)
            {
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
                ca[c] -= au; if (!shared) cb[c] -= bu;
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
                if (bestGain - stay <= 1e-12 * (1 + Math.Abs(stay))) best = c;
                ca[best] += au; if (!shared) cb[best] += bu;
                if (best != c) { community[u] = best; moves++; }
            }
            movedAny |= moves > 0;
        } while (moves > 0);
        return movedAny;
    }
}
