namespace SocialFusion.Analytics.Clustering;

/// <summary>
/// Mean silhouette width. Rousseeuw, "Silhouettes: a graphical aid to the interpretation and validation of cluster
/// analysis", J. Comput. Appl. Math. 20 (1987): for point i with mean distance a(i) to the other members of its cluster
/// and mean distance b(i) to the members of the nearest other cluster, s(i) = (b(i) - a(i)) / max(a(i), b(i));
/// s(i) = 0 for a point alone in its cluster. Distances are Euclidean.
/// </summary>
public static class Silhouette
{
    /// <summary>Mean of s(i) over all points; needs at least two clusters.</summary>
    public static double Mean(IReadOnlyList<double[]> points, IReadOnlyList<int> assignments)
    {
        int n = points.Count;
        if (assignments.Count != n) throw new ArgumentException($"{assignments.Count} assignments for {n} points.");
        int k = assignments.Max() + 1;
        var size = new int[k];
        foreach (var a in assignments) size[a]++;
        if (size.Count(s => s > 0) < 2) throw new ArgumentException("The silhouette needs at least two non-empty clusters.");
        double total = 0;
        var sum = new double[k];
        for (int i = 0; i < n; i++)
        {
            Array.Clear(sum);
            for (int j = 0; j < n; j++)
                if (j != i) sum[assignments[j]] += Math.Sqrt(KMeansPlusPlus.SquaredDistance(points[i], points[j]));
            int own = assignments[i];
            if (size[own] == 1) continue; // s(i) = 0 by definition
            double a = sum[own] / (size[own] - 1), b = double.PositiveInfinity;
            for (int c = 0; c < k; c++)
                if (c != own && size[c] > 0) b = Math.Min(b, sum[c] / size[c]);
            double m = Math.Max(a, b);
            total += m == 0 ? 0 : (b - a) / m;
        }
        return total / n;
    }
}
