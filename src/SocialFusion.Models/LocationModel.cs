using SocialFusion.Models.Features;
using TorchSharp;

namespace SocialFusion.Models;

/// <summary>
/// Base of every semantic-location model (SG-MFT, its ablations and the baselines): maps a
/// <see cref="FeatureBatch"/> of frozen post features to class logits plus, where the model has them,
/// the modality similarity s and interpolation weight alpha that explain its decision.
/// </summary>
public abstract class LocationModel : torch.nn.Module<FeatureBatch, ModelOutput>
{
    /// <summary>Creates the module with its checkpoint name.</summary>
    protected LocationModel(string name) : base(name) { }

    /// <summary>Number of output classes C.</summary>
    public abstract int NumClasses { get; }
}
