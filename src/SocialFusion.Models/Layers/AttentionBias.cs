using TorchSharp;
using static TorchSharp.torch;

namespace SocialFusion.Models.Layers;

/// <summary>Additive attention bias from a key mask.</summary>
public static class AttentionBias
{
    /// <summary>
    /// [B, 1, 1, Lk] bias: 0 at real keys, -1e9 at padding. A large finite negative rather than -inf, so an
    /// all-masked row softmaxes to uniform instead of NaN (callers zero such rows).
    /// </summary>
    public static Tensor FromKeyMask(Tensor keyMask, ScalarType dtype)
    {
        long b = keyMask.shape[0], lk = keyMask.shape[1];
        // An explicit, scoped Scalar: an implicitly converted one can be finalized by the GC while libtorch is
        // still reading it (seen as rare "toFloat" overflow crashes in long training runs).
        using var negative = (-1e9).ToScalar();
        var bias = zeros(b, 1, 1, lk, dtype: dtype, device: keyMask.device)
            .masked_fill(keyMask.logical_not().view(b, 1, 1, lk), negative);              // [B, 1, 1, Lk]
        GC.KeepAlive(negative);
        return bias;
    }
}
