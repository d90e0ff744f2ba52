using SkiaSharp;

namespace SocialFusion.Data.Images;

/// <summary>Encodes <see cref="RgbImage"/> to PNG or JPEG files.</summary>
public static class ImageEncoder
{
    /// <summary>Writes a lossless PNG.</summary>
    public static void SavePng(RgbImage image, string path) => Save(image, path, SKEncodedImageFormat.Png, 100);

    /// <summary>Writes a JPEG with <paramref name="quality"/> 1..100.</summary>
    public static void SaveJpeg(RgbImage image, string path, int quality = 90)
    {
        if (quality is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(quality), quality, "JPEG quality must be 1..100");
        Save(image, path, SKEncodedImageFormat.Jpeg, quality);
    }

    /// <summary>Encodes to bytes in <paramref name="format"/> (PNG, JPEG, WebP).</summary>
    public static byte[] Encode(RgbImage image, SKEncodedImageFormat format, int quality = 90)
    {
        using var bitmap = ToBitmap(image);
        using var data = bitmap.Encode(format, quality)
            ?? throw new InvalidOperationException($"Skia cannot encode {format}");
        return data.ToArray();
    }

    private static void Save(RgbImage image, string path, SKEncodedImageFormat format, int quality) =>
        File.WriteAllBytes(path, Encode(image, format, quality));

    private static SKBitmap ToBitmap(RgbImage image)
    {
        if (image.Pixels.Length != image.Width * image.Height * 3)
            throw new ArgumentException($"image has {image.Pixels.Length} bytes, expected {image.Width}x{image.Height}x3", nameof(image));
        var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rgba = new byte[image.Width * image.Height * 4];
        for (int i = 0, j = 0; i < image.Pixels.Length; i += 3, j += 4)
        {
            rgba[j] = image.Pixels[i]; rgba[j + 1] = image.Pixels[i + 1]; rgba[j + 2] = image.Pixels[i + 2]; rgba[j + 3] = 255;
        }
        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        return bitmap;
    }
}
