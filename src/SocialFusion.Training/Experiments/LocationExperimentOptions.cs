using SocialFusion.Models.Config;
using SocialFusion.Training.Data;
using SocialFusion.Training.Features;
using SocialFusion.Training.Training;

namespace SocialFusion.Training.Experiments;

/// <summary>
/// Everything one location experiment needs: which posts, which presets and seeds, how models are sized and
/// trained, and where features come from. Defaults are the design's reference setting (sgmft.md); the demo
/// narrows them through <see cref="DemoProfile"/>.
/// </summary>
public sealed record LocationExperimentOptions
{
    /// <summary>Posts file (.jsonl or .csv) in the documented format.</summary>
    public required string DataPath { get; init; }

    /// <summary>Output folder: encoder, feature cache, one checkpoint per preset and seed, reports.</summary>
    public required string OutputFolder { get; init; }

    /// <summary>The label predicted (default: location).</summary>
    public string LabelName { get; init; } = "location";

    /// <summary>Presets to train, by name (see <see cref="ModelPresets.Names"/>) or as loaded configurations.</summary>
    public IReadOnlyList<SgmftConfig> Presets { get; init; } = [ModelPresets.Load("sgmft")];

    /// <summary>Training seeds; each preset is trained once per seed on the same split and features.</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [42];

    /// <summary>Optimiser, schedule and early stopping (the seed field is replaced by each of <see cref="Seeds"/>).</summary>
    public TrainingConfig Training { get; init; } = new();

    /// <summary>Train/dev/test split; grouped by user so that no user's posts leak across splits.</summary>
    public SplitOptions Split { get; init; } = new(GroupByUser: true);

    /// <summary>Where features come from.</summary>
    public FeatureSource Features { get; init; } = FeatureSource.Builtin();

    /// <summary>Storage of the feature cache (float16 halves its size at a small precision cost).</summary>
    public FeatureStorage Storage { get; init; } = FeatureStorage.Float32;

    /// <summary>
    /// JSON object of label to the name the zero-shot prompts use (e.g. Chinese names for Chinese-CLIP); null: the
    /// checkpoint folder's <c>label-names.{language}.json</c> or the built-in names (see <see cref="ZeroShot.ZeroShotPrompts"/>).
    /// </summary>
    public string? ZeroShotLabelNames { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> for no or repeated seeds or presets and for invalid presets.</summary>
    public LocationExperimentOptions Validate()
    {
        ExperimentChecks.Seeds(Seeds);
        if (Presets.Count == 0) throw new ArgumentException("At least one preset is needed.");
        var repeated = Presets.GroupBy(p => p.Preset).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        if (repeated.Length > 0)
            throw new ArgumentException($"Preset(s) {string.Join(", ", repeated)} given more than once: each preset is trained once per seed.");
        foreach (var preset in Presets) preset.Validate();
        Training.Validate();
        return this;
    }

    /// <summary>Reuse finished runs (checkpoint with test metrics) found in the output folder instead of retraining.</summary>
    public bool ReuseFinishedRuns { get; init; } = true;
}

/// <summary>Where an experiment's features come from.</summary>
/// <param name="Kind">builtin: encoders trained from scratch on the training split; clip: a pretrained CLIP checkpoint.</param>
/// <param name="Encoder">Built-in encoder options (kind builtin).</param>
/// <param name="ClipFolder">Hugging Face CLIP folder (kind clip).</param>
/// <param name="EncoderFolder">Built-in encoders saved earlier (kind builtin): used as they are instead of training.</param>
public sealed record FeatureSource(string Kind, BuiltinEncoderOptions? Encoder, string? ClipFolder, string? EncoderFolder = null)
{
    /// <summary>Built-in CNN + recurrent encoders, contrastively trained on the training posts.</summary>
    public static FeatureSource Builtin(BuiltinEncoderOptions? options = null) => new("builtin", options ?? new BuiltinEncoderOptions(), null);

    /// <summary>Built-in encoders saved by an earlier run (an <c>encoder/</c> folder), used without retraining.</summary>
    public static FeatureSource SavedBuiltin(string folder) => new("builtin", null, null, folder);

    /// <summary>A pretrained CLIP checkpoint in Hugging Face format.</summary>
    public static FeatureSource Clip(string folder) => new("clip", null, folder);
}

/// <summary>Checks shared by the experiment options.</summary>
public static class ExperimentChecks
{
    /// <summary>At least one seed and no seed twice (a repeated seed would be one run reported as two, with a spread of 0).</summary>
    public static void Seeds(IReadOnlyList<int> seeds)
    {
        if (seeds.Count == 0) throw new ArgumentException("At least one seed is needed.");
        var repeated = seeds.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        if (repeated.Length > 0)
            throw new ArgumentException($"Seed(s) {string.Join(", ", repeated)} given more than once: a repeated seed repeats the same run.");
    }
}
