using System.CommandLine;
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
        var command = new Command("predict", "Predict the location of each post: top-k labels with probabilities, similarity s and alpha.") { input, output, k };
        model.AddTo(command);
        command.SetAction(parse =>
        {
            var outPath = parse.GetRequiredValue(output).FullName;
            Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
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
}
