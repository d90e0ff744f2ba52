namespace SocialFusion.Training.Features;

/// <summary>
/// Frozen features of one post, as produced by a feature extractor and stored in the feature cache.
/// Row-major float arrays; shapes are given by the extractor's <see cref="SocialFusion.Models.Features.FeatureSpec"/>.
/// </summary>
public sealed class PostFeatures
{
    /// <summary>The post's id.</summary>
    public required string PostId { get; init; }
    /// <summary>[TextLength, Dt] text token features; empty when the post has no text.</summary>
    public required float[] TextTokens { get; init; }
    /// <summary>Number of text tokens (0 when the post has no text).</summary>
    public required int TextLength { get; init; }
    /// <summary>One [Lv, Dv] array per image (CLS token first); empty when the post has no image.</summary>
    public required float[][] Images { get; init; }
    /// <summary>[Dg] pooled text embedding; zeros when the post has no text.</summary>
    public required float[] TextPooled { get; init; }
    /// <summary>[Dg] pooled image embedding (mean over images); zeros when the post has no image.</summary>
    public required float[] ImagePooled { get; init; }
}
