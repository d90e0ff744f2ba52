using System.Text.Json;
using SocialFusion.Analytics.Ingest;
using SocialFusion.Analytics.Store;
using SocialFusion.Data.Demo;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Cli.Tests;

/// <summary><c>analyze cascades</c> and <c>analyze influence</c> on a small ingested demo set.</summary>
public class AnalyzeCascadesCommandTests
{
    private static (int Code, string Out) Capture(string[] args)
    {
        var out_ = new StringWriter();
        var old = Console.Out;
        Console.SetOut(out_);
        try { return (Program.Run(args), out_.ToString()); }
        finally { Console.SetOut(old); }
    }

    [Fact]
    public void Cascades_json_accounts_for_every_post_and_influence_shows_pseudonyms_unless_raw()
    {
        using var dir = new TempDir();
        var data = dir.File("demo");
        DemoDataGenerator.Generate(new DemoDataOptions { Posts = 300, Users = 20, Seed = 4, MinImageSide = 32, MaxImageSide = 40 }, data);
        var db = dir.File("a.duckdb");
        using (var store = AnalyticsStore.Open(db))
            StoreIngest.Run(store, new IngestRequest(Path.Combine(data, "posts.jsonl"), Follows: Path.Combine(data, "truth", "follows.csv")));

        var (code, json) = Capture(["analyze", "cascades", "--db", db, "--json", "--k", "2", "5"]);
        Assert.Equal(0, code);
        var doc = JsonDocument.Parse(json).RootElement;
        Assert.Equal(300, doc.GetProperty("posts").GetInt32());
        // Every post is a lone post, a root or a reshare: the truth file lists each cascade's members.
        int reshares = File.ReadLines(Path.Combine(data, "truth", "cascades.jsonl"))
            .Sum(l => JsonDocument.Parse(l).RootElement.GetProperty("members").GetArrayLength());
        Assert.Equal(File.ReadLines(Path.Combine(data, "truth", "cascades.jsonl")).Count(), doc.GetProperty("cascades").GetInt32());
        Assert.Equal(300 - reshares - doc.GetProperty("cascades").GetInt32(), doc.GetProperty("lone_posts").GetInt32());
        int truthLargest = File.ReadLines(Path.Combine(data, "truth", "cascades.jsonl")).Max(l => JsonDocument.Parse(l).RootElement.GetProperty("size").GetInt32());
        Assert.Equal(truthLargest, doc.GetProperty("largest")[0].GetProperty("size").GetInt32());
        Assert.Equal([2, 5], doc.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("k").GetInt32()));
        Assert.Equal(1.0, doc.GetProperty("size_ccdf")[0].GetProperty("share").GetDouble());

        string key = dir.File("k.key");
        var (icode, influence) = Capture(["analyze", "influence", "--db", db, "--json", "--key-file", key, "--top", "3"]);
        Assert.Equal(0, icode);
        var top = JsonDocument.Parse(influence).RootElement.GetProperty("top_by_follow_rank").EnumerateArray().Select(u => u.GetProperty("user").GetString()!).ToList();
        Assert.Equal(3, top.Count);
        Assert.All(top, u => Assert.StartsWith("u_", u));
        var (_, raw) = Capture(["analyze", "influence", "--db", db, "--json", "--raw", "--top", "3"]);
        Assert.All(JsonDocument.Parse(raw).RootElement.GetProperty("top_by_follow_rank").EnumerateArray(), u => Assert.Matches("^u[0-9]{4}$", u.GetProperty("user").GetString()));
        Assert.Equal(2, Program.Run(["analyze", "cascades", "--db", db, "--k", "x"]));
    }
}
