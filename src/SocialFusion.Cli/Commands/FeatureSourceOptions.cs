using System.CommandLine;
using SocialFusion.Data.Posts;
using SocialFusion.Training.Experiments;
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

    /// <summary>The feature source the options describe: CLIP, saved built-in encoders, or built-in encoders to train.</summary>
    public FeatureSource Source(ParseResult parse)
    {
        var clip = parse.GetValue(Clip);
        var encoder = parse.GetValue(Encoder);
        if (clip is not null && encoder is not null) throw new ArgumentException("Give either --clip or --encoder, not both.");
        return clip is not null ? FeatureSource.Clip(clip.FullName)
            : encoder is not null ? FeatureSource.SavedBuiltin(encoder.FullName)
            : FeatureSource.Builtin();
    }

    /// <summary>
    /// The extractor and the folder it lives in (recorded so queries can be encoded later). Built-in encoders to train
    /// are saved in <paramref name="trainedFolder"/> and reused from there while the training posts stay the same.
    /// </summary>
    public (IFeatureExtractor Extractor, string Kind, string Folder) Resolve(ParseResult parse, IReadOnlyList<Post> trainPosts, string trainedFolder)
    {
        var source = Source(parse);
        if (source.Kind == "clip") return (ClipFeatureExtractor.FromPretrained(source.ClipFolder!), "clip", source.ClipFolder!);
        if (source.EncoderFolder is { } saved) return (BuiltinFeatureExtractor.Load(saved), "builtin", saved);
        var trained = Rendering.Output.WithProgress("built-in encoders", report =>
            ExperimentFeatures.TrainOrReuse(source.Encoder!, trainedFolder, trainPosts, new Training.SyncProgress<EncoderTrainingProgress>(p =>
                report(p.Epochs == 0 ? 0 : p.Epoch / (double)p.Epochs, $"{p.Stage} {p.Epoch}/{p.Epochs}")), null,
                warning => Console.Error.WriteLine($"warning: {warning}")));
        Console.Error.WriteLine($"built-in encoders for {trainPosts.Count} training posts: {trainedFolder}");
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
