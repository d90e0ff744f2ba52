using TorchSharp;
using static TorchSharp.torch;

namespace SocialFusion.Models.Layers;

/// <summary>Masking with constants, and the additive attention bias built on it.</summary>
public static class AttentionBias
{
    /// <summary>
    /// <c>input.masked_fill(mask, value)</c> through an explicit, scoped Scalar. An implicitly converted Scalar can be
    /// finalized by the GC while libtorch is still reading it (seen as rare "toFloat" overflow crashes in long runs).
    /// </summary>
    public static Tensor MaskedFill(Tensor input, Tensor mask, double value)
    {
        using var scalar = value.ToScalar();
        var filled = input.masked_fill(mask, scalar);
        GC.KeepAlive(scalar);
        return filled;
    }

    /// <summary>
    /// [B, 1, 1, Lk] bias: 0 at real keys, -1e9 at padding. A large finite negative rather than -inf, so an
    /// all-masked row softmaxes to uniform instead of NaN (callers zero such rows).
    /// </summary>
    public static Tensor FromKeyMask(Tensor keyMask, ScalarType dtype)
    {
        long b = keyMask.shape[0], lk = keyMask.shape[1];
        var bias = zeros(b, 1, 1, lk, dtype: dtype, device: keyMask.device);
        return MaskedFill(bias, keyMask.logical_not().view(b, 1, 1, lk), -1e9);          // [B, 1, 1, Lk]
    }
}
