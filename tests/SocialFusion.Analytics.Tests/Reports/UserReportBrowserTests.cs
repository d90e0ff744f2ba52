using System.Diagnostics;
using System.Text.RegularExpressions;
using SkiaSharp;
using SocialFusion.Analytics.Users;
using SocialFusion.Data.Demo;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Analytics.Tests.Reports;

/// <summary>The demo analytics step end to end, and its HTML report opened in headless Chromium (Debian's package).</summary>
public partial class UserReportBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [GeneratedRegex(@"\b(src|href)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex SrcOrHref();

    [Fact]
    public void Demo_step_writes_a_self_contained_report_whose_charts_render_in_chromium()
    {
        using var dir = new TempDir();
        var data = dir.File("demo");
        DemoDataGenerator.Generate(new DemoDataOptions { Posts = 400, Users = 30, Seed = 5, MinImageSide = 32, MaxImageSide = 40 }, data);
        var result = DemoAnalytics.Run(data, dir.File("out"));
        Assert.Equal(30, result.Analysis.Truth!.Users);
        Assert.Equal(6, result.Analysis.Recommendation!.Scores.Count);

        var html = File.ReadAllText(result.ReportPath);
        Assert.True(new FileInfo(result.ReportPath).Length < 2 * 1024 * 1024);
        // Self-contained: no src or href attribute at all (so no external URL), charts are inline SVG.
        Assert.DoesNotMatch(SrcOrHref(), html);
        int charts = Regex.Matches(html, "<svg class=\"chart\"").Count;
        // The user analysis first, then one section per hidden-pattern analysis, each with at least one chart.
        var titles = new[] { "Trends and bursts", "Topics", "Communities", "Cascades and influence" };
        var starts = titles.Select(t => html.IndexOf($"<h2>{t}</h2>", StringComparison.Ordinal)).ToList();
        Assert.All(starts, i => Assert.True(i > 0));
        Assert.Equal(starts.Order().ToList(), starts);
        Assert.Equal(1 + (result.Analysis.Segments.K + 1) + 1 + 1 + 2, Regex.Matches(html[..starts[0]], "<svg class=\"chart\"").Count);
        for (int k = 0; k < starts.Count; k++)
        {
            var part = html[starts[k]..(k + 1 < starts.Count ? starts[k + 1] : html.Length)];
            Assert.True(Regex.Matches(part, "<svg class=\"chart\"").Count >= 1, $"no chart in the {titles[k]} section");
        }

        if (!File.Exists(Chromium))
            Assert.Skip($"{Chromium} is missing (./test installs Debian's chromium when it runs as root); report not opened in a browser.");
        var artifacts = Path.Combine(RepoPaths.Root, "artifacts", "test-artifacts");
        Directory.CreateDirectory(artifacts);
        var shot = Path.Combine(artifacts, "analytics-report.png");
        File.Delete(shot);
        Run($"--headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1150,2600 --screenshot={shot} file://{result.ReportPath}");
        var dom = Run($"--headless --no-sandbox --disable-gpu --dump-dom file://{result.ReportPath}");
        // The browser parsed every chart as SVG with drawn shapes.
        Assert.Equal(charts, Regex.Matches(dom, "<svg class=\"chart\"").Count);
        Assert.True(Regex.Matches(dom, "<rect ").Count > 200, "too few SVG shapes in the rendered DOM");

        using var bitmap = SKBitmap.Decode(shot);
        Assert.NotNull(bitmap);
        // Rendered charts put saturated colour on the page (bars, heatmap cells, lines); a page of text would not.
        long coloured = 0;
        for (int y = 0; y < bitmap.Height; y += 2)
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                var c = bitmap.GetPixel(x, y);
                if (Math.Max(c.Red, Math.Max(c.Green, c.Blue)) - Math.Min(c.Red, Math.Min(c.Green, c.Blue)) > 60) coloured++;
            }
        Assert.True(coloured > 5000, $"only {coloured} coloured pixels (sampled) in the screenshot {shot}: the charts did not render");
    }

    private static string Run(string arguments)
    {
        var psi = new ProcessStartInfo(Chromium, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish within 90 s");
        }
        Assert.True(p.ExitCode == 0, $"chromium exited with {p.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
