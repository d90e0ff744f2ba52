using System.Text.Json;
using SocialFusion.Data.Images;

namespace SocialFusion.Data.Clip;

/// <summary>
/// Image side of a CLIP-like checkpoint: 8-bit resize (and crop) to <see cref="Size"/> x <see cref="Size"/>, then
/// <c>(u8 / 255 - mean) / std</c> channel-first. <see cref="ClipImagePreprocessor"/> is OpenAI CLIP's short side +
/// centre crop, <see cref="SquareResizePreprocessor"/> Chinese-CLIP's straight resize. Thread-safe.
/// </summary>
public interface IClipImagePreprocessor
{
    /// <summary>Output side length in pixels.</summary>
    int Size { get; }
    /// <summary>Channel means (RGB).</summary>
    IReadOnlyList<float> Mean { get; }
    /// <summary>Channel standard deviations (RGB).</summary>
    IReadOnlyList<float> Std { get; }
    /// <summary>Names the geometric transform (part of feature fingerprints).</summary>
    string Transform { get; }
    /// <summary>The uint8 Size x Size image the model sees.</summary>
    RgbImage Resize(RgbImage image);
    /// <summary>[3, Size, Size] float32 model input.</summary>
    float[] Preprocess(RgbImage image);

    /// <summary>
    /// The preprocessing a Hugging Face <c>preprocessor_config.json</c> describes: <c>do_center_crop</c> false with
    /// <c>size {height, width}</c> (Chinese-CLIP) is <see cref="SquareResizePreprocessor"/>; otherwise (short side,
    /// centre crop: CLIP and ChineseCLIPImageProcessor's defaults) <see cref="ClipImagePreprocessor"/>. Only bicubic
    /// resampling, rescaling by 1/255 and normalisation on are supported; anything else is refused naming the field.
    /// </summary>
    static IClipImagePreprocessor FromPreprocessorConfig(string path)
    {
        JsonElement root;
        try { using var doc = JsonDocument.Parse(File.ReadAllText(path)); root = doc.RootElement.Clone(); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: invalid JSON ({e.Message})", e); }
        bool Flag(string name) => !root.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.False;
        if (!Flag("do_resize")) throw new InvalidDataException($"{path}: do_resize false is not supported (the model needs a fixed size)");
        if (!Flag("do_normalize")) throw new InvalidDataException($"{path}: do_normalize false is not supported");
        if (!Flag("do_rescale")) throw new InvalidDataException($"{path}: do_rescale false is not supported");
        if (root.TryGetProperty("resample", out var rs) && !(rs.ValueKind == JsonValueKind.Number && rs.GetInt32() == 3))
            throw new InvalidDataException($"{path}: resample {rs} is not supported (3 = bicubic)");
        if (root.TryGetProperty("rescale_factor", out var rf) && Math.Abs(rf.GetDouble() - 1.0 / 255) > 1e-12)
            throw new InvalidDataException($"{path}: rescale_factor {rf} is not supported (1/255)");
        if (!Flag("do_center_crop") && root.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Object
            && size.TryGetProperty("height", out var h) && size.TryGetProperty("width", out var w))
        {
            if (h.GetInt32() != w.GetInt32()) throw new InvalidDataException($"{path}: size {h}x{w} is not square");
            return new SquareResizePreprocessor(h.GetInt32(), ClipImagePreprocessor.ReadTriple(root, "image_mean", path), ClipImagePreprocessor.ReadTriple(root, "image_std", path));
        }
        if (!Flag("do_center_crop")) throw new InvalidDataException($"{path}: do_center_crop false needs size {{height, width}}");
        return ClipImagePreprocessor.FromPreprocessorConfig(path);
    }
}
