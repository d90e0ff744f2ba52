using System.CommandLine;
using SocialFusion.Analytics.Reports;
using SocialFusion.Analytics.Store;
using SocialFusion.Analytics.Users;

namespace SocialFusion.Cli.Commands;

/// <summary><c>socialfusion report</c>: the self-contained HTML analytics report of a store.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var set = new AnalyzeCommand.UserAnalysisOptionSet();
        var output = new Option<FileInfo>("--out", "-o") { Description = "HTML file to write (one self-contained file).", Required = true };
        var command = new Command("report", "Write one self-contained HTML report: activity heatmaps, segments, location mix, sentiment over time, recommendation scores.") { output };
        set.AddTo(command);
        command.SetAction(parse =>
        {
            var db = parse.GetRequiredValue(set.Db).FullName;
            var outFile = parse.GetRequiredValue(output).FullName;
            if (string.Equals(Path.GetFullPath(outFile), Path.GetFullPath(db), StringComparison.Ordinal))
                throw new ArgumentException("--out is the store itself; choose another file.");
            using var store = AnalyticsStore.Open(db);
            var options = set.Resolve(parse, recommendation: true);
            var result = UserAnalysis.Run(store, options);
            // Trends: scored when the users truth has a trends.jsonl beside it (the demo's truth folder).
            var usersTruth = parse.GetValue(set.Truth);
            var trendsTruth = usersTruth is null ? null : Path.Combine(usersTruth.DirectoryName!, "trends.jsonl");
            var trends = SocialFusion.Analytics.Trends.TrendAnalysis.Run(store, SocialFusion.Analytics.Trends.TrendOptions.Reference with { Privacy = options.Privacy ?? SocialFusion.Analytics.Privacy.KAnonymity.Default },
                trendsTruth is not null && File.Exists(trendsTruth) ? trendsTruth : null);
            UserReport.Write(outFile, result, store.Path, [new SocialFusion.Analytics.Trends.TrendsReportSection(trends)]);
            Console.WriteLine($"report written to {outFile} ({new FileInfo(outFile).Length / 1024.0:0.#} KiB)");
            return 0;
        });
        return command;
    }
}
