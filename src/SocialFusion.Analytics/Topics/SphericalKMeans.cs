using SocialFusion.Data.Demo;

namespace SocialFusion.Analytics.Topics;

/// <summary>
/// How <see cref="SphericalKMeans"/> runs. Reference: 4 seeded restarts, at most 50 iterations each, stop when no
/// document changes topic or the objective gains less than 1e-6 of itself, seed 1.
/// </summary>
/// <param name="Restarts">Independent k-means++ seedings; the run with the highest objective wins.</param>
/// <param name="MaxIterations">Assign/update iterations per restart.</param>
/// <param name="Tolerance">Relative objective gain below which a restart stops.</param>
/// <param name="Seed">Master seed; restart r draws from the SplitMix64 stream "spherical-kmeans:r".</param>
public sealed record SphericalKMeansConfig(int Restarts = 4, int MaxIterations = 50, double Tolerance = 1e-6, ulong Seed = 1)
{
    /// <summary>The reference setting.</summary>
    public static SphericalKMeansConfig Reference { get; } = new();
}

/// <summary>A spherical k-means partition: cluster per row (-1 for an empty row), unit centroids [k][terms], objective.</summary>
/// <param name="Assignments">Cluster of each row, -1 for rows without any term.</param>
/// <param name="Centroids">Unit-length concept vectors.</param>
/// <param name="Similarity">Cosine of each row to its centroid (0 for empty rows).</param>
/// <param name="Objective">Sum over rows of the cosine to their centroid (higher is better).</param>
/// <param name="Iterations">Iterations of the winning restart.</param>
public sealed record SphericalKMeansResult(int[] Assignments, double[][] Centroids, float[] Similarity, double Objective, int Iterations);

/// <summary>
/// Spherical k-means: Dhillon and Modha, "Concept decompositions for large sparse text data using clustering",
/// Machine Learning 42 (2001). Documents are unit vectors; each cluster's concept vector is the normalised sum of its
/// members; each document goes to the concept vector of highest cosine; the objective, the sum of those cosines,
/// never decreases. Seeding is k-means++ (Arthur and Vassilvitskii, SODA 2007) on the sphere: for unit vectors
/// ||x - c||^2 = 2 (1 - cos(x, c)), so drawing by D(x)^2 is drawing by 1 - max cos to the centres chosen so far.
/// </summary>
/// <remarks>
/// Not <c>Clustering/KMeansPlusPlus</c>: that one is Euclidean over dense rows, and a million posts over a vocabulary
/// of tens of thousands of words only fit as sparse rows. Rows are visited in their (canonical) order and ties go to
/// the lowest cluster index, so a seed gives the same partition whatever order the documents came in; the assignment
/// step runs in parallel, each row on its own, which changes no result.
/// </remarks>
public static class SphericalKMeans
{
    /// <summary>Clusters the unit rows of (<paramref name="rowStart"/>, <paramref name="columns"/>, <paramref name="values"/>) over <paramref name="terms"/> columns.</summary>
    public static SphericalKMeansResult Fit(int[] rowStart, int[] columns, float[] values, int terms, int k, SphericalKMeansConfig? config = null)
    {
        config ??= SphericalKMeansConfig.Reference;
        int n = rowStart.Length - 1;
        var nonEmpty = Enumerable.Range(0, n).Where(i => rowStart[i + 1] > rowStart[i]).ToArray();
        if (k < 1 || k > nonEmpty.Length)
            throw new ArgumentException($"k must lie in 1..{nonEmpty.Length} (the documents with at least one vocabulary word), got {k}.");
        var x = new Rows(rowStart, columns, values);
        SphericalKMeansResult? best = null;
        for (int r = 0; r < Math.Max(1, config.Restarts); r++)
        {
            var centres = Seed(x, nonEmpty, k, terms, DemoRandom.Stream(config.Seed, $"spherical-kmeans:{r}"));
            var run = Iterate(x, nonEmpty, centres, config);
            if (best == null || run.Objective > best.Objective + 1e-9 * Math.Abs(best.Objective)) best = run;
        }
        return best!;
    }

