using SocialFusion.Models.Config;
using SocialFusion.Models.Features;
using static TorchSharp.torch;

namespace SocialFusion.Models.Tests.Sgmft;

/// <summary>Tiny configurations and random feature batches shared by the model tests.</summary>
public static class TinyModels
{
    public const int Lt = 6, Dt = 12, M = 3, Lv = 5, Dv = 10, Dg = 8;

    public static readonly string[] Presets =
    {
        "sgmft", "sgmft-no-coarse", "sgmft-no-fine", "sgmft-no-sim", "sgmft-no-sfm", "text-only", "image-only",
        "concat", "late-fusion", "co-attention", "linear-probe",
    };

    public static FeatureSpec Spec(bool aligned = false) => new(Dt, Dv, Dg, Lv, aligned);

    public static SgmftConfig Config(string preset, double dropout = 0.1) =>
        ModelPresets.Load(preset) with { D = 16, Heads = 2, MaxImages = M, MaxTextTokens = Lt, Dropout = dropout };

    /// <summary>
    /// A random batch. <paramref name="textLengths"/>[i] real text tokens (0 = no text) and
    /// <paramref name="imageCounts"/>[i] images (0 = no image); padded positions and empty slots hold zeros.
    /// <paramref name="labels"/>, when given, add a class-dependent signal to every feature.
    /// </summary>
    public static FeatureBatch Batch(int[] textLengths, int[] imageCounts, bool aligned = false, long[]? labels = null, int seed = 0)
    {
        using var scope = NewDisposeScope();
        var gen = new Generator((ulong)seed);
        int b = textLengths.Length;
        var textMask = arange(Lt).view(1, Lt) < tensor(textLengths).view(b, 1);       // [B, Lt]
        var imageMask = arange(M).view(1, M) < tensor(imageCounts).view(b, 1);        // [B, M]
        var text = randn(new long[] { b, Lt, Dt }, generator: gen);
        var image = randn(new long[] { b, M, Lv, Dv }, generator: gen);
        var tp = randn(new long[] { b, Dg }, generator: gen);
        var ip = randn(new long[] { b, Dg }, generator: gen);
        if (labels is not null)
        {
            var y = tensor(labels);
            var classText = randn(new long[] { 8, Dt }, generator: gen) * 2;
            var classImage = randn(new long[] { 8, Dv }, generator: gen) * 2;
            var classPooled = randn(new long[] { 8, Dg }, generator: gen) * 2;
            text += classText.index_select(0, y).view(b, 1, Dt);
            image += classImage.index_select(0, y).view(b, 1, 1, Dv);
            tp += classPooled.index_select(0, y);
            ip += classPooled.index_select(0, y);
        }
        text *= textMask.unsqueeze(2);
        image *= imageMask.view(b, M, 1, 1);
        var hasText = textMask.any(1).view(b, 1);
        var hasImage = imageMask.any(1).view(b, 1);
        var batch = new FeatureBatch
        {
            TextTokens = text, TextMask = textMask, ImageTokens = image, ImageMask = imageMask,
            TextPooled = tp * hasText, ImagePooled = ip * hasImage, PooledAligned = aligned,
        };
        return batch.MoveToOuterDisposeScope();
    }

    /// <summary>Eight posts with text and images, plus one without text and one without images.</summary>
    public static FeatureBatch Mixed(bool aligned = false, int seed = 0) =>
        Batch(new[] { 6, 3, 1, 4, 6, 2, 5, 6, 0, 3 }, new[] { 1, 2, 3, 1, 3, 2, 1, 3, 2, 0 }, aligned, seed: seed);
}
