using SocialFusion.Data.Images;

namespace SocialFusion.Data.Clip;

/// <summary>
/// Chinese-CLIP's image transform (<c>cn_clip</c> <c>image_transform</c>; Hugging Face ChineseCLIPImageProcessor with
/// the published <c>preprocessor_config.json</c>): resize straight to n x n with Pillow's bicubic (aspect ratio
/// not kept, no crop), then <c>(u8 / 255 - mean) / std</c> channel-first in float32. Bit-identical to PIL at 8 bits.
/// </summary>
public sealed class SquareResizePreprocessor : IClipImagePreprocessor
{
    private readonly float[] _mean, _std;

    /// <summary>Creates the transform for n x n; mean/std default to CLIP's (which Chinese-CLIP uses).</summary>
    public SquareResizePreprocessor(int size = 224, IReadOnlyList<float>? mean = null, IReadOnlyList<float>? std = null)
    {
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), size, "image size must be positive");
        _mean = (mean ?? ClipImagePreprocessor.ClipMean).ToArray();
        _std = (std ?? ClipImagePreprocessor.ClipStd).ToArray();
        if (_mean.Length != 3 || _std.Length != 3) throw new ArgumentException("mean and std need 3 values (RGB)");
        if (_std.Any(s => !(s > 0))) throw new ArgumentException("std values must be positive", nameof(std));
        Size = size;
    }

    /// <inheritdoc />
    public int Size { get; }
    /// <inheritdoc />
    public IReadOnlyList<float> Mean => _mean;
    /// <inheritdoc />
    public IReadOnlyList<float> Std => _std;
    /// <inheritdoc />
    public string Transform => "resize-square-bicubic";

    /// <inheritdoc />
    public RgbImage Resize(RgbImage image) =>
        image.Width == Size && image.Height == Size ? image : PilResample.ResizeBicubic(image, Size, Size);

    /// <inheritdoc />
    public float[] Preprocess(RgbImage image) => ClipImagePreprocessor.NormalizeChw(Resize(image), _mean, _std);
}
