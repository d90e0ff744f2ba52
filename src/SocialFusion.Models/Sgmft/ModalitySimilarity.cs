using SocialFusion.Models.Config;
using SocialFusion.Models.Features;
using SocialFusion.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Sgmft;

/// <summary>
/// Step 2, modality-wise similarity s = cos(g_t, g_v), one scalar per post, and the interpolation weight
/// alpha = sigmoid(a s + b). With aligned (CLIP) pooled features g_t, g_v are taken from the batch. Without an
/// aligned space (ours) they are learned projections of the masked-mean projected tokens, trained with a
/// symmetric InfoNCE loss weighted by lambda_align so that s means "text and image agree".
/// s = 0 for posts missing a modality.
/// </summary>
public sealed class ModalitySimilarity : nn.Module
{
    private readonly Linear? text_align;
    private readonly Linear? image_align;
    private readonly Parameter? alpha_a;
    private readonly Parameter? alpha_b;
    private readonly Parameter? log_inv_temperature;
    private readonly SimilaritySource source;
    private readonly double lambdaAlign;
    private readonly bool learned;

    /// <summary>Creates the similarity; whether s is learned is fixed here by the config and the feature spec.</summary>
    public ModalitySimilarity(string name, SgmftConfig config, FeatureSpec spec) : base(name)
    {
        source = config.SimilaritySource;
        if (source == SimilaritySource.Features && !spec.PooledAligned)
            throw new ArgumentException($"Model config '{config.Preset}': similarity_source 'features' needs aligned pooled features (CLIP), but the feature spec is not aligned.");
        lambdaAlign = config.LambdaAlign;
        // alpha only steers SIM attention; without SIM layers (no-sim) or with alpha fixed (no-coarse) s still
        // feeds the SFM gate.
        if (config.SimLayers > 0 && config.Coarse == CoarseGuidance.SimilarityInterpolation)
        {
            alpha_a = new Parameter(tensor(new[] { (float)config.AlphaInitA }));
            alpha_b = new Parameter(tensor(new[] { (float)config.AlphaInitB }));
        }
        learned = source == SimilaritySource.Learned || (source == SimilaritySource.Auto && !spec.PooledAligned);
        if (learned)
        {
            text_align = Init.Linear(config.D, config.D);
            image_align = Init.Linear(config.D, config.D);
            log_inv_temperature = new Parameter(tensor(new[] { (float)Math.Log(1.0 / config.InfoNceTemperature) }),
                requires_grad: config.LearnTemperature);
        }
        RegisterComponents();
    }

    /// <summary>Returns s [B], alpha [B] (null without SIM layers or with a fixed alpha) and the weighted alignment loss (null when s comes from features or lambda is 0).</summary>
    public (Tensor S, Tensor? Alpha, Tensor? Aux) forward(FeatureBatch batch, Tensor ht, Tensor mt, Tensor hv, Tensor mv)
    {
        using var scope = NewDisposeScope();
        var both = batch.HasText.logical_and(batch.HasImage);                            // [B]
        Tensor? aux = null;
        Tensor cos;
        if (!learned)
        {
            if (!batch.PooledAligned)
                throw new ArgumentException("The model was built for aligned pooled features (CLIP) but the batch's pooled features are not aligned.");
            cos = nn.functional.cosine_similarity(batch.TextPooled, batch.ImagePooled, 1); // [B]
        }
        else
        {
            var gt = nn.functional.normalize(text_align!.forward(MaskedMean(ht, mt)), dim: 1);  // [B, D]
            var gv = nn.functional.normalize(image_align!.forward(MaskedMean(hv, mv)), dim: 1); // [B, D]
            cos = (gt * gv).sum(1);                                                           // [B]
            if (lambdaAlign > 0 && training) aux = lambdaAlign * InfoNce(gt, gv, both);
        }
        var s = where(both, cos, zeros_like(cos));
        var alpha = alpha_a is null || alpha_b is null ? null : sigmoid(alpha_a * s + alpha_b);
        return (s.MoveToOuterDisposeScope(), alpha?.MoveToOuterDisposeScope(), aux?.MoveToOuterDisposeScope());
    }

    /// <summary>Mean of <paramref name="h"/> [B, L, D] over positions where <paramref name="mask"/> [B, L] is true.</summary>
    public static Tensor MaskedMean(Tensor h, Tensor mask)
    {
        var w = mask.to(h.dtype).unsqueeze(2);                         // [B, L, 1]
        return (h * w).sum(1) / w.sum(1).clamp_min(1.0);               // [B, D]
    }

    private Tensor InfoNce(Tensor gt, Tensor gv, Tensor both)
    {
        var idx = both.nonzero().squeeze(1);
        if (idx.shape[0] < 2) return zeros(new long[0], dtype: gt.dtype, device: gt.device);
        var t = gt.index_select(0, idx);                                // [N, D]
        var v = gv.index_select(0, idx);                                // [N, D]
        var logits = log_inv_temperature!.exp().clamp_max(100.0) * t.matmul(v.t()); // [N, D] x [D, N] -> [N, N]
        var labels = arange(idx.shape[0], dtype: ScalarType.Int64, device: gt.device);
        return (nn.functional.cross_entropy(logits, labels) + nn.functional.cross_entropy(logits.t(), labels)) / 2;
    }
}
