namespace SocialFusion.Data.Demo;

/// <summary>
/// The scale mode's follow graph: a sparse degree-corrected stochastic block model (Karrer and Newman, "Stochastic
/// blockmodels and community structure in networks", Phys. Rev. E 83, 2011) over communities whose sizes follow a power
/// law, as in the LFR benchmark (Lancichinetti, Fortunato and Radicchi, "Benchmark graphs for testing community
/// detection algorithms", Phys. Rev. E 78, 2008). Each user follows a heavy-tailed number of others (mean
/// <see cref="ScaleDemoOptions.MeanFollows"/>); a share 1 − μ of those edges stays in the own community and a share μ
/// (<see cref="ScaleDemoOptions.Mixing"/>, LFR's mixing parameter) goes to other communities. Followees are drawn in
/// proportion to a heavy-tailed popularity, so follower counts are heavy-tailed too. Sampling edge by edge costs
/// O(edges · log users) instead of the dense model's O(users²).
/// </summary>
internal static class DegreeCorrectedBlockModel
{
    /// <summary>The largest community is at most this many times the smallest (LFR bounds sizes the same way).</summary>
    public const double MaxSizeRatio = 50;

    /// <summary>
    /// Community of every user: sizes drawn from a power law with exponent <paramref name="exponent"/> (LFR's tau2),
    /// users shuffled into them so ids say nothing about communities.
    /// </summary>
    public static int[] Communities(int users, int communities, double exponent, DemoRandom rng)
    {
        // Pareto with density exponent tau2 is HeavyTail(tau2 - 1), capped so no community is empty or dominant.
        var raw = new double[communities];
        for (int c = 0; c < communities; c++) raw[c] = Math.Min(MaxSizeRatio, rng.HeavyTail(exponent - 1));
        double total = raw.Sum();
        var sizes = raw.Select(x => Math.Max(1, (int)(x / total * users))).ToArray();
        // Rounding leftovers go to the largest communities first, then one each round-robin.
        int left = users - sizes.Sum();
        var bySize = Enumerable.Range(0, communities).OrderByDescending(c => sizes[c]).ThenBy(c => c).ToArray();
        for (int k = 0; left != 0; k++)
        {
            int c = bySize[k % communities];
            if (left > 0) { sizes[c]++; left--; }
            else if (sizes[c] > 1) { sizes[c]--; left++; }
        }
        var order = Enumerable.Range(0, users).ToArray();
        for (int i = users - 1; i > 0; i--) { int j = rng.Next(i + 1); (order[i], order[j]) = (order[j], order[i]); }
        var community = new int[users];
        for (int c = 0, k = 0; c < communities; c++)
            for (int s = 0; s < sizes[c]; s++) community[order[k++]] = c;
        return community;
    }

    /// <summary>Draws the follow edges; no self-loops, no repeats.</summary>
    public static FollowGraph Follows(int[] community, int communities, double meanFollows, double mixing, DemoRandom rng)
    {
        int users = community.Length;
        var popularity = new double[users];
        for (int u = 0; u < users; u++) popularity[u] = rng.HeavyTail(1.5);
        var members = new List<int>[communities];
        for (int c = 0; c < communities; c++) members[c] = [];
        for (int u = 0; u < users; u++) members[community[u]].Add(u);
        var inside = members.Select(m => Cumulative(m, popularity)).ToArray();
        var everyone = Cumulative(Enumerable.Range(0, users).ToList(), popularity);
        var all = Enumerable.Range(0, users).ToList();

        var start = new int[users + 1];
        var followees = new List<int>(checked((int)(users * meanFollows * 1.1)));
        var chosen = new HashSet<int>();
        int cap = (int)Math.Min(users - 1, 50 * Math.Max(1, meanFollows));
        for (int a = 0; a < users; a++)
        {
            // Heavy-tailed out-degree with the requested mean (HeavyTail(2) has mean 2).
            int degree = Math.Min(cap, (int)Math.Round(rng.HeavyTail(2) * meanFollows / 2));
            int c = community[a];
            bool everywhere = members[c].Count == users;
            // Split the degree first, so users who run out of community members to follow do not add leaving edges.
            int leaving = 0;
            for (int k = 0; k < degree; k++) if (!everywhere && rng.Chance(mixing)) leaving++;
            int staying = Math.Min(degree - leaving, members[c].Count - 1);
            chosen.Clear();
            for (int tries = 0; chosen.Count < staying && tries < staying * 8; tries++)
            {
                int b = Draw(members[c], inside[c], rng);
                if (b != a && chosen.Add(b)) followees.Add(b);
            }
            int target = chosen.Count + leaving;
            for (int tries = 0; chosen.Count < target && tries < leaving * 8; tries++)
            {
                int b = Draw(all, everyone, rng);
                if (community[b] != c && chosen.Add(b)) followees.Add(b);
            }
            start[a + 1] = followees.Count;
        }
        return new FollowGraph(start, [.. followees]);
    }

    private static double[] Cumulative(List<int> ids, double[] weight)
    {
        var cumulative = new double[ids.Count];
        double total = 0;
        for (int i = 0; i < ids.Count; i++) cumulative[i] = total += weight[ids[i]];
        return cumulative;
    }

    private static int Draw(List<int> ids, double[] cumulative, DemoRandom rng)
    {
        int k = Array.BinarySearch(cumulative, rng.NextDouble() * cumulative[^1]);
        return ids[Math.Min(k < 0 ? ~k : k, ids.Count - 1)];
    }
}
