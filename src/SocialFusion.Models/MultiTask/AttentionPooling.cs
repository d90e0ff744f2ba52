using SocialFusion.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.MultiTask;

/// <summary>
/// Additive attention pooling: score_i = v^T tanh(W h_i), weights = masked softmax(score), pooled = sum_i w_i h_i.
/// The weights are returned so a prediction can be traced to the tokens (or image regions) it leaned on.
/// </summary>
public sealed class AttentionPooling : nn.Module
{
    private readonly Linear hidden;
    private readonly Linear score;

    /// <summary>Creates the pooling over width <paramref name="dim"/>.</summary>
    public AttentionPooling(string name, int dim) : base(name)
    {
        hidden = Init.Linear(dim, dim);
        score = Init.Linear(dim, 1);
        RegisterComponents();
    }

    /// <summary>h [B, L, D], mask [B, L] bool -> pooled [B, D] and weights [B, L] (rows without any token: all 0, pooled 0).</summary>
    public (Tensor Pooled, Tensor Weights) forward(Tensor h, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var s = score.forward(tanh(hidden.forward(h))).squeeze(-1);                  // [B, L]
        s = AttentionBias.MaskedFill(s, mask.logical_not(), double.NegativeInfinity);
        var w = nan_to_num(softmax(s, 1), 0.0) * mask.to_type(h.dtype);             // [B, L]
        var pooled = matmul(w.unsqueeze(1), h).squeeze(1);                            // [B, 1, L] x [B, L, D] -> [B, D]
        return (pooled.MoveToOuterDisposeScope(), w.MoveToOuterDisposeScope());
    }
}
