using System.Text.Json;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Cli.Tests;

/// <summary>Cross-modal retrieval through the CLI, in-process: index, the three kinds of search, and retrieval-eval.</summary>
public class RetrievalCommandTests
{
    private static string Capture(string[] args)
    {
        var out_ = new StringWriter();
        var old = Console.Out;
        Console.SetOut(out_);
        try { Assert.Equal(0, Program.Run(args)); }
        finally { Console.SetOut(old); }
        return out_.ToString();
    }

    private static List<(string Id, double Score)> Hits(string json) =>
        JsonDocument.Parse(json.Trim()).RootElement.EnumerateArray().Select(h => (h.GetProperty("post_id").GetString()!, h.GetProperty("score").GetDouble())).ToList();

    [Fact]
    public void Index_Search_RetrievalEval_WorkFromTheCommandLine()
    {
        using var dir = new TempDir();
        string data = dir.File("data"), index = dir.File("posts.sfx");
        Assert.Equal(0, Program.Run(["demo-data", "--out", data, "--posts", "160", "--users", "16", "--seed", "4"]));
        string posts = Path.Combine(data, "posts.jsonl");
        var lines = File.ReadAllLines(posts).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        // A known answer for --like: an exact copy of one post under another id.
        var withBoth = lines.First(p => p.TryGetProperty("text", out var t) && t.GetString()!.Length > 0 && p.GetProperty("images").GetArrayLength() > 0);
        string id = withBoth.GetProperty("id").GetString()!;
        File.AppendAllText(posts, File.ReadLines(posts).First(l => l.Contains($"\"{id}\"")).Replace($"\"id\":\"{id}\"", "\"id\":\"twin\"") + "\n");

        Assert.Equal(0, Program.Run(["index", "--data", posts, "--out", index]));
        Assert.True(File.Exists(index));
        var encoderFiles = Directory.GetFiles(index + ".encoder").ToDictionary(f => f, File.GetLastWriteTimeUtc);
        // A second index of the same collection reuses the trained encoders instead of training them again.
        Assert.Equal(0, Program.Run(["index", "--data", posts, "--out", index, "--force"]));
        Assert.All(encoderFiles, kv => Assert.Equal(kv.Value, File.GetLastWriteTimeUtc(kv.Key)));

        // --like: the post itself is excluded, and its exact copy is the best match with cosine 1.
        var like = Hits(Capture(["search", "--index", index, "--like", id, "-k", "5", "--json"]));
        Assert.Equal(5, like.Count);
        Assert.DoesNotContain(like, h => h.Id == id);
        Assert.Equal("twin", like[0].Id);
        Assert.Equal(1.0, like[0].Score, 3);

        // --text and --image: k hits, scores are cosines in descending order.
        foreach (var args in new[] { new[] { "--text", "leg day at the gym" }, ["--image", Path.Combine(data, withBoth.GetProperty("images")[0].GetString()!)] })
        {
            var hits = Hits(Capture(["search", "--index", index, .. args, "-k", "7", "--json"]));
            Assert.Equal(7, hits.Count);
            Assert.Equal(7, hits.Select(h => h.Id).Distinct().Count());
            Assert.All(hits, h => Assert.InRange(h.Score, -1.0001, 1.0001));
            Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score), "scores not sorted");
        }

        // retrieval-eval: recall grows with k, MRR lies between R@1 and 1, and a random-ranking baseline is reported.
        string evalDir = dir.File("eval");
        Assert.Equal(0, Program.Run(["retrieval-eval", "--data", posts, "--out", evalDir]));
        var r = JsonDocument.Parse(File.ReadAllText(Path.Combine(evalDir, "retrieval.json"))).RootElement;
        foreach (var direction in new[] { "text_to_image", "image_to_text", "random" })
        {
            var m = r.GetProperty(direction);
            double r1 = m.GetProperty("recall_at1").GetDouble(), r5 = m.GetProperty("recall_at5").GetDouble(), r10 = m.GetProperty("recall_at10").GetDouble();
            Assert.True(r1 <= r5 && r5 <= r10 && r10 <= 1, $"{direction}: {r1} {r5} {r10}");
            Assert.InRange(m.GetProperty("mrr").GetDouble(), r1, 1);
        }
        Assert.True(File.Exists(Path.Combine(evalDir, "retrieval.md")));
    }
}
