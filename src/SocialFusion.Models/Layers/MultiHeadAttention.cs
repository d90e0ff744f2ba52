using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Layers;

/// <summary>
/// Batch-first multi-head attention over a key padding mask, computed with
/// <c>scaled_dot_product_attention</c>. Query rows whose keys are all masked return zeros (no NaN).
/// </summary>
public sealed class MultiHeadAttention : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly Linear q_proj;
    private readonly Linear kv_proj;
    private readonly Linear out_proj;
    private readonly int heads;
    private readonly double dropout;

    /// <summary>Creates attention of width <paramref name="dim"/> with <paramref name="heads"/> heads.</summary>
    public MultiHeadAttention(string name, int dim, int heads, double dropout) : base(name)
    {
        if (dim % heads != 0) throw new ArgumentException($"Attention width {dim} is not divisible by {heads} heads.");
        this.heads = heads;
        this.dropout = dropout;
        q_proj = Init.Linear(dim, dim);
        // Keys and values in one matmul: one pass over the (often longer) key sequence.
        kv_proj = Init.Linear(dim, 2 * dim);
        out_proj = Init.Linear(dim, dim);
        RegisterComponents();
    }

    /// <summary>Attends <paramref name="query"/> [B, Lq, D] to <paramref name="keys"/> [B, Lk, D] where <paramref name="keyMask"/> [B, Lk] is true.</summary>
    public override Tensor forward(Tensor query, Tensor keys, Tensor keyMask)
    {
        using var scope = NewDisposeScope();
        long b = query.shape[0], lq = query.shape[1], d = query.shape[2], lk = keys.shape[1];
        long dh = d / heads;
        var q = q_proj.forward(query).view(b, lq, heads, dh).transpose(1, 2);        // [B, H, Lq, Dh]
        var kv = kv_proj.forward(keys).view(b, lk, 2, heads, dh).permute(2, 0, 3, 1, 4); // [2, B, H, Lk, Dh]
        // Additive mask with a large finite negative: an all-masked row softmaxes to uniform
        // instead of NaN, and is zeroed below.
        var bias = AttentionBias.FromKeyMask(keyMask, query.dtype);                         // [B, 1, 1, Lk]
        var attended = nn.functional.scaled_dot_product_attention(q, kv[0], kv[1], bias, training ? dropout : 0.0); // [B, H, Lq, Dh]
        var merged = attended.transpose(1, 2).reshape(b, lq, d);                          // [B, Lq, D]
        var anyKey = keyMask.any(1).view(b, 1, 1).to(query.dtype);                        // [B, 1, 1]
        return (out_proj.forward(merged) * anyKey).MoveToOuterDisposeScope();
    }
}
