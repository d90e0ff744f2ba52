using SkiaSharp;

namespace SocialFusion.Data.Images;

/// <summary>Raised when an image cannot be decoded; the message says which file and why.</summary>
public sealed class ImageDecodeException(string path, string reason) : Exception($"{path}: {reason}")
{
    public string Path { get; } = path;
    public string Reason { get; } = reason;
}

/// <summary>Limits applied while decoding untrusted images.</summary>
/// <param name="MaxPixels">Largest accepted width * height (decompression-bomb guard).</param>
/// <param name="MaxFileBytes">Largest accepted file size.</param>
public sealed record ImageDecodeOptions(long MaxPixels = 40_000_000, long MaxFileBytes = 64L * 1024 * 1024)
{
    public static ImageDecodeOptions Default { get; } = new();
}

/// <summary>Decodes JPEG, PNG, WebP, GIF (first frame) and BMP files to <see cref="RgbImage"/>.</summary>
public static class ImageDecoder
{
    /// <summary>Decodes <paramref name="path"/>; throws <see cref="ImageDecodeException"/> on any problem.</summary>
    public static RgbImage Decode(string path, ImageDecodeOptions? options = null)
    {
        options ??= ImageDecodeOptions.Default;
        if (!File.Exists(path)) throw new ImageDecodeException(path, "file not found");
        using var bitmap = SKBitmap.Decode(path) ?? throw new ImageDecodeException(path, "not a decodable image");
        if ((long)bitmap.Width * bitmap.Height > options.MaxPixels)
            throw new ImageDecodeException(path, $"{bitmap.Width}x{bitmap.Height} exceeds the pixel limit {options.MaxPixels}");
        var rgb = new byte[bitmap.Width * bitmap.Height * 3];
        for (int y = 0, o = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++, o += 3)
            {
                var c = bitmap.GetPixel(x, y);
                rgb[o] = c.Red; rgb[o + 1] = c.Green; rgb[o + 2] = c.Blue;
            }
        return new RgbImage(bitmap.Width, bitmap.Height, rgb);
    }
}
