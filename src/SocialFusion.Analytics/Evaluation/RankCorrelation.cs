namespace SocialFusion.Analytics.Evaluation;

/// <summary>
/// Spearman's rank correlation (Spearman 1904): Pearson's correlation of the two rank vectors, ties given their
/// average rank (as scipy.stats.spearmanr does), and the overlap of two top-k sets.
/// </summary>
public static class RankCorrelation
{
    /// <summary>Spearman's rho; NaN when either side is constant (no ranking to compare) or fewer than 2 values.</summary>
    public static double Spearman(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) throw new ArgumentException($"Spearman: {a.Count} values against {b.Count}.");
        if (a.Count < 2) return double.NaN;
        return Pearson(AverageRanks(a), AverageRanks(b));
    }

    /// <summary>Ranks 1..n, ties sharing the mean of the ranks they span.</summary>
    public static double[] AverageRanks(IReadOnlyList<double> v)
    {
        var order = Enumerable.Range(0, v.Count).OrderBy(i => v[i]).ToArray();
        var rank = new double[v.Count];
        for (int s = 0; s < order.Length;)
        {
            int e = s;
            while (e + 1 < order.Length && v[order[e + 1]] == v[order[s]]) e++;
            for (int j = s; j <= e; j++) rank[order[j]] = (s + e) / 2.0 + 1;
            s = e + 1;
        }
        return rank;
    }

    private static double Pearson(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my); }
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>|top-k of a ∩ top-k of b| / k, the top-k taken by descending score with ties broken by index.</summary>
    public static double TopKOverlap(IReadOnlyList<double> a, IReadOnlyList<double> b, int k)
    {
        k = Math.Min(k, a.Count);
        if (k == 0) return double.NaN;
        var ta = Top(a, k); var tb = Top(b, k);
        return ta.Intersect(tb).Count() / (double)k;
    }

    /// <summary>Indices of the k largest values, descending, ties by index.</summary>
    public static int[] Top(IReadOnlyList<double> v, int k) =>
        Enumerable.Range(0, v.Count).OrderByDescending(i => v[i]).ThenBy(i => i).Take(k).ToArray();
}
