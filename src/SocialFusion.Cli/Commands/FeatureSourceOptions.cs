using System.CommandLine;
using SocialFusion.Data.Posts;
using SocialFusion.Training.Features;

namespace SocialFusion.Cli.Commands;

/// <summary>
/// Where features come from, shared by multitask, index and retrieval-eval: CLIP (<c>--clip DIR</c>), saved built-in
/// encoders (<c>--encoder DIR</c>), or built-in encoders trained now on the given posts (and saved for reuse).
/// </summary>
internal sealed class FeatureSourceOptions
{
    public Option<DirectoryInfo?> Encoder { get; } = new("--encoder") { Description = "Built-in encoder folder to use (default: train the built-in encoders on the training posts)." };
    public Option<DirectoryInfo?> Clip { get; } = new("--clip") { Description = "CLIP checkpoint folder: use CLIP features instead of the built-in encoders." };

    public void AddTo(Command command)
    {
        command.Options.Add(Encoder);
        command.Options.Add(Clip);
    }

    /// <summary>The extractor and the folder it lives in (the folder is recorded so queries can be encoded later).</summary>
    public (IFeatureExtractor Extractor, string Kind, string Folder) Resolve(ParseResult parse, IReadOnlyList<Post> trainPosts, string trainedFolder)
    {
        var clip = parse.GetValue(Clip);
        var encoder = parse.GetValue(Encoder);
        if (clip is not null && encoder is not null) throw new ArgumentException("Give either --clip or --encoder, not both.");
        if (clip is not null) return (ClipFeatureExtractor.FromPretrained(clip.FullName), "clip", clip.FullName);
        if (encoder is not null) return (BuiltinFeatureExtractor.Load(encoder.FullName), "builtin", encoder.FullName);
        var trained = Rendering.Output.WithProgress("training built-in encoders", report =>
            BuiltinEncoderTrainer.Train(trainPosts, null, new Training.SyncProgress<EncoderTrainingProgress>(p => report(p.Epochs == 0 ? 0 : p.Epoch / (double)p.Epochs, $"{p.Stage} {p.Epoch}/{p.Epochs}"))));
        trained.Save(trainedFolder);
        Console.Error.WriteLine($"built-in encoders trained on {trainPosts.Count} posts, saved to {trainedFolder}");
        return (trained, "builtin", trainedFolder);
    }

    /// <summary>Reads posts, writing rejected records to <paramref name="rejectedPath"/> and reporting them on stderr.</summary>
    public static IReadOnlyList<Post> ReadPosts(string path, string rejectedPath)
    {
        var read = PostReader.Read(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(rejectedPath))!);
        RejectedRecordWriter.Write(rejectedPath, read);
        Console.Error.WriteLine(read.Summary);
        if (read.Rejected.Count > 0 || read.Warnings.Count > 0) Console.Error.WriteLine($"rejected records and warnings written to {rejectedPath}");
        return read.Posts;
    }

    /// <summary>Features of <paramref name="posts"/>, through a cache file when <paramref name="cachePath"/> is given (re-runs reuse them), with a progress bar.</summary>
    public static IReadOnlyList<PostFeatures> Extract(IFeatureExtractor extractor, IReadOnlyList<Post> posts, string? cachePath)
    {
        extractor.ImageSkipped = s => Console.Error.WriteLine($"warning: post {s.PostId}: image {s.Path} skipped ({s.Reason})");
        if (cachePath is null)
            return ModelInputOptions.WithPostProgress("extracting features", posts.Count, progress => extractor.Extract(posts, progress));
        using var cache = new FeatureCache(cachePath);
        return ModelInputOptions.WithPostProgress("extracting features", posts.Count, progress => cache.GetOrExtract(posts, extractor, progress));
    }
}
