namespace SocialFusion.Models.Config;

/// <summary>Which model family a preset builds.</summary>
public enum Architecture
{
    /// <summary>SG-MFT and its ablations (component choices below).</summary>
    Sgmft,
    /// <summary>Early fusion: MLP head on [g_t; g_v].</summary>
    Concat,
    /// <summary>Mean of two unimodal heads' logits.</summary>
    LateFusion,
    /// <summary>Logistic regression on [g_t; g_v].</summary>
    LinearProbe,
    /// <summary>
    /// CLIP zero-shot: cosine between the image embedding and prompt embeddings per label, no training. Not a
    /// <see cref="LocationModel"/>: experiments score it directly on CLIP features.
    /// </summary>
    ZeroShot,
}

/// <summary>Which modalities the model sees.</summary>
public enum Modalities
{
    /// <summary>Text and image.</summary>
    Both,
    /// <summary>Text only; the image side is the learned absent token.</summary>
    TextOnly,
    /// <summary>Image only; the text side is the learned absent token.</summary>
    ImageOnly,
}

/// <summary>Coarse (modality-wise) guidance of the SIM attention.</summary>
public enum CoarseGuidance
{
    /// <summary>alpha = sigmoid(a s + b) from the modality-wise similarity s.</summary>
    SimilarityInterpolation,
    /// <summary>
    /// alpha fixed at <see cref="SgmftConfig.FixedAlpha"/> in SIM. The modality-wise similarity s is still computed
    /// (with its alignment loss) where the SFM gate reads it, so the sgmft-no-coarse ablation changes the coarse
    /// guidance only.
    /// </summary>
    FixedInterpolation,
}

/// <summary>Fine (element-wise) guidance of the SIM feed-forward.</summary>
public enum FineGuidance
{
    /// <summary>FFN fed with LN(H) * Vhat (element-wise similarity).</summary>
    SimilarityFeedForward,
    /// <summary>Plain pre-LN FFN.</summary>
    PlainFeedForward,
}

/// <summary>How pooled z_t and z_v become one vector.</summary>
public enum FusionPooling
{
    /// <summary>Similarity-aware gate beta = sigmoid(W_b [z_t; z_v; s] + b_b) (ours).</summary>
    SimilarityAwareGate,
    /// <summary>[z_t; z_v] concatenated (width 2D).</summary>
    ConcatPooling,
}

/// <summary>Where the modality-wise similarity s comes from.</summary>
public enum SimilaritySource
{
    /// <summary>Features when the batch's pooled embeddings are aligned (CLIP), otherwise learned.</summary>
    Auto,
    /// <summary>cos of the batch's pooled embeddings (requires aligned features).</summary>
    Features,
    /// <summary>Learned projections of masked-mean tokens plus symmetric InfoNCE (ours).</summary>
    Learned,
}

