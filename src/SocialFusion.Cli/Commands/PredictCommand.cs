using System.CommandLine;
using SocialFusion.Training.MultiTask;
using SocialFusion.Training.Prediction;

namespace SocialFusion.Cli.Commands;

/// <summary><c>socialfusion predict</c>: top-k locations per post, with modality similarity s and alpha.</summary>
public static class PredictCommand
{
    public static Command Create()
    {
        var model = new ModelInputOptions();
        var input = new Option<FileInfo>("--input", "-i") { Description = "Posts file (.jsonl or .csv).", Required = true };
        var output = new Option<FileInfo>("--out", "-o") { Description = "Predictions file (JSON Lines).", Required = true };
        var k = new Option<int>("--top", "-k") { Description = "Labels per post, most probable first.", DefaultValueFactory = _ => 3 };
        var heatmaps = new Option<DirectoryInfo?>("--heatmaps") { Description = "Multi-task checkpoints: write each post's image attention heatmap (PNG) into this folder." };
        var force = OutputGuard.ForceOption();
        var command = new Command("predict", "Predict each post: top-k labels with probabilities (location: with similarity s and alpha; multi-task: every head, with the top tokens and image regions behind it).") { input, output, k, heatmaps, force };
        model.AddTo(command);
        command.SetAction(parse =>
        {
            var outPath = parse.GetRequiredValue(output).FullName;
            var inputPath = parse.GetRequiredValue(input).FullName;
            var modelFiles = Directory.Exists(parse.GetRequiredValue(model.Model).FullName)
                ? Directory.EnumerateFiles(parse.GetRequiredValue(model.Model).FullName) : [];
            OutputGuard.Check("--out", outPath, [inputPath, .. modelFiles], parse.GetValue(force));
            OutputGuard.NotAnInput("--out", outPath + ".rejected.jsonl", [inputPath]);
            Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
            if (model.IsMultiTask(parse)) return PredictMultiTask(parse, model, parse.GetRequiredValue(input).FullName, outPath, parse.GetValue(k), parse.GetValue(heatmaps)?.FullName);
            if (parse.GetValue(heatmaps) is not null) throw new ArgumentException("--heatmaps needs a multi-task checkpoint (location models have no attention pooling to show).");
            using var session = model.Open(parse);
            var posts = FeatureSourceOptions.ReadPosts(parse.GetRequiredValue(input).FullName, outPath + ".rejected.jsonl");
            var features = ModelInputOptions.WithPostProgress("extracting features", posts.Count, p => session.Extract(posts, p));
            var predictions = session.Predict(features, parse.GetValue(k));
            PredictionWriter.WriteJsonl(outPath, predictions);
            Console.WriteLine($"{predictions.Count} predictions written to {outPath}");
            return 0;
        });
        return command;
    }

    private static int PredictMultiTask(ParseResult parse, ModelInputOptions model, string input, string outPath, int k, string? heatmaps)
    {
        using var session = model.OpenMultiTask(parse);
        var posts = FeatureSourceOptions.ReadPosts(input, outPath + ".rejected.jsonl");
        var features = ModelInputOptions.WithPostProgress("extracting features", posts.Count, p => session.Extract(posts, p));
        var predictions = session.Predict(posts, features, k);
        MultiTaskPredictionWriter.WriteJsonl(outPath, predictions);
        Console.WriteLine($"{predictions.Count} predictions ({string.Join(", ", session.Checkpoint.Schema.Tasks.Select(t => t.Name))}) written to {outPath}");
        if (heatmaps is not null)
        {
            var files = MultiTaskPredictionWriter.WriteHeatmaps(heatmaps, posts, predictions,
                warning => Console.Error.WriteLine($"warning: {warning}"));
            Console.WriteLine($"{files.Count} attention heatmaps written to {heatmaps}");
        }
        return 0;
    }
}
