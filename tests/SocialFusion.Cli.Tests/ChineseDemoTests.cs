using System.Text.Json;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Cli.Tests;

/// <summary>
/// The Chinese demo end to end on a small collection, in-process: <c>demo --language zh</c> generates Weibo-style posts,
/// trains the built-in encoders and two presets and writes the comparison; the multi-task model and retrieval then run
/// on the same posts through those encoders; English is refused on the Chinese folder.
/// </summary>
public class ChineseDemoTests
{
    private static (int Code, string Out, string Err) Run(string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        var (so, se) = (Console.Out, Console.Error);
        Console.SetOut(o); Console.SetError(e);
        try { return (Program.Run(args), o.ToString(), e.ToString()); }
        finally { Console.SetOut(so); Console.SetError(se); }
    }

    [Fact]
    public void ChineseDemo_RunsEndToEnd_WithMultiTaskAndRetrievalOnTheSamePosts()
    {
        TorchSharp.torch.set_num_threads(1);
        using var dir = new TempDir();
        string data = dir.File("demo-data-zh"), runs = dir.File("demo-zh"), posts = Path.Combine(data, "posts.jsonl");
        var demo = Run(["demo", "--language", "zh", "--data", data, "--out", runs, "--posts", "200", "--presets", "sgmft,text-only",
            "--seeds", "1", "--epochs", "2"]);
        Assert.True(demo.Code == 0, demo.Err);
        Assert.Contains("sgmft", demo.Out);
        Assert.Contains("text-only", demo.Out);
        Assert.Equal("zh", JsonDocument.Parse(File.ReadAllText(Path.Combine(data, "manifest.json"))).RootElement
            .GetProperty("options").GetProperty("language").GetString());
        var first = JsonDocument.Parse(File.ReadLines(posts).First(l => l.Contains("\"text\":\""))).RootElement.GetProperty("text").GetString()!;
        Assert.Contains(first, c => c is >= '\u4E00' and <= '\u9FFF');
        var comparison = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs, "report", "comparison.json"))).RootElement;
        Assert.Equal(2, comparison.GetArrayLength());
        var md = File.ReadAllText(Path.Combine(runs, "report", "comparison.md"));
        Assert.Contains("| sgmft |", md);

        // The tokenizer the encoders learnt on these posts holds Weibo topics whole and ideographs one by one.
        var vocabulary = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs, "encoder", "tokenizer.json"))).RootElement
            .GetProperty("Vocabulary").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Contains(vocabulary, t => t.Length > 2 && t[0] == '#' && t[^1] == '#');
        Assert.DoesNotContain(vocabulary, t => t.Length > 1 && t[0] != '#' && t[0] != '[' && t.All(c => c is >= '\u4E00' and <= '\u9FFF'));

        // English on the Chinese folder is refused instead of training on the wrong posts.
        var english = Run(["demo", "--data", data, "--out", dir.File("en"), "--seeds", "1", "--epochs", "1", "--presets", "text-only"]);
        Assert.NotEqual(0, english.Code);
        Assert.Contains("'zh'", english.Err);

        // Multi-task and retrieval on the Chinese posts, through the demo's encoders (no second encoder training).
        string encoder = Path.Combine(runs, "encoder"), mt = dir.File("mt"), index = dir.File("posts.sfx");
        var multitask = Run(["multitask", "--data", posts, "--out", mt, "--encoder", encoder, "--epochs", "1", "--no-single-task"]);
        Assert.True(multitask.Code == 0, multitask.Err);
        Assert.True(File.Exists(Path.Combine(mt, "report", "multitask.md")));
        Assert.True(Run(["index", "--data", posts, "--out", index, "--encoder", encoder]).Code == 0);
        var search = Run(["search", "--index", index, "--text", "#打卡# 练腿日结束，汗流浃背", "-k", "5", "--json"]);
        Assert.True(search.Code == 0, search.Err);
        Assert.Equal(5, JsonDocument.Parse(search.Out.Trim()).RootElement.GetArrayLength());
    }
}
