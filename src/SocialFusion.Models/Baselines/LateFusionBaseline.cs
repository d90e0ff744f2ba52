using SocialFusion.Models.Config;
using SocialFusion.Models.Features;
using SocialFusion.Models.Sgmft;
using TorchSharp;
using static TorchSharp.torch;

namespace SocialFusion.Models.Baselines;

/// <summary>
/// Late-fusion baseline: one classifier head on g_t, one on g_v; logits are the mean of the heads of the
/// modalities the post has (a post with one modality uses that head alone).
/// </summary>
public sealed class LateFusionBaseline : LocationModel
{
    private readonly ClassifierHead text_head;
    private readonly ClassifierHead image_head;
    private readonly int numClasses;

    /// <summary>Builds the baseline.</summary>
    public LateFusionBaseline(SgmftConfig config, FeatureSpec spec, int numClasses) : base("late_fusion")
    {
        config.Validate();
        this.numClasses = numClasses;
        text_head = new ClassifierHead("text_head", spec.PooledDim, config.D, numClasses, config.Dropout);
        image_head = new ClassifierHead("image_head", spec.PooledDim, config.D, numClasses, config.Dropout);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override int NumClasses => numClasses;

    /// <inheritdoc />
    public override ModelOutput forward(FeatureBatch batch)
    {
        using var scope = NewDisposeScope();
        var wt = batch.HasText.view(-1, 1).to(batch.TextPooled.dtype);  // [B, 1]
        var wv = batch.HasImage.view(-1, 1).to(batch.TextPooled.dtype); // [B, 1]
        var sum = wt * text_head.forward(batch.TextPooled) + wv * image_head.forward(batch.ImagePooled); // [B, C]
        var logits = sum / (wt + wv).clamp_min(1.0);
        return new ModelOutput(logits.MoveToOuterDisposeScope());
    }
}
