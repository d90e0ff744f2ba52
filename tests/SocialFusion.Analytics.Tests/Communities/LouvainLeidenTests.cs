using SocialFusion.Analytics.Communities;
using Xunit;
using static SocialFusion.Analytics.Tests.Communities.CommunityTestGraphs;

namespace SocialFusion.Analytics.Tests.Communities;

public class LouvainLeidenTests
{
    private static readonly Func<CommunityGraph, ulong, CommunityPartition>[] Algorithms =
        [(g, s) => Louvain.Run(g, LouvainConfig.Reference with { Seed = s }), (g, s) => Leiden.Run(g, LeidenConfig.Reference with { Seed = s })];

    public static TheoryData<int> Both => new() { 0, 1 };

    [Theory, MemberData(nameof(Both))]
    public void Two_cliques_joined_by_one_edge_are_found(int algorithm)
    {
        var g = Undirected(8, [.. Clique(0, 1, 2, 3), .. Clique(4, 5, 6, 7), (3, 4)]);
        var p = Algorithms[algorithm](g, 1);
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1], p.Membership);
        Assert.Equal(11.0 / 26, p.Modularity, 14);
    }

    [Theory, MemberData(nameof(Both))]
    public void A_ring_of_six_cliques_splits_into_its_cliques(int algorithm)
    {
        // Each K5 alone: Q = 6 (10/66 - (22/132)^2) = 0.742; pairs of cliques would give 0.621.
        var p = Algorithms[algorithm](RingOfCliques(6, 5), 3);
        Assert.Equal(6, p.Count);
        for (int c = 0; c < 6; c++) Assert.Single(p.Membership.Skip(c * 5).Take(5).Distinct());
        Assert.Equal(60.0 / 66 - 6.0 / 36, p.Modularity, 12);
    }

    [Theory, MemberData(nameof(Both))]
    public void A_ring_of_thirty_cliques_shows_the_resolution_limit(int algorithm)
    {
        // Fortunato and Barthelemy (PNAS 2007): on 30 K5s pairs of cliques (Q = 0.8879) beat single cliques
        // (Q = 60/66 - 1/30 = 0.8758), so modularity maximisation merges neighbours; gamma = 2 separates them again.
        var g = RingOfCliques(30, 5);
        var p = Algorithms[algorithm](g, 5);
        Assert.True(p.Count < 30 && p.Modularity > 60.0 / 66 - 1.0 / 30, $"{p.Count} communities, Q = {p.Modularity}");
        Assert.True(p.Modularity <= 63.0 / 66 - 1.0 / 15 + 1e-12, $"Q = {p.Modularity} above the best partition");
        var split = algorithm == 0 ? Louvain.Run(g, new LouvainConfig(Resolution: 2)) : Leiden.Run(g, new LeidenConfig(Resolution: 2));
        Assert.Equal(30, split.Count);
    }

    [Theory, MemberData(nameof(Both))]
    public void Isolated_nodes_are_singletons_and_self_loops_do_not_break_the_cliques(int algorithm)
    {
        var g = Undirected(10, [.. Clique(0, 1, 2, 3), .. Clique(4, 5, 6, 7), (3, 4), (0, 0), (8, 8)]);
        var p = Algorithms[algorithm](g, 2);
        Assert.Equal(p.Membership[0], p.Membership[3]);
        Assert.NotEqual(p.Membership[3], p.Membership[4]);
        Assert.Equal(4, p.Count); // two cliques, node 8 (only a loop), node 9 (nothing)
        Assert.Equal([1, 1], p.Sizes()[2..]);
        Assert.Equal(Modularity.Of(g, p.Membership), p.Modularity);
    }

    [Theory, MemberData(nameof(Both))]
    public void The_same_seed_gives_the_same_partition_bit_for_bit(int algorithm)
    {
        var g = PlantedPartition(400, 8, 0.08, 0.01, seed: 11);
        var a = Algorithms[algorithm](g, 99);
        var b = Algorithms[algorithm](g, 99);
        Assert.Equal(a.Membership, b.Membership);
        Assert.Equal(BitConverter.DoubleToInt64Bits(a.Modularity), BitConverter.DoubleToInt64Bits(b.Modularity));
        // The seed is used: some other seed visits nodes in another order and ends elsewhere.
        Assert.Contains(Enumerable.Range(1, 10), s => !Algorithms[algorithm](g, (ulong)s).Membership.SequenceEqual(a.Membership));
    }

    [Theory, MemberData(nameof(Both))]
    public void Planted_groups_are_recovered(int algorithm)
    {
        var g = PlantedPartition(300, 5, 0.2, 0.005, seed: 3);
        var p = Algorithms[algorithm](g, 1);
        var truth = Enumerable.Range(0, 300).ToDictionary(u => u.ToString(), u => u % 5);
        var found = Enumerable.Range(0, 300).ToDictionary(u => u.ToString(), u => p.Membership[u]);
        Assert.Equal(1.0, SocialFusion.Analytics.Evaluation.PartitionAgreement.NormalizedMutualInformation(found, truth), 12);
    }

    [Fact]
    public void Directed_variant_optimises_leicht_newman_modularity()
    {
        // Two complete digraphs on 4 nodes and one arc 3 -> 4: m = 25, sum A d = 24, K_out/K_in 13/12 and 12/13:
        // Q = (24 - 2 * 13 * 12 / 25) / 25 = 288/625; undirected the same split scores (48 - 2 * 25^2 / 50) / 50 = 0.46.
        var edges = Clique(0, 1, 2, 3).Concat(Clique(4, 5, 6, 7)).SelectMany(e => new[] { e, (e.Item2, e.Item1) }).Append((3, 4)).ToArray();
        var src = edges.Select(e => e.Item1).ToArray(); var dst = edges.Select(e => e.Item2).ToArray();
        var w = Enumerable.Repeat(1.0, src.Length).ToArray();
        var directed = CommunityGraph.FromEdges(8, src, dst, w, EdgeDirection.Directed);
        foreach (var p in new[] { Leiden.Run(directed), Louvain.Run(directed) })
        {
            Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1], p.Membership);
            Assert.Equal(288.0 / 625, p.Modularity, 14);
        }
        Assert.Equal(0.46, Leiden.Run(CommunityGraph.FromEdges(8, src, dst, w, EdgeDirection.Undirected)).Modularity, 14);
    }

    /// <summary>
    /// The paper's figure 2: node 0 holds together two triangles {1,2,3} and {4,5,6} of one community and is tied
    /// (weight 2 per edge) to a clique of 5. Started from {0..6} and the clique, Louvain moves 0 to the clique and
    /// leaves the triangles in one disconnected community; Leiden's refinement splits them.
    /// </summary>
    [Fact]
    public void Leiden_splits_the_community_that_louvain_leaves_disconnected()
    {
        var edges = Clique(1, 2, 3).Concat(Clique(4, 5, 6)).Concat(Clique(7, 8, 9, 10, 11)).Select(e => (e.Item1, e.Item2, 1.0))
            .Concat(Enumerable.Range(1, 6).Select(u => (0, u, 1.0))).Concat(Enumerable.Range(7, 5).Select(u => (0, u, 2.0))).ToArray();
        var g = CommunityGraph.FromEdges(12, edges.Select(e => e.Item1).ToArray(), edges.Select(e => e.Item2).ToArray(), edges.Select(e => e.Item3).ToArray(), EdgeDirection.Undirected);
        var start = Enumerable.Range(0, 12).Select(u => u <= 6 ? 0 : 1).ToArray();
        var louvain = Louvain.Run(g, initial: start);
        Assert.Equal([0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], louvain.Membership);
        Assert.Equal(1, DisconnectedCommunities(g, louvain.Membership));
        var leiden = Leiden.Run(g, initial: start);
        Assert.Equal(0, DisconnectedCommunities(g, leiden.Membership));
        Assert.Equal([0, 1, 1, 1, 2, 2, 2, 0, 0, 0, 0, 0], leiden.Membership);
        Assert.True(leiden.Modularity > louvain.Modularity);
    }

    [Fact]
    public void The_connectivity_check_sees_a_split_community()
    {
        var g = Undirected(8, [.. Clique(0, 1, 2, 3), .. Clique(4, 5, 6, 7), (3, 4)]);
        Assert.Equal(1, DisconnectedCommunities(g, [0, 1, 1, 1, 1, 1, 1, 0]));
        Assert.Equal(0, DisconnectedCommunities(g, [0, 0, 0, 0, 1, 1, 1, 1]));
    }

    [Fact]
    public void Leiden_never_returns_a_disconnected_community_on_random_graphs()
    {
        for (ulong seed = 1; seed <= 60; seed++)
        {
            var g = PlantedPartition(150, 5, 0.1, 0.03, seed);
            var leiden = Leiden.Run(g, new LeidenConfig(Seed: seed));
            Assert.Equal(0, DisconnectedCommunities(g, leiden.Membership));
            Assert.Equal(0, DisconnectedCommunities(g, Leiden.Run(g, new LeidenConfig(Seed: seed), initial: Enumerable.Range(0, 150).Select(u => u % 3).ToArray()).Membership));
        }
    }
}
