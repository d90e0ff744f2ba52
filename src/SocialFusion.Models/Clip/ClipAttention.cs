using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Clip;

/// <summary>CLIP multi-head self-attention with separate q/k/v/out projections (HF key layout), fused SDPA kernel.</summary>
public sealed class ClipAttention : nn.Module<Tensor, Tensor>
{
    readonly int _heads;
    readonly bool _causal;
    private readonly Linear q_proj, k_proj, v_proj, out_proj;

    /// <summary>Builds the attention of one tower; <paramref name="causal"/> masks future positions (text).</summary>
    public ClipAttention(ClipTowerConfig config, bool causal) : base(nameof(ClipAttention))
    {
        _heads = config.NumAttentionHeads;
        _causal = causal;
        int d = config.HiddenSize;
        q_proj = nn.Linear(d, d);
        k_proj = nn.Linear(d, d);
        v_proj = nn.Linear(d, d);
        out_proj = nn.Linear(d, d);
        RegisterComponents();
    }

    /// <summary>[B, L, D] -> [B, L, D].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], l = x.shape[1], d = x.shape[2];
        // [B, L, D] -> [B, H, L, Dh]
        var q = q_proj.forward(x).view(b, l, _heads, -1).transpose(1, 2);
        var k = k_proj.forward(x).view(b, l, _heads, -1).transpose(1, 2);
        var v = v_proj.forward(x).view(b, l, _heads, -1).transpose(1, 2);
        // softmax(q kᵀ / sqrt(Dh) + causal) v: [B, H, L, Dh]
        var o = nn.functional.scaled_dot_product_attention(q, k, v, is_casual: _causal);
        // [B, H, L, Dh] -> [B, L, D]
        var merged = o.transpose(1, 2).reshape(b, l, d);
        return out_proj.forward(merged).MoveToOuterDisposeScope();
    }
}
