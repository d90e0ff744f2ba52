using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SocialFusion.Data.Posts;
using SocialFusion.Training.MultiTask;
using SocialFusion.Training.Retrieval;
using Spectre.Console;

namespace SocialFusion.Cli.Commands;

/// <summary>
/// <c>socialfusion retrieval-eval</c>: recall@1/5/10 and MRR of text-to-image and image-to-text retrieval on held-out
/// posts (the test split of the multitask command's split, so an encoder trained there never saw them).
/// </summary>
public static class RetrievalEvalCommand
{
    public static Command Create()
    {
        var data = new Option<FileInfo>("--data", "-d") { Description = "Posts file (.jsonl or .csv).", Required = true };
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Folder for retrieval.json and retrieval.md (and trained encoders)." };
        var features = new FeatureSourceOptions();
        var command = new Command("retrieval-eval", "Evaluate cross-modal retrieval on held-out posts: recall@1/5/10 and MRR in both directions.") { data, output };
        features.AddTo(command);
        command.SetAction(parse =>
        {
            var outDir = parse.GetValue(output)?.FullName ?? Path.Combine(Path.GetTempPath(), "socialfusion-retrieval-eval");
            Directory.CreateDirectory(outDir);
            var posts = FeatureSourceOptions.ReadPosts(parse.GetRequiredValue(data).FullName, Path.Combine(outDir, "rejected.jsonl"));
            var split = MultiTaskExperiment.Split(posts, new MultiTaskExperimentOptions());
            var (extractor, kind, folder) = features.Resolve(parse, split.Train, Path.Combine(outDir, "encoder"));
            using var disposable = extractor as IDisposable;
            var test = FeatureSourceOptions.Extract(extractor, split.Test, null);
            var location = split.Test.ToDictionary(p => p.Id, p => p.Label(Post.LabelNames.Location));
            var eval = RetrievalEvaluator.Evaluate(test, id => location.GetValueOrDefault(id));
            var table = new Table().Title($"held-out retrieval ({eval.TextToImage.Queries} test posts with text and image; {kind} encoder)")
                .AddColumns("direction", "R@1", "R@5", "R@10", "MRR", "median rank");
            foreach (var (name, m) in Rows(eval))
                table.AddRow(name, F(m.RecallAt1), F(m.RecallAt5), F(m.RecallAt10), F(m.Mrr), m.MedianRank.ToString("F1", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            if (eval.LabelPrecision is { } lp)
                Console.WriteLine($"same-location precision@10: text → image {F(lp.TextToImage)}, image → text {F(lp.ImageToText)}, random {F(lp.Random)}");
            var opts = new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
            File.WriteAllText(Path.Combine(outDir, "retrieval.json"), JsonSerializer.Serialize(new
            {
                encoder = kind, encoder_folder = folder, text_to_image = eval.TextToImage, image_to_text = eval.ImageToText, random = eval.Random,
                location_precision_at_10 = eval.LabelPrecision is { } l ? new { text_to_image = l.TextToImage, image_to_text = l.ImageToText, random = l.Random } : null,
            }, opts));
            var md = new StringBuilder($"# Held-out cross-modal retrieval ({eval.TextToImage.Queries} test posts, {kind} encoder)\n\n");
            md.Append("| direction | R@1 | R@5 | R@10 | MRR | median rank |\n|---|---:|---:|---:|---:|---:|\n");
            foreach (var (name, m) in Rows(eval))
                md.Append($"| {name} | {F(m.RecallAt1)} | {F(m.RecallAt5)} | {F(m.RecallAt10)} | {F(m.Mrr)} | {m.MedianRank.ToString("F1", CultureInfo.InvariantCulture)} |\n");
            if (eval.LabelPrecision is { } p10)
                md.Append($"\nSame-location precision@10: text → image {F(p10.TextToImage)}, image → text {F(p10.ImageToText)}, random ranking {F(p10.Random)}.\n");
            File.WriteAllText(Path.Combine(outDir, "retrieval.md"), md.ToString());
            Console.WriteLine($"written to {outDir}");
            return 0;
        });
        return command;
    }

    private static (string, RetrievalMetrics)[] Rows(RetrievalEvaluation e) =>
        [("text → image", e.TextToImage), ("image → text", e.ImageToText), ("random ranking", e.Random)];

    private static string F(double v) => v.ToString("F3", CultureInfo.InvariantCulture);
}
