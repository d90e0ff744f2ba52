using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SocialFusion.Models.Features;
using SocialFusion.Models.MultiTask;
using SocialFusion.Training.Training;

namespace SocialFusion.Training.Checkpoints;

/// <summary>
/// A self-describing multi-task checkpoint folder: <c>model.bin</c> (TorchSharp state dict of a
/// <see cref="MultiTaskModel"/>) and <c>checkpoint.json</c> with <c>"kind": "multitask"</c>, the model config, the
/// feature spec, the task schema (heads, classes, regression scaling), the encoder fingerprint, training settings,
/// the loss weighting and the weights it ended with, and metrics. Same folder layout as a location
/// <see cref="Checkpoint"/>, so predict and evaluate can open either (<see cref="CheckpointKinds.Of"/>).
/// </summary>
public sealed record MultiTaskCheckpoint
{
    /// <summary>Value of the <c>kind</c> field.</summary>
    public const string Kind = "multitask";

    /// <summary>Layout version.</summary>
    public int FormatVersion { get; init; } = Checkpoint.CurrentFormatVersion;
    /// <summary>Model configuration.</summary>
    public required MultiTaskConfig Model { get; init; }
    /// <summary>Shapes of the features the model was trained on.</summary>
    public required FeatureSpec Features { get; init; }
    /// <summary>The heads, in the model's order.</summary>
    public required TaskSchema Schema { get; init; }
    /// <summary>Fingerprint of the feature extractor; features from another extractor are refused.</summary>
    public required string EncoderFingerprint { get; init; }
    /// <summary>Training configuration, when the checkpoint came from training.</summary>
    public TrainingConfig? Training { get; init; }
    /// <summary>Loss weighting the model was trained with.</summary>
    public WeightingKind Weighting { get; init; } = WeightingKind.Uncertainty;
    /// <summary>Effective loss weight per head at the saved epoch (learned ones for uncertainty weighting).</summary>
    public IReadOnlyDictionary<string, double> LossWeights { get; init; } = new Dictionary<string, double>();
    /// <summary>Scalar metrics by name (e.g. <c>test_location_macro_f1</c>).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
    /// <summary>Creation time.</summary>
    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;
    /// <summary>Version of SocialFusion that wrote the checkpoint.</summary>
    public string SocialFusionVersion { get; init; } = typeof(Checkpoint).Assembly.GetName().Version?.ToString() ?? "unknown";

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    /// <summary>Builds the model this checkpoint describes (untrained weights; <see cref="Load"/> fills them).</summary>
    public MultiTaskModel CreateModel() => new(Model, Features, Schema);

    /// <summary>Writes <paramref name="model"/>'s weights and this metadata into <paramref name="folder"/>.</summary>
    public void Save(string folder, MultiTaskModel model)
    {
        Directory.CreateDirectory(folder);
        // Temporary names first, so a crash never leaves a half-written checkpoint that looks complete.
        string bin = Path.Combine(folder, Checkpoint.ModelFile), meta = Path.Combine(folder, Checkpoint.MetadataFile);
        model.save(bin + ".tmp");
        var node = JsonSerializer.SerializeToNode(this, Json)!.AsObject();
        // "kind" first so a reader (or a person) sees at once which model the folder holds.
        var ordered = new JsonObject { ["kind"] = Kind };
        foreach (var (k, v) in node.ToList()) { node.Remove(k); ordered[k] = v; }
        File.WriteAllText(meta + ".tmp", ordered.ToJsonString(Json));
        File.Move(bin + ".tmp", bin, true);
        File.Move(meta + ".tmp", meta, true);
    }

