using System.Text.Json;
using SocialFusion.Analytics.Ingest;
using SocialFusion.Analytics.Store;
using SocialFusion.Data.Demo;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Cli.Tests;

/// <summary><c>analyze topics</c> on a small ingested demo set.</summary>
public class AnalyzeTopicsCommandTests
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
    public void Json_has_k_topics_with_words_the_timeline_and_the_scores_and_a_bad_bin_is_refused()
    {
        using var dir = new TempDir();
        var data = dir.File("demo");
        DemoDataGenerator.Generate(new DemoDataOptions { Posts = 300, Users = 20, Seed = 4, MinImageSide = 32, MaxImageSide = 40 }, data);
        var db = dir.File("t.duckdb");
        using (var store = AnalyticsStore.Open(db)) StoreIngest.Run(store, new IngestRequest(Path.Combine(data, "posts.jsonl")));
        string truth = Path.Combine(data, "truth", "post_noise.jsonl");

        var (code, json) = Capture(["analyze", "topics", "--db", db, "--k", "4", "--seed", "7", "--words", "6", "--bin", "week", "--min-users", "1", "--truth", truth, "--json"]);
        Assert.Equal(0, code);
        var doc = JsonDocument.Parse(json).RootElement;
        Assert.Equal(4, doc.GetProperty("k").GetInt32());
        Assert.Equal(7, doc.GetProperty("seed").GetInt32());
        Assert.Equal("week", doc.GetProperty("bin").GetString());
        var topics = doc.GetProperty("topics").EnumerateArray().ToList();
        Assert.Equal(4, topics.Count);
        Assert.All(topics, t => Assert.Equal(6, t.GetProperty("words").GetArrayLength()));
        Assert.True(doc.GetProperty("over_time").GetArrayLength() > 10);
        Assert.Equal(2, doc.GetProperty("truth").GetArrayLength());

        var (tableCode, table) = Capture(["analyze", "topics", "--db", db, "--k", "4", "--truth", truth]);
        Assert.Equal(0, tableCode);
        // Spectre tables go to AnsiConsole (not captured here); the summary lines go to Console.Out.
        Assert.Contains("mean NPMI coherence", table);

        Assert.NotEqual(0, Program.Run(["analyze", "topics", "--db", db, "--bin", "month"]));
    }
}
