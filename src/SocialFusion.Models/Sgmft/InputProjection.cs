using SocialFusion.Models.Features;
using SocialFusion.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Sgmft;

/// <summary>
/// Step 1, input projection: H_t = LN(T W_t) + e_text, H_v = LN(V W_v) + e_image + e_slot(m).
/// Several images are several groups of image tokens, [B, M, Lv, Dv] -> [B, M*Lv, D], told apart by a
/// learned image-slot embedding. A missing modality becomes one learned "absent" token (first position,
/// mask set) so that every post always has at least one valid key on each side.
/// </summary>
public sealed class InputProjection : nn.Module
{
    private readonly Linear? text_proj;
    private readonly LayerNorm? text_norm;
    private readonly Linear? image_proj;
    private readonly LayerNorm? image_norm;
    private readonly Parameter type_embedding;      // [2, D]: text, image
    private readonly Parameter absent_token;        // [2, D]: absent text, absent image
    private readonly Parameter? image_slot_embedding; // [MaxImages, D]
    private readonly int dim;
    private readonly int maxImages;

    /// <summary>
    /// Creates the projection for features of <paramref name="spec"/> to width <paramref name="dim"/>; a unimodal
    /// model has no projection for the modality it ignores (<paramref name="text"/>/<paramref name="image"/> false).
    /// </summary>
    public InputProjection(string name, FeatureSpec spec, int dim, int maxImages, bool text = true, bool image = true) : base(name)
    {
        this.dim = dim;
        this.maxImages = maxImages;
        if (text)
        {
            text_proj = Init.Linear(spec.TextDim, dim);
            text_norm = nn.LayerNorm(dim);
        }
        if (image)
        {
            image_proj = Init.Linear(spec.ImageDim, dim);
            image_norm = nn.LayerNorm(dim);
            image_slot_embedding = Init.Embedding(maxImages, dim);
        }
        type_embedding = Init.Embedding(2, dim);
        absent_token = Init.Embedding(2, dim);
        RegisterComponents();
    }

    /// <summary>Text tokens [B, Lt, Dt] -> H_t [B, Lt, D] and its mask [B, Lt] (absent token where the post has no text).</summary>
    public (Tensor Tokens, Tensor Mask) ProjectText(FeatureBatch batch)
    {
        if (text_proj is null || text_norm is null) throw new InvalidOperationException("This model ignores text.");
        using var scope = NewDisposeScope();
        var h = text_norm.forward(text_proj.forward(batch.TextTokens)) + type_embedding[0]; // [B, Lt, D]
        var (tokens, mask) = WithAbsent(h, batch.TextMask, batch.HasText, 0);
        return (tokens.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }

    /// <summary>Image tokens [B, M, Lv, Dv] -> H_v [B, M*Lv, D] and its mask [B, M*Lv]; slot 0's CLS is the absent token when the post has no image.</summary>
    public (Tensor Tokens, Tensor Mask) ProjectImages(FeatureBatch batch)
    {
        if (image_proj is null || image_norm is null) throw new InvalidOperationException("This model ignores images.");
        using var scope = NewDisposeScope();
        var v = batch.ImageTokens;
        long b = v.shape[0], m = v.shape[1], lv = v.shape[2];
        if (m > maxImages)
            throw new ArgumentException($"Feature batch has {m} image slots but the model supports at most max_images={maxImages}.");
        var h = image_norm.forward(image_proj.forward(v)) + type_embedding[1]             // [B, M, Lv, D]
                + image_slot_embedding![..(int)m].view(1, m, 1, dim);                      // [1, M, 1, D]
        h = h.view(b, m * lv, dim);                                                       // [B, M*Lv, D]
        var mask = batch.ImageMask.view(b, m, 1).expand(b, m, lv).reshape(b, m * lv);     // [B, M*Lv]
        var (tokens, full) = WithAbsent(h, mask, batch.HasImage, 1);
        return (tokens.MoveToOuterDisposeScope(), full.MoveToOuterDisposeScope());
    }

    /// <summary>The absent-modality sequence for a model that ignores one modality: [B, 1, D] and an all-true [B, 1] mask.</summary>
    public (Tensor Tokens, Tensor Mask) Absent(long batchSize, int modality)
    {
        using var scope = NewDisposeScope();
        var tokens = (absent_token[modality] + type_embedding[modality]).view(1, 1, dim).expand(batchSize, 1, dim); // [B, 1, D]
        var mask = ones(batchSize, 1, dtype: ScalarType.Bool, device: absent_token.device);
        return (tokens.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }

    private (Tensor, Tensor) WithAbsent(Tensor h, Tensor mask, Tensor present, int modality)
    {
        long b = h.shape[0];
        var absent = (absent_token[modality] + type_embedding[modality]).view(1, 1, dim);  // [1, 1, D]
        var first = where(present.view(b, 1, 1), h[.., ..1], absent);                     // [B, 1, D]
        var tokens = h.shape[1] > 1 ? cat([first, h[.., 1..]], 1) : first;                // [B, L, D]
        var firstMask = mask[.., ..1].logical_or(present.logical_not().view(b, 1));       // [B, 1]
        var fullMask = mask.shape[1] > 1 ? cat([firstMask, mask[.., 1..]], 1) : firstMask; // [B, L]
        return (tokens, fullMask);
    }
}
