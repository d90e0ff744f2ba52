using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SocialFusion.Analytics.Cascades;
using SocialFusion.Analytics.Store;
using Spectre.Console;

namespace SocialFusion.Cli.Commands;

/// <summary>
/// <c>socialfusion analyze cascades</c>: cascades rebuilt from reply_to / repost_of, their size, depth, breadth,
/// structural virality, time to peak and lifetime, and the doubling task of Cheng et al. per k. Names no user.
/// </summary>
public static class AnalyzeCascadesCommand
{
    public static Command Create()
    {
        var db = new Option<FileInfo>("--db") { Description = "Analytics store (DuckDB file).", DefaultValueFactory = _ => new FileInfo(AnalyticsStore.DefaultFileName) };
        var json = new Option<bool>("--json") { Description = "Write the result as JSON to standard output instead of tables." };
        var minSize = new Option<int>("--min-size") { Description = "Smallest cascade (posts, root included) in the metric distributions.", DefaultValueFactory = _ => CascadeAnalysisOptions.Reference.MinSize };
        var k = new Option<int[]>("--k") { Description = "Reshares observed in the doubling task (will a cascade with k reshares reach 2k?); several allowed, 0 for none.", DefaultValueFactory = _ => [.. CascadeAnalysisOptions.Reference.PredictionK], AllowMultipleArgumentsPerToken = true };
        var command = new Command("cascades", "Cascades from replies and reposts: size, depth, breadth, structural virality, time to peak, lifetime; will a cascade double after k reshares?") { db, json, minSize, k };
        command.SetAction(parse =>
        {
            using var store = AnalyticsStore.Open(parse.GetRequiredValue(db).FullName, readOnly: true);
            var options = CascadeAnalysisOptions.Reference with { MinSize = parse.GetValue(minSize), PredictionK = parse.GetRequiredValue(k).Where(x => x != 0).ToArray() };
            var r = CascadeAnalysis.Run(store, options);
            var largest = r.Cascades.OrderByDescending(c => c.Size).ThenBy(c => c.Root).Take(10).ToList();
            var ids = CascadeAnalysis.PostIds(store, largest.Select(c => c.Root));
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    r.Posts, Cascades = r.Cascades.Count, r.LonePosts, r.MissingParents, r.CyclesBroken, r.TwoParents, r.MinSize, r.Measured,
                    SizeCcdf = r.SizeCcdf.Select(p => new { p.Size, p.Share }),
                    r.Summaries, Largest = largest.Select(c => new { RootPost = ids[c.Root], c.Size, c.Depth, c.MaxBreadth, c.Wiener, c.Virality, c.TimeToPeakHours, c.LifetimeHours, c.Orphan }),
                    Predictions = r.Predictions.Select(p => new { p.K, p.Examples, p.Train, p.Test, BaseRate = Num(p.BaseRate), TestBaseRate = Num(p.TestBaseRate), p.Skipped,
                        Scores = p.Scores.Select(s => new { s.Features, s.Accuracy, Auc = Num(s.Auc) }) }),
                    r.LoadSeconds, r.MetricSeconds,
                }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
                return 0;
            }
            AnsiConsole.MarkupLine(Markup.Escape($"{r.Posts:N0} posts: {r.Cascades.Count:N0} cascades with reshares, {r.LonePosts:N0} lone posts; " +
                $"bad input kept: {r.MissingParents:N0} missing parents (orphan cascades), {r.CyclesBroken:N0} cycles cut, {r.TwoParents:N0} posts with two parents. " +
                $"Read in {r.LoadSeconds:F2} s, measured in {r.MetricSeconds:F2} s."));
            var summary = new Table().Title($"metric distributions over {r.Measured:N0} cascades of at least {r.MinSize} posts").AddColumns("metric", "mean", "median", "p90", "p99", "max");
            foreach (var m in r.Summaries) summary.AddRow(m.Metric, F(m.Mean), F(m.Median), F(m.P90), F(m.P99), F(m.Max));
            AnsiConsole.Write(summary);
            var big = new Table().Title("largest cascades").AddColumns("root post", "size", "depth", "max breadth", "virality", "time to peak (h)", "lifetime (h)");
            foreach (var c in largest) big.AddRow(Markup.Escape(ids[c.Root] + (c.Orphan ? " (orphan)" : "")), c.Size.ToString(CultureInfo.InvariantCulture), c.Depth.ToString(CultureInfo.InvariantCulture),
                c.MaxBreadth.ToString(CultureInfo.InvariantCulture), F(c.Virality), F(c.TimeToPeakHours), F(c.LifetimeHours));
            AnsiConsole.Write(big);
            foreach (var p in r.Predictions)
            {
                var t = new Table().Title(Markup.Escape($"doubling task k = {p.K}: {p.Examples} cascades with >= {p.K} reshares ({p.Train} train / {p.Test} test by root time), base rate {F(p.BaseRate)} (test {F(p.TestBaseRate)})"))
                    .AddColumns("features", "accuracy", "AUC");
                if (p.Skipped != null) t.AddRow("no model", Markup.Escape(p.Skipped), "");
                foreach (var s in p.Scores) t.AddRow(s.Features, F(s.Accuracy), F(s.Auc));
                AnsiConsole.Write(t);
            }
            return 0;
        });
        return command;
    }

    private static double? Num(double v) => double.IsNaN(v) ? null : v;
    private static string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.###", CultureInfo.InvariantCulture);
}
