using SocialFusion.Data.Demo;

namespace SocialFusion.Analytics.Benchmarks;

/// <summary>Settings of the synthetic benchmark graph.</summary>
/// <param name="Nodes">Node count.</param>
/// <param name="Edges">Distinct undirected edges drawn.</param>
/// <param name="Mixing">mu: the share of edges drawn to a node anywhere instead of in the own community.</param>
/// <param name="MinCommunity">Smallest community size.</param>
/// <param name="MaxCommunity">Largest community size.</param>
/// <param name="SizeExponent">Community sizes follow a power law s^-beta between the bounds (LFR's beta).</param>
/// <param name="DegreeExponent">Node activity follows a power law x^-tau on [1, 50] (LFR's tau): degrees are heavy-tailed.</param>
/// <param name="Seed">The same seed gives the same graph.</param>
public sealed record PlantedCommunityOptions(int Nodes = 100_000, int Edges = 1_000_000, double Mixing = 0.1, int MinCommunity = 50,
    int MaxCommunity = 5_000, double SizeExponent = 1.5, double DegreeExponent = 2.5, ulong Seed = 42)
{
    /// <summary>The bench setting: 100,000 nodes, 1,000,000 edges, mu = 0.1, communities of 50 to 5,000 nodes.</summary>
    public static PlantedCommunityOptions Benchmark { get; } = new();
}

/// <summary>
/// An LFR-style planted-partition graph (after Lancichinetti, Fortunato and Radicchi, Phys. Rev. E 78, 046110, 2008,
/// simplified): power-law community sizes and node activities; each edge picks an endpoint by activity, and its other
/// endpoint by activity inside the same community with probability 1 - mu, or anywhere with probability mu (so a little
/// under mu of the edges cross communities). Self-loops and repeated pairs are redrawn. Generated in memory for
/// <c>bench communities</c>, independent of the demo generator.
/// </summary>
public static class PlantedCommunityGraph
{
    /// <summary>Draws the graph: edge endpoints (u &lt; v) and the planted community of every node.</summary>
    public static (int[] Src, int[] Dst, int[] Community) Generate(PlantedCommunityOptions o)
    {
        var rng = DemoRandom.Stream(o.Seed, "planted-communities");
        var community = new int[o.Nodes];
        var starts = new List<int> { 0 };
        while (starts[^1] < o.Nodes)
        {
            // Inverse-CDF draw from s^-beta on [min, max].
            double a = Math.Pow(o.MinCommunity, 1 - o.SizeExponent), b = Math.Pow(o.MaxCommunity, 1 - o.SizeExponent);
            int size = (int)Math.Pow(a + rng.NextDouble() * (b - a), 1 / (1 - o.SizeExponent));
            starts.Add(Math.Min(o.Nodes, starts[^1] + size));
        }
        for (int c = 0; c + 1 < starts.Count; c++)
            for (int u = starts[c]; u < starts[c + 1]; u++) community[u] = c;
        // Cumulative activity over nodes (community members are contiguous, so a community is a range of it).
        var cumulative = new double[o.Nodes + 1];
        for (int u = 0; u < o.Nodes; u++)
        {
            double x = Math.Pow(1 - rng.NextDouble() * (1 - Math.Pow(50, 1 - o.DegreeExponent)), 1 / (1 - o.DegreeExponent));
            cumulative[u + 1] = cumulative[u] + x;
        }
        int Pick(int lo, int hi)
        {
            double t = cumulative[lo] + rng.NextDouble() * (cumulative[hi] - cumulative[lo]);
            int i = Array.BinarySearch(cumulative, lo, hi - lo + 1, t);
            if (i < 0) i = ~i;
            return Math.Clamp(i - 1, lo, hi - 1);
        }
        var seen = new HashSet<long>(o.Edges);
        var src = new int[o.Edges]; var dst = new int[o.Edges];
        int n = 0;
        while (n < o.Edges)
        {
            int u = Pick(0, o.Nodes);
            int c = community[u];
            int v = rng.Chance(o.Mixing) ? Pick(0, o.Nodes) : Pick(starts[c], starts[c + 1]);
            if (u == v) continue;
            if (u > v) (u, v) = (v, u);
            if (!seen.Add((long)u * o.Nodes + v)) continue;
            src[n] = u; dst[n] = v; n++;
        }
        return (src, dst, community);
    }
}
