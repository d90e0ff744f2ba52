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

    /// <summary>Presets compared, SG-MFT first.</summary>
    public IReadOnlyList<string> Presets { get; init; } =
    [
        "sgmft", "sgmft-no-coarse", "sgmft-no-fine", "sgmft-no-sim", "sgmft-no-sfm",
        "text-only", "image-only", "concat", "late-fusion", "co-attention",
    ];

    /// <summary>Training seeds; the report gives mean and standard deviation over them.</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [1, 2, 3];

    /// <summary>Model width D used for every preset in the demo (reference: 256).</summary>
    public int Width { get; init; } = 64;

    /// <summary>Attention heads in the demo (reference: 4).</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Maximum training epochs in the demo (reference: 30).</summary>
    public int MaxEpochs { get; init; } = 12;

    /// <summary>Early-stopping patience in epochs (reference: 5).</summary>
    public int Patience { get; init; } = 3;
}
