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
