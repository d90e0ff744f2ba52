using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SocialFusion.Analytics.Cascades;
using SocialFusion.Analytics.Influence;
using SocialFusion.Analytics.Reports;
using SocialFusion.TestSupport;
using Xunit;
using static SocialFusion.Analytics.Tests.Cascades.CascadeStore;

namespace SocialFusion.Analytics.Tests.Reports;

public partial class CascadeReportSectionTests
{
    [GeneratedRegex("<circle cx=\"([0-9.]+)\" cy=\"([0-9.]+)\"")]
    private static partial Regex Circle();

    [Fact]
    public void Log_log_axes_put_a_power_law_on_a_straight_line()
    {
        // P(S >= s) = 1 / s at s = 1, 10, 100: equal steps in both log coordinates.
        var svg = SvgLogCharts.LogLog([("ccdf", [(1.0, 1.0), (10.0, 0.1), (100.0, 0.01)])], "t", "x", "y");
        var p = Circle().Matches(svg).Select(m => (X: double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Y: double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(3, p.Count);
        Assert.Equal(p[1].X - p[0].X, p[2].X - p[1].X, 1);
        Assert.Equal(p[1].Y - p[0].Y, p[2].Y - p[1].Y, 1);
        Assert.True(p[1].Y > p[0].Y, "smaller shares are lower on the page");
    }

    [Fact]
    public void Section_shows_the_ccdf_the_distributions_and_bad_input_counts_without_naming_anyone()
    {
        using var dir = new TempDir();
        using var store = Create(dir.File("s.duckdb"), [new("a", "alice", 0), new("b", "bob", 5, RepostOf: "a"), new("c", "carol", 6, RepostOf: "a"),
            new("d", "dave", 7), new("m", "mallory", 9, ReplyTo: "gone")], [("bob", "alice")]);
        var section = new CascadeReportSection(CascadeAnalysis.Run(store, CascadeAnalysisOptions.Reference),
            InfluenceAnalysis.Run(store, InfluenceOptions.Reference));
        var html = new StringBuilder();
        section.AppendBody(html);
        var s = html.ToString();
        Assert.Single(Regex.Matches(s, "data-chart=\"loglog\""));
        // Sizes 3, 1, 1: CCDF points at 1 and 3.
        Assert.Equal(2, Circle().Matches(s).Count);
        Assert.Contains("structural_virality", s);
        Assert.Contains("1 posts whose parent is not in the store", s);
        Assert.Contains("Will it double? k = 5", s);
        Assert.Contains("Spearman", s);
        foreach (var name in new[] { "alice", "bob", "carol", "dave", "mallory" }) Assert.DoesNotContain(name, s);
        Assert.DoesNotMatch("(src|href)\\s*=", s);
    }

    [Fact]
    public void Section_renders_in_chromium()
    {
        const string chromium = "/usr/bin/chromium";
        using var dir = new TempDir();
        // 400 posts: each picks a parent among the previous 30 with probability 0.4 (preferring recent ones), else is a root.
        var random = new Random(11);
        var posts = new List<P>();
        for (int i = 0; i < 400; i++)
        {
            string? parent = i > 0 && random.NextDouble() < 0.4 ? $"p{Math.Max(0, i - 1 - random.Next(Math.Min(i, 30)))}" : null;
            posts.Add(new P($"p{i}", $"u{random.Next(40)}", i * 7, RepostOf: parent));
        }
        using var store = Create(dir.File("s.duckdb"), posts);
        var result = CascadeAnalysis.Run(store, CascadeAnalysisOptions.Reference with { PredictionK = [2] });
        var html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>cascades</title></head><body><h2>Cascades</h2>");
        new CascadeReportSection(result).AppendBody(html);
        var page = dir.File("report.html");
        File.WriteAllText(page, html.Append("</body></html>").ToString());
        if (!File.Exists(chromium)) Assert.Skip($"{chromium} is missing (./test installs Debian's chromium when it runs as root).");
        var artifacts = Path.Combine(RepoPaths.Root, "artifacts", "test-artifacts");
        Directory.CreateDirectory(artifacts);
        Run(chromium, $"--headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=900,1400 --screenshot={Path.Combine(artifacts, "cascade-report.png")} file://{page}");
        var dom = Run(chromium, $"--headless --no-sandbox --disable-gpu --dump-dom file://{page}");
        Assert.Single(Regex.Matches(dom, "data-chart=\"loglog\""));
        Assert.Equal(result.SizeCcdf.Count, Circle().Matches(dom).Count);
    }

    private static string Run(string exe, string arguments)
    {
        using var p = Process.Start(new ProcessStartInfo(exe, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(90))) { p.Kill(entireProcessTree: true); Assert.Fail("chromium did not finish within 90 s"); }
        Assert.True(p.ExitCode == 0, $"chromium exited with {p.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
