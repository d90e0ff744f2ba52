using System.CommandLine;
using System.Globalization;
using SocialFusion.Training.Data;
using SocialFusion.Training.MultiTask;
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
        var part = new Option<string?>("--split") { Description = "Score only the posts of this part (train, dev or test) of the split recorded in the run's split.json." };
        part.AcceptOnlyFromAmong(SplitRecord.Parts);
        var command = new Command("evaluate", "Evaluate a checkpoint: accuracy, macro/weighted F1, per-class scores, confusion matrix, ECE; every head of a multi-task checkpoint.") { data, output, part };
        model.AddTo(command);
        command.SetAction(parse =>
        {
            var outDir = parse.GetRequiredValue(output).FullName;
            Directory.CreateDirectory(outDir);
            if (model.IsMultiTask(parse)) return EvaluateMultiTask(parse, model, parse.GetRequiredValue(data).FullName, outDir, parse.GetValue(part));
            using var session = model.Open(parse);
            var posts = Slice(parse, model, FeatureSourceOptions.ReadPosts(parse.GetRequiredValue(data).FullName, Path.Combine(outDir, "rejected.jsonl")), parse.GetValue(part));
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

    /// <summary>The posts of the recorded split part <paramref name="name"/> (all posts when null), saying how many were kept.</summary>
    private static IReadOnlyList<Data.Posts.Post> Slice(ParseResult parse, ModelInputOptions model, IReadOnlyList<Data.Posts.Post> posts, string? name)
    {
        if (name is null) return posts;
        var (file, record) = SplitRecord.Find(parse.GetRequiredValue(model.Model).FullName);
        var kept = record.Select(posts, name);
        Console.WriteLine($"{kept.Count} of {posts.Count} posts are in the {name} part of {file} ({record.Part(name).Count} recorded)");
        return kept;
    }

    private static int EvaluateMultiTask(ParseResult parse, ModelInputOptions model, string data, string outDir, string? part)
    {
        using var session = model.OpenMultiTask(parse);
        var posts = Slice(parse, model, FeatureSourceOptions.ReadPosts(data, Path.Combine(outDir, "rejected.jsonl")), part);
        var result = ModelInputOptions.WithPostProgress("evaluating", posts.Count, p => session.Evaluate(posts, p));
        MultiTaskReport.WriteEvaluation(outDir, $"evaluation of {parse.GetRequiredValue(model.Model).Name}", result.Evaluation, result.Unlabelled, result.UnknownLabels);
        var table = new Table().AddColumns("head", "posts", "accuracy", "macro-F1", "weighted-F1", "ECE", "RMSE", "MAE");
        foreach (var h in result.Evaluation.Heads)
            table.AddRow(h.Classification is { } c
                ? [Markup.Escape(h.Task), h.Count.ToString(CultureInfo.InvariantCulture), F(c.Accuracy), F(c.MacroF1), F(c.WeightedF1), F(c.Ece), "–", "–"]
                : [Markup.Escape(h.Task), h.Count.ToString(CultureInfo.InvariantCulture), "–", "–", "–", "–", F(h.Regression!.Rmse), F(h.Regression.Mae)]);
        AnsiConsole.Write(table);
        if (result.Unlabelled > 0) Console.WriteLine($"{result.Unlabelled} posts without a usable label for any head were not scored.");
        foreach (var (head, n) in result.UnknownLabels.Where(kv => kv.Value > 0))
            Console.WriteLine($"{n} posts with a '{head}' value the model does not know were not scored for that head.");
        Console.WriteLine($"report written to {outDir} (per-head reports and confusion matrices in its sub-folders)");
        return 0;
    }

    private static string F(double v) => v.ToString("F3", CultureInfo.InvariantCulture);
}
