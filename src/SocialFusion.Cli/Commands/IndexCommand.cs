using System.CommandLine;
using SocialFusion.Cli.Rendering;
using SocialFusion.Training.Retrieval;

namespace SocialFusion.Cli.Commands;

/// <summary><c>socialfusion index</c>: builds the persistent cross-modal index of a post collection.</summary>
public static class IndexCommand
{
    public static Command Create()
    {
        var data = new Option<FileInfo>("--data", "-d") { Description = "Posts file (.jsonl or .csv).", Required = true };
        var output = new Option<FileInfo>("--out", "-o") { Description = "Index file to write.", Required = true };
        var features = new FeatureSourceOptions();
        var force = OutputGuard.ForceOption();
        var command = new Command("index", "Build a text-image index of a post collection (aligned embeddings; exact search).") { data, output, force };
        features.AddTo(command);
        command.SetAction(parse =>
        {
            var indexPath = parse.GetRequiredValue(output).FullName;
            var dataPath = parse.GetRequiredValue(data).FullName;
            OutputGuard.Check("--out", indexPath, [dataPath], parse.GetValue(force));
            OutputGuard.NotAnInput("--out", indexPath + ".rejected.jsonl", [dataPath]);
            var posts = FeatureSourceOptions.ReadPosts(dataPath, indexPath + ".rejected.jsonl");
            // Contrastive training is label-free, so without --encoder the encoders learn from the collection itself.
            var (extractor, kind, folder) = features.Resolve(parse, posts, indexPath + ".encoder");
            using var disposable = extractor as IDisposable;
            if (!extractor.Spec.PooledAligned) throw new ArgumentException("The feature extractor has no aligned text-image space; use CLIP or the built-in encoders.");
            var extracted = FeatureSourceOptions.Extract(extractor, posts, null);
            using var index = PostIndex.Build(extracted, extractor.Spec.PooledDim,
                new IndexMetadata(kind, folder, extractor.Fingerprint, dataPath, DateTimeOffset.UtcNow));
            index.Save(indexPath);
            Output.Facts("index", [
                ("file", indexPath), ("posts", index.Count.ToString()),
                ("with text", index.Text.Valid.Count(v => v).ToString()), ("with image", index.Image.Valid.Count(v => v).ToString()),
                ("dimension", index.Text.Dim.ToString()), ("encoder", $"{kind}: {folder}"),
                ("size", $"{new FileInfo(indexPath).Length / 1e6:F1} MB"),
            ]);
            return 0;
        });
        return command;
    }
}
