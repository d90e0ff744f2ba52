using SkiaSharp;

namespace SocialFusion.Data.Images;

/// <summary>
/// Writes images without their metadata. A file's EXIF block can carry the GPS position where a photo was taken,
/// the camera's serial number and the time; none of that may leave the project in a thumbnail, report or export.
/// Copying bytes would keep it, so every image the project writes goes through here: decoded to pixels (turned
/// upright by its EXIF orientation first, so nothing depends on the dropped tag) and encoded anew, which writes no
/// EXIF, XMP or ICC segment at all.
/// </summary>
public static class ImageSanitizer
{
    /// <summary>
    /// Re-encodes <paramref name="input"/> to <paramref name="output"/> (PNG or JPEG by the output's extension) without
    /// metadata; refuses to write over the input.
    /// </summary>
    public static void Reencode(string input, string output, int jpegQuality = 90, ImageDecodeOptions? options = null)
    {
        if (string.Equals(Path.GetFullPath(input), Path.GetFullPath(output), StringComparison.Ordinal))
            throw new ArgumentException($"{output}: refusing to write over the input image");
        var bytes = Reencode(File.ReadAllBytes(input), input, FormatOf(output), jpegQuality, options);
        File.WriteAllBytes(output, bytes);
    }

    /// <summary>The image in <paramref name="data"/> encoded anew in <paramref name="format"/> without metadata.</summary>
    public static byte[] Reencode(byte[] data, string name, SKEncodedImageFormat format, int jpegQuality = 90, ImageDecodeOptions? options = null) =>
        ImageEncoder.Encode(ImageDecoder.DecodeBytes(data, name, options), format, format == SKEncodedImageFormat.Jpeg ? jpegQuality : 100);

    /// <summary>The format written for a file name: .jpg/.jpeg is JPEG, .webp WebP, anything else PNG.</summary>
    public static SKEncodedImageFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => SKEncodedImageFormat.Jpeg,
        ".webp" => SKEncodedImageFormat.Webp,
        _ => SKEncodedImageFormat.Png,
    };
}