    private readonly record struct Rows(int[] Start, int[] Columns, float[] Values)
    {
        public double Dot(int i, double[] dense)
        {
            double s = 0;
            for (int e = Start[i]; e < Start[i + 1]; e++) s += Values[e] * dense[Columns[e]];
            return s;
        }
    }

    /// <summary>k-means++ on the sphere: k distinct documents, each further one drawn with weight 1 - max cos.</summary>
    private static double[][] Seed(Rows x, int[] rows, int k, int terms, DemoRandom rng)
    {
        var centres = new List<double[]>();
        var weight = new double[rows.Length];
        Array.Fill(weight, 1.0);
        int pick = rng.Next(rows.Length);
        while (true)
        {
            var c = new double[terms];
            for (int e = x.Start[rows[pick]]; e < x.Start[rows[pick] + 1]; e++) c[x.Columns[e]] = x.Values[e];
            centres.Add(c);
            if (centres.Count == k) break;
            Parallel.For(0, rows.Length, j => weight[j] = Math.Min(weight[j], Math.Max(0, 1 - x.Dot(rows[j], c))));
            double total = 0;
            foreach (var w in weight) total += w;
            // Every remaining document duplicates a centre: any will do (duplicate posts are common on social media).
            pick = total <= 1e-12 ? rng.Next(rows.Length) : rng.Weighted(weight);
        }
        return [.. centres];
    }

    private static SphericalKMeansResult Iterate(Rows x, int[] rows, double[][] centres, SphericalKMeansConfig config)
    {
        int n = x.Start.Length - 1, k = centres.Length, terms = centres[0].Length;
        var assign = Enumerable.Repeat(-1, n).ToArray();
        var sim = new float[n];
        double objective = double.NegativeInfinity;
        int iteration = 0;
        for (; iteration < config.MaxIterations; iteration++)
        {
            int changed = 0;
            Parallel.For(0, rows.Length, () => 0, (j, _, local) =>
            {
                int i = rows[j], bestC = 0; double bestS = double.NegativeInfinity;
                for (int c = 0; c < k; c++)
                {
                    double s = x.Dot(i, centres[c]);
                    if (s > bestS) { bestS = s; bestC = c; }
                }
                sim[i] = (float)bestS;
                if (assign[i] != bestC) { assign[i] = bestC; local++; }
                return local;
            }, local => Interlocked.Add(ref changed, local));
            double now = 0;
            foreach (var i in rows) now += sim[i];
            bool converged = changed == 0 || now - objective < config.Tolerance * Math.Abs(now);
            objective = now;
            if (converged) break;
            centres = Concepts(x, rows, assign, sim, k, terms);
        }
        return new SphericalKMeansResult(assign, centres, sim, objective, iteration);
    }

    /// <summary>Concept vectors: the normalised sum of each cluster's rows, summed in row order.</summary>
    private static double[][] Concepts(Rows x, int[] rows, int[] assign, float[] sim, int k, int terms)
    {
        var sum = new double[k][];
        var size = new int[k];
        for (int c = 0; c < k; c++) sum[c] = new double[terms];
        foreach (var i in rows)
        {
            size[assign[i]]++;
            for (int e = x.Start[i]; e < x.Start[i + 1]; e++) sum[assign[i]][x.Columns[e]] += x.Values[e];
        }
        for (int c = 0; c < k; c++)
        {
            if (size[c] == 0)
            {
                // An emptied cluster restarts at the document least like its own concept, so k clusters survive.
                int far = rows.MinBy(i => sim[i]);
                for (int e = x.Start[far]; e < x.Start[far + 1]; e++) sum[c][x.Columns[e]] = x.Values[e];
                sim[far] = 1;
            }
            double norm = Math.Sqrt(sum[c].Sum(v => v * v));
            if (norm > 0) for (int t = 0; t < terms; t++) sum[c][t] /= norm;
        }
        return sum;
    }
}
