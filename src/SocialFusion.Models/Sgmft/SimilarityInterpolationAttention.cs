using SocialFusion.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Sgmft;

/// <summary>
/// Coarse-grained guidance: similarity-aware feature interpolation attention (pre-LN).
/// H_t &lt;- H_t + Drop((1 - alpha) SelfAttn(LN H_t) + alpha CrossAttn(LN H_t -> LN H_v)), symmetric for H_v.
/// When text and image disagree (small alpha) each modality mostly attends to itself; when they agree it
/// borrows from the other.
/// </summary>
public sealed class SimilarityInterpolationAttention : nn.Module
{
    private readonly LayerNorm norm_t;
    private readonly LayerNorm norm_v;
    private readonly MultiHeadAttention self_attn_t;
    private readonly MultiHeadAttention cross_attn_t;
    private readonly MultiHeadAttention self_attn_v;
    private readonly MultiHeadAttention cross_attn_v;
    private readonly Dropout dropout;

    /// <summary>Creates the layer.</summary>
    public SimilarityInterpolationAttention(string name, int dim, int heads, double dropout) : base(name)
    {
        norm_t = nn.LayerNorm(dim);
        norm_v = nn.LayerNorm(dim);
        self_attn_t = new MultiHeadAttention("self_attn_t", dim, heads, dropout);
        cross_attn_t = new MultiHeadAttention("cross_attn_t", dim, heads, dropout);
        self_attn_v = new MultiHeadAttention("self_attn_v", dim, heads, dropout);
        cross_attn_v = new MultiHeadAttention("cross_attn_v", dim, heads, dropout);
        this.dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    /// <summary>H_t [B, Lt, D], H_v [B, Lv, D], masks [B, L], alpha [B] -> updated (H_t, H_v).</summary>
    public (Tensor Ht, Tensor Hv) forward(Tensor ht, Tensor mt, Tensor hv, Tensor mv, Tensor alpha)
    {
        using var scope = NewDisposeScope();
        var a = alpha.view(-1, 1, 1);                                   // [B, 1, 1]
        var nt = norm_t.forward(ht);
        var nv = norm_v.forward(hv);
        var mixT = (1 - a) * self_attn_t.forward(nt, nt, mt) + a * cross_attn_t.forward(nt, nv, mv); // [B, Lt, D]
        var mixV = (1 - a) * self_attn_v.forward(nv, nv, mv) + a * cross_attn_v.forward(nv, nt, mt); // [B, Lv, D]
        var outT = ht + dropout.forward(mixT);
        var outV = hv + dropout.forward(mixV);
        return (outT.MoveToOuterDisposeScope(), outV.MoveToOuterDisposeScope());
    }
}
