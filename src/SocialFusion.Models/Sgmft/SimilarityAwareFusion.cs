using SocialFusion.Models.Config;
using SocialFusion.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Sgmft;

/// <summary>
/// Step 4, the Similarity-aware Fusion Module: SfmLayers of bidirectional cross-attention + FFN
/// (Z_t = H_t + CrossAttn(LN H_t -> LN H_v), Z_v likewise, each then + FFN(LN Z)), pooling
/// z_t = masked mean of Z_t and z_v = mean of the present images' CLS tokens, then either the
/// similarity-aware gate (ours) beta = sigmoid(W_b [z_t; z_v; s] + b_b), f = beta z_t + (1 - beta) z_v,
/// or [z_t; z_v] concatenation (ablations). With zero layers it only pools and fuses.
/// </summary>
public sealed class SimilarityAwareFusion : nn.Module
{
    private readonly ModuleList<SfmBlock> layers;
    private readonly Linear? gate;
    private readonly int dim;

    /// <summary>Creates the module.</summary>
    public SimilarityAwareFusion(string name, SgmftConfig config) : base(name)
    {
        dim = config.D;
        layers = new ModuleList<SfmBlock>();
        for (int i = 0; i < config.SfmLayers; i++)
            layers.Add(new SfmBlock($"layer_{i}", config.D, config.Heads, config.FfnMultiplier * config.D, config.Dropout));
        if (config.Fusion == FusionPooling.SimilarityAwareGate) gate = Init.Linear(2 * config.D + 1, config.D);
        RegisterComponents();
    }

    /// <summary>Width of the fused vector f: D with the gate, 2D with concatenation.</summary>
    public int OutputDim => gate is null ? 2 * dim : dim;

    /// <summary>
    /// H_t [B, Lt, D], H_v [B, M*Lv, D], masks [B, L], image-slot mask [B, M] (slot 0 true for an absent image),
    /// tokens per image Lv, s [B] -> f [B, OutputDim].
    /// </summary>
    public Tensor forward(Tensor ht, Tensor mt, Tensor hv, Tensor mv, Tensor slotMask, long tokensPerImage, Tensor s)
    {
        using var scope = NewDisposeScope();
        foreach (var layer in layers) (ht, hv) = layer.forward(ht, mt, hv, mv);
        var zt = ModalitySimilarity.MaskedMean(ht, mt);                  // [B, D]
        long b = hv.shape[0], m = slotMask.shape[1];
        var cls = hv.view(b, m, tokensPerImage, dim)[.., .., 0];         // [B, M, D]
        var zv = ModalitySimilarity.MaskedMean(cls, slotMask);            // [B, D]
        Tensor f;
        if (gate is null)
            f = cat([zt, zv], 1);                                         // [B, 2D]
        else
        {
            var beta = sigmoid(gate.forward(cat([zt, zv, s.view(b, 1).to(zt.dtype)], 1))); // [B, 2D+1] -> [B, D]
            f = beta * zt + (1 - beta) * zv;
        }
        return f.MoveToOuterDisposeScope();
    }

    /// <summary>One bidirectional cross-attention + FFN layer.</summary>
    public sealed class SfmBlock : nn.Module
    {
        private readonly LayerNorm norm_t, norm_v, ffn_norm_t, ffn_norm_v;
        private readonly MultiHeadAttention cross_attn_t, cross_attn_v;
        private readonly FeedForward ffn_t, ffn_v;
        private readonly Dropout dropout;

        /// <summary>Creates the layer.</summary>
        public SfmBlock(string name, int dim, int heads, int hidden, double dropout) : base(name)
        {
            norm_t = nn.LayerNorm(dim); norm_v = nn.LayerNorm(dim);
            ffn_norm_t = nn.LayerNorm(dim); ffn_norm_v = nn.LayerNorm(dim);
            cross_attn_t = new MultiHeadAttention("cross_attn_t", dim, heads, dropout);
            cross_attn_v = new MultiHeadAttention("cross_attn_v", dim, heads, dropout);
            ffn_t = new FeedForward("ffn_t", dim, hidden, dropout);
            ffn_v = new FeedForward("ffn_v", dim, hidden, dropout);
            this.dropout = nn.Dropout(dropout);
            RegisterComponents();
        }

        /// <summary>(H_t, H_v) -> (Z_t, Z_v), same shapes.</summary>
        public (Tensor Zt, Tensor Zv) forward(Tensor ht, Tensor mt, Tensor hv, Tensor mv)
        {
            using var scope = NewDisposeScope();
            var nt = norm_t.forward(ht);
            var nv = norm_v.forward(hv);
            var zt = ht + dropout.forward(cross_attn_t.forward(nt, nv, mv));
            var zv = hv + dropout.forward(cross_attn_v.forward(nv, nt, mt));
            zt = zt + ffn_t.forward(ffn_norm_t.forward(zt));
            zv = zv + ffn_v.forward(ffn_norm_v.forward(zv));
            return (zt.MoveToOuterDisposeScope(), zv.MoveToOuterDisposeScope());
        }
    }
}
