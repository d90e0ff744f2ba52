using SocialFusion.Data.Posts;
using SocialFusion.Training.Features;

namespace SocialFusion.Training.Experiments;

/// <summary>
/// Opens the feature extractor of an experiment. Built-in encoders are trained once on the training split and
/// saved under <c>encoder/</c>; a later run over the same training posts and options reloads them instead of
/// training again (the fingerprint covers both), which is what makes a re-run of the demo cheap.
/// </summary>
public sealed class ExperimentFeatures : IDisposable
{
    private ExperimentFeatures(IFeatureExtractor extractor) => Extractor = extractor;

    /// <summary>The extractor every preset's features come from.</summary>
    public IFeatureExtractor Extractor { get; }

    /// <summary>Loads or trains the extractor described by <paramref name="source"/>.</summary>
    public static ExperimentFeatures Open(FeatureSource source, string outDir, IReadOnlyList<Post> trainPosts,
        IProgress<ExperimentProgress>? progress, Action<SkippedImage>? imageSkipped)
    {
        switch (source.Kind)
        {
            case "builtin" when source.EncoderFolder is not null:
                var saved = BuiltinFeatureExtractor.Load(source.EncoderFolder);
                saved.ImageSkipped = imageSkipped;
                return new ExperimentFeatures(saved);
            case "builtin":
                var builtin = TrainOrReuse(source.Encoder ?? new BuiltinEncoderOptions(), Path.Combine(outDir, "encoder"), trainPosts,
                    new SyncProgress<EncoderTrainingProgress>(p => progress?.Report(new ExperimentProgress("encoder",
                        p.Epochs == 0 ? 1 : (double)p.Epoch / p.Epochs, double.IsNaN(p.Loss) ? p.Stage : $"{p.Stage} epoch {p.Epoch} loss {p.Loss:F3}"))),
                    imageSkipped, w => progress?.Report(new ExperimentProgress(ExperimentProgress.Warning, 1, w)));
                builtin.ImageSkipped = imageSkipped;
                return new ExperimentFeatures(builtin);
            case "clip":
                var clip = ClipFeatureExtractor.FromPretrained(source.ClipFolder ?? throw new ArgumentException("A CLIP feature source needs a folder."));
                clip.ImageSkipped = imageSkipped;
                return new ExperimentFeatures(clip);
            default:
                throw new ArgumentException($"Unknown feature source '{source.Kind}' (expected builtin or clip).");
        }
    }

    /// <summary>
    /// The built-in encoders saved in <paramref name="encoderDir"/> when they were trained with <paramref name="options"/>
    /// on exactly <paramref name="trainPosts"/> (same fingerprint: same ids and content); otherwise trains them and saves
    /// them there. A damaged folder is retrained, and <paramref name="warn"/> is told which file was wrong.
    /// </summary>
    public static BuiltinFeatureExtractor TrainOrReuse(BuiltinEncoderOptions options, string encoderDir, IReadOnlyList<Post> trainPosts,
        IProgress<EncoderTrainingProgress>? progress, Action<SkippedImage>? imageSkipped, Action<string>? warn = null)
    {
        string expected = options.Fingerprint(trainPosts);
        if (Directory.Exists(encoderDir))
        {
            BuiltinFeatureExtractor? saved = null;
            // A damaged or outdated folder is retrained, not trusted.
            try { saved = BuiltinFeatureExtractor.Load(encoderDir); }
            catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
            {
                warn?.Invoke($"built-in encoder folder {encoderDir} is damaged and is trained again: {e.Message}");
            }
            if (saved is not null && saved.Fingerprint == expected) return saved;
            saved?.Dispose();
        }
        var trained = BuiltinEncoderTrainer.Train(trainPosts, options, progress, imageSkipped);
        trained.Save(encoderDir);
        return trained;
    }

