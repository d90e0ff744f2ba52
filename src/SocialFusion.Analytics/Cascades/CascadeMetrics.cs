namespace SocialFusion.Analytics.Cascades;

/// <summary>How cascade metrics are computed.</summary>
/// <param name="PeakBinHours">Width of the time bins in which reshares are counted for the time to peak.</param>
public sealed record CascadeMetricsConfig(double PeakBinHours)
{
    /// <summary>Hourly bins.</summary>
    public static CascadeMetricsConfig Reference { get; } = new(1.0);
}

/// <summary>The metrics of one cascade (a root with at least one reshare).</summary>
/// <param name="Root">Root post index in the forest.</param>
/// <param name="Size">Posts in the cascade, the root included.</param>
/// <param name="Depth">Longest root-to-leaf path in edges.</param>
/// <param name="MaxBreadth">Most posts at one depth.</param>
/// <param name="Wiener">Wiener index (sum of distances over unordered pairs).</param>
/// <param name="Virality">Structural virality, the mean distance over pairs (<see cref="StructuralVirality"/>).</param>
/// <param name="TimeToPeakHours">Start of the bin (from the root's time) in which most reshares fall; the earliest such bin on a tie.</param>
/// <param name="LifetimeHours">From the root to the last reshare.</param>
/// <param name="Orphan">The root's own parent is named but missing from the store (the cascade is a part of an unknown one).</param>
public readonly record struct CascadeMetric(int Root, int Size, int Depth, int MaxBreadth, long Wiener, double Virality,
    double TimeToPeakHours, double LifetimeHours, bool Orphan);

/// <summary>
/// Size, depth, maximum breadth, structural virality, time to peak and lifetime of every cascade of a
/// <see cref="CascadeForest"/>, each in time linear in the cascade's size (plus a sort of its reshare times).
/// Lone posts (no reshare) are counted, not listed: every metric of theirs is trivial.
/// </summary>
public static class CascadeMetrics
{
    /// <summary>Metrics of every cascade with at least one reshare, in root (time) order, and the number of lone posts.</summary>
    public static (List<CascadeMetric> Cascades, int LonePosts) Compute(CascadeForest f, CascadeMetricsConfig config)
    {
        var list = new List<CascadeMetric>();
        int lone = 0;
        var order = new List<int>(); var parentPos = new List<int>();
        for (int r = 0; r < f.Count; r++)
        {
            if (f.Parent[r] >= 0) continue;
            if (f.ChildStart[r + 1] == f.ChildStart[r]) { lone++; continue; }
            list.Add(Measure(f, r, config, order, parentPos));
        }
        return (list, lone);
    }

    /// <summary>The members of the cascade rooted at <paramref name="root"/> in breadth-first order (root first) and each one's parent position.</summary>
    public static void BreadthFirst(CascadeForest f, int root, List<int> order, List<int> parentPos)
    {
        order.Clear(); parentPos.Clear();
        order.Add(root); parentPos.Add(-1);
        for (int head = 0; head < order.Count; head++)
        {
            int v = order[head];
            for (int c = f.ChildStart[v]; c < f.ChildStart[v + 1]; c++) { order.Add(f.Children[c]); parentPos.Add(head); }
        }
    }

    private static CascadeMetric Measure(CascadeForest f, int root, CascadeMetricsConfig config, List<int> order, List<int> parentPos)
    {
        BreadthFirst(f, root, order, parentPos);
        int n = order.Count;
        // Breadth-first order visits depth by depth, so the widest level is the longest run of equal depths.
        int depth = 0, breadth = 0, run = 0, level = 0;
        foreach (var v in order)
        {
            int d = f.Depth[v];
            if (d != level) { level = d; run = 0; }
            run++;
            breadth = Math.Max(breadth, run);
            depth = Math.Max(depth, d);
        }
        long wiener = StructuralVirality.WienerIndex(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(parentPos));

        var offsets = new long[n - 1];
        for (int j = 1; j < n; j++) offsets[j - 1] = Math.Max(0, f.Time[order[j]] - f.Time[root]);
        Array.Sort(offsets);
        double bin = config.PeakBinHours * 3600;
        long peakBin = 0, best = 0, current = -1, count = 0;
        foreach (var o in offsets)
        {
            long b = (long)(o / bin);
            if (b != current) { current = b; count = 0; }
            if (++count > best) { best = count; peakBin = b; }
        }
        return new CascadeMetric(root, n, depth, breadth, wiener, StructuralVirality.FromWiener(wiener, n),
            peakBin * config.PeakBinHours, offsets[^1] / 3600.0, f.OrphanRoot[root]);
    }
}
