using SocialFusion.Analytics.Communities;
using Xunit;
using static SocialFusion.Analytics.Tests.Communities.CommunityTestGraphs;

namespace SocialFusion.Analytics.Tests.Communities;

public class CommunityGraphTests
{
    private static readonly (int, int)[] TwoCliques = [.. Clique(0, 1, 2, 3), .. Clique(4, 5, 6, 7), (3, 4)];

    [Fact]
    public void Two_cliques_joined_by_one_edge_have_the_modularity_worked_by_hand()
    {
        // m = 13; each K4 has 6 edges and degree sum 13 (one endpoint of the bridge):
        // Q = 2 (6/13 - (13/26)^2) = 11/26.
        var g = Undirected(8, TwoCliques);
        Assert.Equal(26, g.TotalWeight);
        Assert.Equal(11.0 / 26, Modularity.Of(g, [0, 0, 0, 0, 1, 1, 1, 1]), 14);
        Assert.Equal(0, Modularity.Of(g, [0, 0, 0, 0, 0, 0, 0, 0]), 14);
        // Resolution 2 doubles the null-model term: 24/26 - 2 * 0.5.
        Assert.Equal(24.0 / 26 - 1, Modularity.Of(g, [0, 0, 0, 0, 1, 1, 1, 1], resolution: 2), 14);
    }

    [Fact]
    public void Self_loops_count_twice_and_isolated_nodes_weigh_nothing()
    {
        // Two cliques plus a self-loop on node 0 and isolated nodes 8 and 9: S_00 = 2, M = 28, the first
        // community's inside weight 14 and degree sum 15, the second's 12 and 13:
        // Q = (26 - (15^2 + 13^2) / 28) / 28 = 334/784 (igraph's convention for loops).
        var g = Undirected(10, [.. TwoCliques, (0, 0)]);
        Assert.Equal(2, g.SelfWeight[0]);
        Assert.Equal(5, g.OutWeight[0]);
        Assert.Equal(0, g.OutWeight[9]);
        Assert.Equal(334.0 / 784, Modularity.Of(g, [0, 0, 0, 0, 1, 1, 1, 1, 2, 3]), 14);
    }

    [Fact]
    public void Duplicate_edges_merge_and_both_directions_add_up()
    {
        var g = CommunityGraph.FromEdges(3, [0, 0, 1, 1], [1, 1, 0, 2], [1, 1, 1, 1], EdgeDirection.Undirected);
        Assert.Equal([1], g.Neighbours[g.Offsets[0]..g.Offsets[1]]);
        Assert.Equal(3, g.Weights[g.Offsets[0]]);
        Assert.Equal([0, 2], g.Neighbours[g.Offsets[1]..g.Offsets[2]]);
        Assert.Equal(4, g.OutWeight[1]);
    }

    [Fact]
    public void Directed_modularity_is_leicht_newman()
    {
        // 0<->1, 2<->3, 1->2; m = 5. {0,1},{2,3}: sum A d = 4, K_out/K_in = 3/2 and 2/3:
        // Q = (4 - (3*2 + 2*3) / 5) / 5 = 0.32; undirected the same graph gives (8 - 50/10) / 10 = 0.3.
        int[] src = [0, 1, 2, 3, 1], dst = [1, 0, 3, 2, 2];
        double[] w = [1, 1, 1, 1, 1];
        Assert.Equal(0.32, Modularity.Of(CommunityGraph.FromEdges(4, src, dst, w, EdgeDirection.Directed), [0, 0, 1, 1]), 14);
        Assert.Equal(0.3, Modularity.Of(CommunityGraph.FromEdges(4, src, dst, w, EdgeDirection.Undirected), [0, 0, 1, 1]), 14);
    }

    [Fact]
    public void Aggregation_keeps_the_modularity_of_the_partition()
    {
        var g = PlantedPartition(60, 3, 0.3, 0.05, seed: 7);
        var membership = Enumerable.Range(0, 60).Select(u => u % 3 == 0 ? 0 : u % 5 == 0 ? 1 : 2).ToArray();
        var agg = g.Aggregate(membership, 3);
        Assert.Equal(g.TotalWeight, agg.TotalWeight);
        Assert.Equal(Modularity.Of(g, membership), Modularity.Of(agg, [0, 1, 2]), 12);
    }

    [Fact]
    public void Bad_edges_are_refused_naming_the_edge()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => CommunityGraph.FromEdges(2, [0, 0], [1, 2], [1, 1], EdgeDirection.Undirected));
        Assert.Contains("edge 1 (0 -> 2)", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => CommunityGraph.FromEdges(2, [0], [1], [-1], EdgeDirection.Undirected));
        Assert.Contains("weight -1", e.Message);
    }
}
