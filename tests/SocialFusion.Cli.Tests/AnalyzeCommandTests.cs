using System.Text.Json;
using SocialFusion.Analytics.Ingest;
using SocialFusion.Analytics.Store;
using SocialFusion.Data.Demo;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Cli.Tests;

/// <summary><c>analyze users</c> and <c>report</c> on a small ingested demo set.</summary>
public class AnalyzeCommandTests
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
    public void Json_shows_pseudonyms_unless_raw_and_the_same_key_gives_the_same_pseudonyms()
    {
        using var dir = new TempDir();
        var data = dir.File("demo");
        DemoDataGenerator.Generate(new DemoDataOptions { Posts = 300, Users = 20, Seed = 4, MinImageSide = 32, MaxImageSide = 40 }, data);
        var db = dir.File("a.duckdb");
        using (var store = AnalyticsStore.Open(db))
            StoreIngest.Run(store, new IngestRequest(Path.Combine(data, "posts.jsonl"), Follows: Path.Combine(data, "truth", "follows.csv")));
        string key = dir.File("k.key"), truth = Path.Combine(data, "truth", "users.jsonl");
        string[] common = ["analyze", "users", "--db", db, "--json", "--key-file", key, "--truth", truth];

        var (code, json) = Capture(common);
        Assert.Equal(0, code);
        var doc = JsonDocument.Parse(json).RootElement;
        Assert.True(doc.GetProperty("pseudonymized").GetBoolean());
        var users = doc.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("user").GetString()!).ToList();
        Assert.Equal(20, users.Count);
        Assert.All(users, u => Assert.StartsWith("u_", u));
        Assert.DoesNotContain("\"u0001\"", json);
        Assert.InRange(doc.GetProperty("truth").GetProperty("ari").GetDouble(), -1, 1);
        Assert.Equal(20, doc.GetProperty("truth").GetProperty("users").GetInt32());

        var (_, again) = Capture(common);
        Assert.Equal(users, JsonDocument.Parse(again).RootElement.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("user").GetString()!));

        var (rawCode, raw) = Capture([.. common, "--raw", "--user", "u0001"]);
        Assert.Equal(0, rawCode);
        var one = JsonDocument.Parse(raw).RootElement.GetProperty("users").EnumerateArray().Single();
        Assert.Equal("u0001", one.GetProperty("user").GetString());
        Assert.Equal(7, one.GetProperty("hour_by_weekday").GetArrayLength());

        // Segments under k users show neither size nor description.
        var (_, strict) = Capture([.. common, "--min-users", "1000"]);
        Assert.All(JsonDocument.Parse(strict).RootElement.GetProperty("segments").GetProperty("segments").EnumerateArray(),
            s => { Assert.True(s.GetProperty("suppressed").GetBoolean()); Assert.False(s.TryGetProperty("users", out _)); });

        Assert.Equal(0, Program.Run(["report", "--db", db, "--out", dir.File("r/report.html"), "--truth", truth]));
        Assert.Contains("<svg class=\"chart\"", File.ReadAllText(dir.File("r/report.html")));
        Assert.Equal(1, Program.Run(["analyze", "users", "--db", db, "--user", "nobody", "--raw"]));
    }
}
