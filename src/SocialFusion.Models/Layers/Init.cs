using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Layers;

/// <summary>Initialisation shared by every module: truncated normal (std 0.02) weights and zero biases, as nanoGPT/CLIP.</summary>
public static class Init
{
    /// <summary>Standard deviation of the truncated-normal initialisation.</summary>
    public const double Std = 0.02;

    /// <summary>A linear layer with truncated-normal weights and zero bias.</summary>
    public static Linear Linear(long inFeatures, long outFeatures, bool bias = true)
    {
        var layer = nn.Linear(inFeatures, outFeatures, hasBias: bias);
        using (no_grad())
        {
            nn.init.trunc_normal_(layer.weight, 0.0, Std, -2 * Std, 2 * Std);
            layer.bias?.zero_();
        }
        return layer;
    }

    /// <summary>A learned embedding-like parameter with truncated-normal values.</summary>
    public static Parameter Embedding(params long[] shape)
    {
        var t = empty(shape);
        using (no_grad()) nn.init.trunc_normal_(t, 0.0, Std, -2 * Std, 2 * Std);
        return new Parameter(t);
    }
}
