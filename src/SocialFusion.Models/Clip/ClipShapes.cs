namespace SocialFusion.Models.Clip;

/// <summary>Standard OpenAI CLIP shapes (random init) for benchmarks, and analytic FLOP counts.</summary>
public static class ClipShapes
{
    static ClipTowerConfig Text(int width, int heads) => new(width, 4 * width, heads, 12);
    static ClipTowerConfig Vision(int width, int layers, int image, int patch) =>
        new(width, 4 * width, width / 64, layers, ImageSize: image, PatchSize: patch);

    /// <summary>ViT-B/32: 224 px, patch 32, width 768 x 12; text 512 x 12, 8 heads; embed 512.</summary>
    public static ClipConfig VitB32() => new(Text(512, 8), Vision(768, 12, 224, 32), 512);
    /// <summary>ViT-B/16.</summary>
    public static ClipConfig VitB16() => new(Text(512, 8), Vision(768, 12, 224, 16), 512);
    /// <summary>ViT-L/14: width 1024 x 24; text 768 x 12, 12 heads; embed 768.</summary>
    public static ClipConfig VitL14() => new(Text(768, 12), Vision(1024, 24, 224, 14), 768);
    /// <summary>ViT-L/14 at 336 px.</summary>
    public static ClipConfig VitL14_336() => new(Text(768, 12), Vision(1024, 24, 336, 14), 768);

    /// <summary>Multiply-adds x2 of one encoder layer over <paramref name="tokens"/> tokens.</summary>
    static double LayerFlops(ClipTowerConfig c, long tokens)
    {
        double d = c.HiddenSize, n = tokens;
        double projections = 2 * n * d * d * 4;              // q, k, v, out
        double attention = 2 * n * n * d * 2;                // q kᵀ and attn·v
        double mlp = 2 * n * d * c.IntermediateSize * 2;     // fc1, fc2
        return projections + attention + mlp;
    }

    /// <summary>Approximate FLOPs (2 per multiply-add) to embed one image, including patch conv and projection.</summary>
    public static double ImageFlops(ClipConfig config)
    {
        var v = config.Vision;
        long tokens = v.NumPatches + 1;
        double patch = 2.0 * v.NumPatches * v.HiddenSize * v.NumChannels * v.PatchSize * v.PatchSize;
        return patch + v.NumHiddenLayers * LayerFlops(v, tokens) + 2.0 * v.HiddenSize * config.ProjectionDim;
    }

    /// <summary>Approximate FLOPs to embed one text of <paramref name="length"/> tokens (default full 77).</summary>
    public static double TextFlops(ClipConfig config, int? length = null)
    {
        var t = config.Text;
        long tokens = length ?? t.MaxPositionEmbeddings;
        return t.NumHiddenLayers * LayerFlops(t, tokens) + 2.0 * t.HiddenSize * config.ProjectionDim;
    }
}
