using SocialFusion.Models.Config;
using SocialFusion.Models.Features;
using SocialFusion.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Baselines;

/// <summary>
/// Linear probe: logistic regression (one linear layer, trained with cross-entropy) on [g_t; g_v].
/// The design calls it CLIP-only; it runs on any pooled features.
/// </summary>
public sealed class LinearProbeBaseline : LocationModel
{
    private readonly Linear classifier;
    private readonly int numClasses;

    /// <summary>Builds the probe.</summary>
    public LinearProbeBaseline(SgmftConfig config, FeatureSpec spec, int numClasses) : base("linear_probe")
    {
        config.Validate();
        this.numClasses = numClasses;
        classifier = Init.Linear(2 * spec.PooledDim, numClasses);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override int NumClasses => numClasses;

    /// <inheritdoc />
    public override ModelOutput forward(FeatureBatch batch)
    {
        using var scope = NewDisposeScope();
        var g = cat([Pooled.Text(batch), Pooled.Image(batch)], 1);     // [B, 2 Dg]
        return new ModelOutput(classifier.forward(g).MoveToOuterDisposeScope());
    }
}
