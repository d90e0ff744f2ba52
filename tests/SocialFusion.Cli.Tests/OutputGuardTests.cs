using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Cli.Tests;

/// <summary>No command writes over one of its inputs (symlinks resolved); existing outputs are replaced only with --force.</summary>
public class OutputGuardTests
{
    private static (int Code, string Error) Run(params string[] args)
    {
        var error = new StringWriter();
        var old = Console.Error;
        Console.SetError(error);
        try { return (Program.Run(args), error.ToString()); }
        finally { Console.SetError(old); }
    }

    private static string Posts(TempDir dir)
    {
        var path = dir.File("posts.jsonl");
        File.WriteAllText(path, """
            {"id":"p1","user_id":"u1","created_at":"2024-01-01T00:00:00Z","text":"hello #gym","images":[],"labels":{"location":"gym"}}
            {"id":"p2","user_id":"u2","created_at":"2024-01-01T00:00:00Z","text":"lunch","images":[],"labels":{"location":"restaurant"}}

            """);
        return path;
    }

    private static void AssertRefused((int Code, string Error) r, string input, string original, string expect)
    {
        Assert.Equal(2, r.Code); // a refused output is a usage error
        Assert.Contains(expect, r.Error);
        Assert.Equal(original, File.ReadAllText(input));
    }

    [Fact]
    public void OutputOntoAnInput_IsRefused_ForEveryCommand_AlsoThroughASymlink()
    {
        using var dir = new TempDir();
        var input = Posts(dir);
        var original = File.ReadAllText(input);
        var link = dir.File("link.jsonl");
        File.CreateSymbolicLink(link, input);
        Directory.CreateDirectory(dir.File("model"));
        const string destroy = "would destroy the input";
        AssertRefused(Run("validate", "--input", input, "--rejected", input), input, original, destroy);
        AssertRefused(Run("validate", "--input", input, "--rejected", link, "--force"), input, original, destroy);
        AssertRefused(Run("predict", "--model", dir.File("model"), "--input", input, "--out", link, "--force"), input, original, destroy);
        AssertRefused(Run("index", "--data", input, "-o", input, "--force"), input, original, destroy);
        AssertRefused(Run("clip", "tokenize", "--model", dir.File("model"), "--input", input, "-o", link, "--force"), input, original, destroy);
        AssertRefused(Run("clip", "encode", "--model", dir.File("model"), "--texts", input, "-o", input, "--force"), input, original, destroy);
        AssertRefused(Run("embed", "--clip", dir.File("model"), "--input", input, "-o", link), input, original, destroy);
    }

    [Fact]
    public void ExistingOutput_IsRefusedWithoutForce_AndReplacedWithIt()
    {
        using var dir = new TempDir();
        var input = Posts(dir);
        var rejected = dir.File("rejected.jsonl");
        File.WriteAllText(rejected, "keep me");
        Directory.CreateDirectory(dir.File("model"));
        const string exists = "already exists; pass --force";
        AssertRefused(Run("validate", "--input", input, "--rejected", rejected), rejected, "keep me", exists);
        AssertRefused(Run("predict", "--model", dir.File("model"), "--input", input, "--out", rejected), rejected, "keep me", exists);
        AssertRefused(Run("index", "--data", input, "-o", rejected), rejected, "keep me", exists);
        AssertRefused(Run("clip", "encode", "--model", dir.File("model"), "--texts", input, "-o", rejected), rejected, "keep me", exists);
        AssertRefused(Run("clip", "tokenize", "--model", dir.File("model"), "--input", input, "-o", rejected), rejected, "keep me", exists);

        var forced = Run("validate", "--input", input, "--rejected", rejected, "--force");
        Assert.Equal(0, forced.Code);
        Assert.Contains($"replacing {rejected}", forced.Error);
        Assert.NotEqual("keep me", File.ReadAllText(rejected));
        // Without --rejected, validate's own side file next to the input is rewritten on every run.
        Assert.Equal(0, Run("validate", "--input", input).Code);
        Assert.Equal(0, Run("validate", "--input", input).Code);
    }

    [Fact]
    public void DemoData_IntoAnExistingCollection_NeedsForce()
    {
        using var dir = new TempDir();
        string data = dir.File("data");
        Assert.Equal(0, Run("demo-data", "--out", data, "--posts", "12", "--users", "3").Code);
        var posts = Path.Combine(data, "posts.jsonl");
        var before = File.ReadAllText(posts);
        AssertRefused(Run("demo-data", "--out", data, "--posts", "20", "--users", "3"), posts, before, "pass --force to replace them");
        var forced = Run("demo-data", "--out", data, "--posts", "20", "--users", "3", "--force");
        Assert.Equal(0, forced.Code);
        Assert.Contains("replacing posts.jsonl, manifest.json", forced.Error);
        Assert.Equal(20, File.ReadLines(posts).Count());
    }
}

/// <summary>What the experiment summary line says about the split.</summary>
public class ExperimentViewTests
{
    [Theory]
    [InlineData(true, "(grouped by user)")]
    [InlineData(false, "(not grouped by user)")]
    public void SummaryLine_SaysWhetherTheSplitWasGroupedByUser(bool grouped, string expected)
    {
        var m = new Training.Evaluation.MeanStd(0.5, 0.0, 1);
        var metrics = new Dictionary<string, Training.Evaluation.MeanStd> { ["macro_f1"] = m, ["accuracy"] = m, ["weighted_f1"] = m, ["ece"] = m };
        var result = new Training.Experiments.ExperimentResult([], [("text-only", metrics)], "report",
            new Training.Experiments.ExperimentCounts(10, 0, 6, 2, 2, 0, 0, grouped), TimeSpan.Zero);
        var output = new StringWriter();
        var old = Console.Out;
        Console.SetOut(output);
        try { Rendering.ExperimentView.Comparison(result); }
        finally { Console.SetOut(old); }
        Assert.Contains($"split 6/2/2 {expected}", output.ToString());
    }
}
