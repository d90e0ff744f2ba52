using System.CommandLine;
using System.Globalization;
using SocialFusion.Training.Reports;
using Spectre.Console;

namespace SocialFusion.Cli.Commands;

/// <summary><c>socialfusion evaluate</c>: scores a checkpoint on labelled posts and writes a report.</summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var model = new ModelInputOptions();
        var data = new Option<FileInfo>("--data", "-d") { Description = "Labelled posts file (.jsonl or .csv).", Required = true };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Report folder (report.json, report.md, confusion.png).", Required = true };
        var command = new Command("evaluate", "Evaluate a checkpoint: accuracy, macro/weighted F1, per-class scores, confusion matrix, ECE.") { data, output };
        model.AddTo(command);
        command.SetAction(parse =>
        {
            var outDir = parse.GetRequiredValue(output).FullName;
            Directory.CreateDirectory(outDir);
            using var session = model.Open(parse);
            var posts = FeatureSourceOptions.ReadPosts(parse.GetRequiredValue(data).FullName, Path.Combine(outDir, "rejected.jsonl"));
            var (metrics, skipped) = ModelInputOptions.WithPostProgress("evaluating", posts.Count, p => session.Evaluate(posts, p));
            ReportWriter.WriteRun(outDir, $"evaluation of {parse.GetRequiredValue(model.Model).Name}", metrics);
            var table = new Table().AddColumns("label", "precision", "recall", "F1", "support");
            foreach (var c in metrics.PerClass)
                table.AddRow(Markup.Escape(c.Label), F(c.Precision), F(c.Recall), F(c.F1), c.Support.ToString(CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            Console.WriteLine($"accuracy {F(metrics.Accuracy)}  macro-F1 {F(metrics.MacroF1)}  weighted-F1 {F(metrics.WeightedF1)}  ECE {F(metrics.Ece)}");
            if (skipped > 0) Console.WriteLine($"{skipped} posts without a known '{session.Predictor.Checkpoint.LabelName}' label were not scored.");
            Console.WriteLine($"report written to {outDir}");
            return 0;
        });
        return command;
    }

    private static string F(double v) => v.ToString("F3", CultureInfo.InvariantCulture);
}
