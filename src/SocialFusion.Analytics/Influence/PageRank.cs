namespace SocialFusion.Analytics.Influence;

/// <summary>PageRank settings.</summary>
/// <param name="Damping">Probability of following an out-edge (the rest teleports uniformly).</param>
/// <param name="Tolerance">Stop when the L1 change of the score vector in one iteration falls below this.</param>
/// <param name="MaxIterations">Give up after this many iterations (the result then says it did not converge).</param>
public sealed record PageRankConfig(double Damping, double Tolerance, int MaxIterations)
{
    /// <summary>Damping 0.85 as in Brin and Page; L1 tolerance 1e-10 (networkx stops at n * 1e-6, i.e. looser); at most 1,000 iterations.</summary>
    public static PageRankConfig Reference { get; } = new(0.85, 1e-10, 1000);
}

/// <summary>Scores (summing to 1), the iterations run and whether the tolerance was reached.</summary>
public sealed record PageRankResult(double[] Scores, int Iterations, bool Converged);

/// <summary>
/// PageRank (Brin and Page 1998, "The anatomy of a large-scale hypertextual Web search engine"; the random surfer of
/// Page, Brin, Motwani and Winograd 1999) by power iteration:
/// x'(j) = (1 - d) / n + d * (sum over edges i -> j of x(i) w_ij / W_i + (sum over dangling i of x(i)) / n),
/// where W_i is i's total out-weight and a dangling node (no out-edge) spreads its score uniformly over all nodes.
/// This is the stationary distribution networkx's <c>pagerank</c> and igraph's <c>pagerank</c> (PRPACK) compute with
/// their default uniform teleport and dangling vectors, edge weights included.
/// </summary>
public static class PageRank
{
    /// <summary>Runs the power iteration from the uniform vector.</summary>
    public static PageRankResult Compute(CsrGraph g, PageRankConfig config)
    {
        int n = g.Nodes;
        if (n == 0) return new PageRankResult([], 0, true);
        var outWeight = new double[n];
        for (int i = 0; i < n; i++)
            for (int e = g.Offsets[i]; e < g.Offsets[i + 1]; e++) outWeight[i] += g.Weights?[e] ?? 1.0;
        var x = new double[n]; var next = new double[n];
        Array.Fill(x, 1.0 / n);
        double d = config.Damping;
        for (int it = 1; it <= config.MaxIterations; it++)
        {
            double dangling = 0;
            for (int i = 0; i < n; i++) if (outWeight[i] == 0) dangling += x[i];
            Array.Fill(next, (1 - d) / n + d * dangling / n);
            for (int i = 0; i < n; i++)
            {
                if (outWeight[i] == 0) continue;
                double share = d * x[i] / outWeight[i];
                for (int e = g.Offsets[i]; e < g.Offsets[i + 1]; e++) next[g.Targets[e]] += share * (g.Weights?[e] ?? 1.0);
            }
            double change = 0, sum = 0;
            for (int i = 0; i < n; i++) { change += Math.Abs(next[i] - x[i]); sum += next[i]; }
            // Renormalising removes the rounding drift of many iterations; the exact iteration already sums to 1.
            for (int i = 0; i < n; i++) next[i] /= sum;
            (x, next) = (next, x);
            if (change < config.Tolerance) return new PageRankResult(x, it, true);
        }
        return new PageRankResult(x, config.MaxIterations, false);
    }
}
