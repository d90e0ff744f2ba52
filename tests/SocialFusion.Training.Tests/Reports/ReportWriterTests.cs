using System.Text.Json;
using SkiaSharp;
using SocialFusion.Training.Evaluation;
using SocialFusion.Training.Reports;
using Xunit;

namespace SocialFusion.Training.Tests.Reports;

public sealed class ReportWriterTests
{
    private static MetricSet Example(int shift) => Metrics.Compute(
        Enumerable.Range(0, 9).Select(i => { var p = new float[3]; p[(i + (i < shift ? 1 : 0)) % 3] = 1; return p; }).ToList(),
        Enumerable.Range(0, 9).Select(i => i % 3).ToList(), new[] { "home", "work|x", "park" });

    [Fact]
    public void RunAndComparisonReports_AreWrittenAndParse()
    {
        var folder = Directory.CreateTempSubdirectory("sf-report-").FullName;
        try
        {
            ReportWriter.WriteRun(folder, "run", Example(2));
            using (JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "report.json")))) { }
            Assert.Contains("work\\|x", File.ReadAllText(Path.Combine(folder, "report.md")));
            using (var bmp = SKBitmap.Decode(Path.Combine(folder, "confusion.png")))
            {
                Assert.NotNull(bmp);
                Assert.True(bmp.Width > 100 && bmp.Height > 100);
            }
            ReportWriter.WriteComparison(folder, new[] { new PresetRuns("sgmft", new[] { Example(0), Example(3) }) });
            using (JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "comparison.json")))) { }
            Assert.Contains("| sgmft | 2 |", File.ReadAllText(Path.Combine(folder, "comparison.md")));
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void SeedAggregate_MeanAndSampleStd()
    {
        var agg = SeedAggregate.Aggregate(new[] { Example(0), Example(3) });
        double a0 = Example(0).Accuracy, a1 = Example(3).Accuracy;
        Assert.Equal((a0 + a1) / 2, agg["accuracy"].Mean, 12);
        Assert.Equal(Math.Abs(a0 - a1) / Math.Sqrt(2), agg["accuracy"].Std, 12);
    }
}