    /// <summary>
    /// The feature step of an experiment in <paramref name="outDir"/>: opens (or trains) the extractor on the training
    /// split, records it in the folder's manifest for predict and evaluate, and extracts every post of the split through
    /// the folder's feature cache, so re-runs and other presets reuse them. Returns the extractor and features by post id.
    /// </summary>
    public static (ExperimentFeatures Features, Dictionary<string, PostFeatures> ById) OpenAndExtract(FeatureSource source, FeatureStorage storage,
        string outDir, Data.DataSplit split, string labelName, string dataPath, IProgress<ExperimentProgress>? progress, Action<SkippedImage>? imageSkipped)
    {
        var features = Open(source, outDir, split.Train, progress, imageSkipped);
        try
        {
            File.WriteAllText(Path.Combine(outDir, LocationExperiment.ManifestFile), System.Text.Json.JsonSerializer.Serialize(new ExperimentManifest(
                source.Kind, source.Kind == "clip" ? Path.GetFullPath(source.ClipFolder!) : source.EncoderFolder is { } e ? Path.GetFullPath(e) : "encoder",
                features.Extractor.Fingerprint, labelName, Path.GetFullPath(dataPath)), LocationExperiment.ManifestJson));
            using var cache = new FeatureCache(Path.Combine(outDir, "features.sfcache"), storage);
            var all = split.Train.Concat(split.Dev).Concat(split.Test).ToList();
            var extracted = cache.GetOrExtract(all, features.Extractor,
                new SyncProgress<int>(n => progress?.Report(new ExperimentProgress("features", (double)n / all.Count, $"{n}/{all.Count} posts"))));
            return (features, extracted.ToDictionary(f => f.PostId, StringComparer.Ordinal));
        }
        catch { features.Dispose(); throw; }
    }

    /// <summary>
    /// The extractor a checkpoint in <paramref name="checkpointFolder"/> was trained on: <paramref name="encoderFolder"/>
    /// (built-in) or <paramref name="clipFolder"/> when given, otherwise the one recorded in the experiment manifest above it.
    /// </summary>
    public static ExperimentFeatures ForCheckpoint(string checkpointFolder, string? encoderFolder = null, string? clipFolder = null)
    {
        if (encoderFolder is not null && clipFolder is not null) throw new ArgumentException("Give either an encoder folder or a CLIP folder, not both.");
        if (encoderFolder is not null) return Load("builtin", encoderFolder);
        if (clipFolder is not null) return Load("clip", clipFolder);
        var (folder, manifest) = FindManifest(checkpointFolder);
        return FromManifest(folder, manifest);
    }

    /// <summary>Loads the extractor recorded in an experiment folder's manifest (for predict and evaluate).</summary>
    public static ExperimentFeatures FromManifest(string experimentFolder, ExperimentManifest manifest) =>
        Load(manifest.Features, Path.Combine(experimentFolder, manifest.Source)); // a CLIP source is absolute and stays as is

    /// <summary>Loads a saved extractor of <paramref name="kind"/> (builtin or clip) from <paramref name="folder"/>.</summary>
    public static ExperimentFeatures Load(string kind, string folder) => new(OpenExtractor(kind, folder));

    /// <summary>A saved extractor: built-in encoders saved by training, or a CLIP checkpoint folder.</summary>
    public static IFeatureExtractor OpenExtractor(string kind, string folder) => kind switch
    {
        "builtin" => BuiltinFeatureExtractor.Load(folder),
        "clip" => ClipFeatureExtractor.FromPretrained(folder),
        _ => throw new InvalidDataException($"Unknown feature extractor kind '{kind}' (expected builtin or clip)."),
    };

    /// <summary>
    /// Features of <paramref name="posts"/> for a checkpoint in <paramref name="checkpointFolder"/>: read from its
    /// experiment's feature cache where a post is cached with the same content (so a test post is scored on exactly the
    /// features it was tested on), extracted otherwise; the cache is not written to.
    /// </summary>
    public static IReadOnlyList<PostFeatures> ForCheckpointPosts(string checkpointFolder, IFeatureExtractor extractor, IReadOnlyList<Post> posts,
        IProgress<int>? progress)
    {
        string? cachePath = null;
        try { cachePath = Path.Combine(FindManifest(checkpointFolder).Folder, "features.sfcache"); }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or System.Text.Json.JsonException) { }
        if (cachePath is null || !File.Exists(cachePath)) return extractor.Extract(posts, progress);
        using var cache = new FeatureCache(cachePath);
        return cache.GetOrExtract(posts, extractor, progress, store: false);
    }

    /// <summary>Finds the experiment folder holding <paramref name="checkpointFolder"/> (walking up) and its manifest.</summary>
    public static (string Folder, ExperimentManifest Manifest) FindManifest(string checkpointFolder)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(checkpointFolder)); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, LocationExperiment.ManifestFile);
            if (File.Exists(file))
                return (dir.FullName, System.Text.Json.JsonSerializer.Deserialize<ExperimentManifest>(File.ReadAllText(file), LocationExperiment.ManifestJson)
                    ?? throw new InvalidDataException($"{file} is empty."));
        }
        throw new FileNotFoundException($"No {LocationExperiment.ManifestFile} found above '{checkpointFolder}': pass the encoder explicitly (--encoder DIR or --clip DIR).");
    }

    /// <inheritdoc />
    public void Dispose() => (Extractor as IDisposable)?.Dispose();
}
