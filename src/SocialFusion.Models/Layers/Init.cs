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
            TruncatedNormal(layer.weight);
            layer.bias?.zero_();
        }
        return layer;
    }

    /// <summary>A learned embedding-like parameter with truncated-normal values.</summary>
    public static Parameter Embedding(params long[] shape)
    {
        var t = empty(shape);
        using (no_grad()) TruncatedNormal(t);
        return new Parameter(t);
    }

    /// <summary>
    /// Fills <paramref name="t"/> with N(0, Std^2) truncated to +-2 Std by resampling. Written out because
    /// nn.init.trunc_normal_ in TorchSharp 0.107 produced only the bounds (every value +-a) in our checks.
    /// </summary>
    private static void TruncatedNormal(Tensor t)
    {
        using var scope = NewDisposeScope();
        t.normal_(0.0, Std);
        for (int i = 0; i < 20; i++)
        {
            var outside = t.abs() > 2 * Std;
            if (!outside.any().item<bool>()) return;
            t.copy_(where(outside, randn_like(t) * Std, t));
        }
        t.clamp_(-2 * Std, 2 * Std);
    }
}
