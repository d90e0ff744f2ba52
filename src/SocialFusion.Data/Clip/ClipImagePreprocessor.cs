using System.Text.Json;
using SocialFusion.Data.Images;

namespace SocialFusion.Data.Clip;

/// <summary>
/// OpenAI CLIP's <c>preprocess</c>: Resize(short side = n, BICUBIC via Pillow 9.4) -> CenterCrop(n) with
/// Python round-half-even offsets -> float32 / 255 -> (x - mean) / std, channel-first. Reproduces the
/// reference uint8 crops and float tensors bit for bit. Thread-safe; no per-pixel allocations.
/// </summary>
public sealed class ClipImagePreprocessor : IClipImagePreprocessor
{
    /// <summary>CLIP's channel means (RGB).</summary>
    public static readonly float[] ClipMean = [0.48145466f, 0.4578275f, 0.40821073f];
    /// <summary>CLIP's channel standard deviations (RGB).</summary>
    public static readonly float[] ClipStd = [0.26862954f, 0.26130258f, 0.27577711f];

    /// <summary>Output side length n (crop is n x n).</summary>
    public int Size { get; }
    /// <summary>Channel means used by <see cref="Normalize"/>.</summary>
    public IReadOnlyList<float> Mean => _mean;
    /// <summary>Channel standard deviations used by <see cref="Normalize"/>.</summary>
    public IReadOnlyList<float> Std => _std;

    private readonly float[] _mean, _std;

    /// <summary>Creates a preprocessor for n x n crops; mean/std default to CLIP's.</summary>
    public ClipImagePreprocessor(int size = 224, IReadOnlyList<float>? mean = null, IReadOnlyList<float>? std = null)
    {
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), size, "crop size must be positive");
        _mean = (mean ?? ClipMean).ToArray();
        _std = (std ?? ClipStd).ToArray();
        if (_mean.Length != 3 || _std.Length != 3) throw new ArgumentException("mean and std need 3 values (RGB)");
        if (_std.Any(s => !(s > 0))) throw new ArgumentException("std values must be positive", nameof(std));
        Size = size;
    }

    /// <summary>Reads a Hugging Face <c>preprocessor_config.json</c> (crop_size or size, image_mean, image_std).</summary>
    public static ClipImagePreprocessor FromPreprocessorConfig(string path)
    {
        JsonElement root;
        try { root = JsonDocument.Parse(File.ReadAllText(path)).RootElement; }
        catch (JsonException e) { throw new InvalidDataException($"{path}: invalid JSON ({e.Message})", e); }
        int? size = ReadSize(root, "crop_size") ?? ReadSize(root, "size");
        if (size == null) throw new InvalidDataException($"{path}: neither 'crop_size' nor 'size' gives the image size");
        return new ClipImagePreprocessor(size.Value, ReadTriple(root, "image_mean", path), ReadTriple(root, "image_std", path));
    }

    private static int? ReadSize(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var e)) return null;
        if (e.ValueKind == JsonValueKind.Number) return e.GetInt32();
        foreach (var key in new[] { "height", "shortest_edge", "width" })
            if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number) return v.GetInt32();
        return null;
    }

    internal static float[]? ReadTriple(JsonElement root, string name, string path)
    {
        if (!root.TryGetProperty(name, out var e)) return null;
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != 3)
            throw new InvalidDataException($"{path}: '{name}' must be an array of 3 numbers");
        return e.EnumerateArray().Select(v => v.GetSingle()).ToArray();
    }

    /// <summary>torchvision Resize(n) size rule: short side n, long side <c>int(n * long / short)</c>.</summary>
    public static (int Width, int Height) ResizedSize(int width, int height, int n)
    {
        if (width <= height) return (n, (int)((double)n * height / width));
        return ((int)((double)n * width / height), n);
    }

    /// <summary>Resize so the short side is <see cref="Size"/>, then centre-crop to Size x Size (uint8).</summary>
    public RgbImage ResizeAndCrop(RgbImage image)
    {
        var (w, h) = ResizedSize(image.Width, image.Height, Size);
        var resized = PilResample.ResizeBicubic(image, w, h);
        // torchvision center_crop: int(round((h - n) / 2.0)) with Python's half-to-even round.
        int left = (int)Math.Round((w - Size) / 2.0, MidpointRounding.ToEven);
        int top = (int)Math.Round((h - Size) / 2.0, MidpointRounding.ToEven);
        if (left == 0 && top == 0 && w == Size && h == Size) return resized;
        var crop = new byte[Size * Size * 3];
        for (int y = 0; y < Size; y++)
            Array.Copy(resized.Pixels, resized.Offset(left, top + y), crop, y * Size * 3, Size * 3);
        return new RgbImage(Size, Size, crop);
    }

    /// <inheritdoc />
    public string Transform => "resize-short-side-bicubic+center-crop";

    /// <inheritdoc />
    public RgbImage Resize(RgbImage image) => ResizeAndCrop(image);

    /// <summary>CHW float32: <c>(u8 / 255 - mean[c]) / std[c]</c> computed in float32 as torchvision does.</summary>
    public float[] Normalize(RgbImage crop) => NormalizeChw(crop, _mean, _std);

    /// <summary>CHW float32 <c>(u8 / 255 - mean[c]) / std[c]</c> in float32 (torchvision ToTensor + Normalize; equal to HF's rescale).</summary>
    public static float[] NormalizeChw(RgbImage crop, float[] mean, float[] std)
    {
        int plane = crop.Width * crop.Height;
        if (crop.Pixels.Length != plane * 3)
            throw new ArgumentException($"image has {crop.Pixels.Length} bytes, expected {crop.Width}x{crop.Height}x3", nameof(crop));
        var result = new float[plane * 3];
        var p = crop.Pixels;
        for (int c = 0; c < 3; c++)
        {
            float m = mean[c], s = std[c];
            for (int i = 0; i < plane; i++) result[c * plane + i] = ((float)p[i * 3 + c] / 255f - m) / s;
        }
        return result;
    }

    /// <summary><see cref="ResizeAndCrop"/> then <see cref="Normalize"/>: [3, Size, Size] float32.</summary>
    public float[] Preprocess(RgbImage image) => Normalize(ResizeAndCrop(image));
}
