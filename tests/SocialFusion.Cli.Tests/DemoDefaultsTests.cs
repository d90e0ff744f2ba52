using System.Diagnostics;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Cli.Tests;

/// <summary>
/// The README's main command is <c>demo</c> with no folders given: it must find its defaults (<c>demo-data/</c> and
/// <c>runs/demo/</c> under the working folder). Run as a child process so that its working folder is a fresh one.
/// </summary>
public class DemoDefaultsTests
{
    [Fact]
    public void Demo_WithoutDataOrOut_UsesTheDefaultFoldersUnderTheWorkingFolder()
    {
        using var dir = new TempDir();
        var cli = Path.Combine(AppContext.BaseDirectory, "socialfusion.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", cli, "--threads", "1", "demo", "--posts", "120", "--presets", "text-only", "--seeds", "1", "--epochs", "1"])
        {
            WorkingDirectory = dir.Path, RedirectStandardError = true, RedirectStandardOutput = true,
        };
        using var child = Process.Start(start)!;
        var err = child.StandardError.ReadToEndAsync();
        var output = child.StandardOutput.ReadToEnd();
        Assert.True(child.WaitForExit(600_000));
        Assert.True(child.ExitCode == 0, err.Result + output);
        Assert.True(File.Exists(Path.Combine(dir.Path, "demo-data", "posts.jsonl")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "runs", "demo", "analytics-report.html")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "runs", "demo", "report", "comparison.md")));
    }
}
