using SocialFusion.Cli;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Cli.Tests;

/// <summary>Exit codes as docs/cli.md states them: 0 success, 1 reported error, 2 usage error, 3 validate rejections.</summary>
public sealed class ExitCodeTests
{
    private static (int Code, string Error) Run(params string[] args)
    {
        var error = new StringWriter();
        var (savedError, savedOut) = (Console.Error, Console.Out);
        Console.SetError(error);
        Console.SetOut(TextWriter.Null);
        try { return (Program.Run(args), error.ToString()); }
        finally { Console.SetError(savedError); Console.SetOut(savedOut); }
    }

    [Theory]
    [InlineData("validate")]                                   // required option missing
    [InlineData("validate", "--input", "a.jsonl", "--nosuch")] // unknown option
    [InlineData("nosuch")]                                     // unknown command
    [InlineData("demo-data", "--posts", "many")]               // value of the wrong type
    public void Parse_errors_exit_with_2(params string[] args) => Assert.Equal(2, Run(args).Code);

    [Fact]
    public void Option_checks_in_the_commands_exit_with_2()
    {
        var (code, error) = Run("--threads", "0", "presets");
        Assert.Equal(2, code);
        Assert.Contains("--threads must be at least 1", error);
        using var dir = new TempDir();
        (code, error) = Run("train", "--data", dir.File("posts.jsonl"), "--out", dir.File("o"), "--seeds", "1,x");
        Assert.Equal(2, code);
        Assert.Contains("--seeds: 'x' is not an integer", error);
    }

    [Theory]
    [InlineData("Infinity")]
    [InlineData("NaN")]
    [InlineData("1e400")] // parses as Infinity
    public void A_non_finite_number_option_is_a_usage_error(string value)
    {
        using var dir = new TempDir();
        var (code, error) = Run("train", "--data", dir.File("posts.jsonl"), "--out", dir.File("o"), "--lr", value);
        Assert.Equal(2, code);
        Assert.Contains($"--lr must be a finite number, got '{value}'", error);
        (code, error) = Run("demo-data", "--out", dir.File("d"), "--scale", "--mean-follows", value);
        Assert.Equal(2, code);
        Assert.Contains("--mean-follows must be a finite number", error);
        (code, error) = Run("train", "--task", "multitask", "--data", dir.File("posts.jsonl"), "--out", dir.File("o"),
            "--weighting", "fixed", "--weights", $"location={value}");
        Assert.Equal(2, code);
        Assert.Contains($"--weights location: '{value}' is not a finite number", error);
        Assert.False(Directory.Exists(dir.File("o")));
    }

    [Fact]
    public void A_checkpoint_with_NaN_weights_is_refused_naming_the_file_and_the_parameter()
    {
        using var dir = new TempDir();
        var config = Models.Config.ModelPresets.Load("sgmft") with { D = 8, Heads = 2, MaxImages = 1, MaxTextTokens = 4 };
        var checkpoint = new Training.Checkpoints.Checkpoint
        {
            Model = config, Features = new Models.Features.FeatureSpec(4, 4, 4, 2, false), Labels = ["a", "b"],
            LabelName = "location", EncoderFingerprint = "enc",
        };
        string key;
        using (var model = checkpoint.CreateModel())
        {
            var (name, weight) = model.named_parameters().First(p => p.name.EndsWith("weight", StringComparison.Ordinal) && p.parameter.dim() == 2);
            key = name;
            using (TorchSharp.torch.no_grad()) weight[0, 0].fill_(float.NaN);
            checkpoint.Save(dir.File("ckpt"), model);
        }
        File.WriteAllText(dir.File("posts.jsonl"), "{\"id\":\"p1\",\"user_id\":\"u\",\"created_at\":\"2024-01-01T00:00:00Z\",\"text\":\"hi\"}\n");
        var (code, error) = Run("predict", "--model", dir.File("ckpt"), "--input", dir.File("posts.jsonl"), "--out", dir.File("out.jsonl"));
        Assert.Equal(1, code);
        Assert.Contains(Path.Combine(dir.File("ckpt"), "model.bin"), error);
        Assert.Contains($"parameter '{key}' holds 1 NaN", error);
        Assert.False(File.Exists(dir.File("out.jsonl")));
        (code, error) = Run("evaluate", "--model", dir.File("ckpt"), "--data", dir.File("posts.jsonl"), "--out", dir.File("eval"));
        Assert.Equal(1, code);
        Assert.Contains($"parameter '{key}' holds 1 NaN", error);
    }

    [Fact]
    public void A_directory_given_for_a_file_is_named_as_a_directory()
    {
        using var dir = new TempDir();
        var (code, error) = Run("validate", "--input", dir.Path);
        Assert.Equal(2, code);
        Assert.Contains($"--input: '{dir.Path}' is a directory, not a file", error);
        Assert.DoesNotContain("denied", error);
    }

    [Fact]
    public void Help_and_reported_errors_keep_their_codes()
    {
        Assert.Equal(0, Run("validate", "--help").Code);
        var (code, error) = Run("validate", "--input", "/nonexistent/posts.jsonl");
        Assert.Equal(1, code);
        Assert.Contains("/nonexistent/posts.jsonl", error);
    }
}
