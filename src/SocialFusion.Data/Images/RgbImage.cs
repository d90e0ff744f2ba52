namespace SocialFusion.Data.Images;

/// <summary>An 8-bit RGB image, row-major, interleaved (R, G, B per pixel), no padding.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Pixels">Width * Height * 3 bytes.</param>
public sealed record RgbImage(int Width, int Height, byte[] Pixels)
{
    /// <summary>Byte offset of pixel (x, y).</summary>
    public int Offset(int x, int y) => (y * Width + x) * 3;
}
