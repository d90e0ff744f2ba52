using SocialFusion.Analytics.Cascades;
using SocialFusion.Analytics.Influence;
using SocialFusion.TestSupport;
using Xunit;
using static SocialFusion.Analytics.Tests.Cascades.CascadeStore;

namespace SocialFusion.Analytics.Tests.Cascades;

public class CascadeGrowthPredictionTests
{
    private static int Index(string name) => CascadeFeatures.Names.Select(n => n.Name).ToList().IndexOf(name);

    [Fact]
    public void Features_of_the_first_k_reshares_are_those_counted_by_hand()
    {
        using var dir = new TempDir();
        // u1 posts r (with two hashtags and an image) at minute 0; u2, u3 and u4 reshare at 10, 20 and 40 minutes; u3
        // reshares u2's reshare. A fourth reshare at 600 minutes is after the first k = 3 and must not count.
        // Follows: u2 -> u1, u3 -> u1, u5 -> u1 (u1 has 3 followers), u4 -> u2.
        using var store = Create(dir.File("s.duckdb"), [
            new("r", "u1", 0, Text: "so good #a #b", Images: 1), new("s1", "u2", 10, RepostOf: "r"), new("s2", "u3", 20, RepostOf: "s1"),
            new("s3", "u4", 40, RepostOf: "r"), new("s4", "u5", 600, RepostOf: "r")],
            [("u2", "u1"), ("u3", "u1"), ("u5", "u1"), ("u4", "u2")]);
        var f = CascadeForest.Load(store);
        var cascades = CascadeMetrics.Compute(f, CascadeMetricsConfig.Reference).Cascades;
        var e = Assert.Single(CascadeFeatures.Extract(store, f, UserGraph.Load(store), cascades, 3));
        Assert.Equal(4, e.Reshares);
        Assert.True(e.Doubles is false);
        float X(string n) => e.Features[Index(n)];
        Assert.Equal(13, X("text_length"));
        Assert.Equal(2, X("hashtags"));
        Assert.Equal(1, X("images"));
        Assert.Equal((float)Math.Log(4), X("root_log_followers"));
        Assert.Equal(2 / 3f, X("resharers_following_root"));
        Assert.Equal(2, X("depth"));
        Assert.Equal(2, X("max_breadth"));
        Assert.Equal(2 / 3f, X("from_root"));
        Assert.Equal((float)Math.Log(1 + 600), X("log_time_to_first"));
        Assert.Equal((float)Math.Log(1 + 2400), X("log_time_to_k"));
        // k = 3: first half = the first reshare (600 s after the root), second half = the next two (1,800 s / 2).
        Assert.Equal((float)Math.Log(1 + 600), X("log_gap_first_half"));
        Assert.Equal((float)Math.Log(1 + 900), X("log_gap_second_half"));
    }

    [Fact]
    public void The_root_authors_history_uses_only_what_happened_before_the_root()
    {
        using var dir = new TempDir();
        P[] early = [new("e0", "u1", 0), new("e1", "u2", 1, RepostOf: "e0"), new("r", "u1", 100),
            new("s1", "u2", 101, RepostOf: "r"), new("s2", "u3", 102, RepostOf: "r")];
        // The same store plus a later, larger cascade by the same author: the earlier cascade's features must not change.
        P[] later = [.. early, new("l0", "u1", 500), .. Enumerable.Range(0, 6).Select(i => new P($"l{i + 1}", $"v{i}", 501 + i, RepostOf: "l0"))];
        float[] Features(P[] posts, string file)
        {
            using var store = Create(dir.File(file), posts);
            var f = CascadeForest.Load(store);
            var cascades = CascadeMetrics.Compute(f, CascadeMetricsConfig.Reference).Cascades;
            return CascadeFeatures.Extract(store, f, UserGraph.Load(store), cascades, 2).Single(x => x.Root == 2).Features;
        }
        var before = Features(early, "a.duckdb");
        Assert.Equal(1, before[Index("root_past_posts")]);
        Assert.Equal(1, before[Index("root_past_mean_reshares")]);
        Assert.Equal(before, Features(later, "b.duckdb"));
    }

    private static List<CascadeExample> Synthetic(int n, int seed)
    {
        // Cascades that double reshare fast (timing features low); content is noise. Labels balanced.
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(i =>
        {
            bool doubles = random.Next(2) == 0;
            var x = new float[CascadeFeatures.Names.Count];
            for (int j = 0; j < x.Length; j++) x[j] = (float)random.NextDouble();
            x[Index("log_time_to_k")] = (float)((doubles ? 6 : 9) + random.NextDouble() * 2.5);
            return new CascadeExample(i, i * 60L, x, doubles ? 12 : 7, doubles);
        }).ToList();
    }

    [Fact]
    public void A_planted_timing_signal_is_found_by_timing_and_missed_without_it()
    {
        var r = CascadeGrowthPrediction.Run(5, Synthetic(400, 1), GrowthPredictionConfig.Reference);
        Assert.Null(r.Skipped);
        Assert.Equal((400, 280, 120), (r.Examples, r.Train, r.Test));
        var score = r.Scores.ToDictionary(s => s.Features);
        Assert.Equal(11, score.Count);
        Assert.True(score["all"].Auc > 0.85, $"all: {score["all"].Auc}");
        Assert.True(score["timing only"].Auc > 0.85, $"timing: {score["timing only"].Auc}");
        Assert.True(score["all minus timing"].Auc < 0.65, $"all minus timing: {score["all minus timing"].Auc}");
        Assert.True(score["content only"].Auc < 0.65);
        // Same examples, same seed: the same scores.
        Assert.Equal(r.Scores, CascadeGrowthPrediction.Run(5, Synthetic(400, 1), GrowthPredictionConfig.Reference).Scores);
    }

    [Fact]
    public void Too_few_examples_of_a_class_give_a_reason_instead_of_a_model()
    {
        var one = Synthetic(40, 2).Select(e => e with { Doubles = false }).ToList();
        var r = CascadeGrowthPrediction.Run(5, one, GrowthPredictionConfig.Reference);
        Assert.Empty(r.Scores);
        Assert.Contains("fewer than 5 of a class", r.Skipped);
        Assert.Equal(0, r.BaseRate);
    }
}
