using SocialFusion.Analytics.Communities;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Reports;
using SocialFusion.Analytics.Store;
using Xunit;

namespace SocialFusion.Analytics.Tests.Communities;

public sealed class CommunityAnalysisTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sf-communities-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// Two groups of four whose members all follow each other one way (a0 -> a1 ...), a1 and a2 mutually, one follow
    /// a3 -> b0 across, user z with no edge at all and b3 replying to their own post (a self-loop in the interactions graph).
    /// </summary>
    private AnalyticsStore Store()
    {
        var store = AnalyticsStore.Open(Path.Combine(_dir, "s.duckdb"));
        var follows = new List<string>();
        foreach (var g in new[] { "a", "b" })
            for (int i = 0; i < 4; i++)
                for (int j = i + 1; j < 4; j++) follows.Add($"('{g}{i}', '{g}{j}', NULL, NULL, now())");
        follows.Add("('a2', 'a1', NULL, NULL, now())");
        follows.Add("('a3', 'b0', NULL, NULL, now())");
        store.Execute($"INSERT INTO follows VALUES {string.Join(", ", follows)}");
        store.Execute("""
            INSERT INTO users SELECT u, 0, NULL, NULL, 0, 0 FROM (SELECT src AS u FROM follows UNION SELECT dst FROM follows UNION SELECT 'z');
            INSERT INTO post_edges VALUES ('p2', 'b3', 'p1', 'b3', 'reply', '2024-01-01 00:00:00');
            """);
        return store;
    }

    [Fact]
    public void The_store_graph_numbers_users_by_id_merges_directions_and_keeps_isolated_users()
    {
        using var store = Store();
        var (g, users) = StoreGraph.Load(store, CommunityGraphSpec.Reference);
        Assert.Equal(["a0", "a1", "a2", "a3", "b0", "b1", "b2", "b3", "z"], users);
        Assert.Equal(2, g.Weights[Array.IndexOf(g.Neighbours, 2, g.Offsets[1], g.Offsets[2] - g.Offsets[1])]); // a1 <-> a2
        Assert.Equal(13, g.PairCount);
        Assert.Equal(0, g.OutWeight[8]);
        Assert.Equal(0, g.SelfWeight[7]);
        var (withReplies, _) = StoreGraph.Load(store, CommunityGraphSpec.Presets["interactions"]);
        Assert.Equal(2, withReplies.SelfWeight[7]);
        var (directed, _) = StoreGraph.Load(store, CommunityGraphSpec.Presets["follows-directed"]);
        Assert.Equal(EdgeDirection.Directed, directed.Direction);
        Assert.Equal(2 * 3, directed.OutWeight[0]); // a0 follows three: a = 2 k_out
        Assert.Equal(0, directed.InWeight[0]);
    }

    [Fact]
    public void Communities_are_found_and_scored_against_the_planted_ones()
    {
        using var store = Store();
        var truth = Path.Combine(_dir, "users.jsonl");
        File.WriteAllLines(truth, [.. "a0 a1 a2 a3".Split(' ').Select(u => $$"""{"user_id":"{{u}}","community":0}"""),
            .. "b0 b1 b2 b3".Split(' ').Select(u => $$"""{"user_id":"{{u}}","community":1}"""), """{"user_id":"gone","community":1}"""]);
        foreach (var method in new[] { CommunityMethod.Louvain, CommunityMethod.Leiden })
        {
            var r = CommunityAnalysis.Run(store, CommunityOptions.Reference with { Method = method, TruthUsersPath = truth });
            Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1, 2], r.Partition.Membership);
            Assert.Equal(1, r.Isolated);
            // m = 14 (a1-a2 weighs 2): inside 7 + 6, degree sums 15 and 13: Q = (26 - (225 + 169) / 28) / 28.
            Assert.Equal(334.0 / 784, r.Partition.Modularity, 14);
            Assert.NotNull(r.Truth);
            Assert.Equal(1.0, r.Truth.Nmi, 12);
            Assert.Equal(1.0, r.Truth.Ari, 12);
            Assert.Equal((8, 1, 1), (r.Truth.Scored, r.Truth.OnlyInStore, r.Truth.OnlyInTruth));
            // Mixing: a's 15 edge ends, 14 inside and 1 to b.
            Assert.Equal(14.0 / 15, r.Mixing.Share(0, 0), 14);
        }
    }

    [Fact]
    public void A_malformed_truth_line_is_named()
    {
        var truth = Path.Combine(_dir, "bad.jsonl");
        File.WriteAllLines(truth, ["""{"user_id":"a0","community":0}""", """{"user_id":"a1"}"""]);
        var e = Assert.Throws<InvalidDataException>(() => PlantedCommunities.Read(truth));
        Assert.StartsWith($"{truth}:2:", e.Message);
    }

    [Fact]
    public void The_report_section_hides_communities_under_k_users()
    {
        using var store = Store();
        var r = CommunityAnalysis.Run(store, CommunityOptions.Reference);
        var html = new System.Text.StringBuilder();
        new CommunityReportSection(r, new KAnonymity(4)).AppendBody(html);
        var text = html.ToString();
        Assert.Contains("C0 (4)", text);
        Assert.Contains("C1 (4)", text);
        Assert.DoesNotContain("C2", text);
        Assert.Contains("1 communities of fewer than 4 users", text);
        Assert.DoesNotContain("a0", text);
        html.Clear();
        new CommunityReportSection(r, new KAnonymity(5)).AppendBody(html);
        Assert.DoesNotContain("<svg", html.ToString());
    }
}
