using TorchSharp;
using static TorchSharp.torch;

namespace SocialFusion.Models.Features;

/// <summary>
/// A collated batch of frozen per-post features, the input of every location model.
/// Masks are boolean with <c>true</c> = a real token. A post without text has an all-false text
/// mask and <see cref="HasText"/> false; a post without images has an all-false image mask.
/// </summary>
/// <remarks>
/// Shapes: B batch, Lt text tokens, Dt text width, M image slots (up to the configured maximum
/// images per post), Lv tokens per image (CLS first, then patches/grid), Dv image width, Dg pooled width.
/// </remarks>
public sealed class FeatureBatch : IDisposable
{
    /// <summary>[B, Lt, Dt] text token features.</summary>
    public required Tensor TextTokens { get; init; }
    /// <summary>[B, Lt] bool, true for real text tokens.</summary>
    public required Tensor TextMask { get; init; }
    /// <summary>[B, M, Lv, Dv] image token features (zeros in empty slots).</summary>
    public required Tensor ImageTokens { get; init; }
    /// <summary>[B, M] bool, true where the image slot holds an image.</summary>
    public required Tensor ImageMask { get; init; }
    /// <summary>[B, Dg] pooled text embedding (CLIP's projected text embedding, or the built-in encoder's).</summary>
    public required Tensor TextPooled { get; init; }
    /// <summary>[B, Dg] pooled image embedding, mean over the post's images.</summary>
    public required Tensor ImagePooled { get; init; }
    /// <summary>True when <see cref="TextPooled"/> and <see cref="ImagePooled"/> live in one aligned space (CLIP).</summary>
    public required bool PooledAligned { get; init; }

    /// <summary>[B] bool: the post has text.</summary>
    public Tensor HasText => TextMask.any(1);
    /// <summary>[B] bool: the post has at least one image.</summary>
    public Tensor HasImage => ImageMask.any(1);

    /// <summary>Batch size.</summary>
    public long Size => TextTokens.shape[0];

    /// <summary>Moves every tensor out of the current dispose scope (for batches cached across steps).</summary>
    public FeatureBatch MoveToOuterDisposeScope()
    {
        foreach (var t in All) t.MoveToOuterDisposeScope();
        return this;
    }

    private IEnumerable<Tensor> All => new[] { TextTokens, TextMask, ImageTokens, ImageMask, TextPooled, ImagePooled };

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in All) t.Dispose();
    }
}

/// <summary>Shapes of the features an extractor produces; fixes the model's input widths.</summary>
/// <param name="TextDim">Dt, width of text token features.</param>
/// <param name="ImageDim">Dv, width of image token features.</param>
/// <param name="PooledDim">Dg, width of pooled embeddings.</param>
/// <param name="ImageTokens">Lv, tokens per image including CLS.</param>
/// <param name="PooledAligned">True when pooled text and image embeddings share an aligned space.</param>
public sealed record FeatureSpec(int TextDim, int ImageDim, int PooledDim, int ImageTokens, bool PooledAligned);

/// <summary>What a location model returns for a batch.</summary>
/// <param name="Logits">[B, C] class logits.</param>
/// <param name="Similarity">[B] modality-wise similarity s (0 where a modality is missing), or null for models without one.</param>
/// <param name="Alpha">[B] interpolation weight alpha, or null for models without one.</param>
/// <param name="AuxiliaryLoss">Scalar auxiliary loss already weighted (e.g. lambda_align * InfoNCE), or null.</param>
public sealed record ModelOutput(Tensor Logits, Tensor? Similarity = null, Tensor? Alpha = null, Tensor? AuxiliaryLoss = null);
