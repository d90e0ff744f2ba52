using SocialFusion.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.MultiTask;

/// <summary>
/// Additive attention pooling: score_i = v^T tanh(W h_i), weights = masked softmax(score), pooled = sum_i w_i h_i.
/// The weights are returned so a prediction can be traced to the tokens (or image regions) it leaned on.
/// With Q queries the hidden layer is shared and each query has its own score vector v_q, giving Q pooled vectors.
/// </summary>
public sealed class AttentionPooling : nn.Module
{
    private readonly Linear hidden;
    private readonly Linear score;

    /// <summary>Creates the pooling over width <paramref name="dim"/> with <paramref name="queries"/> score vectors.</summary>
    public AttentionPooling(string name, int dim, int queries = 1) : base(name)
    {
        if (queries < 1) throw new ArgumentException($"Attention pooling needs at least one query, got {queries}.");
        Queries = queries;
        hidden = Init.Linear(dim, dim);
        score = Init.Linear(dim, queries);
        RegisterComponents();
    }

    /// <summary>Number of queries Q.</summary>
    public int Queries { get; }

    /// <summary>h [B, L, D], mask [B, L] bool -> pooled [B, D] and weights [B, L] (rows without any token: all 0, pooled 0).</summary>
    /// <remarks>With several queries this is the first query's result; use <see cref="PoolAll"/> for every query.</remarks>
    public (Tensor Pooled, Tensor Weights) forward(Tensor h, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var (pooled, w) = PoolAll(h, mask);                                            // [B, Q, D], [B, Q, L]
        return (pooled[.., 0].MoveToOuterDisposeScope(), w[.., 0].MoveToOuterDisposeScope());
    }

    /// <summary>h [B, L, D], mask [B, L] bool -> pooled [B, Q, D] and weights [B, Q, L], one row per query.</summary>
    public (Tensor Pooled, Tensor Weights) PoolAll(Tensor h, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var s = score.forward(tanh(hidden.forward(h))).transpose(1, 2);               // [B, Q, L]
        var m = mask.unsqueeze(1).expand_as(s);                                        // [B, Q, L]
        s = AttentionBias.MaskedFill(s, m.logical_not(), double.NegativeInfinity);
        var w = nan_to_num(softmax(s, 2), 0.0) * m.to_type(h.dtype);                // [B, Q, L]
        var pooled = matmul(w, h);                                                     // [B, Q, L] x [B, L, D] -> [B, Q, D]
        return (pooled.MoveToOuterDisposeScope(), w.MoveToOuterDisposeScope());
    }
}
