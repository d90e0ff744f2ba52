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

    /// <summary>
    /// The first part of these features ("text tokens", "image 2", "pooled text", "pooled image") holding NaN or
    /// ±Infinity, or null when every value is finite.
    /// </summary>
    public string? NonFinitePart()
    {
        static bool Finite(float[] a) { foreach (var v in a) if (!float.IsFinite(v)) return false; return true; }
        if (!Finite(TextTokens)) return "text tokens";
        for (int i = 0; i < Images.Length; i++) if (!Finite(Images[i])) return $"image {i + 1}";
        if (!Finite(TextPooled)) return "pooled text";
        return Finite(ImagePooled) ? null : "pooled image";
    }

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> naming the post, <paramref name="source"/> (where the features come
    /// from) and the part when a value is NaN or infinite: one such value makes every loss, probability and embedding
    /// computed from the post NaN.
    /// </summary>
    public PostFeatures EnsureFinite(string source)
    {
        if (NonFinitePart() is { } part)
            throw new InvalidDataException($"{source}: features of post '{PostId}' hold NaN or Infinity ({part}); " +
                "re-extract them (delete the feature cache) and check the encoder checkpoint and the post's image.");
        return this;
    }
}
