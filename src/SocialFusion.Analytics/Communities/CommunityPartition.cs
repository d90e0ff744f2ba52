using SocialFusion.Data.Demo;

namespace SocialFusion.Analytics.Communities;

/// <summary>
/// A partition found by <see cref="Louvain"/> or <see cref="Leiden"/>: community per node, numbered by size (0 = the
/// largest; equal sizes by their smallest node), so that the same partition always carries the same labels.
/// </summary>
/// <param name="Membership">Community of each node.</param>
/// <param name="Count">Number of communities (isolated nodes are singletons and count).</param>
/// <param name="Modularity">Q of the partition at the algorithm's resolution (<see cref="Communities.Modularity"/>).</param>
/// <param name="Levels">Aggregation levels run.</param>
public sealed record CommunityPartition(int[] Membership, int Count, double Modularity, int Levels)
{
    /// <summary>Community sizes, indexed by label (so descending).</summary>
    public int[] Sizes()
    {
        var sizes = new int[Count];
        foreach (var c in Membership) sizes[c]++;
        return sizes;
    }

    /// <summary>The partition of <paramref name="membership"/> with canonical labels and its modularity.</summary>
    internal static CommunityPartition Canonical(CommunityGraph graph, int[] membership, double resolution, int levels)
    {
        int count = Renumber(membership);
        var size = new int[count];
        var first = new int[count];
        Array.Fill(first, int.MaxValue);
        for (int u = 0; u < membership.Length; u++) { size[membership[u]]++; first[membership[u]] = Math.Min(first[membership[u]], u); }
        var order = Enumerable.Range(0, count).OrderByDescending(c => size[c]).ThenBy(c => first[c]).ToArray();
        var label = new int[count];
        for (int i = 0; i < count; i++) label[order[i]] = i;
        var canonical = membership.Select(c => label[c]).ToArray();
        return new CommunityPartition(canonical, count, Communities.Modularity.Of(graph, canonical, resolution), levels);
    }

    /// <summary>Relabels to 0..k-1 in order of first appearance by node; returns k.</summary>
    internal static int Renumber(int[] membership)
    {
        int max = 0;
        foreach (var c in membership) max = Math.Max(max, c);
        var map = new int[max + 1];
        Array.Fill(map, -1);
        int next = 0;
        for (int u = 0; u < membership.Length; u++)
        {
            ref int m = ref map[membership[u]];
            if (m < 0) m = next++;
            membership[u] = m;
        }
        return next;
    }

    /// <summary>Fisher-Yates shuffle with the seeded generator (our own, so runtimes cannot change the order).</summary>
    internal static void Shuffle(int[] items, DemoRandom rng)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

/// <summary>Validation of a caller's starting partition.</summary>
internal static class InitialPartition
{
    /// <summary>A copy of <paramref name="initial"/> relabelled 0..k-1, or a clear error.</summary>
    public static int[] Check(IReadOnlyList<int> initial, int nodes)
    {
        if (initial.Count != nodes) throw new ArgumentException($"The initial partition has {initial.Count} entries for a graph of {nodes} nodes.");
        var copy = new int[nodes];
        for (int u = 0; u < nodes; u++)
            copy[u] = initial[u] >= 0 ? initial[u] : throw new ArgumentOutOfRangeException(nameof(initial), initial[u], $"node {u}: community labels must be non-negative");
        CommunityPartition.Renumber(copy);
        return copy;
    }
}
