using SocialFusion.Analytics.Clustering;
using SocialFusion.Analytics.Evaluation;
using Xunit;

namespace SocialFusion.Analytics.Tests.Clustering;

public class KMeansPlusPlusTests
{
    // Three tight blobs far apart: the only sensible 3-partition.
    private static readonly double[][] Blobs =
    [
        [0, 0], [0.2, 0.1], [0.1, 0.3], [-0.1, 0.1],
        [10, 10], [10.2, 9.9], [9.8, 10.1],
        [0, 10], [0.1, 10.2], [-0.2, 9.9], [0.2, 10.1],
    ];
    private static readonly string[] Truth = ["a", "a", "a", "a", "b", "b", "b", "c", "c", "c", "c"];

    [Fact]
    public void Three_separated_blobs_are_found_exactly()
    {
        var fit = KMeansPlusPlus.Fit(Blobs, 3);
        var got = fit.Assignments.Select((c, i) => (i, c)).ToDictionary(t => $"n{t.i}", t => t.c);
        var want = Truth.Select((t, i) => (i, t)).ToDictionary(t => $"n{t.i}", t => t.t);
        Assert.Equal(1.0, PartitionAgreement.AdjustedRandIndex(got, want), 12);
        // Centroid of blob b is its mean (10, 10).
        var b = fit.Centroids[fit.Assignments[4]];
        Assert.Equal(10.0, b[0], 9);
        Assert.Equal(10.0, b[1], 9);
    }

    [Fact]
    public void Same_seed_same_result_and_centroids_are_member_means()
    {
        var rng = new Random(3);
        var points = Enumerable.Range(0, 60).Select(_ => new[] { rng.NextDouble(), rng.NextDouble(), rng.NextDouble() }).ToArray();
        var a = KMeansPlusPlus.Fit(points, 4, new KMeansConfig(Seed: 7));
        var b = KMeansPlusPlus.Fit(points, 4, new KMeansConfig(Seed: 7));
        Assert.Equal(a.Assignments, b.Assignments);
        Assert.Equal(a.Inertia, b.Inertia);
        for (int c = 0; c < 4; c++)
        {
            var members = points.Where((_, i) => a.Assignments[i] == c).ToList();
            Assert.NotEmpty(members);
            Assert.Equal(members.Average(p => p[0]), a.Centroids[c][0], 9);
        }
    }

    [Fact]
    public void Silhouette_by_hand_and_it_picks_three_blobs()
    {
        // 1-D points 0, 1 | 4, 5: s(0) = (4.5 - 1) / 4.5, s(1) = (3.5 - 1) / 3.5, symmetric on the other side.
        double[][] line = [[0], [1], [4], [5]];
        double expected = (2 * (3.5 / 4.5) + 2 * (2.5 / 3.5)) / 4;
        Assert.Equal(expected, Silhouette.Mean(line, [0, 0, 1, 1]), 12);
        // A singleton contributes 0: clusters {0}, {1, 4, 5}.
        double a1 = (3 + 4) / 2.0, a4 = (3 + 1) / 2.0, a5 = (4 + 1) / 2.0;
        double s = (0 + (1 - a1) / Math.Max(a1, 1) + (4 - a4) / Math.Max(a4, 4) + (5 - a5) / Math.Max(a5, 5)) / 4;
        Assert.Equal(s, Silhouette.Mean(line, [0, 1, 1, 1]), 12);
        var best = Enumerable.Range(2, 4).MaxBy(k => Silhouette.Mean(Blobs, KMeansPlusPlus.Fit(Blobs, k).Assignments));
        Assert.Equal(3, best);
    }

    [Fact]
    public void Bad_k_is_refused()
    {
        Assert.Throws<ArgumentException>(() => KMeansPlusPlus.Fit(Blobs, 0));
        Assert.Throws<ArgumentException>(() => KMeansPlusPlus.Fit(Blobs, Blobs.Length + 1));
    }
}
