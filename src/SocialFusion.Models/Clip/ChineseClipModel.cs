using SocialFusion.Models.IO;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Clip;

/// <summary>
/// Chinese-CLIP's text tower (HF <c>ChineseCLIPTextModel</c> built with <c>add_pooling_layer=False</c>): BERT
/// embeddings and post-LN encoder, no final LayerNorm and no pooler; the text is represented by its [CLS] state.
/// </summary>
public sealed class ChineseClipTextModel : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BertEmbeddings embeddings;
    private readonly BertEncoder encoder;

    /// <summary>Builds the tower.</summary>
    public ChineseClipTextModel(BertConfig c) : base(nameof(ChineseClipTextModel))
    {
        embeddings = new BertEmbeddings(c);
        encoder = new BertEncoder(c);
        RegisterComponents();
    }

    /// <summary>[B, L] ids, [B, L] mask -> [CLS] state [B, D].</summary>
    public override Tensor forward(Tensor ids, Tensor attentionMask) => Forward(ids, attentionMask, null).Pooled;

    /// <summary>HF's extended mask: 0 for tokens, float32.MinValue for padding keys, [B, L].</summary>
    public static Tensor ExtendedMask(Tensor attentionMask) => (1 - attentionMask.to_type(ScalarType.Float32)) * float.MinValue;

    /// <summary>
    /// Last hidden state [B, L, D] and the [CLS] state [B, D]. Masked keys get float32.MinValue added to their scores
    /// (HF's extended mask), so real positions do not depend on how much padding follows.
    /// </summary>
    public (Tensor LastHiddenState, Tensor Pooled) Forward(Tensor ids, Tensor attentionMask, List<Tensor>? hiddenStates)
    {
        using var scope = NewDisposeScope();
        long b = ids.shape[0], l = ids.shape[1];
        var tokenTypes = torch.zeros_like(ids);                                       // one segment: [B, L] zeros
        var mask = ExtendedMask(attentionMask).view(b, 1, 1, l);                     // [B, L] -> [B, 1, 1, L]
        var last = encoder.Forward(embeddings.forward(ids, tokenTypes), mask, hiddenStates);
        foreach (var t in hiddenStates ?? []) t.MoveToOuterDisposeScope();
        var cls = last.select(1, 0);                                                  // [B, D]
        return (last.MoveToOuterDisposeScope(), cls.MoveToOuterDisposeScope());
    }
}

/// <summary>
/// HF-compatible <c>ChineseCLIPModel</c> (Yang et al. 2022, "Chinese CLIP: Contrastive Vision-Language Pretraining in
/// Chinese", section 2): a BERT text tower (<see cref="ChineseClipTextModel"/>), OpenAI CLIP's ViT
/// (<see cref="ClipVisionTransformer"/>), bias-free projections and a learned temperature.
/// <c>state_dict()</c> keys equal the HF checkpoint keys.
/// </summary>
public sealed class ChineseClipModel : ClipLikeModel
{
    private readonly ChineseClipTextModel text_model;
    private readonly ClipVisionTransformer vision_model;
    private readonly Linear visual_projection;
    private readonly Linear text_projection;
    private readonly Parameter logit_scale;

    /// <summary>The configuration the model was built from.</summary>
    public ChineseClipConfig Config { get; }

    /// <summary>Builds a randomly initialised model.</summary>
    public ChineseClipModel(ChineseClipConfig config) : base(nameof(ChineseClipModel))
    {
        config.Validate();
        Config = config;
        text_model = new ChineseClipTextModel(config.Text);
        vision_model = new ClipVisionTransformer(config.Vision);
        visual_projection = nn.Linear(config.Vision.HiddenSize, config.ProjectionDim, hasBias: false);
        text_projection = nn.Linear(config.Text.HiddenSize, config.ProjectionDim, hasBias: false);
        logit_scale = nn.Parameter(torch.tensor(2.6592f));
        RegisterComponents();
    }

    /// <summary>Loads <c>config.json</c> + <c>model.safetensors</c> from an HF model directory (eval mode).</summary>
    public static ChineseClipModel FromPretrained(string dir)
    {
        var model = new ChineseClipModel(ChineseClipConfig.FromJsonFile(System.IO.Path.Combine(dir, "config.json")));
        try { StateDictLoader.Load(model, System.IO.Path.Combine(dir, "model.safetensors")); }
        catch { model.Dispose(); throw; }
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
        using var grad = training ? null : torch.no_grad();
        var hs = outputHiddenStates ? new List<Tensor>() : null;
        var (last, pooled) = vision_model.Forward(pixels, hs);
        var embeds = visual_projection.forward(pooled); // [B, Dv] -> [B, E]
        return new ClipVisionOutput(last.MoveToOuterDisposeScope(), pooled.MoveToOuterDisposeScope(), embeds.MoveToOuterDisposeScope(),
            hs?.Select(t => t.MoveToOuterDisposeScope()).ToList());
    }

    /// <summary>
    /// Encodes [B, L] ids ([CLS] .. [SEP], then padding); <paramref name="attentionMask"/> [B, L] marks the tokens
    /// (null: all). PooledOutput is the [CLS] state, TextEmbeds its projection (HF <c>get_text_features</c>).
    /// </summary>
    public override ClipTextOutput EncodeText(Tensor ids, Tensor? attentionMask = null, bool outputHiddenStates = false)
    {
        using var scope = NewDisposeScope();
        using var grad = training ? null : torch.no_grad();
        var hs = outputHiddenStates ? new List<Tensor>() : null;
        var (last, cls) = text_model.Forward(ids, attentionMask ?? torch.ones_like(ids), hs);
        var embeds = text_projection.forward(cls); // [B, Dt] -> [B, E]
        return new ClipTextOutput(last.MoveToOuterDisposeScope(), cls.MoveToOuterDisposeScope(), embeds.MoveToOuterDisposeScope(),
            hs?.Select(t => t.MoveToOuterDisposeScope()).ToList());
    }
}
