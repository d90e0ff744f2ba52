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
            case "builtin":
                var options = source.Encoder ?? new BuiltinEncoderOptions();
                var dir = Path.Combine(outDir, "encoder");
                string expected = options.Fingerprint(trainPosts.Select(p => p.Id));
                BuiltinFeatureExtractor? builtin = null;
                if (Directory.Exists(dir))
                {
                    try { builtin = BuiltinFeatureExtractor.Load(dir); }
                    catch (Exception e) when (e is IOException or InvalidDataException or FormatException or System.Text.Json.JsonException) { builtin = null; }
                    if (builtin is not null && builtin.Fingerprint != expected) { builtin.Dispose(); builtin = null; }
                }
                if (builtin is null)
                {
                    builtin = BuiltinEncoderTrainer.Train(trainPosts, options,
                        new SyncProgress<EncoderTrainingProgress>(p => progress?.Report(new ExperimentProgress("encoder",
                            p.Epochs == 0 ? 1 : (double)p.Epoch / p.Epochs, double.IsNaN(p.Loss) ? p.Stage : $"{p.Stage} epoch {p.Epoch} loss {p.Loss:F3}"))),
                        imageSkipped);
                    builtin.Save(dir);
                }
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
