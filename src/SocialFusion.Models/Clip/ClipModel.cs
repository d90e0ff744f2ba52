using SocialFusion.Models.IO;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Clip;

/// <summary>Vision tower outputs.</summary>
/// <param name="LastHiddenState">[B, 1+P, Dv], before post_layernorm.</param>
/// <param name="PooledOutput">[B, Dv], post_layernorm(CLS).</param>
/// <param name="ImageEmbeds">[B, E], projected, not normalised.</param>
/// <param name="HiddenStates">pre_layrnorm output then each layer output, when requested.</param>
public sealed record ClipVisionOutput(Tensor LastHiddenState, Tensor PooledOutput, Tensor ImageEmbeds, IReadOnlyList<Tensor>? HiddenStates = null);

/// <summary>Text tower outputs.</summary>
/// <param name="LastHiddenState">[B, L, Dt], after final_layer_norm.</param>
/// <param name="PooledOutput">[B, Dt] at the EOT position.</param>
/// <param name="TextEmbeds">[B, E], projected, not normalised.</param>
/// <param name="HiddenStates">embeddings then each layer output (before final LN), when requested.</param>
public sealed record ClipTextOutput(Tensor LastHiddenState, Tensor PooledOutput, Tensor TextEmbeds, IReadOnlyList<Tensor>? HiddenStates = null);

/// <summary>HF-compatible CLIPModel; <c>state_dict()</c> keys equal the HF checkpoint keys.</summary>
public sealed class ClipModel : ClipLikeModel
{
    private readonly ClipTextTransformer text_model;
    private readonly ClipVisionTransformer vision_model;
    private readonly Linear visual_projection;
    private readonly Linear text_projection;
    private readonly Parameter logit_scale;

    /// <summary>The configuration the model was built from.</summary>
    public ClipConfig Config { get; }

    /// <summary>Builds a randomly initialised model.</summary>
    public ClipModel(ClipConfig config) : base(nameof(ClipModel))
    {
        config.Validate();
        Config = config;
        text_model = new ClipTextTransformer(config.Text);
        vision_model = new ClipVisionTransformer(config.Vision);
        visual_projection = nn.Linear(config.Vision.HiddenSize, config.ProjectionDim, hasBias: false);
        text_projection = nn.Linear(config.Text.HiddenSize, config.ProjectionDim, hasBias: false);
        logit_scale = nn.Parameter(torch.tensor(2.6592f));
        RegisterComponents();
    }

    /// <summary>Loads <c>config.json</c> + <c>model.safetensors</c> from an HF model directory (eval mode).</summary>
    public static ClipModel FromPretrained(string dir)
    {
        var model = new ClipModel(ClipConfig.FromJsonFile(System.IO.Path.Combine(dir, "config.json")));
        StateDictLoader.Load(model, System.IO.Path.Combine(dir, "model.safetensors"));
        model.eval();
        return model;
    }

    /// <inheritdoc />
    public override int TextHiddenSize => Config.Text.HiddenSize;
    /// <inheritdoc />
    public override ClipTowerConfig VisionConfig => Config.Vision;
    /// <inheritdoc />
    public override int ProjectionDim => Config.ProjectionDim;
    /// <inheritdoc />
    public override int MaxTextLength => Config.Text.MaxPositionEmbeddings;
    /// <inheritdoc />
    protected override Tensor LogitScale => logit_scale;

    /// <inheritdoc />
    public override ClipVisionOutput EncodeImage(Tensor pixels, bool outputHiddenStates = false)
    {
        using var scope = NewDisposeScope();
        // Frozen/eval use builds no autograd graph; a model in train() mode keeps gradients for fine-tuning.
        using var grad = training ? null : torch.no_grad();
        var hs = outputHiddenStates ? new List<Tensor>() : null;
        var (last, pooled) = vision_model.Forward(pixels, hs);
        var embeds = visual_projection.forward(pooled); // [B, E]
        return new ClipVisionOutput(last.MoveToOuterDisposeScope(), pooled.MoveToOuterDisposeScope(), embeds.MoveToOuterDisposeScope(),
            hs?.Select(t => t.MoveToOuterDisposeScope()).ToList());
    }

    /// <summary>
    /// Encodes [B, L] int64 token ids (L ≤ 77; trimmed batches allowed). The causal mask already keeps the padding
    /// after EOT away from EOT and every real token, so <paramref name="attentionMask"/> changes nothing and is not used.
    /// </summary>
    public override ClipTextOutput EncodeText(Tensor ids, Tensor? attentionMask = null, bool outputHiddenStates = false)
    {
        using var scope = NewDisposeScope();
        // Frozen/eval use builds no autograd graph; a model in train() mode keeps gradients for fine-tuning.
        using var grad = training ? null : torch.no_grad();
        var hs = outputHiddenStates ? new List<Tensor>() : null;
        var (last, pooled) = text_model.Forward(ids, hs);
        var embeds = text_projection.forward(pooled); // [B, E]
        return new ClipTextOutput(last.MoveToOuterDisposeScope(), pooled.MoveToOuterDisposeScope(), embeds.MoveToOuterDisposeScope(),
            hs?.Select(t => t.MoveToOuterDisposeScope()).ToList());
    }
}
