using TorchSharp;
using static TorchSharp.torch;

namespace SocialFusion.Models.Clip;

/// <summary>
/// A CLIP-like contrastive image-text model (Radford et al. 2021, "Learning Transferable Visual Models From Natural
/// Language Supervision", section 2.3): a text tower and a vision tower, each followed by a linear projection into a
/// shared space, and a learned temperature. <see cref="ClipModel"/> (OpenAI CLIP) and <see cref="ChineseClipModel"/>
/// (Chinese-CLIP, BERT text tower) implement it; feature extraction, zero-shot and export only use this surface.
/// </summary>
public abstract class ClipLikeModel : nn.Module
{
    /// <summary>Names the module type.</summary>
    protected ClipLikeModel(string name) : base(name) { }

    /// <summary>Width of the text tower's token states.</summary>
    public abstract int TextHiddenSize { get; }
    /// <summary>The vision tower's configuration (image size, patches, width).</summary>
    public abstract ClipTowerConfig VisionConfig { get; }
    /// <summary>Width of the shared embedding space.</summary>
    public abstract int ProjectionDim { get; }
    /// <summary>Longest token sequence the text tower accepts.</summary>
    public abstract int MaxTextLength { get; }

    /// <summary>Encodes [B, 3, S, S] normalised pixels.</summary>
    public abstract ClipVisionOutput EncodeImage(Tensor pixels, bool outputHiddenStates = false);

    /// <summary>
    /// Encodes [B, L] int64 ids; <paramref name="attentionMask"/> [B, L] (1 = token, 0 = padding) hides padding
    /// from a bidirectional text tower; null means every position is a token.
    /// </summary>
    public abstract ClipTextOutput EncodeText(Tensor ids, Tensor? attentionMask = null, bool outputHiddenStates = false);

    /// <summary>The learned log temperature (HF <c>logit_scale</c>).</summary>
    protected abstract Tensor LogitScale { get; }

    /// <summary>exp(logit_scale) · norm(image) · norm(text)ᵀ: [Bi, Bt].</summary>
    public Tensor LogitsPerImage(Tensor imageEmbeds, Tensor textEmbeds)
    {
        using var scope = NewDisposeScope();
        var i = nn.functional.normalize(imageEmbeds, p: 2, dim: -1);
        var t = nn.functional.normalize(textEmbeds, p: 2, dim: -1);
        return (LogitScale.exp() * i.matmul(t.t())).MoveToOuterDisposeScope(); // [Bi, E]·[E, Bt]
    }

    /// <summary>exp(logit_scale) as a scalar tensor.</summary>
    public Tensor LogitScaleExp() => LogitScale.detach().exp();
}
