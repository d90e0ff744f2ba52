using SocialFusion.Analytics.Cascades;
using SocialFusion.TestSupport;
using Xunit;
using static SocialFusion.Analytics.Tests.Cascades.CascadeStore;

namespace SocialFusion.Analytics.Tests.Cascades;

public class CascadeForestTests
{
    private static readonly P[] Healthy = [new("a", "u1", 0), new("b", "u2", 5, ReplyTo: "a"), new("c", "u3", 6, RepostOf: "b")];

    private static Dictionary<int, int> SizeByRoot(CascadeForest f) => f.Root.GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());

    [Fact]
    public void Cycles_are_cut_at_their_earliest_post_and_cost_no_other_cascade()
    {
        using var dir = new TempDir();
        // x <- y <- x is a two-post cycle (x replies to y, y reposts x), w hangs below x, z replies to itself.
        using var store = Create(dir.File("s.duckdb"), [.. Healthy,
            new("x", "u1", 10, ReplyTo: "y"), new("y", "u2", 11, RepostOf: "x"), new("w", "u3", 12, ReplyTo: "x"), new("z", "u4", 20, ReplyTo: "z")]);
        var f = CascadeForest.Load(store);
        Assert.Equal(2, f.CyclesBroken);
        Assert.Equal(0, f.MissingParents);
        // Index order is time order: a=0, b=1, c=2, x=3, y=4, w=5, z=6.
        Assert.Equal(-1, f.Parent[3]);
        Assert.Equal(3, f.Parent[4]);
        Assert.Equal(-1, f.Parent[6]);
        var sizes = SizeByRoot(f);
        Assert.Equal(new Dictionary<int, int> { [0] = 3, [3] = 3, [6] = 1 }, sizes);
        Assert.Equal([0, 1, 2, 0, 1, 1, 0], f.Depth);

        var result = CascadeAnalysis.Run(store, CascadeAnalysisOptions.Reference with { PredictionK = [] });
        Assert.Equal(7, result.Cascades.Sum(c => c.Size) + result.LonePosts);
        Assert.Equal(2, result.CyclesBroken);
    }

    [Fact]
    public void A_missing_parent_roots_an_orphan_cascade_counted_and_left_out_of_prediction()
    {
        using var dir = new TempDir();
        using var store = Create(dir.File("s.duckdb"), [.. Healthy,
            new("m", "u1", 30, ReplyTo: "ghost"), new("n", "u2", 31, RepostOf: "m"), new("o", "u3", 32, RepostOf: "m")]);
        var f = CascadeForest.Load(store);
        Assert.Equal(1, f.MissingParents);
        Assert.True(f.OrphanRoot[3]);
        Assert.False(f.OrphanRoot[0]);
        Assert.Equal(new Dictionary<int, int> { [0] = 3, [3] = 3 }, SizeByRoot(f));

        var (cascades, lone) = CascadeMetrics.Compute(f, CascadeMetricsConfig.Reference);
        Assert.Equal(0, lone);
        Assert.Equal([false, true], cascades.Select(c => c.Orphan));
        var graph = SocialFusion.Analytics.Influence.UserGraph.Load(store);
        var examples = CascadeFeatures.Extract(store, f, graph, cascades, 2);
        Assert.Equal([0], examples.Select(e => e.Root));
    }

    [Fact]
    public void A_post_with_both_parents_follows_its_repost()
    {
        using var dir = new TempDir();
        using var store = Create(dir.File("s.duckdb"), [new("a", "u1", 0), new("b", "u2", 1), new("c", "u3", 2, ReplyTo: "a", RepostOf: "b")]);
        var f = CascadeForest.Load(store);
        Assert.Equal(1, f.TwoParents);
        Assert.Equal(1, f.Parent[2]);
    }

    [Fact]
    public void A_chain_of_200000_posts_resolves_without_recursion()
    {
        int n = 200_000;
        var parent = Enumerable.Range(0, n).Select(i => i - 1).ToArray();
        var f = CascadeForest.FromArrays(parent, new long[n], new int[n], ["u"]);
        Assert.Equal(n - 1, f.Depth[^1]);
        Assert.All(f.Root, r => Assert.Equal(0, r));
        var (cascades, _) = CascadeMetrics.Compute(f, CascadeMetricsConfig.Reference);
        Assert.Equal((n + 1) / 3.0, cascades[0].Virality, 6);
    }
}
