using System.Text.Json;

namespace SocialFusion.Models.Clip;

/// <summary>One CLIP transformer tower (HF <c>text_config</c> / <c>vision_config</c>); defaults are HF's.</summary>
/// <param name="HiddenSize">Width D.</param>
/// <param name="IntermediateSize">MLP width.</param>
/// <param name="NumAttentionHeads">Heads; D must be divisible by it.</param>
/// <param name="NumHiddenLayers">Encoder depth.</param>
/// <param name="HiddenAct"><c>quick_gelu</c> or <c>gelu</c>.</param>
/// <param name="LayerNormEps">LayerNorm epsilon.</param>
/// <param name="MaxPositionEmbeddings">Text context length (text only).</param>
/// <param name="VocabSize">Token vocabulary (text only).</param>
/// <param name="ImageSize">Input side in pixels (vision only).</param>
/// <param name="PatchSize">Patch side in pixels (vision only).</param>
/// <param name="NumChannels">Input channels (vision only).</param>
public sealed record ClipTowerConfig(
    int HiddenSize, int IntermediateSize, int NumAttentionHeads, int NumHiddenLayers,
    string HiddenAct = "quick_gelu", double LayerNormEps = 1e-5,
    int MaxPositionEmbeddings = 77, int VocabSize = 49408,
    int ImageSize = 224, int PatchSize = 32, int NumChannels = 3)
{
    /// <summary>Per-head width.</summary>
    public int HeadDim => HiddenSize / NumAttentionHeads;
    /// <summary>Patch tokens per image.</summary>
    public int NumPatches => (ImageSize / PatchSize) * (ImageSize / PatchSize);
}

/// <summary>HF <c>CLIPConfig</c>: both towers and the shared projection width.</summary>
public sealed record ClipConfig(ClipTowerConfig Text, ClipTowerConfig Vision, int ProjectionDim = 512)
{
    /// <summary>HF text defaults (ViT-B/32 text tower).</summary>
    public static ClipTowerConfig DefaultText => new(512, 2048, 8, 12);
    /// <summary>HF vision defaults (ViT-B/32 vision tower).</summary>
    public static ClipTowerConfig DefaultVision => new(768, 3072, 12, 12);

    /// <summary>Reads an HF <c>config.json</c>; absent fields take HF's defaults.</summary>
    public static ClipConfig FromJsonFile(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            var text = Tower(root, "text_config", DefaultText);
            var vision = Tower(root, "vision_config", DefaultVision);
            var config = new ClipConfig(text, vision, Int(root, "projection_dim", 512));
            config.Validate(path);
            return config;
        }
        catch (JsonException ex) { throw new InvalidDataException($"{path}: not valid JSON ({ex.Message})", ex); }
    }

    /// <summary>Throws naming the field when a tower is inconsistent.</summary>
    public void Validate(string source = "config")
    {
        foreach (var (name, t) in new[] { ("text_config", Text), ("vision_config", Vision) })
        {
            if (t.HiddenSize <= 0 || t.NumAttentionHeads <= 0 || t.HiddenSize % t.NumAttentionHeads != 0)
                throw new InvalidDataException($"{source}: {name}.hidden_size {t.HiddenSize} must be a positive multiple of num_attention_heads {t.NumAttentionHeads}");
            if (t.HiddenAct is not ("quick_gelu" or "gelu"))
                throw new InvalidDataException($"{source}: {name}.hidden_act '{t.HiddenAct}' is not supported (quick_gelu, gelu)");
        }
        if (Vision.PatchSize <= 0 || Vision.ImageSize % Vision.PatchSize != 0)
            throw new InvalidDataException($"{source}: vision_config.image_size {Vision.ImageSize} must be a multiple of patch_size {Vision.PatchSize}");
    }

    internal static ClipTowerConfig Tower(JsonElement root, string name, ClipTowerConfig d)
    {
        if (!root.TryGetProperty(name, out var e) || e.ValueKind != JsonValueKind.Object) return d;
        return new ClipTowerConfig(
            Int(e, "hidden_size", d.HiddenSize), Int(e, "intermediate_size", d.IntermediateSize),
            Int(e, "num_attention_heads", d.NumAttentionHeads), Int(e, "num_hidden_layers", d.NumHiddenLayers),
            e.TryGetProperty("hidden_act", out var act) && act.ValueKind == JsonValueKind.String ? act.GetString()! : d.HiddenAct,
            e.TryGetProperty("layer_norm_eps", out var eps) && eps.ValueKind == JsonValueKind.Number ? eps.GetDouble() : d.LayerNormEps,
            Int(e, "max_position_embeddings", d.MaxPositionEmbeddings), Int(e, "vocab_size", d.VocabSize),
            Int(e, "image_size", d.ImageSize), Int(e, "patch_size", d.PatchSize), Int(e, "num_channels", d.NumChannels));
    }

    internal static int Int(JsonElement e, string field, int fallback) =>
        e.TryGetProperty(field, out var v) ? (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i
            : throw new InvalidDataException($"config field '{field}' must be an integer, found {v}")) : fallback;
}
