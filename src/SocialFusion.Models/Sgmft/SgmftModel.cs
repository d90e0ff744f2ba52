using SocialFusion.Models.Config;
using SocialFusion.Models.Features;
using TorchSharp;
using static TorchSharp.torch;

namespace SocialFusion.Models.Sgmft;

/// <summary>
/// SG-MFT, the Similarity Guided Multimodal Fusion Transformer (/work/shared/design/sgmft.md):
/// input projection -> modality-wise similarity s and alpha -> N_sim SIM layers (coarse interpolation attention,
/// fine similarity feed-forward) -> SFM (cross-attention, pooling, similarity-aware gate) -> classifier head.
/// Its ablations (no-coarse, no-fine, no-sim, no-sfm, co-attention) and the unimodal baselines are the same
/// model with the preset's component choices; a unimodal model always sees the other modality as absent.
/// </summary>
public sealed class SgmftModel : LocationModel
{
    private readonly InputProjection input_projection;
    private readonly ModalitySimilarity? similarity;
    private readonly SimilarityGuidedInteraction? sim;
    private readonly SimilarityAwareFusion sfm;
    private readonly ClassifierHead head;
    private readonly SgmftConfig config;
    private readonly int numClasses;

    /// <summary>Builds the model for features of <paramref name="spec"/> and <paramref name="numClasses"/> classes.</summary>
    public SgmftModel(SgmftConfig config, FeatureSpec spec, int numClasses) : base("sgmft")
    {
        this.config = config.Validate();
        if (config.Architecture != Architecture.Sgmft)
            throw new ArgumentException($"Model config '{config.Preset}': SgmftModel needs architecture 'sgmft', got '{config.Architecture}'.");
        if (numClasses < 2) throw new ArgumentException($"A location model needs at least 2 classes, got {numClasses}.");
        this.numClasses = numClasses;
        input_projection = new InputProjection("input_projection", spec, config.D, config.MaxImages,
            text: config.Modalities != Modalities.ImageOnly, image: config.Modalities != Modalities.TextOnly);
        if (config.UsesModalitySimilarity)
            similarity = new ModalitySimilarity("similarity", config, spec);
        if (config.SimLayers > 0) sim = new SimilarityGuidedInteraction("sim", config);
        sfm = new SimilarityAwareFusion("sfm", config);
        head = new ClassifierHead("head", sfm.OutputDim, config.D, numClasses, config.Dropout);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override int NumClasses => numClasses;

    /// <summary>The configuration this model was built from.</summary>
    public SgmftConfig Config => config;

    /// <summary>The SIM module, or null when the preset removes it.</summary>
    public SimilarityGuidedInteraction? Interaction => sim;

    /// <inheritdoc />
    public override ModelOutput forward(FeatureBatch batch)
    {
        using var scope = NewDisposeScope();
        long b = batch.Size;
        Tensor ht, mt, hv, mv, slotMask;
        long tokensPerImage;
        if (config.Modalities == Modalities.ImageOnly) (ht, mt) = input_projection.Absent(b, 0);
        else (ht, mt) = input_projection.ProjectText(batch);
        if (config.Modalities == Modalities.TextOnly)
        {
            (hv, mv) = input_projection.Absent(b, 1);
            slotMask = mv;
            tokensPerImage = 1;
        }
        else
        {
            (hv, mv) = input_projection.ProjectImages(batch);
            // Slot 0 carries the absent token for a post without images, so it counts as present then.
            var noImage = batch.HasImage.logical_not().view(b, 1);                    // [B, 1]
            var m = batch.ImageMask;
            slotMask = m.shape[1] > 1 ? cat([m[.., ..1].logical_or(noImage), m[.., 1..]], 1) : m.logical_or(noImage); // [B, M]
            tokensPerImage = batch.ImageTokens.shape[2];
        }

        Tensor s;
        Tensor? alpha = null;
        Tensor? aux = null;
        if (similarity is not null) (s, alpha, aux) = similarity.forward(batch, ht, mt, hv, mv);
        else s = zeros(b, dtype: ht.dtype, device: ht.device);
        // SIM without a learned alpha (no-coarse, co-attention, one modality) interpolates with the fixed one.
        if (alpha is null && sim is not null) alpha = full(b, config.FixedAlpha, dtype: ht.dtype, device: ht.device);

        if (sim is not null) (ht, hv) = sim.forward(ht, mt, hv, mv, alpha!);
        var f = sfm.forward(ht, mt, hv, mv, slotMask, tokensPerImage, s);               // [B, D] or [B, 2D]
        var logits = head.forward(f);                                                   // [B, C]

        bool guided = similarity is not null;
        logits.MoveToOuterDisposeScope();
        if (guided) s.MoveToOuterDisposeScope();
        // alpha is reported only where it steers SIM between two real modalities.
        var reported = config.Modalities == Modalities.Both && sim is not null ? alpha : null;
        reported?.MoveToOuterDisposeScope();
        aux?.MoveToOuterDisposeScope();
        return new ModelOutput(logits, guided ? s : null, reported, aux);
    }
}
