using System.CommandLine;
using System.Globalization;
using SocialFusion.Cli.Rendering;
using SocialFusion.Data.Posts;
using SocialFusion.Models.MultiTask;
using SocialFusion.Training.Features;
using SocialFusion.Training.MultiTask;
using Spectre.Console;

namespace SocialFusion.Cli.Commands;

/// <summary>
/// <c>socialfusion multitask</c>: one model for every label column versus one model per label, over seeds; writes
/// multitask.json/.md, attention heatmaps for a few test posts, and prints the comparison table.
/// </summary>
public static class MultiTaskCommand
{
    public static Command Create()
    {
        var defaults = new MultiTaskExperimentOptions();
        var data = new Option<FileInfo>("--data", "-d") { Description = "Posts file (.jsonl or .csv) with label columns.", Required = true };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Output folder.", Required = true };
        var seeds = new Option<string>("--seeds") { Description = "Comma-separated training seeds.", DefaultValueFactory = _ => "1,2,3" };
        var weighting = new Option<string>("--weighting") { Description = "Loss weighting: average, fixed or uncertainty.", DefaultValueFactory = _ => "uncertainty" };
        var fixedWeights = new Option<string?>("--weights") { Description = "Fixed weights per head, e.g. location=1,text_sentiment=0.5 (with --weighting fixed)." };
        var trunk = new Option<string>("--trunk") { Description = "Shared trunk: pooling (attention pooling, explainable) or sgmft.", DefaultValueFactory = _ => "pooling" };
        var epochs = new Option<int>("--epochs") { Description = "Maximum epochs per model.", DefaultValueFactory = _ => defaults.Training.MaxEpochs };
        var noBaselines = new Option<bool>("--no-single-task") { Description = "Skip the single-task baselines." };
        var explain = new Option<int>("--explain") { Description = "Write attention heatmaps for this many test posts.", DefaultValueFactory = _ => 4 };
        var features = new FeatureSourceOptions();
        var command = new Command("multitask", "Train one multi-task model over every label column and compare it with one single-task model per label.")
        {
            data, output, seeds, weighting, fixedWeights, trunk, epochs, noBaselines, explain,
        };
        features.AddTo(command);
        command.SetAction(parse =>
        {
            var outDir = parse.GetRequiredValue(output).FullName;
            Directory.CreateDirectory(outDir);
            var options = defaults with
            {
                Seeds = parse.GetValue(seeds)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray(),
                Weighting = Enum.Parse<WeightingKind>(parse.GetValue(weighting)!, ignoreCase: true),
                FixedWeights = ParseWeights(parse.GetValue(fixedWeights)),
                Model = defaults.Model with { Trunk = parse.GetValue(trunk) == "sgmft" ? TrunkKind.Sgmft : TrunkKind.AttentionPooling },
                Training = defaults.Training with { MaxEpochs = parse.GetValue(epochs) },
                SingleTaskBaselines = !parse.GetValue(noBaselines),
            };
            var posts = FeatureSourceOptions.ReadPosts(parse.GetRequiredValue(data).FullName, Path.Combine(outDir, "rejected.jsonl"));
            var split = MultiTaskExperiment.Split(posts, options);
            var (extractor, _, _) = features.Resolve(parse, split.Train, Path.Combine(outDir, "encoder"));
            using var disposable = extractor as IDisposable;
            var all = split.Train.Concat(split.Dev).Concat(split.Test).ToList();
            var byId = FeatureSourceOptions.Extract(extractor, all, Path.Combine(outDir, "features.sqlite")).ToDictionary(f => f.PostId);
            int total = options.Seeds.Count * (1 + (options.SingleTaskBaselines ? 3 : 0)), done = 0;
            var result = Output.WithProgress("training", report =>
                MultiTaskExperiment.Run(split, byId, extractor.Spec, options, new Sync(s => report(done++ / (double)total, s))));
            using var model = result.FirstModel;
            MultiTaskReport.Write(outDir, result);
            if (options.Model.Trunk == TrunkKind.AttentionPooling) WriteExplanations(outDir, result, byId, extractor, parse.GetValue(explain));
            Print(result);
            Console.WriteLine($"report: {Path.Combine(outDir, "multitask.md")}");
            return 0;
        });
        return command;
    }

    private static void WriteExplanations(string outDir, MultiTaskExperimentResult result, Dictionary<string, PostFeatures> byId, IFeatureExtractor extractor, int count)
    {
        if (count <= 0) return;
        var posts = result.TestPostList.Where(p => p.HasText && p.HasImage).Take(count).ToList();
        var tokens = extractor is BuiltinFeatureExtractor b ? AttentionExplainer.BuiltinTokens(b) : null;
        var explanations = AttentionExplainer.Explain(result.FirstModel, posts, posts.Select(p => byId[p.Id]).ToList(), extractor.Spec, tokens);
        var dir = Path.Combine(outDir, "explanations");
        Directory.CreateDirectory(dir);
        using var writer = new StreamWriter(Path.Combine(dir, "explanations.jsonl"));
        for (int i = 0; i < posts.Count; i++)
        {
            var e = explanations[i];
            writer.WriteLine(System.Text.Json.JsonSerializer.Serialize(e));
            if (e.Grid > 0)
                AttentionHeatmap.Save(Path.Combine(dir, $"{e.PostId}.png"), posts[i].Images[0], e.ImageGrids[0], e.Grid,
                    string.Join(" ", e.Predictions.Select(kv => kv.Value.Split(' ')[0])));
            Console.WriteLine($"{e.PostId}: {string.Join(", ", e.Predictions.Select(kv => $"{kv.Key}={kv.Value}"))}; top tokens: " +
                string.Join(" ", e.TopTokens.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Token}({t.Weight:F2})"))));
        }
        Console.WriteLine($"explanations and heatmaps: {dir}");
    }

    private static void Print(MultiTaskExperimentResult result)
    {
        var table = new Table().Title("multi-task vs single-task (test, mean ± std over seeds)").AddColumns("head", "metric", "multi-task", "single-task");
        foreach (var row in MultiTaskReport.Comparison(result))
            table.AddRow(Markup.Escape(row.Task), row.Metric, row.MultiTask.ToString(), row.SingleTask?.ToString() ?? "–");
        AnsiConsole.Write(table);
        var weights = new Table().Title($"loss weights ({result.Options.Weighting.ToString().ToLowerInvariant()})").AddColumns("head", "weight");
        foreach (var (head, w) in MultiTaskReport.Weights(result)) weights.AddRow(Markup.Escape(head), w.ToString());
        AnsiConsole.Write(weights);
    }

    private static IReadOnlyDictionary<string, double>? ParseWeights(string? text) => string.IsNullOrWhiteSpace(text) ? null
        : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(kv => kv.Split('='))
            .ToDictionary(kv => kv[0], kv => double.Parse(kv[1], CultureInfo.InvariantCulture));

    private sealed class Sync(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