/// <summary>
/// Immutable model configuration. Defaults ARE the reference setting (preset "sgmft", see
/// /work/shared/design/sgmft.md); every ablation or baseline is a preset that changes a few fields.
/// Values marked "ours" are this project's choices (the paper's are unknown).
/// </summary>
public sealed record SgmftConfig
{
    /// <summary>Preset name this configuration came from.</summary>
    public string Preset { get; init; } = "sgmft";
    /// <summary>Model family.</summary>
    public Architecture Architecture { get; init; } = Architecture.Sgmft;
    /// <summary>Modalities used.</summary>
    public Modalities Modalities { get; init; } = Modalities.Both;
    /// <summary>Coarse guidance of the SIM attention.</summary>
    public CoarseGuidance Coarse { get; init; } = CoarseGuidance.SimilarityInterpolation;
    /// <summary>alpha used by <see cref="CoarseGuidance.FixedInterpolation"/>.</summary>
    public double FixedAlpha { get; init; } = 0.5;
    /// <summary>Fine guidance of the SIM feed-forward.</summary>
    public FineGuidance Fine { get; init; } = FineGuidance.SimilarityFeedForward;
    /// <summary>Pooling at the end of the SFM.</summary>
    public FusionPooling Fusion { get; init; } = FusionPooling.SimilarityAwareGate;
    /// <summary>Source of the modality-wise similarity.</summary>
    public SimilaritySource SimilaritySource { get; init; } = SimilaritySource.Auto;
    /// <summary>Model width D.</summary>
    public int D { get; init; } = 256;
    /// <summary>Attention heads.</summary>
    public int Heads { get; init; } = 4;
    /// <summary>N_sim, number of SIM layers (0 = no SIM).</summary>
    public int SimLayers { get; init; } = 2;
    /// <summary>SFM cross-attention layers (0 = pooled projected/SIM outputs fused directly).</summary>
    public int SfmLayers { get; init; } = 1;
    /// <summary>FFN hidden width as a multiple of D (ours).</summary>
    public int FfnMultiplier { get; init; } = 4;
    /// <summary>Dropout probability.</summary>
    public double Dropout { get; init; } = 0.1;
    /// <summary>Initial a in alpha = sigmoid(a s + b).</summary>
    public double AlphaInitA { get; init; } = 4.0;
    /// <summary>Initial b in alpha = sigmoid(a s + b).</summary>
    public double AlphaInitB { get; init; } = 0.0;
    /// <summary>Weight of the InfoNCE alignment loss when s is learned.</summary>
    public double LambdaAlign { get; init; } = 0.1;
    /// <summary>Initial InfoNCE temperature (ours, CLIP's 0.07).</summary>
    public double InfoNceTemperature { get; init; } = 0.07;
    /// <summary>Whether the InfoNCE temperature is learned (ours, like CLIP).</summary>
    public bool LearnTemperature { get; init; } = true;
    /// <summary>Maximum image slots M per post.</summary>
    public int MaxImages { get; init; } = 4;
    /// <summary>Maximum text tokens per post.</summary>
    public int MaxTextTokens { get; init; } = 64;

    /// <summary>
    /// True when a model of this configuration computes the modality-wise similarity s: it sees both modalities and
    /// either SIM's coarse guidance (alpha = sigmoid(a s + b)) or the SFM's similarity-aware gate reads s.
    /// </summary>
    public bool UsesModalitySimilarity =>
        Modalities == Modalities.Both && (Coarse == CoarseGuidance.SimilarityInterpolation || Fusion == FusionPooling.SimilarityAwareGate);

    /// <summary>Throws <see cref="ArgumentException"/> naming the field when a value is out of range or not finite.</summary>
    public SgmftConfig Validate()
    {
        void Require(bool ok, string field, string why)
        {
            if (!ok) throw new ArgumentException($"Model config '{Preset}': field '{field}' {why}.");
        }
        if (FiniteNumbers.FirstNonFinite(this) is var (name, value))
            Require(false, System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name), $"must be a finite number, got {FiniteNumbers.Describe(value)}");
        Require(D > 0, "d", "must be positive");
        Require(Heads > 0 && D % Heads == 0, "heads", $"must be positive and divide d={D}");
        Require(SimLayers >= 0, "sim_layers", "must be >= 0");
        Require(SfmLayers >= 0, "sfm_layers", "must be >= 0");
        Require(FfnMultiplier > 0, "ffn_multiplier", "must be positive");
        Require(Dropout >= 0 && Dropout < 1, "dropout", "must be in [0, 1)");
        Require(FixedAlpha >= 0 && FixedAlpha <= 1, "fixed_alpha", "must be in [0, 1]");
        Require(LambdaAlign >= 0, "lambda_align", "must be >= 0");
        Require(InfoNceTemperature > 0, "info_nce_temperature", "must be positive");
        Require(MaxImages > 0, "max_images", "must be positive");
        Require(MaxTextTokens > 0, "max_text_tokens", "must be positive");
        return this;
    }
}
