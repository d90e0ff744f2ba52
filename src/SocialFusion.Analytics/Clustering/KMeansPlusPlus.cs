using SocialFusion.Data.Demo;

namespace SocialFusion.Analytics.Clustering;

/// <summary>
/// How <see cref="KMeansPlusPlus"/> runs. Defaults (<see cref="Reference"/>): 10 seeded restarts, at most 100 Lloyd
/// iterations each, stop when no point changes cluster, seed 1.
/// </summary>
/// <param name="Restarts">Independent k-means++ seedings; the run with the lowest inertia wins.</param>
/// <param name="MaxIterations">Lloyd iterations per restart.</param>
/// <param name="Seed">Master seed; restart r draws from the SplitMix64 stream "kmeans:r", so results are reproducible.</param>
public sealed record KMeansConfig(int Restarts = 10, int MaxIterations = 100, ulong Seed = 1)
{
    /// <summary>The reference setting.</summary>
    public static KMeansConfig Reference { get; } = new();
}

/// <summary>A k-means partition: one cluster index per point, the centroids and the inertia (sum of squared distances).</summary>
public sealed record KMeansResult(int[] Assignments, double[][] Centroids, double Inertia, int Iterations);

/// <summary>
/// k-means with k-means++ seeding. Arthur and Vassilvitskii, "k-means++: The Advantages of Careful Seeding", SODA 2007:
/// the first centre is a uniform draw, every further centre is a point drawn with probability proportional to D(x)^2,
/// its squared distance to the nearest centre chosen so far; then Lloyd's iterations (assign each point to its nearest
/// centre, move each centre to the mean of its points) until no assignment changes.
/// </summary>
public static class KMeansPlusPlus
{
    /// <summary>Clusters the rows of <paramref name="points"/> [n][d] into <paramref name="k"/> clusters.</summary>
    public static KMeansResult Fit(IReadOnlyList<double[]> points, int k, KMeansConfig? config = null)
    {
        config ??= KMeansConfig.Reference;
        int n = points.Count;
        if (k < 1 || k > n) throw new ArgumentException($"k must lie in 1..{n} (the number of points), got {k}.");
        int d = points[0].Length;
        for (int i = 0; i < n; i++)
            if (points[i].Length != d) throw new ArgumentException($"Point {i} has {points[i].Length} dimensions, point 0 has {d}.");
        KMeansResult? best = null;
        for (int r = 0; r < Math.Max(1, config.Restarts); r++)
        {
            var run = Lloyd(points, Seed(points, k, DemoRandom.Stream(config.Seed, $"kmeans:{r}")), config.MaxIterations);
            if (best == null || run.Inertia < best.Inertia - 1e-12) best = run;
        }
        return best!;
    }

    /// <summary>k-means++ seeding: D(x)^2 sampling of k distinct centres.</summary>
    private static double[][] Seed(IReadOnlyList<double[]> points, int k, DemoRandom rng)
    {
        int n = points.Count;
        var centres = new List<double[]> { (double[])points[rng.Next(n)].Clone() };
        var d2 = new double[n];
        for (int i = 0; i < n; i++) d2[i] = SquaredDistance(points[i], centres[0]);
        while (centres.Count < k)
        {
            double total = d2.Sum();
            // All remaining points coincide with a centre: any point will do (duplicates in the data).
            int pick = total <= 0 ? rng.Next(n) : rng.Weighted(d2);
            centres.Add((double[])points[pick].Clone());
            for (int i = 0; i < n; i++) d2[i] = Math.Min(d2[i], SquaredDistance(points[i], centres[^1]));
        }
        return [.. centres];
    }

    private static KMeansResult Lloyd(IReadOnlyList<double[]> points, double[][] centres, int maxIterations)
    {
        int n = points.Count, k = centres.Length, d = centres[0].Length;
        var assign = Enumerable.Repeat(-1, n).ToArray();
        int iteration = 0;
        for (; iteration < maxIterations; iteration++)
        {
            bool changed = false;
            for (int i = 0; i < n; i++)
            {
                int c = Nearest(points[i], centres);
                if (c != assign[i]) { assign[i] = c; changed = true; }
            }
            if (!changed) break;
            var sum = new double[k][];
            var count = new int[k];
            for (int c = 0; c < k; c++) sum[c] = new double[d];
            for (int i = 0; i < n; i++)
            {
                count[assign[i]]++;
                for (int j = 0; j < d; j++) sum[assign[i]][j] += points[i][j];
            }
            for (int c = 0; c < k; c++)
            {
                if (count[c] == 0)
                {
                    // An emptied cluster takes the point farthest from its centre, so k clusters survive.
                    int far = Enumerable.Range(0, n).MaxBy(i => SquaredDistance(points[i], centres[assign[i]]));
                    centres[c] = (double[])points[far].Clone();
                    assign[far] = c;
                    continue;
                }
                for (int j = 0; j < d; j++) centres[c][j] = sum[c][j] / count[c];
            }
        }
        double inertia = 0;
        for (int i = 0; i < n; i++) inertia += SquaredDistance(points[i], centres[assign[i]]);
        return new KMeansResult(assign, centres, inertia, iteration);
    }

    /// <summary>Index of the centre nearest to <paramref name="x"/> (lowest index on ties).</summary>
    public static int Nearest(double[] x, IReadOnlyList<double[]> centres)
    {
        int best = 0; double bestD = double.PositiveInfinity;
        for (int c = 0; c < centres.Count; c++)
        {
            double dist = SquaredDistance(x, centres[c]);
            if (dist < bestD) { bestD = dist; best = c; }
        }
        return best;
    }

    /// <summary>Squared Euclidean distance.</summary>
    public static double SquaredDistance(double[] a, double[] b)
    {
        double s = 0;
        for (int j = 0; j < a.Length; j++) { double t = a[j] - b[j]; s += t * t; }
        return s;
    }
}
