using SocialFusion.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Sgmft;

/// <summary>
/// A SIM feed-forward step: updates both streams with a residual FFN. Implemented by
/// <see cref="SimilarityFeedForward"/> (fine guidance) and <see cref="PlainSimFeedForward"/> (ablation).
/// </summary>
public abstract class SimFeedForwardStep : nn.Module
{
    /// <summary>Creates the step.</summary>
    protected SimFeedForwardStep(string name) : base(name) { }

    /// <summary>H_t [B, Lt, D], H_v [B, Lv, D] and masks [B, L] -> updated (H_t, H_v).</summary>
    public abstract (Tensor Ht, Tensor Hv) forward(Tensor ht, Tensor mt, Tensor hv, Tensor mv);
}

/// <summary>
/// Fine-grained guidance: similarity-aware feed-forward with element-wise similarity.
/// A_tv = softmax(LN(H_t) LN(H_v)^T / sqrt(D)) over real image tokens, Vhat = A_tv LN(H_v),
/// FFN_t = W2 GELU(W1 LN(H_t) + Wf (LN(H_t) * Vhat)), H_t &lt;- H_t + Drop(FFN_t); symmetric for H_v over real text tokens.
/// </summary>
public sealed class SimilarityFeedForward : SimFeedForwardStep
{
    private readonly LayerNorm norm_t;
    private readonly LayerNorm norm_v;
    private readonly Linear w1_t, wf_t, w2_t;
    private readonly Linear w1_v, wf_v, w2_v;
    private readonly Dropout dropout;

    /// <summary>Creates the block with hidden width <paramref name="hidden"/>.</summary>
    public SimilarityFeedForward(string name, int dim, int hidden, double dropout) : base(name)
    {
        norm_t = nn.LayerNorm(dim);
        norm_v = nn.LayerNorm(dim);
        w1_t = Init.Linear(dim, hidden); wf_t = Init.Linear(dim, hidden, bias: false); w2_t = Init.Linear(hidden, dim);
        w1_v = Init.Linear(dim, hidden); wf_v = Init.Linear(dim, hidden, bias: false); w2_v = Init.Linear(hidden, dim);
        this.dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override (Tensor Ht, Tensor Hv) forward(Tensor ht, Tensor mt, Tensor hv, Tensor mv)
    {
        using var scope = NewDisposeScope();
        var nt = norm_t.forward(ht).unsqueeze(1);                        // [B, 1, Lt, D]
        var nv = norm_v.forward(hv).unsqueeze(1);                        // [B, 1, Lv, D]
        // Single-head attention with LN(H) as both keys and values: exactly softmax(Q K^T / sqrt(D)) K.
        var vhat = Attend(nt, nv, mv);                                   // [B, Lt, D]
        var that = Attend(nv, nt, mt);                                   // [B, Lv, D]
        nt = nt.squeeze(1); nv = nv.squeeze(1);
        var ffnT = w2_t.forward(nn.functional.gelu(w1_t.forward(nt) + wf_t.forward(nt * vhat))); // [B, Lt, D]
        var ffnV = w2_v.forward(nn.functional.gelu(w1_v.forward(nv) + wf_v.forward(nv * that))); // [B, Lv, D]
        var outT = ht + dropout.forward(ffnT);
        var outV = hv + dropout.forward(ffnV);
        return (outT.MoveToOuterDisposeScope(), outV.MoveToOuterDisposeScope());
    }

    private static Tensor Attend(Tensor query, Tensor keys, Tensor keyMask)
    {
        long b = keys.shape[0], lk = keys.shape[2];
        var bias = AttentionBias.FromKeyMask(keyMask, keys.dtype);                        // [B, 1, 1, Lk]
        var outp = nn.functional.scaled_dot_product_attention(query, keys, keys, bias); // [B, 1, Lq, D]
        return outp.squeeze(1) * keyMask.any(1).view(b, 1, 1).to(keys.dtype);           // [B, Lq, D]
    }
}

/// <summary>Ablation of the fine guidance: plain pre-LN FFN on each stream, no element-wise similarity.</summary>
public sealed class PlainSimFeedForward : SimFeedForwardStep
{
    private readonly LayerNorm norm_t;
    private readonly LayerNorm norm_v;
    private readonly FeedForward ffn_t;
    private readonly FeedForward ffn_v;

    /// <summary>Creates the block with hidden width <paramref name="hidden"/>.</summary>
    public PlainSimFeedForward(string name, int dim, int hidden, double dropout) : base(name)
    {
        norm_t = nn.LayerNorm(dim);
        norm_v = nn.LayerNorm(dim);
        ffn_t = new FeedForward("ffn_t", dim, hidden, dropout);
        ffn_v = new FeedForward("ffn_v", dim, hidden, dropout);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override (Tensor Ht, Tensor Hv) forward(Tensor ht, Tensor mt, Tensor hv, Tensor mv)
    {
        using var scope = NewDisposeScope();
        var outT = ht + ffn_t.forward(norm_t.forward(ht));
        var outV = hv + ffn_v.forward(norm_v.forward(hv));
        return (outT.MoveToOuterDisposeScope(), outV.MoveToOuterDisposeScope());
    }
}
