using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Clip;

/// <summary>Patch + class + position embeddings of the vision tower (HF <c>vision_model.embeddings</c>).</summary>
public sealed class ClipVisionEmbeddings : nn.Module<Tensor, Tensor>
{
    readonly int _patch;
    private readonly Parameter class_embedding;
    private readonly Conv2d patch_embedding;
    private readonly Embedding position_embedding;

    /// <summary>Builds the embeddings for the configured image and patch size.</summary>
    public ClipVisionEmbeddings(ClipTowerConfig c) : base(nameof(ClipVisionEmbeddings))
    {
        _patch = c.PatchSize;
        class_embedding = nn.Parameter(torch.randn(c.HiddenSize) * 0.02);
        patch_embedding = nn.Conv2d(c.NumChannels, c.HiddenSize, c.PatchSize, stride: c.PatchSize, bias: false);
        position_embedding = nn.Embedding(c.NumPatches + 1, c.HiddenSize);
        RegisterComponents();
    }

    /// <summary>[B, C, S, S] pixels -> [B, 1+P, D] tokens (before pre_layrnorm).</summary>
    public override Tensor forward(Tensor pixels)
    {
        using var scope = NewDisposeScope();
        long b = pixels.shape[0];
        // [B, D, S/p, S/p] -> [B, D, P] -> [B, P, D]; row-major patch order
        var patches = patch_embedding.forward(pixels).flatten(2).transpose(1, 2);
        var cls = class_embedding.view(1, 1, -1).expand(b, 1, -1); // [B, 1, D]
        var tokens = torch.cat(new[] { cls, patches }, 1);        // [B, 1+P, D]
        return (tokens + position_embedding.weight!).MoveToOuterDisposeScope(); // + [1+P, D] broadcast
    }
}

/// <summary>CLIP ViT (HF <c>vision_model</c>): embeddings, pre_layrnorm (sic), encoder, post_layernorm on CLS.</summary>
public sealed class ClipVisionTransformer : nn.Module<Tensor, Tensor>
{
    private readonly ClipVisionEmbeddings embeddings;
    private readonly LayerNorm pre_layrnorm;
    private readonly ClipEncoder encoder;
    private readonly LayerNorm post_layernorm;

    /// <summary>Builds the tower.</summary>
    public ClipVisionTransformer(ClipTowerConfig c) : base(nameof(ClipVisionTransformer))
    {
        embeddings = new ClipVisionEmbeddings(c);
        pre_layrnorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEps);
        encoder = new ClipEncoder(c, causal: false);
        post_layernorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEps);
        RegisterComponents();
    }

    /// <summary>[B, C, S, S] -> pooled [B, D].</summary>
    public override Tensor forward(Tensor pixels) => Forward(pixels, null).Pooled;

    /// <summary>
    /// Returns the last hidden state [B, 1+P, D] (before post_layernorm) and the pooled CLS [B, D];
    /// <paramref name="hiddenStates"/> receives pre_layrnorm output and every layer output when given.
    /// </summary>
    public (Tensor LastHiddenState, Tensor Pooled) Forward(Tensor pixels, List<Tensor>? hiddenStates)
    {
        using var scope = NewDisposeScope();
        var h = pre_layrnorm.forward(embeddings.forward(pixels)); // [B, 1+P, D]
        var last = encoder.Forward(h, hiddenStates);
        // Hidden states were created inside this scope; hand them to the caller's.
        foreach (var t in hiddenStates ?? []) t.MoveToOuterDisposeScope();
        var pooled = post_layernorm.forward(last.select(1, 0));    // [B, D]
        return (last.MoveToOuterDisposeScope(), pooled.MoveToOuterDisposeScope());
    }
}
