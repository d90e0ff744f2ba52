using SocialFusion.Models.Config;
using SocialFusion.Models.Features;
using SocialFusion.Models.Sgmft;
using TorchSharp;
using static TorchSharp.torch;

namespace SocialFusion.Models.Baselines;

/// <summary>Early-fusion baseline: the SG-MFT classifier head (MLP) on the concatenated pooled embeddings [g_t; g_v].</summary>
public sealed class ConcatBaseline : LocationModel
{
    private readonly ClassifierHead head;
    private readonly int numClasses;

    /// <summary>Builds the baseline.</summary>
    public ConcatBaseline(SgmftConfig config, FeatureSpec spec, int numClasses) : base("concat")
    {
        config.Validate();
        this.numClasses = numClasses;
        head = new ClassifierHead("head", 2 * spec.PooledDim, config.D, numClasses, config.Dropout);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override int NumClasses => numClasses;

    /// <inheritdoc />
    public override ModelOutput forward(FeatureBatch batch)
    {
        using var scope = NewDisposeScope();
        var g = cat([Pooled.Text(batch), Pooled.Image(batch)], 1);     // [B, 2 Dg]
        return new ModelOutput(head.forward(g).MoveToOuterDisposeScope());
    }
}

/// <summary>Pooled embeddings with a missing modality zeroed (so nothing leaks from placeholder features).</summary>
internal static class Pooled
{
    /// <summary>[B, Dg] text embedding, zero where the post has no text.</summary>
    public static Tensor Text(FeatureBatch batch) => batch.TextPooled * batch.HasText.view(-1, 1).to(batch.TextPooled.dtype);

    /// <summary>[B, Dg] image embedding, zero where the post has no image.</summary>
    public static Tensor Image(FeatureBatch batch) => batch.ImagePooled * batch.HasImage.view(-1, 1).to(batch.ImagePooled.dtype);
}
