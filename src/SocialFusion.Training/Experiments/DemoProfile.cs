using SocialFusion.Training.Training;

namespace SocialFusion.Training.Experiments;

/// <summary>
/// The settings of <c>socialfusion demo</c>: how much data, which presets, how many seeds, and how large
/// the models are. The defaults are chosen so the whole comparison (data generation, encoder training,
/// feature extraction, every preset over three seeds) finishes in under ten minutes on two CPU cores;
/// that is why the model width is smaller than the design's reference D = 256 (use <c>train</c> with a
/// preset for the reference width). Every figure it prints is measured, never copied.
/// </summary>
public sealed record DemoProfile
{
    /// <summary>Posts generated when the demo data is missing.</summary>
    public int Posts { get; init; } = 3000;

    /// <summary>Seed of the demo data generator.</summary>
    public int DataSeed { get; init; } = 7;

    /// <summary>
    /// Language of the demo posts (<see cref="SocialFusion.Data.Demo.DemoLanguage.Code"/>): "en", or "zh" for the same
    /// collection written in Weibo-style Chinese (same users, labels, noise and images; only the text differs).
    /// </summary>
    public string Language { get; init; } = "en";

    /// <summary>Default demo data folder: <c>demo-data</c> for English, <c>demo-data-LANG</c> for another language.</summary>
    public string DataFolder => Language == "en" ? "demo-data" : $"demo-data-{Language}";

    /// <summary>Default output folder: <c>runs/demo</c> for English, <c>runs/demo-LANG</c> for another language.</summary>
    public string OutputFolder => Path.Combine("runs", Language == "en" ? "demo" : $"demo-{Language}");

    /// <summary>Presets compared, SG-MFT first, then every baseline that needs no CLIP.</summary>
    public IReadOnlyList<string> Presets { get; init; } =
        ["sgmft", "text-only", "image-only", "concat", "late-fusion", "co-attention"];

    /// <summary>SG-MFT's ablations, added with <c>demo --ablations</c>.</summary>
    public IReadOnlyList<string> Ablations { get; init; } =
        ["sgmft-no-coarse", "sgmft-no-fine", "sgmft-no-sim", "sgmft-no-sfm"];

    /// <summary>Training seeds; the report gives mean and standard deviation over them.</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [1, 2, 3];

    /// <summary>Model width D used for every preset in the demo (reference: 256).</summary>
    public int Width { get; init; } = 64;

    /// <summary>Attention heads in the demo (reference: 4).</summary>
    public int Heads { get; init; } = 4;

    /// <summary>SIM layers of the SG-MFT presets that have SIM (reference: 2); co-attention follows.</summary>
    public int SimLayers { get; init; } = 1;

    /// <summary>
    /// Torch threads. One: at D = 64 the operators are too small for two threads to pay off (measured here,
    /// SG-MFT training step at batch 64: 207 ms on one thread, 312 ms on two).
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>Maximum training epochs in the demo (reference: 30).</summary>
    public int MaxEpochs { get; init; } = 10;

    /// <summary>Early-stopping patience in epochs (reference: 5).</summary>
    public int Patience { get; init; } = 3;

    /// <summary>Peak AdamW learning rate in the demo (reference: 3e-4).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>
    /// Class weights: balanced, because the demo's locations are imbalanced (home is about 45% of posts) and the
    /// comparison is on macro-F1; unweighted runs collapse towards the majority class on the built-in features.
    /// </summary>
    public ClassWeighting ClassWeights { get; init; } = ClassWeighting.Balanced;

    /// <summary>Text tokens per post kept by the models in the demo (reference: 64).</summary>
    public int MaxTextTokens { get; init; } = 32;

    /// <summary>Images per post kept by the models in the demo (reference: 4).</summary>
    public int MaxImages { get; init; } = 2;
}