    /// <summary>Reads the metadata of the multi-task checkpoint in <paramref name="folder"/>.</summary>
    public static MultiTaskCheckpoint ReadMetadata(string folder)
    {
        var (meta, node) = CheckpointKinds.ReadJson(folder);
        if (CheckpointKinds.KindOf(node) != Kind)
            throw new FormatException($"{meta}: this is a location checkpoint, not a multi-task one.");
        int version = node["format_version"]?.GetValue<int>() ?? 0;
        if (version != Checkpoint.CurrentFormatVersion)
            throw new FormatException($"{meta}: format_version {version} is not supported (this SocialFusion reads {Checkpoint.CurrentFormatVersion}).");
        node.Remove("kind");
        MultiTaskCheckpoint? c;
        try { c = node.Deserialize<MultiTaskCheckpoint>(Json); }
        catch (JsonException e) { throw new FormatException($"{meta}: {e.Message}", e); }
        if (c is null) throw new FormatException($"{meta}: empty metadata.");
        if (c.Schema.Tasks.Count == 0) throw new FormatException($"{meta}: the schema has no heads.");
        return c;
    }

    /// <summary>Loads metadata and rebuilds the model with its trained weights, in eval mode.</summary>
    public static (MultiTaskCheckpoint Checkpoint, MultiTaskModel Model) Load(string folder)
    {
        var checkpoint = ReadMetadata(folder);
        return (checkpoint, CheckpointKinds.LoadWeights(folder, checkpoint.CreateModel));
    }

    /// <summary>Throws when features come from another extractor than the one the model was trained on.</summary>
    public void EnsureCompatible(string encoderFingerprint, FeatureSpec spec) =>
        CheckpointKinds.EnsureCompatible(EncoderFingerprint, Features, encoderFingerprint, spec);
}

/// <summary>Tells location and multi-task checkpoint folders apart.</summary>
public static class CheckpointKinds
{
    /// <summary>Location checkpoints (written before multi-task ones existed) carry no <c>kind</c> field.</summary>
    public const string Location = "location";

    /// <summary>"location" or "multitask" for the checkpoint in <paramref name="folder"/>.</summary>
    public static string Of(string folder) => KindOf(ReadJson(folder).Node);

    /// <summary>A model from <paramref name="create"/> with the weights of <paramref name="folder"/>'s model.bin, in eval mode.</summary>
    internal static T LoadWeights<T>(string folder, Func<T> create) where T : TorchSharp.torch.nn.Module
    {
        string bin = Path.Combine(folder, Checkpoint.ModelFile);
        if (!File.Exists(bin)) throw new FileNotFoundException($"Checkpoint weights '{bin}' are missing.", bin);
        var model = create();
        try { WeightsFile.Load(model, bin); }
        catch { model.Dispose(); throw; }
        model.eval();
        return model;
    }

    /// <summary>Throws when features (<paramref name="fingerprint"/>, <paramref name="spec"/>) are not the ones a model was trained on.</summary>
    internal static void EnsureCompatible(string trainedFingerprint, FeatureSpec trainedSpec, string fingerprint, FeatureSpec spec)
    {
        if (!string.Equals(fingerprint, trainedFingerprint, StringComparison.Ordinal))
            throw new InvalidOperationException($"Encoder fingerprint mismatch: the checkpoint was trained on features '{trainedFingerprint}' but the given features are '{fingerprint}'. Re-extract features with the checkpoint's encoder.");
        if (spec != trainedSpec)
            throw new InvalidOperationException($"Feature shape mismatch: checkpoint expects {trainedSpec}, given {spec}.");
    }

    internal static string KindOf(JsonObject node) => node["kind"]?.GetValue<string>() ?? Location;

    internal static (string Path, JsonObject Node) ReadJson(string folder)
    {
        string meta = Path.Combine(folder, Checkpoint.MetadataFile);
        if (!File.Exists(meta)) throw new FileNotFoundException($"Not a checkpoint folder: '{meta}' is missing.", meta);
        try { return (meta, JsonNode.Parse(File.ReadAllText(meta)) as JsonObject ?? throw new FormatException($"{meta}: not a JSON object.")); }
        catch (JsonException e) { throw new FormatException($"{meta}: invalid JSON: {e.Message}", e); }
    }
}
