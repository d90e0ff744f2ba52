using System.Text.Json;
using System.Text.Json.Nodes;
using SocialFusion.Models;
using SocialFusion.Models.Config;
using SocialFusion.Models.Features;
using SocialFusion.Training.Data;
using SocialFusion.Training.Evaluation;
using SocialFusion.Training.Training;

namespace SocialFusion.Training.Checkpoints;

/// <summary>
/// A self-describing checkpoint folder: <c>model.bin</c> (TorchSharp state dict) and <c>checkpoint.json</c>
/// (format version, model config, feature spec, label map, label name, encoder fingerprint, training config,
/// metrics, creation time, SocialFusion version). Enough to rebuild the exact model without other inputs.
/// </summary>
public sealed record Checkpoint
{
    /// <summary>Version of the checkpoint.json layout this code writes and reads.</summary>
    public const int CurrentFormatVersion = 1;
    /// <summary>File name of the weights.</summary>
    public const string ModelFile = "model.bin";
    /// <summary>File name of the metadata.</summary>
    public const string MetadataFile = "checkpoint.json";

    /// <summary>Layout version.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;
    /// <summary>Model configuration.</summary>
    public required SgmftConfig Model { get; init; }
    /// <summary>Shapes of the features the model was trained on.</summary>
    public required FeatureSpec Features { get; init; }
    /// <summary>Class names in index order.</summary>
    public required IReadOnlyList<string> Labels { get; init; }
    /// <summary>Which post label was learned (e.g. "location").</summary>
    public required string LabelName { get; init; }
    /// <summary>Fingerprint of the feature extractor; features from another extractor are refused.</summary>
    public required string EncoderFingerprint { get; init; }
    /// <summary>Training configuration, when the checkpoint came from training.</summary>
    public TrainingConfig? Training { get; init; }
    /// <summary>Scalar metrics (e.g. best dev macro-F1) by name.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
    /// <summary>Creation time.</summary>
    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;
    /// <summary>Version of SocialFusion that wrote the checkpoint.</summary>
    public string SocialFusionVersion { get; init; } = typeof(Checkpoint).Assembly.GetName().Version?.ToString() ?? "unknown";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Label map of the checkpoint.</summary>
    public LabelMap LabelMap => new(Labels);

    /// <summary>Builds the model this checkpoint describes (untrained weights; <see cref="Load"/> fills them).</summary>
    public LocationModel CreateModel() => LocationModels.Create(Model, Features, Labels.Count);

    /// <summary>Writes <paramref name="model"/>'s weights and this metadata into <paramref name="folder"/>.</summary>
    public void Save(string folder, LocationModel model)
    {
        Directory.CreateDirectory(folder);
        // Write to temporary names first so a crash never leaves a half-written checkpoint that looks complete.
        string bin = Path.Combine(folder, ModelFile), meta = Path.Combine(folder, MetadataFile);
        model.save(bin + ".tmp");
        var node = JsonSerializer.SerializeToNode(this with { }, Json)!.AsObject();
        node["model"] = JsonNode.Parse(ModelPresets.ToJson(Model));
        File.WriteAllText(meta + ".tmp", node.ToJsonString(Json));
        File.Move(bin + ".tmp", bin, true);
        File.Move(meta + ".tmp", meta, true);
    }

    /// <summary>Reads the metadata of the checkpoint in <paramref name="folder"/>.</summary>
    public static Checkpoint ReadMetadata(string folder)
    {
        var (meta, node) = CheckpointKinds.ReadJson(folder);
        if (CheckpointKinds.KindOf(node) != CheckpointKinds.Location)
            throw new FormatException($"{meta}: this is a {CheckpointKinds.KindOf(node)} checkpoint, not a location one.");
        int version = node["format_version"]?.GetValue<int>() ?? 0;
        if (version != CurrentFormatVersion)
            throw new FormatException($"{meta}: format_version {version} is not supported (this SocialFusion reads {CurrentFormatVersion}).");
        var modelJson = node["model"]?.ToJsonString() ?? throw new FormatException($"{meta}: field 'model' is missing.");
        node.Remove("model");
        var partial = node.Deserialize<Metadata>(Json) ?? throw new FormatException($"{meta}: empty metadata.");
        return new Checkpoint
        {
            FormatVersion = version,
            Model = ModelPresets.FromJson(modelJson),
            Features = partial.Features ?? throw new FormatException($"{meta}: field 'features' is missing."),
            Labels = partial.Labels ?? throw new FormatException($"{meta}: field 'labels' is missing."),
            LabelName = partial.LabelName ?? throw new FormatException($"{meta}: field 'label_name' is missing."),
            EncoderFingerprint = partial.EncoderFingerprint ?? throw new FormatException($"{meta}: field 'encoder_fingerprint' is missing."),
            Training = partial.Training,
            Metrics = partial.Metrics ?? new Dictionary<string, double>(),
            Created = partial.Created,
            SocialFusionVersion = partial.SocialFusionVersion ?? "unknown",
        };
    }

    /// <summary>Loads metadata and rebuilds the model with its trained weights, in eval mode.</summary>
    public static (Checkpoint Checkpoint, LocationModel Model) Load(string folder)
    {
        var checkpoint = ReadMetadata(folder);
        return (checkpoint, CheckpointKinds.LoadWeights(folder, checkpoint.CreateModel));
    }

    /// <summary>Throws when features come from another extractor than the one the model was trained on.</summary>
    public void EnsureCompatible(string encoderFingerprint, FeatureSpec spec) =>
        CheckpointKinds.EnsureCompatible(EncoderFingerprint, Features, encoderFingerprint, spec);

    private sealed record Metadata(FeatureSpec? Features, string[]? Labels, string? LabelName, string? EncoderFingerprint,
        TrainingConfig? Training, Dictionary<string, double>? Metrics, DateTimeOffset Created, string? SocialFusionVersion);
}
