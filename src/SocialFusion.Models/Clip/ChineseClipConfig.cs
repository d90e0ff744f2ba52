using System.Text.Json;

namespace SocialFusion.Models.Clip;

/// <summary>The BERT text tower of Chinese-CLIP (HF <c>ChineseCLIPTextConfig</c>); defaults are HF's (bert-base-chinese).</summary>
/// <param name="VocabSize">WordPiece vocabulary size.</param>
/// <param name="HiddenSize">Width D.</param>
/// <param name="NumHiddenLayers">Encoder depth.</param>
/// <param name="NumAttentionHeads">Heads; D must be divisible by it.</param>
/// <param name="IntermediateSize">Feed-forward width.</param>
/// <param name="MaxPositionEmbeddings">Absolute positions available.</param>
/// <param name="TypeVocabSize">Token types (segments).</param>
/// <param name="LayerNormEps">LayerNorm epsilon.</param>
/// <param name="PadTokenId">Padding id (the model does not derive the mask from it).</param>
/// <param name="HiddenAct">Activation; only <c>gelu</c> (erf) is used by Chinese-CLIP.</param>
public sealed record BertConfig(
    int VocabSize = 21128, int HiddenSize = 768, int NumHiddenLayers = 12, int NumAttentionHeads = 12, int IntermediateSize = 3072,
    int MaxPositionEmbeddings = 512, int TypeVocabSize = 2, double LayerNormEps = 1e-12, int PadTokenId = 0, string HiddenAct = "gelu")
{
    /// <summary>Per-head width.</summary>
    public int HeadDim => HiddenSize / NumAttentionHeads;
}

/// <summary>
/// HF <c>ChineseCLIPConfig</c> (<c>"model_type": "chinese_clip"</c>): a BERT text tower, a CLIP ViT vision tower and
/// the shared projection width. Defaults are HF's (OFA-Sys/chinese-clip-vit-base-patch16 differs only in patch size).
/// </summary>
public sealed record ChineseClipConfig(BertConfig Text, ClipTowerConfig Vision, int ProjectionDim = 512)
{
    /// <summary>HF <c>ChineseCLIPVisionConfig</c> defaults (ViT-B/32 shape).</summary>
    public static ClipTowerConfig DefaultVision => new(768, 3072, 12, 12);

    /// <summary>The published ViT-B/16 model's shape (OFA-Sys/chinese-clip-vit-base-patch16), for random-init benchmarks.</summary>
    public static ChineseClipConfig VitB16() => new(new BertConfig(), new ClipTowerConfig(768, 3072, 12, 12, PatchSize: 16), 512);

    /// <summary>Reads an HF <c>config.json</c>; absent fields take HF's defaults.</summary>
    public static ChineseClipConfig FromJsonFile(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            var d = new BertConfig();
            var text = d;
            if (root.TryGetProperty("text_config", out var t) && t.ValueKind == JsonValueKind.Object)
            {
                if (t.TryGetProperty("position_embedding_type", out var pe) && pe.GetString() != "absolute")
                    throw new InvalidDataException($"{path}: text_config.position_embedding_type '{pe}' is not supported (absolute)");
                text = new BertConfig(
                    ClipConfig.Int(t, "vocab_size", d.VocabSize), ClipConfig.Int(t, "hidden_size", d.HiddenSize),
                    ClipConfig.Int(t, "num_hidden_layers", d.NumHiddenLayers), ClipConfig.Int(t, "num_attention_heads", d.NumAttentionHeads),
                    ClipConfig.Int(t, "intermediate_size", d.IntermediateSize), ClipConfig.Int(t, "max_position_embeddings", d.MaxPositionEmbeddings),
                    ClipConfig.Int(t, "type_vocab_size", d.TypeVocabSize),
                    t.TryGetProperty("layer_norm_eps", out var eps) && eps.ValueKind == JsonValueKind.Number ? eps.GetDouble() : d.LayerNormEps,
                    ClipConfig.Int(t, "pad_token_id", d.PadTokenId),
                    t.TryGetProperty("hidden_act", out var act) && act.ValueKind == JsonValueKind.String ? act.GetString()! : d.HiddenAct);
            }
            var vision = ClipConfig.Tower(root, "vision_config", DefaultVision);
            var config = new ChineseClipConfig(text, vision, ClipConfig.Int(root, "projection_dim", 512));
            config.Validate(path);
            return config;
        }
        catch (JsonException ex) { throw new InvalidDataException($"{path}: not valid JSON ({ex.Message})", ex); }
    }

    /// <summary>Throws naming the field when a tower is inconsistent.</summary>
    public void Validate(string source = "config")
    {
        if (Text.HiddenSize <= 0 || Text.NumAttentionHeads <= 0 || Text.HiddenSize % Text.NumAttentionHeads != 0)
            throw new InvalidDataException($"{source}: text_config.hidden_size {Text.HiddenSize} must be a positive multiple of num_attention_heads {Text.NumAttentionHeads}");
        if (Text.HiddenAct != "gelu")
            throw new InvalidDataException($"{source}: text_config.hidden_act '{Text.HiddenAct}' is not supported (gelu)");
        new ClipConfig(ClipConfig.DefaultText, Vision, ProjectionDim).Validate(source); // the vision tower's rules
    }
}
