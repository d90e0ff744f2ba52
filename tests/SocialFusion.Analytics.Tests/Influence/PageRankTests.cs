using SocialFusion.Analytics.Influence;
using Xunit;

namespace SocialFusion.Analytics.Tests.Influence;

public class PageRankTests
{
    private static CsrGraph Graph(int n, params (int From, int To)[] edges)
    {
        var sorted = edges.OrderBy(e => e.From).ThenBy(e => e.To).ToArray();
        return UserGraph.FromSortedEdges(n, sorted.Select(e => e.From).ToList(), sorted.Select(e => e.To).ToList(), null);
    }

    [Fact]
    public void Three_nodes_match_the_hand_solved_fixed_point()
    {
        // A -> B, A -> C, B -> C, C -> A, d = 0.85, n = 3, so (1 - d)/n = 0.05:
        //   a = 0.05 + 0.85 c,  b = 0.05 + 0.425 a,  c = 0.05 + 0.425 a + 0.85 b.
        // Substituting b: c = 0.0925 + 0.78625 a; then a = 0.05 + 0.85 (0.0925 + 0.78625 a) = 0.128625 + 0.6683125 a,
        // a = 0.128625 / 0.3316875. (networkx 3.6.1, pure-Python pagerank: 0.38779, 0.21481, 0.39740.)
        var r = PageRank.Compute(Graph(3, (0, 1), (0, 2), (1, 2), (2, 0)), PageRankConfig.Reference);
        double a = 0.128625 / 0.3316875, b = 0.05 + 0.425 * a, c = 0.0925 + 0.78625 * a;
        Assert.True(r.Converged);
        Assert.Equal(a, r.Scores[0], 9);
        Assert.Equal(b, r.Scores[1], 9);
        Assert.Equal(c, r.Scores[2], 9);
        Assert.Equal(1.0, r.Scores.Sum(), 12);
    }

    [Fact]
    public void A_dangling_node_spreads_its_score_uniformly()
    {
        // A -> B, B has no out-edge: a = 0.075 + 0.85 b / 2, b = 0.075 + 0.85 (a + b / 2).
        // Then 0.575 b = 0.075 + 0.85 (0.075 + 0.425 b), b = 0.13875 / 0.21375, a = 0.075 + 0.425 b.
        var r = PageRank.Compute(Graph(2, (0, 1)), PageRankConfig.Reference);
        double b = 0.13875 / 0.21375, a = 0.075 + 0.425 * b;
        Assert.Equal(a, r.Scores[0], 9);
        Assert.Equal(b, r.Scores[1], 9);
        Assert.Equal(1.0, r.Scores.Sum(), 12);
    }

    [Fact]
    public void Weights_split_a_node_score_in_proportion_and_scores_sum_to_one_on_a_random_graph()
    {
        // A -> B (weight 3), A -> C (weight 1), B and C dangling. b - c = 0.85 a (3/4 - 1/4) = 0.425 a.
        var g = new CsrGraph([0, 2, 2, 2], [1, 2], [3.0, 1.0]);
        var r = PageRank.Compute(g, PageRankConfig.Reference);
        Assert.Equal(0.425 * r.Scores[0], r.Scores[1] - r.Scores[2], 9);

        var random = new Random(3);
        var edges = Enumerable.Range(0, 400).Select(_ => (random.Next(100), random.Next(100))).Where(e => e.Item1 != e.Item2).Distinct().ToArray();
        var big = PageRank.Compute(Graph(100, edges), PageRankConfig.Reference);
        Assert.True(big.Converged);
        Assert.Equal(1.0, big.Scores.Sum(), 10);
        Assert.All(big.Scores, s => Assert.True(s >= 0.15 / 100 - 1e-12));
    }
}
